import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { caseEvent, type CaseCommand, type CaseView } from '../contracts/case';
import { applyEventUpdate, caseRequestQuery, caseViewQuery, EVENT_NOT_ALLOWED, type CaseWorkflowInput } from '../contracts/messages';
import { searchAttributes as sa } from '../contracts/names';
import { CASE_MEMO_FIGURES } from '../contracts/stats';
import { CASE_MEMO_WARNINGS } from '../contracts/warnings';
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
import type { Delivery } from '../machines/case-context';

const { deliverWebhook } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  // No maximum attempts: an escalation is retried until a receiver takes it.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const DEFAULT_UPDATES_PER_RUN = 1000;

/**
 * The case after the command, or an ApplicationFailure saying why not. Time is caught up first: a limit whose
 * due passed while the wake-up was still queued behind this event escalates exactly as a punctual worker's would.
 */
function applyOrRefuse(current: CaseSnapshot, command: CaseCommand): CaseSnapshot {
  const snapshot = tick(current, new Date().toISOString());
  const shape = caseEvent.safeParse(command);
  if (!shape.success || typeof command.at !== 'string' || typeof command.by !== 'string') {
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

/** One case, from report to close. Every decision is the machine's; this function only wires it to Temporal. */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  let snapshot = input.carried ? restoreCase(input.carried as Carried) : openCase(input);
  let changes = 0;
  let updates = 0;
  const inFlight = new Set<string>();

  setHandler(caseViewQuery, () => toView(snapshot));
  setHandler(caseRequestQuery, () => snapshot.context.request);
  setHandler(
    applyEventUpdate,
    (command) => {
      snapshot = applyOrRefuse(snapshot, command);
      updates += 1;
      changes += 1;
      return toView(snapshot);
    },
    // A refusal in the validator is never written to the history.
    { validator: (command) => void applyOrRefuse(snapshot, command) },
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
    const key = JSON.stringify(next);
    if (key === indexed) return;
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
    // Figures change only with what `key` holds, so they ride on this upsert without adding commands (replay-safe).
    upsertMemo({ [CASE_MEMO_WARNINGS]: open, [CASE_MEMO_FIGURES]: caseFigures(snapshot.context, next.stage) });
  };

  const maxUpdates = input.continueAsNewAfterUpdates ?? DEFAULT_UPDATES_PER_RUN;
  const tooLong = () => updates >= maxUpdates || workflowInfo().continueAsNewSuggested;

  for (;;) {
    snapshot = tick(snapshot, new Date().toISOString());
    index();
    snapshot.context.outbox.filter((d) => !inFlight.has(d.id)).forEach(deliver);
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
    const wakeIn = wake ? Math.max(1, Date.parse(wake) - Date.now()) : undefined;
    await condition(() => changes !== seen || tooLong(), wakeIn);
  }
}
