import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type WebhookConfig } from '../activities';

export type CaseWorkerOptions = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  webhook: WebhookConfig;
  /** A prebuilt bundle (tests build one per run); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions'>;
};

export function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities(options.webhook),
    ...options.tuning,
  });
}
