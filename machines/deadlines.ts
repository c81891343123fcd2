import { CASE_MAX_ESCALATIONS } from '../contracts/bounds';
import type { EscalationView } from '../contracts/case';
import { handoffDefaults, remedyDefaults, type Agency, type LimitName } from '../contracts/vocabulary';
import type { Delivery } from '../contracts/webhooks';
import type { CaseContext, CatchUp, DeadlineState } from './case-context';
import { warningTarget } from './assignment';
import { countsInCustody, ownerOf } from './handoff';
import { addDuration, computeDue, extendDue, fractionOf, isWholeDays, repeatsUntil, resumeDue, type ClockRules } from './legal-clock';

const ms = (iso: string) => Date.parse(iso);
const running = (d: DeadlineState) => d.status !== 'met';

export function clockRules(ctx: CaseContext): ClockRules {
  return { timezone: ctx.policy.timezone, ...ctx.policy.calendar };
}

// A case keeps the policy it started under; one from before the remedies' limits counts them by the law's defaults.
const defaultDurations: Partial<Record<LimitName, string>> = { ...remedyDefaults.limits, ...handoffDefaults.limits };
const defaultSteps: Partial<Record<LimitName, readonly string[]>> = { ...remedyDefaults.extensions, ...handoffDefaults.extensions };

/** The limit's duration on the case's current track: a `fast` table overrides only what it names. */
export function limitDuration(ctx: CaseContext, limit: LimitName): string {
  const table = ctx.policy.limits[ctx.request.category];
  const ordinary: Partial<Record<LimitName, string>> = table.ordinary;
  const duration = (ctx.track === 'fast' ? table.fast[limit] : undefined) ?? ordinary[limit] ?? defaultDurations[limit];
  if (!duration) throw new Error(`the case's policy has no ${limit} limit`);
  return duration;
}

export function extensionSteps(ctx: CaseContext, limit: LimitName): readonly string[] {
  const steps = ctx.policy.extensions[ctx.request.category][limit] ?? defaultSteps[limit] ?? [];
  // Beyond the first step (to 7 days), the arrest request runs to 30 only for roaming, repeated or gang suspects.
  return limit === 'arrestRequest' && !ctx.detained?.roaming ? steps.slice(0, 1) : steps;
}

/** An agency's escalation chain; a policy from before chains has the police one only. */
export function chainOf(ctx: CaseContext, agency: Agency): readonly string[] {
  const chains = ctx.policy.escalation.chains as CaseContext['policy']['escalation']['chains'] | undefined;
  return chains?.[agency] ?? ctx.policy.escalation.chain;
}

export function nextExtension(ctx: CaseContext, deadline: DeadlineState): string | undefined {
  return extensionSteps(ctx, deadline.limit)[deadline.extensions];
}

export function runningDeadline(ctx: CaseContext, limit: LimitName): DeadlineState | undefined {
  return ctx.deadlines.find((d) => d.limit === limit && running(d));
}

/** Warnings whose instant is already behind `at` are counted as raised: a moved span never warns retroactively. */
function warningsBehind(ctx: CaseContext, d: Pick<DeadlineState, 'startedAt' | 'dueAt'>, at: string): number {
  return ctx.policy.escalation.warnAt.filter((f) => ms(fractionOf(d.startedAt, d.dueAt, f)) <= ms(at)).length;
}

function liveStatus(d: DeadlineState, at: string): DeadlineState['status'] {
  return ms(at) >= ms(d.dueAt) ? 'overdue' : 'pending';
}

export function startDeadline(ctx: CaseContext, limit: LimitName, at: string): DeadlineState {
  const duration = limitDuration(ctx, limit);
  const dueAt = computeDue(at, duration, clockRules(ctx), countsInCustody(ctx, limit));
  return {
    limit,
    duration,
    startedAt: at,
    dueAt,
    status: ctx.suspended ? 'suspended' : 'pending',
    extensions: 0,
    metAt: null,
    suspendedSince: ctx.suspended ? at : null,
    suspendedMs: 0,
    resumedAt: null,
    raised: 0,
    warningsRaised: 0,
    overdueRaised: 0,
    lastOverdueAt: null,
  };
}

