import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ModelActivities } from '../activities/models';
import type { RolloutOutcome } from '../activities/models-rollout';

const { rolloutModels } = proxyActivities<ModelActivities>({ startToCloseTimeout: '30 minutes' });

/** The daily models run (a schedule starts it): every open case holds the worker's models and is re-checked now. */
export async function modelsWorkflow(): Promise<RolloutOutcome> {
  return rolloutModels({ taskQueue: workflowInfo().taskQueue, recheck: true });
}
