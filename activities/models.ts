import { Client, type ConnectionLike } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Model } from '../contracts/policy';
import { rolloutModels } from './models-rollout';

/** The rollout as an activity, with the models of the worker that runs it: the deployment's current policy. */
export function createModelActivities({
  connection,
  namespace,
  models,
  payloadCodecs,
}: {
  connection: ConnectionLike;
  namespace: string;
  models: Model[];
  payloadCodecs?: PayloadCodec[];
}) {
  const client = new Client({ connection, namespace, ...(payloadCodecs ? { dataConverter: { payloadCodecs } } : {}) });
  return {
    rolloutModels: (run: { taskQueue: string; recheck: boolean }) => rolloutModels(client, { ...run, models }),
  };
}

export type ModelActivities = ReturnType<typeof createModelActivities>;
