import { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type WebhookConfig } from '../activities';
import { createArchiveActivities } from '../activities/archive';
import type { ClosedCaseArchive } from '../audit/closed-cases';
import { createModelActivities } from '../activities/models';
import { createBulkActivities } from '../activities/bulk';
import { createReportActivities } from '../activities/reports';
import { createSweepActivities } from '../activities/sweeps';
import type { Model } from '../contracts/policy';
import type { Tracing } from '../observability/tracing';
import { observedWorkerOptions } from '../observability/worker-options';

export type CaseWorkerOptions = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  webhook: WebhookConfig;
  /** A prebuilt bundle (tests build one per run); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions'>;
  /** The deployment's early-warning models, for the daily models run; a worker without them does not run it. */
  models?: Model[];
  /** OpenTelemetry, when an exporter is configured (observability/tracing.ts). */
  tracing?: Tracing;
  /** The payload encryption (temporal/encryption-codec.ts); the same on every worker and client of the namespace. */
  payloadCodecs?: PayloadCodec[];
  /** Where runs that end closed leave their final view; unset only in tests of other layers (nothing is archived). */
  archive?: ClosedCaseArchive;
};

export function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const dataConverter = options.payloadCodecs ? { payloadCodecs: options.payloadCodecs } : {};
  // One client over the worker's own connection for every activity that reaches cases, with the worker's codec, so
  // none can read an encrypted payload or memo as plain JSON.
  const client = new Client({ connection: options.connection, namespace: options.namespace, dataConverter });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: {
      ...createActivities(options.webhook),
      ...createSweepActivities({ client, webhook: options.webhook }),
      ...(options.models ? createModelActivities({ client, models: options.models }) : {}),
      ...createReportActivities({ client }),
      ...createBulkActivities({ client }),
      ...createArchiveActivities({ client, archive: options.archive }),
    },
    dataConverter,
    ...observedWorkerOptions({ bundled: Boolean(options.workflowBundlePath), tracing: options.tracing }),
    ...options.tuning,
  });
}
