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
import { openClosedCaseArchive, type ClosedCaseArchive } from '../audit/closed-cases';
import { ensureSearchAttributes } from '../config/search-attributes';
import { createLogger } from '../observability/logger';
import { installRuntime } from '../observability/runtime';
import { startTracing } from '../observability/tracing';

/**
 * A worker process of its own archives closed cases to the PostgreSQL at CASEFLOW_DATABASE_URL, the API's: an embedded
 * database is one process's, so without one it cannot share the API's. In production that stops start-up; in
 * development the worker runs without archiving, and a closed case reads from Temporal alone, until its retention.
 */
async function ownArchive(env: Env) {
  if (env.CASEFLOW_DATABASE_URL) return openClosedCaseArchive({ url: env.CASEFLOW_DATABASE_URL, dataDir: env.CASEFLOW_DATA_DIR });
  const why = 'a worker process of its own archives closed cases to the API\'s PostgreSQL, and CASEFLOW_DATABASE_URL is not set';
  if (env.production) throw new Error(why);
  console.warn(`caseflow worker: closed cases are not archived (${why}); they stay readable until Temporal's retention removes them`);
  return undefined;
}

/**
 * The worker alone: hosts every case workflow, delivers its webhooks and archives closed cases, to `archive` when the
 * process shares one with its API (`npm start`), else to the database the environment names.
 */
export async function startWorker(env: Env, target: TemporalTarget, policy: Policy, archive?: ClosedCaseArchive) {
  const own = archive ? undefined : await ownArchive(env);
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
    archive: archive ?? own?.archive,
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
      await own?.close();
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
