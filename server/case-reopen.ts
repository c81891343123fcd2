import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import type { CaseCommand, CaseView } from '../contracts/case';
import { applyEventUpdate, CASE_MEMO_VIEW, caseCarriedQuery, type EventScope } from '../contracts/messages';
import type { CaseEventType } from '../contracts/vocabulary';
import { carry, decide, restoreCase, stageOf, tick, toView, type Carried } from '../machines/case-engine';
import { reporterKey } from '../temporal/repeat-reports';
import { unseal } from '../temporal/sealed-payload';
import { caseWorkflow } from '../workflows';
import { EventRefusedError, isNotFound } from './errors';
import type { ClosedCaseArchive } from '../audit/closed-cases';
import { searchAttributes as sa } from '../contracts/names';

/**
 * The ended run's archived row goes once the new run is started. Should the database be down, the row stays until
 * the new run ends closed and replaces it; meanwhile reads and lists already prefer the running case
 * (server/closed-search.ts), and only a count of closed cases may include it once more.
 */
async function releaseArchived(archive: ClosedCaseArchive | undefined, caseId: string, runId: string): Promise<void> {
  await archive?.release(caseId, runId).catch((err: unknown) => console.error(`caseflow: archived row of reopened case ${caseId} not released: ${(err as Error).message}`));
}

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
export async function reopenAndApply(client: Client, taskQueue: string, caseId: string, command: CaseCommand, scope: EventScope, archive?: ClosedCaseArchive): Promise<CaseView> {
  const handle = client.workflow.getHandle<typeof caseWorkflow>(caseId);
  const { ended, runId, memo, attributes } = await endedRun(client, taskQueue, caseId, archive);
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
      memo: { ...memo, [CASE_MEMO_VIEW]: view },
      typedSearchAttributes: attributes,
    });
    await releaseArchived(archive, caseId, runId);
    return view;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return handle.executeUpdate(applyEventUpdate, { args: [command, scope] });
  }
}

/**
 * The run that ended: asked of Temporal while it keeps it (a worker replays it), with its memo and search attributes;
 * from caseflow's archive once retention removed it, with the attributes only a start sets. The new run is live, not
 * archived, and writes the rest of its memo and attributes on its first task.
 */
async function endedRun(client: Client, taskQueue: string, caseId: string, archive?: ClosedCaseArchive) {
  const handle = client.workflow.getHandle<typeof caseWorkflow>(caseId);
  try {
    const [description, ended] = await Promise.all([handle.describe(), handle.query(caseCarriedQuery) as Promise<Carried>]);
    const attributes = description.typedSearchAttributes.updateCopy([{ key: sa.archived, value: null }]).getAll();
    return { ended, runId: description.runId, memo: description.memo ?? {}, attributes };
  } catch (err) {
    const archived = isNotFound(err) && archive ? await archive.ended(caseId, taskQueue) : undefined;
    if (!archived) throw err;
    const ended = await unseal<Carried>(client.options.loadedDataConverter, archived.state);
    const { request, station, track } = ended.context;
    const key = reporterKey(request);
    const attributes: SearchAttributePair[] = [
      { key: sa.station, value: station },
      { key: sa.category, value: request.category },
      { key: sa.stage, value: stageOf(restoreCase(ended)) },
      { key: sa.status, value: 'closed' },
      { key: sa.track, value: track },
      { key: sa.reportedAt, value: new Date(request.reportedAt) },
      ...(key ? [{ key: sa.reporterKey, value: key }] : []),
    ];
    return { ended, runId: archived.runId, memo: {}, attributes };
  }
}
