import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import type { ReportActivities } from '../activities/reports';
import type { CaseView } from '../contracts/case';
import { applyEventUpdate, caseCarriedQuery, caseRequestQuery, caseViewQuery, rectifyUpdate, refreshModelsSignal, type CaseWorkflowInput } from '../contracts/messages';
import { CaseIndex } from './case-index';
import { generationOfThisRun, wakeOfThisRun } from './case-generation';
import { CaseState } from './case-state';

const { deliverWebhook } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  // No maximum attempts: an escalation is retried until a receiver takes it.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const { countPriorReports } = proxyActivities<ReportActivities>({
  startToCloseTimeout: '30 seconds',
  // No maximum attempts: a throttled or failing visibility store delays the repeat-reporter warning, nothing else.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One case, from report to close. Every decision is the machine's (machines/); this wires it to Temporal: events
 * arrive as Updates, the view leaves by Query and memo, deliveries run as activities, one timer wakes the case.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  const generation = generationOfThisRun();
  const kase = new CaseState(input, generation, deliverWebhook);
  setHandler(caseViewQuery, () => kase.view());
  setHandler(caseRequestQuery, () => kase.request());
  setHandler(caseCarriedQuery, () => kase.carried());
  setHandler(applyEventUpdate, (command) => kase.apply(command), { validator: (command, scope) => kase.validate(command, scope) });
  setHandler(refreshModelsSignal, ({ models }) => kase.refreshModels(models));
  setHandler(rectifyUpdate, (command) => kase.rectify(command), { validator: (command, scope) => kase.validateRectify(command, scope) });
  const wake = wakeOfThisRun();
  const index = new CaseIndex(generation.settledUpdates);
  if (kase.reportsToCount(input)) {
    // Only cancellation (the run ending first) rejects it; the next run counts again.
    void countPriorReports(input.request).then((prior) => kase.reportsCounted(prior), () => undefined);
  }

  for (;;) {
    kase.catchUp();
    index.write(kase.current);
    kase.deliverWaiting();
    kase.settle();
    if (kase.finished) {
      await condition(allHandlersFinished);
      return kase.view();
    }
    if (kase.tooLong()) {
      await condition(allHandlersFinished);
      // Deliveries still in flight are carried in the outbox and sent again by the next run under the same id.
      return continueAsNew<typeof caseWorkflow>(kase.nextRun(input));
    }
    await wake.until(kase.nextWakeAt(), kase.changedFromNow());
  }
}
