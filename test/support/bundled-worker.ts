// worker/main.ts's twin for fault tests that start workers again and again: the same worker, but from the run's
// prebuilt workflow bundle (CASEFLOW_TEST_WORKFLOW_BUNDLE) instead of a webpack build at every start.
import { NativeConnection } from '@temporalio/worker';
import { loadEncryptionKeys } from '../../config/encryption-keys';
import { readEnv } from '../../config/env';
import { AesGcmCodec } from '../../temporal/encryption-codec';
import { temporalTarget } from '../../config/temporal-connection';
import { createCaseWorker } from '../../worker/create-worker';

async function main() {
  const env = readEnv();
  const target = temporalTarget();
  const connection = await NativeConnection.connect(target.connectionOptions);
  const worker = await createCaseWorker({
    connection,
    namespace: target.namespace,
    taskQueue: env.CASEFLOW_TASK_QUEUE,
    webhook: { url: env.CASEFLOW_WEBHOOK_URL, secret: env.CASEFLOW_WEBHOOK_SECRET },
    workflowBundlePath: process.env.CASEFLOW_TEST_WORKFLOW_BUNDLE,
    payloadCodecs: [new AesGcmCodec(loadEncryptionKeys(env.CASEFLOW_ENCRYPTION_KEYS, env.production, env.CASEFLOW_DATA_DIR))],
  });
  const running = worker.run();
  console.log(`caseflow worker polling task queue ${env.CASEFLOW_TASK_QUEUE}`);
  process.once('SIGTERM', () => worker.shutdown());
  await running;
  await connection.close();
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`worker failed: ${err.stack ?? err.message}`);
    process.exit(1);
  });
}
