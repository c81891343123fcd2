import { createEmptyActor, getNextTransitions, type AnyActorScope, type SnapshotFrom } from 'xstate';
import type { CaseCommand, CaseView, EventRefusal, Stage } from '../contracts/case';
import { caseEventTypes, type CaseEventType } from '../contracts/vocabulary';
import type { CaseContext, CaseInput, CatchUp, MachineEvent } from './case-context';
import { caseMachine } from './case-machine';
import { isSupervision, supervisionOffered } from './filing-supervision';
import { remediesOffered, statedOf } from './remedies';
import { closedLimitEvents, closedRefusal, limitRunsOnClosed, refusal } from './rules';
import { earliest, nextWakeAt as wakeOf } from './deadlines';
import { escalateRectifications, nextRectificationWakeAt } from './rectification-escalation';
import type { Model } from '../contracts/policy';
import type { ModelFailure } from './models';
import type { RectifyCommand, RectifyRefusal } from '../contracts/rectifications';
import { reconcileRectifications, rectify, type Rectified } from './rectifications';
import { reconcileWarnings } from './warning-rules';
import { isProvisional } from './calendar-cover';
import { isWholeDays } from './legal-clock';

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;
export type Carried = { value: CaseSnapshot['value']; context: CaseContext };
export type Decision = { ok: true; snapshot: CaseSnapshot } | { ok: false; refusal: EventRefusal };

const utc = (iso: string) => new Date(Date.parse(iso)).toISOString();

/**
 * xstate's pure `transition()` and `initialTransition()` build a throwaway actor on every call, and that actor runs
 * the machine's initial state without input (whose TypeError, stack trace and all, was a quarter of a transition's
 * CPU). The case machine spawns, invokes, sends and emits nothing, so one inert scope serves every step.
 */
const inert = createEmptyActor();
const scope: AnyActorScope = {
  self: inert,
  id: '',
  sessionId: '',
  system: inert.system,
  logger: () => undefined,
  defer: () => undefined,
  emit: () => undefined,
  stopChild: () => undefined,
  actionExecutor: () => undefined,
};

const step = (snapshot: CaseSnapshot, event: MachineEvent) => checked(caseMachine.transition(snapshot, event, scope));

function checked(snapshot: CaseSnapshot): CaseSnapshot {
  // An action that throws does not surface on its own: the snapshot just turns to status 'error'.
  if (snapshot.status === 'error') throw new Error(`case machine failed: ${String(snapshot.error)}`);
  return snapshot;
}

/**
 * The machine's step, then the early-warning rules over the state it left. `record` adds what the step itself
 * cannot know (the stage it ended in); both go into one rebuilt snapshot, and none is rebuilt when nothing changed.
 */
function settled(snapshot: CaseSnapshot, at: string, record?: (context: CaseContext) => CaseContext): CaseSnapshot {
  const context = record ? record(snapshot.context) : snapshot.context;
  const { warnings, failures } = reconcileWarnings(context, stageOf(snapshot), at);
  const rectified = reconcileRectifications(context, context.warnings, warnings, at);
  const unchanged = context === snapshot.context && warnings === context.warnings;
  const next = unchanged ? snapshot : restoreCase({ value: snapshot.value, context: withRectified({ ...context, warnings }, rectified) });
  if (failures.length) failed.set(next, failures);
  else failed.delete(next);
  return next;
}

/** The context with a rectification step taken; itself when the step changed nothing. */
function withRectified(context: CaseContext, { rectifications, deliveries }: Rectified): CaseContext {
  if (rectifications === context.rectifications || (!context.rectifications && !rectifications.length)) return context;
  return { ...context, rectifications, outbox: [...context.outbox, ...deliveries] };
}

export type RectifyDecision = { ok: true; snapshot: CaseSnapshot } | { ok: false; refusal: RectifyRefusal } | null;

/** A step on one of the case's rectifications, or why not; null when the case has no such rectification. */
export function applyRectification(snapshot: CaseSnapshot, received: RectifyCommand): RectifyDecision {
  const command = { ...received, at: utc(received.at) };
  const result = rectify(snapshot.context, command);
  if (!result?.ok) return result;
  return { ok: true, snapshot: restoreCase({ value: snapshot.value, context: withRectified(snapshot.context, result.rectified) }) };
}

