import { initialTransition, transition, type SnapshotFrom, type AnyStateNode } from 'xstate';
import type { CaseCommand, CaseView, EventRefusal, Stage } from '../contracts/case';
import { caseEventTypes, type CaseEventType } from '../contracts/vocabulary';
import type { CaseContext, CaseInput, CatchUp } from './case-context';
import { caseMachine } from './case-machine';
import { refusal } from './rules';
import { nextWakeAt } from './deadlines';
import { reconcileWarnings } from './warning-rules';

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;
export type Carried = { value: CaseSnapshot['value']; context: CaseContext };
export type Decision = { ok: true; snapshot: CaseSnapshot } | { ok: false; refusal: EventRefusal };

const utc = (iso: string) => new Date(Date.parse(iso)).toISOString();

function checked(snapshot: CaseSnapshot): CaseSnapshot {
  // An action that throws does not surface on its own: the snapshot just turns to status 'error'.
  if (snapshot.status === 'error') throw new Error(`case machine failed: ${String(snapshot.error)}`);
  return snapshot;
}

/** The machine's step, then the early-warning rules over the state it left. */
function settled(snapshot: CaseSnapshot, at: string): CaseSnapshot {
  const warnings = reconcileWarnings(snapshot.context, stageOf(snapshot), at);
  if (JSON.stringify(warnings) === JSON.stringify(snapshot.context.warnings)) return snapshot;
  return restoreCase({ value: snapshot.value, context: { ...snapshot.context, warnings } });
}

export function openCase(input: CaseInput): CaseSnapshot {
  const opened = checked(initialTransition(caseMachine, input)[0]);
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

function activeLeaf(snapshot: CaseSnapshot): AnyStateNode {
  const stage = stageOf(snapshot);
  return caseMachine.getStateNodeById(stage === 'closed' ? 'case.closed' : `case.open.${stage}`);
}

/** Event types with a transition out of the current stage, before any guard looks at the event itself. */
export function allowedEvents(snapshot: CaseSnapshot): CaseEventType[] {
  const own = new Set<string>();
  for (let node: AnyStateNode | undefined = activeLeaf(snapshot); node; node = node.parent) {
    node.ownEvents.forEach((e) => own.add(e));
  }
  return caseEventTypes.filter((t) => own.has(t));
}

/** Applies a command, or says why not; a refusal leaves the snapshot as it was. */
export function decide(snapshot: CaseSnapshot, received: CaseCommand): Decision {
  const command = { ...received, at: utc(received.at) };
  const from = stageOf(snapshot);
  const allowed = allowedEvents(snapshot);
  const refuse = (reason: string): Decision => ({ ok: false, refusal: { stage: from, allowed, reason } });
  if (!allowed.includes(command.type)) return refuse(`${command.type} is not allowed in stage ${from}`);
  const why = refusal(snapshot.context, command);
  if (why) return refuse(why);
  const next = checked(transition(caseMachine, snapshot, command)[0]);
  const to = stageOf(next);
  const context: CaseContext = {
    ...next.context,
    lastEventAt: command.at,
    history: [...next.context.history, { type: command.type, at: command.at, by: command.by, from, to }],
  };
  return { ok: true, snapshot: settled(restoreCase({ value: next.value, context }), command.at) };
}

/**
 * The case with time caught up to `at`. Before the next wake-up nothing falls due, and warnings follow only from
 * what falls due, so the machine is not run then (test/machine/tick.test.ts holds it to that): a case's tasks run
 * `tick` twice per event, and the machine's transition is most of their CPU.
 */
export function tick(snapshot: CaseSnapshot, at: string, catchUp: CatchUp = 'fold'): CaseSnapshot {
  const wake = nextWakeAt(snapshot.context);
  if (wake === null || Date.parse(at) < Date.parse(wake)) return snapshot;
  return settled(checked(transition(caseMachine, snapshot, { type: 'TICK', at: utc(at), catchUp })[0]), utc(at));
}

export function markDelivered(snapshot: CaseSnapshot, id: string): CaseSnapshot {
  return checked(transition(caseMachine, snapshot, { type: 'DELIVERED', id })[0]);
}

export function toView(snapshot: CaseSnapshot): CaseView {
  const c = snapshot.context;
  const stage = stageOf(snapshot);
  return {
    caseId: c.request.caseId,
    category: c.request.category,
    station: c.station,
    unitType: c.unitType,
    offense: c.request.offense ?? null,
    custody: c.request.custody,
    reportedAt: c.request.reportedAt,
    track: c.track,
    stage,
    status: stage === 'closed' ? 'closed' : 'open',
    outcome: c.outcome,
    suspended: c.suspended,
    deadlines: c.deadlines.map((d) => ({
      limit: d.limit, startedAt: d.startedAt, dueAt: d.dueAt, status: d.status, extensions: d.extensions, metAt: d.metAt,
    })),
    escalations: c.escalations,
    warnings: c.warnings,
    history: c.history,
  };
}

export { nextWakeAt, nextDueAt, isOverdue } from './deadlines';
export { openWarnings } from './warning-rules';
