import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type WebhookConfig } from '../activities';
import { createBulkActivities } from '../activities/bulk';
import { createReportActivities } from '../activities/reports';
import { createSweepActivities } from '../activities/sweeps';
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
  /** OpenTelemetry, when an exporter is configured (observability/tracing.ts). */
  tracing?: Tracing;
};

export function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: {
      ...createActivities(options.webhook),
      ...createSweepActivities({ connection: options.connection, namespace: options.namespace, webhook: options.webhook }),
      ...createReportActivities({ connection: options.connection, namespace: options.namespace }),
      ...createBulkActivities({ connection: options.connection, namespace: options.namespace }),
    },
    ...observedWorkerOptions({ bundled: Boolean(options.workflowBundlePath), tracing: options.tracing }),
    ...options.tuning,
  });
}
