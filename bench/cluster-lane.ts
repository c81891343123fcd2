// `npm run bench:cluster`: the same lifecycle load on the dev server (`npm start`'s engine) and on the cluster a
// bureau would run (`npm run cluster`: PostgreSQL, a Temporal server built from source, two workers, two API
// processes), one after the other in one run, charging each process the CPU it spent per lifecycle. CPU time, read
// from /proc, holds on a machine shared with other work; wall time does not, so lifecycles/s is given with the load.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { readEnv } from '../config/env';
import { startCluster } from '../scripts/cluster/start-cluster';
import { caseBody, httpCaller, lifecycle, startBenchApi } from './api';
import { loadAverage, ownCpuMs, treeCpuMs } from './cpu';
import { describeMachine } from './report';
import { pool, round } from './stats';
import { bundles, shutdownAll, startBenchServer } from './temporal';
import { startWorkerProcess } from './workers';

const opts = z.object({
  /** Timed lifecycles per engine, after a warm-up of BENCH_CONCURRENCY. */
  BENCH_LIFECYCLES: z.coerce.number().int().positive().default(120),
  BENCH_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /** Seconds each engine is watched idle first: what its processes burn per second with no load (pollers, housekeeping). */
  BENCH_IDLE_S: z.coerce.number().int().positive().default(20),
}).parse(process.env);

type Call = (method: string, path: string, body?: unknown) => Promise<string>;
/** Each process group a lane charges: its name and the root pids whose process trees it sums. */
type Groups = Record<string, Array<number | undefined>>;

export type LaneResult = {
  engine: string;
  lifecycles: number;
  failed: number;
  perSecond: number;
  /**
   * CPU ms per lifecycle by process group (the load generator is this process), net of what the group burns idle
   * over the same wall time: on a loaded machine the lifecycles take longer, and the idle burn would be charged to them.
   */
  cpu: Record<string, number | undefined>;
  /** CPU ms per lifecycle as read, idle burn included. */
  gross: number;
  /** CPU ms per second all the engine's processes burn with no load. */
  idlePerSecond: number;
  loadBefore: number;
  loadAfter: number;
};

const cpuOf = (groups: Groups) =>
  Object.fromEntries(Object.entries(groups).map(([name, pids]) => {
    const each = pids.map(treeCpuMs);
    return [name, each.some((ms) => ms === undefined) ? undefined : each.reduce((a, b) => a! + b!, 0)];
  }));

/** Whole lifecycles (POST /cases and the five events), spread over the APIs in turn. */
async function lifecycles(apis: Call[], prefix: string, count: number, concurrency: number) {
  let failed = 0;
  const ms = await pool(count, concurrency, async (i) => {
    const call = apis[i % apis.length]!;
    const caseId = `${prefix}-${i}`;
    try {
      await call('POST', '/cases', caseBody(caseId, i));
      for (const event of lifecycle) await call('POST', `/cases/${caseId}/events`, event);
    } catch {
      failed += 1;
    }
  });
  return { ms, failed };
}

const reading = (groups: Groups) => ({ ...cpuOf(groups), 'load generator': ownCpuMs() });
const spent = (before: Record<string, number | undefined>, after: Record<string, number | undefined>) =>
  Object.fromEntries(Object.keys(after).map((name) => {
    const [b, a] = [before[name], after[name]];
    return [name, a === undefined || b === undefined ? undefined : a - b];
  }));

async function lane(engine: string, apis: Call[], groups: Groups): Promise<LaneResult> {
  const prefix = `BC${randomUUID().slice(0, 6)}`;
  await lifecycles(apis, `${prefix}-W`, opts.BENCH_CONCURRENCY, opts.BENCH_CONCURRENCY);
  const idleFrom = reading(groups);
  await new Promise((resolve) => setTimeout(resolve, opts.BENCH_IDLE_S * 1000));
  const idle = spent(idleFrom, reading(groups));
  const loadBefore = loadAverage();
  const before = reading(groups);
  const { ms, failed } = await lifecycles(apis, `${prefix}-T`, opts.BENCH_LIFECYCLES, opts.BENCH_CONCURRENCY);
  const busy = spent(before, reading(groups));
  const loadAfter = loadAverage();
  const n = opts.BENCH_LIFECYCLES;
  const idleShare = ms / (opts.BENCH_IDLE_S * 1000);
  const cpu: LaneResult['cpu'] = {};
  for (const [name, used] of Object.entries(busy)) cpu[name] = used === undefined ? undefined : (used - (idle[name] ?? 0) * idleShare) / n;
  const sum = (r: Record<string, number | undefined>) => Object.values(r).reduce<number>((t, v) => t + (v ?? 0), 0);
  return {
    engine, lifecycles: n, failed, perSecond: (n - failed) / (ms / 1000), cpu,
    gross: sum(busy) / n, idlePerSecond: sum(idle) / opts.BENCH_IDLE_S, loadBefore, loadAfter,
  };
}

