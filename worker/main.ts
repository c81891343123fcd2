import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { readEnv, type Env } from '../config/env';
import { temporalTarget, type TemporalTarget } from '../config/temporal-connection';
import { createCaseWorker } from './create-worker';

/** The worker alone: hosts every case workflow and delivers its webhooks. */
export async function startWorker(env: Env, target: TemporalTarget) {
  const connection = await NativeConnection.connect(target.connectionOptions);
  const worker = await createCaseWorker({
    connection,
    namespace: target.namespace,
    taskQueue: env.CASEFLOW_TASK_QUEUE,
    webhook: { url: env.CASEFLOW_WEBHOOK_URL, secret: env.CASEFLOW_WEBHOOK_SECRET },
  });
  const running = worker.run();
  return {
    running,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

if (require.main === module) {
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const env = readEnv();
  startWorker(env, temporalTarget())
    .then((w) => {
      console.log(`caseflow worker polling task queue ${env.CASEFLOW_TASK_QUEUE}`);
      const stop = () => void w.close().then(() => process.exit(0));
      process.once('SIGINT', stop).once('SIGTERM', stop);
    })
    .catch((err: Error) => {
      console.error(`caseflow worker failed to start: ${err.message}`);
      process.exit(1);
    });
}