const failed = new WeakMap<CaseSnapshot, ModelFailure[]>();

/**
 * The models that failed in the step that made `snapshot`, handed out once: the workflow counts and logs them, and
 * a step that ran no models (a tick before the next wake-up) leaves nothing to hand out again.
 */
export function takeModelFailures(snapshot: CaseSnapshot): ModelFailure[] {
  const failures = failed.get(snapshot) ?? [];
  failed.delete(snapshot);
  return failures;
}

export function openCase(input: CaseInput): CaseSnapshot {
  const opened = checked(caseMachine.getInitialSnapshot(scope, input));
  return settled(opened, opened.context.lastEventAt);
}

export function carry(snapshot: CaseSnapshot): Carried {
  return { value: snapshot.value, context: snapshot.context };
}

export function restoreCase(carried: Carried): CaseSnapshot {
  return checked(caseMachine.resolveState({ value: carried.value, context: carried.context }));
}

export function stageOf(snapshot: CaseSnapshot): Stage {
  const value = snapshot.value;
  return (typeof value === 'string' ? value : value.open) as Stage;
}

const transitionsOut = (snapshot: CaseSnapshot) => new Set<string>(getNextTransitions(snapshot).map((t) => t.eventType));

/**
 * Event types with a transition out of the current stage, before any guard looks at the event itself. A closed case
 * offers only the remedy its reporter may still ask for (at `at`, when given): none once filed, or once its remedies
 * are used or their window passed, and while a limit still runs on it, that limit's EXTEND and ACK_ESCALATION.
 * Filing supervision is offered where the case gives the procuratorate ground.
 */
export function allowedEvents(snapshot: CaseSnapshot, at?: string): CaseEventType[] {
  const own = transitionsOut(snapshot);
  const closed = stageOf(snapshot) === 'closed';
  const remedies = closed ? remediesOffered(snapshot.context, at) : [];
  const onLimit = closed && limitRunsOnClosed(snapshot.context) ? closedLimitEvents : [];
  const supervision = supervisionOffered(snapshot.context);
  return caseEventTypes.filter((t) => own.has(t) && (isSupervision(t) ? supervision.includes(t) : !closed || remedies.includes(t) || onLimit.includes(t)));
}

/**
 * Applies a command, or says why not; a refusal leaves the snapshot as it was. The machine's guards alone decide
 * (the `permitted` guard asks rules.ts); only a command they refused is then explained, by the same rules.
 */
export function decide(snapshot: CaseSnapshot, received: CaseCommand): Decision {
  const command = { ...received, at: utc(received.at) };
  const next = step(snapshot, command);
  const from = stageOf(snapshot);
  if (next === snapshot) {
    const allowed = allowedEvents(snapshot, command.at);
    // A remedy a closed case no longer offers is still explained by its rule (filed, administrative, window passed).
    const reason = transitionsOut(snapshot).has(command.type)
      ? (from === 'closed' ? closedRefusal(snapshot.context, command) : null) ?? refusal(snapshot.context, command)
      : `${command.type} is not allowed in stage ${from}`;
    if (reason === null) throw new Error(`case machine refused ${command.type} in stage ${from}, which its rules allow`);
    return { ok: false, refusal: { stage: from, allowed, reason } };
  }
  const entry = { type: command.type, at: command.at, by: command.by, ...(command.via ? { via: command.via } : {}), from, to: stageOf(next), ...statedOf(command) };
  const record = (context: CaseContext): CaseContext => ({ ...context, lastEventAt: command.at, history: [...context.history, entry] });
  return { ok: true, snapshot: settled(next, command.at, record) };
}

const wakes = new WeakMap<CaseContext, string | null>();
const wakesWithRectifications = new WeakMap<CaseContext, string | null>();

/**
 * The earliest instant at which some running limit, or (`rectifications`: the generation whose open rectifications
 * escalate) some open rectification, needs the machine again. A workflow task asks it of the same context up to
 * three times (the tick before an event, the tick after it, the alarm); contexts are never changed in place, so it
 * is worked out once per context.
 */
