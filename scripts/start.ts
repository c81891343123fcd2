import { startEmbeddedTemporal, type EmbeddedTemporal } from '../config/embedded-temporal';
import { loadEncryptionKeys } from '../config/encryption-keys';
import { readEnv } from '../config/env';
import { ConfigFileError } from '../config/load-file';
import { loadPolicy } from '../config/policy';
import { temporalTarget } from '../config/temporal-connection';
import { loadTokens } from '../config/tokens';
import { createLogger } from '../observability/logger';
import { freeLoopbackAddress, installRuntime } from '../observability/runtime';
import { startApi } from '../server/main';
import { startWorker } from '../worker/main';
import { AuditStore } from '../audit/store';
import { ClosedCaseArchive } from '../audit/closed-cases';

/** Everything on one machine: an embedded Temporal unless TEMPORAL_ADDRESS names a cluster, the worker, the API. */
async function main() {
  const env = readEnv();
  // Read once, before anything starts: a config error stops start-up with nothing left running.
  const policy = loadPolicy(env.CASEFLOW_POLICY);
  const tokens = loadTokens(env.CASEFLOW_AUTH_FILE, env.production);
  // The worker and the API each load the payload keys; a missing or bad file stops start-up here, before either.
  loadEncryptionKeys(env.CASEFLOW_ENCRYPTION_KEYS, env.production, env.CASEFLOW_DATA_DIR);
  // Worker and API share this process, so the worker's metrics are always on and /metrics serves both.
  const metricsAddress = env.CASEFLOW_WORKER_METRICS_ADDRESS ?? (await freeLoopbackAddress());
  installRuntime({ logger: createLogger({ level: env.logLevel }), metricsAddress });

  let embedded: EmbeddedTemporal | undefined;
  if (!env.TEMPORAL_ADDRESS) {
    embedded = await startEmbeddedTemporal({
      port: env.CASEFLOW_TEMPORAL_PORT,
      uiPort: env.CASEFLOW_TEMPORAL_UI_PORT,
      dataDir: env.CASEFLOW_DATA_DIR,
      namespace: env.TEMPORAL_NAMESPACE,
      sqlitePragmas: env.sqlitePragmas,
      log: (line) => console.log(line),
    });
  }
  const target = temporalTarget(embedded?.address);
  // One database for the API's audit and the worker's archive of closed cases: an embedded PGlite is one process's.
  const audit = await AuditStore.open({ url: env.CASEFLOW_DATABASE_URL, dataDir: env.CASEFLOW_DATA_DIR });
  const worker = await startWorker(env, target, policy, new ClosedCaseArchive(audit.database));
  const api = await startApi(env, target, { policy, tokens, audit });
  console.log(`caseflow is up
  API       ${api.url}
  API docs  ${api.url}/docs
  Metrics   ${api.url}/metrics
  Temporal  ${embedded ? `${embedded.address} (embedded, data in ${env.CASEFLOW_DATA_DIR})` : target.connectionOptions.address}${embedded ? `\n  Temporal UI ${embedded.uiUrl}` : ''}
Ctrl-C stops everything.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('caseflow: stopping');
    await api.close();
    await worker.close();
    await embedded?.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop()).on('SIGTERM', () => void stop());
  await worker.running;
}

main().catch((err: Error) => {
  console.error(err instanceof ConfigFileError ? `caseflow: ${err.message}` : `caseflow failed to start: ${err.stack ?? err.message}`);
  process.exit(1);
});
