import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { readEnv, type Env } from '../config/env';
import { loadEncryptionKeys } from '../config/encryption-keys';
import { loadPolicy } from '../config/policy';
import { AesGcmCodec } from '../temporal/encryption-codec';
import { ensureModelsSchedule, ensureSweepSchedules } from '../config/schedules';
import { rolloutModels } from '../activities/models-rollout';
import { modelSetId } from '../machines/models';
import { temporalTarget, type TemporalTarget } from '../config/temporal-connection';
import type { Policy } from '../contracts/policy';
import { createCaseWorker } from './create-worker';
import { ensureSearchAttributes } from '../config/search-attributes';
import { createLogger } from '../observability/logger';
import { installRuntime } from '../observability/runtime';
import { startTracing } from '../observability/tracing';

/** The worker alone: hosts every case workflow and delivers its webhooks. */
export async function startWorker(env: Env, target: TemporalTarget, policy: Policy) {
  const connection = await NativeConnection.connect(target.connectionOptions);
  await ensureSearchAttributes(connection, target.namespace);
  const tracing = startTracing(env);
  const payloadCodecs = [new AesGcmCodec(loadEncryptionKeys(env.CASEFLOW_ENCRYPTION_KEYS, env.production, env.CASEFLOW_DATA_DIR))];
  const worker = await createCaseWorker({
    connection,
    namespace: target.namespace,
    taskQueue: env.CASEFLOW_TASK_QUEUE,
    webhook: { url: env.CASEFLOW_WEBHOOK_URL, secret: env.CASEFLOW_WEBHOOK_SECRET },
    workflowBundlePath: env.CASEFLOW_WORKFLOW_BUNDLE,
    tuning: env.workerTuning,
    models: policy.models,
    tracing,
    payloadCodecs,
  });
  // The worker runs the sweeps, so it sees to their schedules; every worker does, and all but the first change nothing.
  const schedules = new Client({ connection, namespace: target.namespace, dataConverter: { payloadCodecs } });
  await ensureSweepSchedules(schedules, env.CASEFLOW_TASK_QUEUE, policy);
  await ensureModelsSchedule(schedules, env.CASEFLOW_TASK_QUEUE, policy);
  const running = worker.run();
  // A worker started with a changed model set brings it to every open case at once; the daily run catches the rest.
  rolloutModels(schedules, { taskQueue: env.CASEFLOW_TASK_QUEUE, models: policy.models, recheck: false }).then(
    (o) => console.log(`caseflow worker: models ${modelSetId(policy.models)} held by ${o.open} open cases (${o.sent} brought up to date)`),
    (err: Error) => console.error(`caseflow worker: models rollout failed, the daily run will retry: ${err.message}`),
  );
  return {
    running,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await tracing?.shutdown();
    },
  };
}

if (require.main === module) {
  const env = readEnv();
  installRuntime({ logger: createLogger({ level: env.logLevel }), metricsAddress: env.CASEFLOW_WORKER_METRICS_ADDRESS });
  Promise.resolve()
    .then(() => startWorker(env, temporalTarget(), loadPolicy(env.CASEFLOW_POLICY)))
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
