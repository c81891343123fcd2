// Container health check of a worker, which has no HTTP port: healthy while Temporal has seen this host's worker
// poll caseflow's task queue recently. A worker that is wedged, or cut off from Temporal, stops polling.
import { hostname } from 'node:os';
import { Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { readEnv } from '../config/env';
import { temporalTarget } from '../config/temporal-connection';

/** An idle worker re-polls about once a minute (the server's long-poll timeout); three missed polls is a failure. */
const STALE_AFTER_MS = 3 * 60_000;

export async function workerIsPolling(host = hostname()): Promise<boolean> {
  const { connectionOptions, namespace } = temporalTarget();
  const connection = await Connection.connect({ ...connectionOptions, tls: connectionOptions.tls ?? undefined, connectTimeout: '5s' });
  try {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: readEnv().CASEFLOW_TASK_QUEUE, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    // The SDK's default worker identity is `<pid>@<hostname>`, and a container's hostname is its own.
    return (pollers ?? []).some((p) => p.identity?.endsWith(`@${host}`) && Date.now() - tsToMs(p.lastAccessTime) < STALE_AFTER_MS);
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  workerIsPolling().then(
    (ok) => {
      if (!ok) console.error(`no worker on ${hostname()} has polled the task queue in the last ${STALE_AFTER_MS / 60_000} minutes`);
      process.exit(ok ? 0 : 1);
    },
    (err: Error) => {
      console.error(`worker health check failed: ${err.message}`);
      process.exit(1);
    },
  );
}