export function meetDeadlines(deadlines: DeadlineState[], limits: readonly LimitName[], at: string): DeadlineState[] {
  return deadlines.map((d) =>
    running(d) && limits.includes(d.limit) ? { ...d, status: 'met', metAt: at, suspendedSince: null } : d,
  );
}

export function meetAll(deadlines: DeadlineState[], at: string): DeadlineState[] {
  return meetDeadlines(deadlines, [...new Set(deadlines.map((d) => d.limit))], at);
}

export function suspendDeadlines(deadlines: DeadlineState[], at: string): DeadlineState[] {
  return deadlines.map((d) => (running(d) && d.status !== 'suspended' ? { ...d, status: 'suspended', suspendedSince: at } : d));
}

/**
 * After a due date moves: a limit it cures starts its overdue cadence afresh at the new due; one still overdue keeps
 * its cadence, shifted by the time the clock stood still. Warnings still ahead in the new span are raised again.
 */
function moved(ctx: CaseContext, d: DeadlineState, dueAt: string, at: string, stoppedMs = 0): DeadlineState {
  const cured = ms(dueAt) > ms(at);
  const lastOverdueAt = !cured && d.lastOverdueAt ? new Date(ms(d.lastOverdueAt) + stoppedMs).toISOString() : null;
  const next = { ...d, dueAt, lastOverdueAt };
  return {
    ...next,
    warningsRaised: Math.min(d.warningsRaised, warningsBehind(ctx, next, at)),
    status: d.status === 'suspended' ? 'suspended' : liveStatus(next, at),
  };
}

export function resumeDeadlines(ctx: CaseContext, at: string): DeadlineState[] {
  return ctx.deadlines.map((d) => {
    if (d.status !== 'suspended' || !d.suspendedSince) return d;
    const stoppedMs = ms(at) - ms(d.suspendedSince);
    const dueAt = resumeDue(d.dueAt, stoppedMs, isWholeDays(d.duration), clockRules(ctx), countsInCustody(ctx, d.limit));
    const resumed = { ...d, status: 'pending' as const, suspendedSince: null, suspendedMs: d.suspendedMs + stoppedMs, resumedAt: at };
    // Warnings the suspension hid are still owed: keep the count, they fire at the resume.
    return { ...moved(ctx, resumed, dueAt, at, stoppedMs), warningsRaised: d.warningsRaised };
  });
}

export function extendDeadline(ctx: CaseContext, limit: LimitName, at: string): DeadlineState[] {
  return ctx.deadlines.map((d) => {
    const step = d === runningDeadline(ctx, limit) ? nextExtension(ctx, d) : undefined;
    if (!step) return d;
    const dueAt = extendDue(d.dueAt, step, clockRules(ctx), countsInCustody(ctx, d.limit));
    return moved(ctx, { ...d, extensions: d.extensions + 1 }, dueAt, at);
  });
}

/**
 * Back to the ordinary limit from the same anchor, as if the fast track had never been taken: the time the clock
 * stood still and the extensions already granted still count.
 */
export function recomputeOnTrack(ctx: CaseContext, limit: LimitName, at: string): DeadlineState[] {
  return ctx.deadlines.map((d) => (d === runningDeadline(ctx, limit) ? recomputed(ctx, d, limitDuration(ctx, limit), at) : d));
}

/**
 * Every running whole-day limit counted again from its anchor under the case's calendar as it now stands (a year
 * added): its suspensions and extensions still count, and its escalations follow the due wherever it moved.
 */
export function recomputeOnCalendar(ctx: CaseContext, at: string): DeadlineState[] {
  return ctx.deadlines.map((d) => (running(d) && isWholeDays(d.duration) ? recomputed(ctx, d, d.duration, at) : d));
}

