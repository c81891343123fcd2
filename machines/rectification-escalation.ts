import type { EscalationView } from '../contracts/case';
import type { RectificationView } from '../contracts/rectifications';
import type { Delivery } from '../contracts/webhooks';
import type { CaseContext } from './case-context';
import { chainOf, earliest, escalateSpan, keptEscalations, spanWakeAt, type EscalationSpan } from './deadlines';

/** Where one rectification's escalations stand since it last opened: a span like a limit's, from then to its due. */
export type RectificationClock = EscalationSpan & { rid: string };

/** The instant its present span began: the opening, or the last reopening (due afresh from then). */
function startOf(r: RectificationView): string {
  return r.history.filter((h) => h.action === 'opened' || h.action === 'reopened').at(-1)?.at ?? r.openedAt;
}

function clockOf(ctx: CaseContext, r: RectificationView): RectificationClock {
  const startedAt = startOf(r);
  const held = ctx.rectificationClocks?.find((c) => c.rid === r.id);
  if (held && held.startedAt === startedAt && held.dueAt === r.dueAt) return held;
  // Opened, or reopened since: its escalations start again from the new due; their numbers go on, so no id repeats.
  return { rid: r.id, startedAt, dueAt: r.dueAt, resumedAt: null, raised: held?.raised ?? 0, warningsRaised: 0, overdueRaised: 0, lastOverdueAt: null };
}

const open = (ctx: CaseContext) => (ctx.rectifications ?? []).filter((r) => r.status === 'open');

/** The next instant an open rectification escalates; null when none is open (an answer stops them). */
export function nextRectificationWakeAt(ctx: CaseContext): string | null {
  return earliest(open(ctx).map((r) => spanWakeAt(ctx, clockOf(ctx, r))));
}

/**
 * The case with its open rectifications escalated to `at`, by the limits' own code (escalateSpan): warnings at the
 * policy's fractions of the span, `overdue` at the due and again every `repeatOverdueEvery`, each a rung higher on
 * the police chain, missed repeats folded into one. Each is a delivery (`kind: "escalation"`, `limit:
 * "rectification"`, numbered under the rectification's id, the rectification in `rectification`) and an entry in
 * the case's escalations. Only cases of the generation that escalates rectifications come here, and it folds.
 * The case itself when nothing fell due.
 */
export function escalateRectifications(ctx: CaseContext, at: string): CaseContext {
  const pending = (ctx.rectifications ?? []).filter((r) => r.status !== 'confirmed');
  const held = ctx.rectificationClocks ?? [];
  const raised: Array<Delivery & { level: 'warning' | 'overdue' }> = [];
  const clocks = pending.map((r) => {
    const clock = clockOf(ctx, r);
    if (r.status !== 'open') return clock;
    const { span, rungs } = escalateSpan(ctx, clock, chainOf(ctx, 'police'), at, 'fold');
    const base = { kind: 'escalation' as const, caseId: r.caseId, station: ctx.station, limit: 'rectification' as const, dueAt: r.dueAt, rectification: r };
    for (const g of rungs) raised.push({ ...base, id: `${r.id}:escalation:${g.n}`, level: g.level, target: g.target, raisedAt: g.raisedAt, missed: g.missed });
    return span.warningsRaised === clock.warningsRaised && !rungs.length ? clock : span;
  });
  if (clocks.length === held.length && clocks.every((c, i) => c === held[i])) return ctx;
  const views: EscalationView[] = raised.map((r) => ({
    id: r.id, limit: r.limit, level: r.level, target: r.target, dueAt: r.dueAt, raisedAt: r.raisedAt,
    acknowledged: false, acknowledgedBy: null, note: null, missed: r.missed,
  }));
  return { ...ctx, rectificationClocks: clocks, escalations: keptEscalations([...ctx.escalations, ...views]), outbox: [...ctx.outbox, ...raised] };
}
