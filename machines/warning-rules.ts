import type { WarningView } from '../contracts/warnings';
import { REPEAT_REPORTER, warningRules, type LimitName, type WarningRule } from '../contracts/vocabulary';
import type { CaseContext, DeadlineState } from './case-context';

/** `since` is when the condition began, so a warning noticed late still says how long the case was wrong. */
type Finding = { rule: WarningRule; limit: LimitName | null; since: string };

const overdue = (d: DeadlineState) => d.status === 'overdue';
const riskSince = (ctx: CaseContext, d: DeadlineState) =>
  d.status === 'met' ? undefined : ctx.escalations.find((e) => e.limit === d.limit && e.level === 'warning' && e.dueAt === d.dueAt)?.raisedAt;

/** What is wrong with the case right now; each rule reads only the case's own data. */
function findings(ctx: CaseContext, stage: string): Finding[] {
  const found: Finding[] = [];
  const open = stage !== 'closed';
  for (const d of ctx.deadlines) {
    const late = (rule: WarningRule): Finding => ({ rule, limit: d.limit, since: d.dueAt });
    const risk = riskSince(ctx, d);
    if (overdue(d)) found.push(late('limit-overdue'));
    else if (risk) found.push({ rule: 'limit-at-risk', limit: d.limit, since: risk });
    if (!overdue(d)) continue;
    if (d.limit === 'notify') found.push(late('reporter-not-notified'));
    if (d.limit === 'file' && ctx.request.category === 'criminal') found.push(late('filing-not-decided'));
    if (d.limit === 'handle' && ctx.track === 'fast') found.push(late('fast-track-overdue'));
    if (d.limit === 'declineNotice') found.push(late('decline-notice-overdue'));
  }
  const transfer = ctx.deadlines.find((d) => d.limit === 'transfer' && d.status !== 'met');
  if (stage === 'awaiting_transfer' && ctx.unitType === 'station' && transfer) {
    found.push({ rule: 'negative-list-at-station', limit: null, since: transfer.startedAt });
  }
  if (open && ctx.priorReportsFromPhone + 1 >= REPEAT_REPORTER.count) {
    found.push({ rule: 'repeat-reporter', limit: null, since: ctx.lastEventAt });
  }
  return found;
}

const key = (w: { rule: WarningRule; limit: LimitName | null }) => `${w.rule}/${w.limit ?? ''}`;

/**
 * Opens warnings that now hold and closes, with the time it took, those the case has put right. Returns the case's
 * own list when nothing changed, so a caller sees that without comparing contents.
 */
export function reconcileWarnings(ctx: CaseContext, stage: string, at: string): WarningView[] {
  const found = findings(ctx, stage);
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
    .map(({ since, ...f }): WarningView => ({ ...f, severity: warningRules[f.rule].severity, openedAt: since, closedAt: null, resolvedInMs: null }));
  return closed || opened.length > 0 ? [...warnings, ...opened] : ctx.warnings;
}

export function openWarnings(ctx: CaseContext): WarningView[] {
  return ctx.warnings.filter((w) => !w.closedAt);
}
