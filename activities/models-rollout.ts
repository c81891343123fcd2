import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { decodeOptionalSinglePayload } from '@temporalio/common/lib/internal-non-workflow';
import { CASE_MEMO_MODELS, refreshModelsSignal } from '../contracts/messages';
import { searchAttributes as sa } from '../contracts/names';
import type { Model } from '../contracts/policy';
import { modelSetId } from '../machines/models';
import { deploymentCases, everyExecution } from '../temporal/visibility';

export type RolloutOutcome = { open: number; sent: number; rechecked: number };

/**
 * Brings the deployment's model set to every open case of the task queue that holds another one. With `recheck`
 * (the daily run), a case that already holds it is held against it again at the current time, which is how models
 * that read `now` (a case's age) are seen without an event.
 */
export async function rolloutModels(client: Client, run: { taskQueue: string; models: Model[]; recheck: boolean }): Promise<RolloutOutcome> {
  const current = modelSetId(run.models);
  const outcome: RolloutOutcome = { open: 0, sent: 0, rechecked: 0 };
  const query = `${deploymentCases(run.taskQueue)} AND ${sa.status.name} = 'open' AND ExecutionStatus = 'Running'`;
  for await (const execution of everyExecution(client, query)) {
    outcome.open += 1;
    const payload = execution.memo?.fields?.[CASE_MEMO_MODELS];
    // Through the client's codec: the memo is encrypted like every payload.
    const held = await decodeOptionalSinglePayload<string>(client.options.loadedDataConverter, payload);
    const stale = held !== current;
    if (!stale && !run.recheck) continue;
    try {
      await client.workflow.getHandle(execution.execution!.workflowId!).signal(refreshModelsSignal, stale ? { models: run.models } : {});
      outcome[stale ? 'sent' : 'rechecked'] += 1;
    } catch (err) {
      // Closed since it was listed: nothing to hold against models any more.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return outcome;
}
