import type { Severity } from '../contracts/policy';
import type { WarningView } from '../contracts/warnings';
import { REPEAT_REPORTER, warningRules, type LimitName, type WarningRule } from '../contracts/vocabulary';
import type { CaseContext, DeadlineState } from './case-context';
import { evaluateModels, type ModelFailure } from './models';

/** `since` is when the condition began, so a warning noticed late still says how long the case was wrong. */
type Finding = { rule: string; severity: Severity; limit: LimitName | null; since: string };

const overdue = (d: DeadlineState) => d.status === 'overdue';
const riskSince = (ctx: CaseContext, d: DeadlineState) =>
  d.status === 'met' ? undefined : ctx.escalations.find((e) => e.limit === d.limit && e.level === 'warning' && e.dueAt === d.dueAt)?.raisedAt;

/**
 * The v1 rules as code, for cases started before the policy declared models: their histories replay only as these
 * rules ran. Every case started since holds its policy's `models` (machines/models.ts).
 */
function v1Findings(ctx: CaseContext, stage: string): Finding[] {
  const found: Finding[] = [];
  const rule = (id: WarningRule, limit: LimitName | null, since: string): Finding => ({ rule: id, severity: warningRules[id].severity, limit, since });
  const open = stage !== 'closed';
  for (const d of ctx.deadlines) {
    const late = (id: WarningRule): Finding => rule(id, d.limit, d.dueAt);
    const risk = riskSince(ctx, d);
    if (overdue(d)) found.push(late('limit-overdue'));
    else if (risk) found.push(rule('limit-at-risk', d.limit, risk));
    if (!overdue(d)) continue;
    if (d.limit === 'notify') found.push(late('reporter-not-notified'));
    if (d.limit === 'file' && ctx.request.category === 'criminal') found.push(late('filing-not-decided'));
    if (d.limit === 'handle' && ctx.track === 'fast') found.push(late('fast-track-overdue'));
    if (d.limit === 'declineNotice') found.push(late('decline-notice-overdue'));
  }
  const transfer = ctx.deadlines.find((d) => d.limit === 'transfer' && d.status !== 'met');
  if (stage === 'awaiting_transfer' && ctx.unitType === 'station' && transfer) {
    found.push(rule('negative-list-at-station', null, transfer.startedAt));
  }
  if (open && ctx.priorReportsFromPhone + 1 >= REPEAT_REPORTER.count) {
    found.push(rule('repeat-reporter', null, ctx.lastEventAt));
  }
  return found;
}

function findings(ctx: CaseContext, stage: string, at: string): { found: Finding[]; failures: ModelFailure[] } {
  const models = ctx.policy.models as CaseContext['policy']['models'] | undefined;
  if (!models) return { found: v1Findings(ctx, stage), failures: [] };
  const { hits, failures } = evaluateModels(models, ctx, stage, at);
  return { found: hits.map((h) => ({ rule: h.model.id, severity: h.model.severity, limit: h.limit, since: h.since })), failures };
}

const key = (w: { rule: string; limit: LimitName | null }) => `${w.rule}/${w.limit ?? ''}`;

/**
 * Opens warnings that now hold and closes, with the time it took, those the case has put right. Returns the case's
 * own list when nothing changed, so a caller sees that without comparing contents; and the models that failed.
 */
export function reconcileWarnings(ctx: CaseContext, stage: string, at: string): { warnings: WarningView[]; failures: ModelFailure[] } {
  const { found, failures } = findings(ctx, stage, at);
  const now = new Set(found.map(key));
  const stillOpen = new Set<string>();
  let closed = false;
  const warnings = ctx.warnings.map((w) => {
    if (w.closedAt) return w;
    if (now.has(key(w))) {
      stillOpen.add(key(w));
      return w;
    }
    closed = true;
    return { ...w, closedAt: at, resolvedInMs: Math.max(0, Date.parse(at) - Date.parse(w.openedAt)) };
  });
  const opened = found
    .filter((f) => !stillOpen.has(key(f)))
    .map((f): WarningView => ({ rule: f.rule, limit: f.limit, severity: f.severity, openedAt: f.since, closedAt: null, resolvedInMs: null }));
  return { warnings: closed || opened.length > 0 ? [...warnings, ...opened] : ctx.warnings, failures };
}

export function openWarnings(ctx: CaseContext): WarningView[] {
  return ctx.warnings.filter((w) => !w.closedAt);
}
