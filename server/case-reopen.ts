import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { CaseCommand, CaseView } from '../contracts/case';
import { applyEventUpdate, CASE_MEMO_VIEW, caseCarriedQuery, type EventScope } from '../contracts/messages';
import type { CaseEventType } from '../contracts/vocabulary';
import { carry, decide, restoreCase, tick, toView, type Carried } from '../machines/case-engine';
import { caseWorkflow } from '../workflows';
import { EventRefusedError } from './errors';

/**
 * Events that may come to a closed case long after its run ended: the procuratorate's filing supervision of a
 * declined report (contract section 12), weeks or months after the reporter's windows closed.
 */
const reopening: ReadonlySet<CaseEventType> = new Set(['REQUEST_FILING_EXPLANATION', 'NOTIFY_TO_FILE']);

export const reopens = (type: CaseEventType): boolean => reopening.has(type);

/**
 * Starts a case whose run has ended again under the same id, with the event applied: one case, one history. The
 * machine decides the event on the state the ended run holds (asked of it, which a worker replays), so an event the
 * case refuses starts nothing and leaves no trace; the new run starts from the state after the event, which its
 * history entry, limits and notices are part of, with the memo and search attributes carried over. The event goes
 * into the start rather than into an Update sent after it, since a run started closed with nothing left to wait for
 * would end before taking it. A second reopening at the same time finds the new run and is sent to it as an Update.
 */
export async function reopenAndApply(client: Client, taskQueue: string, caseId: string, command: CaseCommand, scope: EventScope): Promise<CaseView> {
  const handle = client.workflow.getHandle<typeof caseWorkflow>(caseId);
  const [description, ended] = await Promise.all([handle.describe(), handle.query(caseCarriedQuery) as Promise<Carried>]);
  const decision = decide(tick(restoreCase(ended), new Date().toISOString()), command);
  if (!decision.ok) throw new EventRefusedError(decision.refusal);
  const { request, policy, priorReportsFromPhone } = ended.context;
  const view = toView(decision.snapshot);
  try {
    await client.workflow.start(caseWorkflow, {
      workflowId: caseId,
      taskQueue,
      args: [{ request, policy, priorReportsFromPhone, carried: carry(decision.snapshot) }],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      memo: { ...description.memo, [CASE_MEMO_VIEW]: view },
      typedSearchAttributes: description.typedSearchAttributes,
    });
    return view;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return handle.executeUpdate(applyEventUpdate, { args: [command, scope] });
  }
}
