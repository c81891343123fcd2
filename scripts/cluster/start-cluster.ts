// caseflow on the engine a bureau would run, on this one machine and without Docker: PostgreSQL, a Temporal server on
// it, then caseflow's own processes as a deployment runs them (two workers, two API processes).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/temporal-binaries';
import { freeLoopbackAddress } from '../../observability/runtime';
import { bundleCaseWorkflows } from '../../worker/bundle';
import { ensureDatabase, startPostgres } from './postgres';
import { startService, freeLoopbackPort, waitUntil, type Service } from './service';
import { ensureTemporalServer, TEMPORAL_SERVER_VERSION } from './temporal-build';
import { startTemporalServer } from './temporal-server';

/** The namespace the cluster's processes share, as in docker-compose.yml. */
export const CLUSTER_NAMESPACE = 'caseflow';
export type Cluster = Awaited<ReturnType<typeof startCluster>>;

type Options = {
  clusterDir: string;
  workers?: number;
  apis?: number;
  log?: (line: string) => void;
  /** Settings for caseflow's own processes on top of the caller's environment (a policy, a webhook receiver). */
  env?: Record<string, string>;
};

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

/** The caller's environment minus its own Temporal connection settings: the cluster's processes use this cluster. */
function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
}

export async function startCluster({ clusterDir, workers = 2, apis = 2, log = console.log, env = {} }: Options) {
  const started = Date.now();
  const logDir = path.join(clusterDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const services: Service[] = [];
  // Stops what runs, newest first: API and workers before Temporal, Temporal before its database.
  const stopAll = async () => {
    for (const service of services.reverse()) await service.stop();
    services.length = 0;
  };
  try {
    const build = await ensureTemporalServer(log);
    const bundleFile = path.join(clusterDir, 'workflow-bundle.js');
    const bundled = bundleCaseWorkflows().then((code) => writeFileSync(bundleFile, code));

    let phase = Date.now();
    const postgres = await startPostgres(clusterDir, logDir, log);
    services.push(postgres.service);
    log(`postgresql: ready on 127.0.0.1:${postgres.port} in ${seconds(phase)}`);

    phase = Date.now();
    const schema = spawnSync('sh', [path.join(projectRoot, 'deploy', 'temporal-schema.sh')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        POSTGRES_SEEDS: '127.0.0.1',
        DB_PORT: String(postgres.port),
        POSTGRES_USER: postgres.user,
        POSTGRES_PWD: postgres.password,
        TEMPORAL_SQL_TOOL: build.sqlTool,
        TEMPORAL_SCHEMA_DIR: path.join(build.moduleDir, 'schema', 'postgresql', 'v12'),
      },
    });
    writeFileSync(path.join(logDir, 'schema.log'), schema.stdout + schema.stderr);
    if (schema.status !== 0) throw new Error(`deploy/temporal-schema.sh failed (see ${path.join(logDir, 'schema.log')}):\n${schema.stderr.slice(-2000)}`);
    log(`temporal schemas: up to date in ${seconds(phase)}`);

    phase = Date.now();
    const temporal = await startTemporalServer(build, postgres, clusterDir, logDir);
    services.push(temporal.service);
    log(`temporal server: v${TEMPORAL_SERVER_VERSION} answering on ${temporal.address} in ${seconds(phase)}`);

    // The API processes share one audit trail, in the cluster's PostgreSQL.
    const auditUrl = await ensureDatabase(postgres, 'caseflow_audit');
    const caseflowEnv = { ...baseEnv(), ...env, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: CLUSTER_NAMESPACE, CASEFLOW_DATABASE_URL: auditUrl };
    // As compose does: the one-shot setup of the namespace and search attributes, then caseflow's services.
    phase = Date.now();
    const setup = spawnSync(process.execPath, ['--import', 'tsx', 'deploy/setup-temporal.ts'], { cwd: projectRoot, env: caseflowEnv, encoding: 'utf8' });
    if (setup.status !== 0) throw new Error(`deploy/setup-temporal.ts failed:\n${setup.stdout}${setup.stderr}`);
    for (const line of setup.stdout.trim().split('\n')) log(line);
    log(`caseflow setup: done in ${seconds(phase)}`);

    phase = Date.now();
    await bundled;
    const entry = (name: string, file: string, env: NodeJS.ProcessEnv) =>
      // The entry point as the process itself, not through tsx's CLI, whose forked child would outlive a signal.
      startService(name, process.execPath, ['--import', 'tsx', file], { cwd: projectRoot, env, logFile: path.join(logDir, `${name}.log`) });
    const workerProcs = [];
    for (let i = 1; i <= workers; i++) {
      const metricsAddress = await freeLoopbackAddress();
      const service = entry(`worker-${i}`, 'worker/main.ts', { ...caseflowEnv, CASEFLOW_WORKFLOW_BUNDLE: bundleFile, CASEFLOW_WORKER_METRICS_ADDRESS: metricsAddress });
      services.push(service);
      workerProcs.push({ service, metricsUrl: `http://${metricsAddress}/metrics` });
    }
    const apiProcs = [];
    for (let i = 1; i <= apis; i++) {
      const port = await freeLoopbackPort();
      const service = entry(`api-${i}`, 'server/main.ts', { ...caseflowEnv, HOST: '127.0.0.1', PORT: String(port) });
      services.push(service);
      const url = `http://127.0.0.1:${port}`;
      /** Resolves once /readyz answers 200: after start, and after `service.start()` again (same port). */
      const ready = () => waitUntil(service, `${service.name} to be ready`, async () => (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) })).ok);
      apiProcs.push({ service, url, ready });
    }
    await Promise.all([
      ...workerProcs.map(({ service }) => waitUntil(service, `${service.name} to poll`, () => service.log().includes('caseflow worker polling'))),
      ...apiProcs.map(({ ready }) => ready()),
    ]);
    log(`caseflow: ${workers} workers and ${apis} API processes up in ${seconds(phase)}`);

    return { clusterDir, logDir, startedInMs: Date.now() - started, postgres, temporal, workers: workerProcs, apis: apiProcs, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
