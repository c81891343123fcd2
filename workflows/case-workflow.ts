import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import type { ArchiveActivities } from '../activities/archive';
import type { ReportActivities } from '../activities/reports';
import type { CaseView } from '../contracts/case';
import { addCalendarUpdate, applyEventUpdate, caseCarriedQuery, caseRequestQuery, caseViewQuery, rectifyUpdate, refreshModelsSignal, type CaseWorkflowInput } from '../contracts/messages';
import { archiveEntry, CaseIndex } from './case-index';
import { generationOfThisRun, wakeOfThisRun } from './case-generation';
import { CaseState, refuseMalformedCalendar } from './case-state';

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

const { archiveClosedCase } = proxyActivities<ArchiveActivities>({
  startToCloseTimeout: '30 seconds',
  // No maximum attempts: while the archive's database is down the run waits to end, and the final view is not lost.
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
  setHandler(addCalendarUpdate, (calendar) => kase.addCalendar(calendar), { validator: (calendar) => refuseMalformedCalendar(calendar) });
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
      if (generation.archivesCloses) {
        const unchanged = kase.unchangedFromNow();
        const archived = await archiveClosedCase(archiveEntry(kase.current));
        // An event taken while the view was written (a filing supervision) goes round again, and is archived in turn.
        if (!unchanged()) continue;
        if (archived) index.archived();
      }
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