export function nextWakeAt(context: CaseContext, rectifications = true): string | null {
  const cache = rectifications ? wakesWithRectifications : wakes;
  let wake = cache.get(context);
  if (wake === undefined) {
    wake = rectifications ? earliest([wakeOf(context), nextRectificationWakeAt(context)]) : wakeOf(context);
    cache.set(context, wake);
  }
  return wake;
}

/**
 * The case with time caught up to `at`: the limits escalate, and the open rectifications too unless the case's
 * generation predates that. Before the next wake-up nothing falls due, and warnings follow only from what falls
 * due, so the machine is not run then (test/machines/tick.test.ts holds it to that).
 */
export function tick(snapshot: CaseSnapshot, at: string, catchUp: CatchUp = 'fold', rectifications = true): CaseSnapshot {
  const wake = nextWakeAt(snapshot.context, rectifications);
  if (wake === null || Date.parse(at) < Date.parse(wake)) return snapshot;
  const record = rectifications ? (context: CaseContext) => escalateRectifications(context, utc(at)) : undefined;
  return settled(step(snapshot, { type: 'TICK', at: utc(at), catchUp }), utc(at), record);
}

/**
 * The case held against `models` from `at` on, or against its own models again when none are given. Only the
 * models change: the limits stay those the case started under. Warnings of models no longer in the set close.
 */
export function refreshModels(snapshot: CaseSnapshot, models: Model[] | undefined, at: string): CaseSnapshot {
  if (stageOf(snapshot) === 'closed') return snapshot;
  const context = snapshot.context;
  const moved = models ? restoreCase({ value: snapshot.value, context: { ...context, policy: { ...context.policy, models } } }) : snapshot;
  return settled(moved, utc(at));
}

export function markDelivered(snapshot: CaseSnapshot, id: string): CaseSnapshot {
  return step(snapshot, { type: 'DELIVERED', id });
}

/** The case with the phone's earlier reports counted: the repeat-reporter warning opens (or not) on it. */
export function reportsCounted(snapshot: CaseSnapshot, prior: number, at: string): CaseSnapshot {
  return settled(step(snapshot, { type: 'REPORTS_COUNTED', prior, at: utc(at) }), utc(at));
}

/** The case with a year's calendar added: its running whole-day limits counted again under it. */
export function addCalendar(snapshot: CaseSnapshot, calendar: { holidays: string[]; workdays: string[] }, at: string): CaseSnapshot {
  return settled(step(snapshot, { type: 'CALENDAR_ADDED', ...calendar, at: utc(at) }), utc(at));
}

export function toView(snapshot: CaseSnapshot): CaseView {
  const c = snapshot.context;
  const stage = stageOf(snapshot);
  return {
    caseId: c.request.caseId,
    category: c.request.category,
    station: c.station,
    unitType: c.unitType,
    orgs: c.orgs ?? [],
    agency: c.agency ?? 'police',
    arrest: c.arrest ?? null,
    handoffs: c.handoffs ?? [],
    offense: c.request.offense ?? null,
    custody: c.request.custody || Boolean(c.detained),
    reportedAt: c.request.reportedAt,
    track: c.track,
    stage,
    status: stage === 'closed' ? 'closed' : 'open',
    outcome: c.outcome,
    suspended: c.suspended,
    deadlines: c.deadlines.map((d) => ({
      limit: d.limit, startedAt: d.startedAt, dueAt: d.dueAt, status: d.status, extensions: d.extensions, metAt: d.metAt,
      ...(isProvisional(c.policy, isWholeDays(d.duration), d.dueAt) ? { provisional: true as const } : {}),
    })),
    escalations: c.escalations,
    warnings: c.warnings,
    history: c.history,
    remedyWindow: c.remedyWindow ?? null,
    ...(c.rectifications ? { rectifications: c.rectifications } : {}),
    assignee: c.assignee ?? null,
  };
}

export { nextDueAt, isOverdue } from './deadlines';
export { openWarnings } from './warning-rules';
