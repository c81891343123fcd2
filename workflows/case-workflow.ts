import {
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import type { CaseCommand, CaseView } from '../contracts/case';
import {
  applyEventUpdate,
  CASE_MEMO_VIEW,
  CASE_MEMO_VIEW_MAX_BYTES,
  CASE_OUT_OF_SCOPE,
  caseRequestQuery,
  caseViewQuery,
  EVENT_NOT_ALLOWED,
  type CaseWorkflowInput,
  type EventScope,
  utf8Bytes,
} from '../contracts/messages';
import { covers } from '../contracts/scope';
import { searchAttributes as sa } from '../contracts/names';
import { CASE_MEMO_FIGURES, CASE_MEMO_WARNINGS, caseEventTypes } from '../contracts/vocabulary';
import { caseFigures } from '../machines/case-figures';
import {
  carry,
  decide,
  isOverdue,
  markDelivered,
  nextDueAt,
  nextWakeAt,
  openCase,
  openWarnings,
  restoreCase,
  stageOf,
  tick,
  toView,
  type Carried,
  type CaseSnapshot,
} from '../machines/case-engine';
import type { Delivery } from '../contracts/webhooks';
import type { CatchUp } from '../machines/case-context';

const { deliverWebhook } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  // No maximum attempts: an escalation is retried until a receiver takes it.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const DEFAULT_UPDATES_PER_RUN = 1000;
export const SETTLED_UPDATES_PATCH = 'settled-updates';
export const STANDING_ALARM_PATCH = 'standing-alarm';
export const FOLDED_CATCH_UP_PATCH = 'folded-catch-up';
/** The newest patch: scripts/record-histories.ts records the histories of this generation under its name. */
export const NEWEST_PATCH = FOLDED_CATCH_UP_PATCH;

/**
 * The case after the command, or an ApplicationFailure saying why not. Time is caught up first: a limit whose
 * due passed while the wake-up was still queued behind this event escalates exactly as a punctual worker's would.
 */
function applyOrRefuse(current: CaseSnapshot, command: CaseCommand, catchUp: CatchUp): CaseSnapshot {
  const snapshot = tick(current, new Date().toISOString(), catchUp);
  // The API validated the event against contracts/case.ts; this only keeps a hand-sent Update (Temporal CLI, UI)
  // from reaching the machine without a type, time or actor. The bundle carries no zod (contracts/vocabulary.ts).
  const known = (caseEventTypes as readonly string[]).includes(command?.type) && !Number.isNaN(Date.parse(command.at));
  if (!known || typeof command.by !== 'string' || !command.by) {
    throw ApplicationFailure.create({ type: 'invalid_request', message: 'malformed event', nonRetryable: true });
  }
  const decision = decide(snapshot, command);
  if (!decision.ok) {
    throw ApplicationFailure.create({
      type: EVENT_NOT_ALLOWED,
      message: decision.refusal.reason,
      details: [decision.refusal],
      nonRetryable: true,
    });
  }
  return decision.snapshot;
}

function refuseOutOfScope(station: string, scope: EventScope): void {
  if (!covers(scope.stations, station)) {
    throw ApplicationFailure.create({ type: CASE_OUT_OF_SCOPE, message: 'the case is outside the sender\'s stations', nonRetryable: true });
  }
}

/**
 * The case's one timer, kept while it rings no later than the next wake-up: an event that moves the next deadline
 * later (most lifecycle events, a suspension, a resumption) then writes no timer commands, and an alarm that rings
 * early costs one task that finds nothing due and arms the next. Only a wake-up earlier than the alarm replaces it.
 */
class Alarm {
  rings = 0;
  private armed: { at: number; scope: CancellationScope } | undefined;

  keepOrArm(wake: string | null | undefined): void {
    if (!wake) return;
    const at = Date.parse(wake);
    if (this.armed && this.armed.at <= at) return;
    this.armed?.scope.cancel();
    const scope = new CancellationScope();
    const armed = { at, scope };
    this.armed = armed;
    scope.run(() => sleep(Math.max(1, at - Date.now()))).then(
      () => {
        if (this.armed === armed) this.armed = undefined;
        this.rings += 1;
      },
      // Cancelled: an earlier alarm took its place.
      () => undefined,
    );
  }
}

/** One case, from report to close. Every decision is the machine's; this function only wires it to Temporal. */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  let snapshot = input.carried ? restoreCase(input.carried as Carried) : openCase(input);
  let changes = 0;
  let updates = 0;
  const inFlight = new Set<string>();
  // Cases started before this patch replay as they ran: an update answered before the case settled, and the memo
  // held no view. From it on, an update answers only once the main loop below has indexed the change and re-armed
  // the timer, so the order of commands in a task no longer depends on how many awaits sit between the handler and
  // its completion (a workflow interceptor, tracing switched on), and the view in the memo is the one answered.
  const settledUpdates = patched(SETTLED_UPDATES_PATCH);
  let settled = 0;
  // Cases started before this patch raised every overdue repeat a late tick found due, up to 50 a task.
  const catchUp: CatchUp = patched(FOLDED_CATCH_UP_PATCH) ? 'fold' : 'each';

  // The validator's outcome, reused by the handler that runs right after it in the same activation (same clock,
  // same snapshot), so an event runs the machine once. On replay validators do not run and the handler computes it.
  let validated: { from: CaseSnapshot; command: string; next: CaseSnapshot } | undefined;

  setHandler(caseViewQuery, () => toView(snapshot));
  setHandler(caseRequestQuery, () => snapshot.context.request);
  setHandler(
    applyEventUpdate,
    async (command) => {
      const reuse = validated?.from === snapshot && validated.command === JSON.stringify(command);
      snapshot = reuse ? validated!.next : applyOrRefuse(snapshot, command, catchUp);
      validated = undefined;
      updates += 1;
      changes += 1;
      if (settledUpdates) {
        const change = changes;
        await condition(() => settled >= change);
      }
      return toView(snapshot);
    },
    {
      // A refusal in the validator is never written to the history.
      validator: (command, scope) => {
        validated = undefined;
        refuseOutOfScope(snapshot.context.station, scope);
        validated = { from: snapshot, command: JSON.stringify(command), next: applyOrRefuse(snapshot, command, catchUp) };
      },
    },
  );

  const deliver = (delivery: Delivery) => {
    inFlight.add(delivery.id);
    deliverWebhook(delivery).then(
      () => {
        inFlight.delete(delivery.id);
        snapshot = markDelivered(snapshot, delivery.id);
        changes += 1;
      },
      // Only cancellation ends an activity that retries forever; the delivery stays in the outbox for the next run.
      () => inFlight.delete(delivery.id),
    );
  };

  let indexed = '';
  let viewed = '';
  /** Search attributes and memo follow the case, each written only when what it holds changed. */
  const index = () => {
    const open = openWarnings(snapshot.context);
    const next = {
      warnings: open,
      stage: stageOf(snapshot),
      station: snapshot.context.station,
      track: snapshot.context.track,
      status: stageOf(snapshot) === 'closed' ? 'closed' : 'open',
      dueAt: nextDueAt(snapshot.context),
      overdue: isOverdue(snapshot.context),
    };
    const memo: Record<string, unknown> = {};
    const key = JSON.stringify(next);
    if (key !== indexed) {
      indexed = key;
      upsertSearchAttributes([
        { key: sa.stage, value: next.stage },
        { key: sa.category, value: snapshot.context.request.category },
        { key: sa.station, value: next.station },
        { key: sa.track, value: next.track },
        { key: sa.status, value: next.status },
        { key: sa.nextDueAt, value: next.dueAt ? new Date(next.dueAt) : null },
        { key: sa.overdue, value: next.overdue },
        { key: sa.warnings, value: [...new Set(open.map((w) => w.rule))] },
      ]);
      // Figures change only with what `key` holds, so they ride on this upsert.
      memo[CASE_MEMO_WARNINGS] = open;
      memo[CASE_MEMO_FIGURES] = caseFigures(snapshot.context, next.stage);
    }
    if (settledUpdates) {
      const view = toView(snapshot);
      const json = JSON.stringify(view);
      if (json !== viewed) {
        viewed = json;
        memo[CASE_MEMO_VIEW] = utf8Bytes(json) <= CASE_MEMO_VIEW_MAX_BYTES ? view : null;
      }
    }
    if (Object.keys(memo).length > 0) upsertMemo(memo);
  };

  // Cases started before this patch re-armed their one timer on every change (a cancel and a start each time).
  const standingAlarm = patched(STANDING_ALARM_PATCH);
  const alarm = new Alarm();

  const maxUpdates = input.continueAsNewAfterUpdates ?? DEFAULT_UPDATES_PER_RUN;
  const tooLong = () => updates >= maxUpdates || workflowInfo().continueAsNewSuggested;

  for (;;) {
    snapshot = tick(snapshot, new Date().toISOString(), catchUp);
    index();
    snapshot.context.outbox.filter((d) => !inFlight.has(d.id)).forEach(deliver);
    settled = changes;
    const closed = stageOf(snapshot) === 'closed';
    if (closed && snapshot.context.outbox.length === 0) {
      await condition(allHandlersFinished);
      return toView(snapshot);
    }
    if (tooLong()) {
      await condition(allHandlersFinished);
      // Deliveries still in flight are carried in the outbox and sent again by the next run under the same id.
      return continueAsNew<typeof caseWorkflow>({ ...input, carried: carry(snapshot) });
    }
    const wake = nextWakeAt(snapshot.context);
    const seen = changes;
    if (standingAlarm) {
      alarm.keepOrArm(wake);
      const rang = alarm.rings;
      await condition(() => changes !== seen || alarm.rings !== rang || tooLong());
    } else {
      const wakeIn = wake ? Math.max(1, Date.parse(wake) - Date.now()) : undefined;
      await condition(() => changes !== seen || tooLong(), wakeIn);
    }
  }
}