function recomputed(ctx: CaseContext, d: DeadlineState, duration: string, at: string): DeadlineState {
  const rules = clockRules(ctx);
  const custody = countsInCustody(ctx, d.limit);
  let dueAt = computeDue(d.startedAt, duration, rules, custody);
  if (d.suspendedMs > 0) dueAt = resumeDue(dueAt, d.suspendedMs, isWholeDays(duration), rules, custody);
  const steps = extensionSteps(ctx, d.limit);
  for (const step of steps.slice(0, d.extensions)) dueAt = extendDue(dueAt, step, rules, custody);
  return moved(ctx, { ...d, duration, extensions: Math.min(d.extensions, steps.length) }, dueAt, at);
}

/**
 * Where a span's escalations stand: a running limit's, or an open rectification's (limit `rectification`), which
 * escalates like a limit and by this same code.
 */
export type EscalationSpan = Pick<DeadlineState, 'startedAt' | 'dueAt' | 'resumedAt' | 'raised' | 'warningsRaised' | 'overdueRaised' | 'lastOverdueAt'>;

function nextOverdueAt(ctx: CaseContext, d: EscalationSpan): string {
  return d.lastOverdueAt ? addDuration(d.lastOverdueAt, ctx.policy.escalation.repeatOverdueEvery, ctx.policy.timezone) : d.dueAt;
}

function nextWarningAt(ctx: CaseContext, d: EscalationSpan): string | null {
  const f = ctx.policy.escalation.warnAt[d.warningsRaised];
  return f === undefined ? null : fractionOf(d.startedAt, d.dueAt, f);
}

/** The next instant a span escalates: its next warning still before the due, or its next overdue rung. */
export function spanWakeAt(ctx: CaseContext, d: EscalationSpan): string {
  const warn = nextWarningAt(ctx, d);
  return warn && ms(warn) < ms(d.dueAt) ? warn : nextOverdueAt(ctx, d);
}

export const earliest = (times: readonly (string | null)[]): string | null =>
  times.reduce<string | null>((a, b) => (a === null || (b !== null && ms(b) < ms(a)) ? b : a), null);

/** The earliest instant at which some running limit needs the machine again; the workflow arms one timer for it. */
export function nextWakeAt(ctx: CaseContext): string | null {
  return earliest(ctx.deadlines.filter((d) => d.status === 'pending' || d.status === 'overdue').map((d) => spanWakeAt(ctx, d)));
}

export function nextDueAt(ctx: CaseContext): string | null {
  const dues = ctx.deadlines.filter(running).map((d) => d.dueAt);
  return dues.length ? dues.reduce((a, b) => (ms(a) <= ms(b) ? a : b)) : null;
}

export function isOverdue(ctx: CaseContext): boolean {
  return ctx.deadlines.some((d) => d.status === 'overdue');
}

/** Bounds one workflow task after a long outage, for cases that raise every missed rung (`catchUp: 'each'`). */
const MAX_RAISED_PER_TICK = 50;

/** Escalations of a limit: deliveries whose `limit` is one of the case's limits. */
type Raised = { deadlines: DeadlineState[]; raised: Array<Delivery & { limit: LimitName }> };

/** One escalation a span owes: its level, the rung's target, the instant it fell due, and its number in the span. */
export type Rung = { n: number; level: 'warning' | 'overdue'; target: string; raisedAt: string; missed: number };

/**
 * Everything one span owes by `at`: warnings at the policy's fractions, then the overdue escalations: one at the due
 * instant and one per repeat interval, each a rung higher on `chain`. Each escalation carries the instant it fell due
 * (a warning the suspension hid, the resume), so a late worker raises what a punctual one would. Overdue repeats that
 * fell due together (a backdated report, a deployment down for days) are folded into one escalation at the rung the
 * last of them reached, `missed` counting the others: a catch-up over months raises one delivery, not hundreds.
 * Cases of the generations before that raise every rung (`catchUp: 'each'`) while fewer than `room` are raised.
 */
