import type { Client } from '@temporalio/client';
import type { Model } from '../contracts/policy';
import { rolloutModels } from './models-rollout';

/** The rollout as an activity, with the models of the worker that runs it: the deployment's current policy. */
export function createModelActivities({ client, models }: { client: Client; models: Model[] }) {
  return {
    rolloutModels: (run: { taskQueue: string; recheck: boolean }) => rolloutModels(client, { ...run, models }),
  };
}

export type ModelActivities = ReturnType<typeof createModelActivities>;
