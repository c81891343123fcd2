import type { LimitName } from '../contracts/policy';
import { REPEAT_REPORTER, warningRules, type WarningRule, type WarningView } from '../contracts/warnings';
import type { CaseContext, DeadlineState } from './case-context';

type Finding = { rule: WarningRule; limit: LimitName | null };

const overdue = (d: DeadlineState) => d.status === 'overdue';
const atRisk = (ctx: CaseContext, d: DeadlineState) =>
  d.status !== 'met' && ctx.escalations.some((e) => e.limit === d.limit && e.level === 'warning' && e.dueAt === d.dueAt);

/** What is wrong with the case right now; each rule reads only the case's own data. */
function findings(ctx: CaseContext, stage: string): Finding[] {
  const found: Finding[] = [];
  const open = stage !== 'closed';
  for (const d of ctx.deadlines) {
    if (overdue(d)) found.push({ rule: 'limit-overdue', limit: d.limit });
    else if (atRisk(ctx, d)) found.push({ rule: 'limit-at-risk', limit: d.limit });
    if (!overdue(d)) continue;
    if (d.limit === 'notify') found.push({ rule: 'reporter-not-notified', limit: d.limit });
    if (d.limit === 'file' && ctx.request.category === 'criminal') found.push({ rule: 'filing-not-decided', limit: d.limit });
    if (d.limit === 'handle' && ctx.track === 'fast') found.push({ rule: 'fast-track-overdue', limit: d.limit });
    if (d.limit === 'declineNotice') found.push({ rule: 'decline-notice-overdue', limit: d.limit });
  }
  if (stage === 'awaiting_transfer' && ctx.unitType === 'station') found.push({ rule: 'negative-list-at-station', limit: null });
  if (open && ctx.priorReportsFromPhone + 1 >= REPEAT_REPORTER.count) found.push({ rule: 'repeat-reporter', limit: null });
  return found;
}

const key = (w: { rule: WarningRule; limit: LimitName | null }) => `${w.rule}/${w.limit ?? ''}`;

/** Opens warnings that now hold and closes, with the time it took, those the case has put right. */
export function reconcileWarnings(ctx: CaseContext, stage: string, at: string): WarningView[] {
  const now = new Set(findings(ctx, stage).map(key));
  const stillOpen = new Set<string>();
  const warnings = ctx.warnings.map((w) => {
    if (w.closedAt) return w;
    if (now.has(key(w))) {
      stillOpen.add(key(w));
      return w;
    }
    return { ...w, closedAt: at, resolvedInMs: Math.max(0, Date.parse(at) - Date.parse(w.openedAt)) };
  });
  const opened = findings(ctx, stage)
    .filter((f) => !stillOpen.has(key(f)))
    .map((f): WarningView => ({ ...f, severity: warningRules[f.rule].severity, openedAt: at, closedAt: null, resolvedInMs: null }));
  return [...warnings, ...opened];
}

export function openWarnings(ctx: CaseContext): WarningView[] {
  return ctx.warnings.filter((w) => !w.closedAt);
}