async function devServerLane(): Promise<LaneResult> {
  const built = await bundles();
  const server = await startBenchServer(readEnv({}).sqlitePragmas);
  const taskQueue = `bench-cluster-dev-${randomUUID().slice(0, 6)}`;
  const worker = await startWorkerProcess({ address: server.address, taskQueue, kind: 'case', bundlePath: built.casePath });
  const api = await startBenchApi(server.address, taskQueue);
  try {
    return await lane('dev server (1 worker, 1 API)', [api.call], { 'Temporal server': [server.pid], workers: [worker.pid], APIs: [api.pid] });
  } finally {
    await api.close();
    await worker.stop();
    await server.shutdown();
    built.cleanup();
  }
}

async function clusterLane(): Promise<LaneResult> {
  const clusterDir = path.join(readEnv().CASEFLOW_DATA_DIR, 'bench-cluster');
  const cluster = await startCluster({ clusterDir, log: (line) => console.log(`  ${line}`) });
  const callers = cluster.apis.map((a) => httpCaller(a.url));
  try {
    return await lane(`cluster (${cluster.workers.length} workers, ${cluster.apis.length} APIs)`, callers.map((c) => c.call), {
      'Temporal server': [cluster.temporal.service.pid],
      PostgreSQL: [cluster.postgres.service.pid],
      workers: cluster.workers.map((w) => w.service.pid),
      APIs: cluster.apis.map((a) => a.service.pid),
    });
  } finally {
    for (const c of callers) c.destroy();
    await cluster.stop();
  }
}

const fmt = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${round(ms, 1)}`);
const total = (r: LaneResult) => Object.values(r.cpu).reduce<number>((sum, ms) => sum + (ms ?? 0), 0);

/** The rows BENCHMARKS.md's cluster section holds, one per engine. */
export function renderRows(results: LaneResult[]): string {
  const groups = ['Temporal server', 'PostgreSQL', 'workers', 'APIs', 'load generator'];
  const head = `| engine | lifecycles/s | ${groups.map((g) => `${g} ms`).join(' | ')} | total CPU ms per lifecycle | as read, idle burn included | idle burn, CPU ms/s | load average (1 min) | failed |`;
  const rule = `| --- | --- | ${groups.map(() => '---').join(' | ')} | --- | --- | --- | --- | --- |`;
  const rows = results.map((r) =>
    `| ${r.engine} | ${round(r.perSecond, 1)} | ${groups.map((g) => (g in r.cpu ? fmt(r.cpu[g]) : '(in the server)')).join(' | ')} | ${fmt(total(r))} | ${fmt(r.gross)} | ${fmt(r.idlePerSecond)} | ${round(r.loadBefore, 2)} → ${round(r.loadAfter, 2)} | ${r.failed} of ${r.lifecycles} |`);
  return [head, rule, ...rows].join('\n');
}

async function main() {
  const machine = await describeMachine();
  console.log(`bench:cluster: ${opts.BENCH_LIFECYCLES} lifecycles at ${opts.BENCH_CONCURRENCY} in flight on each engine; ${machine.cores} × ${machine.cpu}`);
  const dev = await devServerLane();
  console.log(`dev server done: ${round(dev.perSecond, 1)} lifecycles/s`);
  const cluster = await clusterLane();
  console.log(`\n${machine.date}, BENCH_LIFECYCLES=${opts.BENCH_LIFECYCLES} BENCH_CONCURRENCY=${opts.BENCH_CONCURRENCY} BENCH_IDLE_S=${opts.BENCH_IDLE_S}\n`);
  console.log(renderRows([dev, cluster]));
}

process.once('SIGINT', () => void shutdownAll().then(() => process.exit(130)));
main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench:cluster failed: ${err.stack ?? err.message}`);
    void shutdownAll().then(() => process.exit(1));
  },
);