export function escalateSpan<S extends EscalationSpan>(ctx: CaseContext, span: S, chain: readonly string[], at: string, catchUp: CatchUp, room = MAX_RAISED_PER_TICK): { span: S; rungs: Rung[]; overdue: boolean } {
  const { repeatOverdueEvery } = ctx.policy.escalation;
  const rung = (n: number) => chain[Math.min(n, chain.length - 1)]!;
  const rungs: Rung[] = [];
  let next = { ...span };
  for (let warn = nextWarningAt(ctx, next); warn && ms(warn) <= ms(at); warn = nextWarningAt(ctx, next)) {
    if (ms(warn) < ms(next.dueAt)) {
      const raisedAt = next.resumedAt && ms(next.resumedAt) > ms(warn) ? next.resumedAt : warn;
      rungs.push({ n: next.raised, level: 'warning', target: warningTarget(ctx), raisedAt, missed: 0 });
      next = { ...next, raised: next.raised + 1 };
    }
    next = { ...next, warningsRaised: next.warningsRaised + 1 };
  }
  if (catchUp === 'fold') {
    const { count, last } = repeatsUntil(nextOverdueAt(ctx, next), repeatOverdueEvery, at, ctx.policy.timezone);
    if (count === 0 || last === null) return { span: next, rungs, overdue: false };
    const n = next.overdueRaised + count - 1;
    rungs.push({ n: next.raised, level: 'overdue', target: rung(n), raisedAt: last, missed: count - 1 });
    return { span: { ...next, overdueRaised: n + 1, lastOverdueAt: last, raised: next.raised + 1 }, rungs, overdue: true };
  }
  let overdue = false;
  for (let due = nextOverdueAt(ctx, next); ms(due) <= ms(at) && rungs.length < room; due = nextOverdueAt(ctx, next)) {
    const n = next.overdueRaised;
    rungs.push({ n: next.raised, level: 'overdue', target: rung(n), raisedAt: due, missed: 0 });
    next = { ...next, overdueRaised: n + 1, lastOverdueAt: due, raised: next.raised + 1 };
    overdue = true;
  }
  return { span: next, rungs, overdue };
}

/** Every running limit's escalations due by `at` (escalateSpan), each along its owner agency's chain. */
export function escalate(ctx: CaseContext, at: string, catchUp: CatchUp = 'fold'): Raised {
  const raised: Raised['raised'] = [];
  const deadlines = ctx.deadlines.map((d, index) => {
    if (d.status !== 'pending' && d.status !== 'overdue') return d;
    // Before folding, a task raised overdue rungs only while it had raised fewer than MAX_RAISED_PER_TICK in all.
    const room = MAX_RAISED_PER_TICK - raised.length;
    const { span, rungs, overdue } = escalateSpan(ctx, d, chainOf(ctx, ownerOf(d.limit)), at, catchUp, room);
    const base = { kind: 'escalation' as const, caseId: ctx.request.caseId, station: ctx.station, limit: d.limit, dueAt: d.dueAt };
    for (const r of rungs) raised.push({ ...base, id: `${ctx.request.caseId}:${d.limit}.${index}:${r.n}`, level: r.level, target: r.target, raisedAt: r.raisedAt, missed: r.missed });
    return overdue ? { ...span, status: 'overdue' as const } : span;
  });
  return { deadlines, raised };
}

/**
 * The case's escalations after `raised` joined them: the newest CASE_MAX_ESCALATIONS, so a limit overdue for months
 * cannot grow the view without end (their deliveries are unaffected). Generations before folding kept every one.
 */
export function keptEscalations(all: EscalationView[], catchUp: CatchUp = 'fold'): EscalationView[] {
  return catchUp === 'fold' && all.length > CASE_MAX_ESCALATIONS ? all.slice(-CASE_MAX_ESCALATIONS) : all;
}
