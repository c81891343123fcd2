// `npm run bench`: every figure in one run on this machine, against dev servers it starts itself.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/temporal-binaries';
import { startBenchApi } from './api';
import { concurrencySweep } from './concurrency';
import { machineBench } from './machine';
import { listReads, memoryPoint, openCases, queried, sequentially } from './open-cases';
import { readBenchOptions } from './options';
import { describeMachine, renderMarkdown, renderTable, type Results } from './report';
import { now } from './stats';
import { bundles, shutdownAll, startBenchServer, type BenchServer } from './temporal';
import { eventLatency, throughput } from './throughput';
import { startWorkerProcess, type WorkerHandle } from './workers';

const opts = readBenchOptions();
const log = (line: string) => console.log(`[bench ${((now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const started = now();

/** Throughput on one server: a case worker with the SDK's default cache and a floor worker, each in its own process. */
async function lanesOn(server: BenchServer, built: Awaited<ReturnType<typeof bundles>>) {
  const prefix = `B${randomUUID().slice(0, 6)}`;
  const caseQueue = `bench-cases-${prefix}`;
  const floorQueue = `bench-floor-${prefix}`;
  const floor = await startWorkerProcess({ address: server.address, taskQueue: floorQueue, kind: 'floor', bundlePath: built.floorPath });
  const cases = await startWorkerProcess({ address: server.address, taskQueue: caseQueue, kind: 'case', bundlePath: built.casePath });
  const api = await startBenchApi(server.address, caseQueue);
  return { lanes: { api, client: server.client, floorQueue, prefix, pids: { server: server.pid, api: api.pid, cases: cases.pid, floor: floor.pid } }, caseQueue, floor, cases };
}

/**
 * Waits until the worker's cache stops growing: cases whose first task the small-cache worker had not run yet land
 * here, and reads timed during that catch-up would measure it. Resolves with how many it took up.
 */
async function settled(worker: WorkerHandle): Promise<number> {
  let last = -1;
  for (let quiet = 0, waited = 0; quiet < 3 && waited < 180; waited += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { cached } = await worker.memory();
    quiet = cached === last ? quiet + 1 : 0;
    last = cached;
  }
  return last;
}

async function main() {
  const machine = await describeMachine();
  log(`pure machine, ${opts.BENCH_CASES} open cases, ${opts.BENCH_LIFECYCLES}×2 lifecycles at ${opts.BENCH_CONCURRENCY} in flight`);
  const pure = machineBench(opts.BENCH_MACHINE_MS);

  const built = await bundles();
  const server = await startBenchServer(opts.pragmas);
  machine.temporal = (await server.connection.workflowService.getSystemInfo({})).serverVersion ?? 'unknown';
  const { lanes, caseQueue, floor, cases } = await lanesOn(server, built);
  log(`throughput (worker cache ${cases.maxCachedWorkflows})`);
  const tp = await throughput(lanes, opts.BENCH_LIFECYCLES, opts.BENCH_CONCURRENCY);
  log(`event latency, ${opts.BENCH_SAMPLES} samples each`);
  const events = await eventLatency(lanes, opts.BENCH_SAMPLES);
  await cases.stop();
  log('HTTP lifecycles by the case worker\'s workflow-task slots');
  const slots = await concurrencySweep(server, lanes, caseQueue, built.casePath, [null, 2, 4, 8, 16], opts.BENCH_LIFECYCLES, opts.BENCH_CONCURRENCY);

  const ids = Array.from({ length: opts.BENCH_CASES }, (_, i) => `${lanes.prefix}-O-${i}`);
  const small = await startWorkerProcess({ address: server.address, taskQueue: caseQueue, kind: 'case', bundlePath: built.casePath, tuning: { maxCachedWorkflows: opts.BENCH_CACHE } });
  log(`opening ${ids.length} cases (worker cache ${opts.BENCH_CACHE})`);
  const opened = await openCases(lanes.api, server.client, small, ids);
  await small.stop();
  // Tasks for cases still stuck to the stopped worker's sticky queue go to the normal queue after 10 s.
  await new Promise((resolve) => setTimeout(resolve, 12_000));

  // GET /cases/:id reads the memo and needs no worker; the Query pass on a fresh worker (SDK default cache) shows
  // what a read cost before, and fills the cache, which is how the cost of one cached case is measured.
  const reader = await startWorkerProcess({ address: server.address, taskQueue: caseQueue, kind: 'case', bundlePath: built.casePath });
  const sample = [...ids].sort(() => Math.random() - 0.5).slice(0, opts.BENCH_SAMPLES);
  const backlog = await settled(reader);
  log(`reads at ${ids.length} open cases (worker cache ${reader.maxCachedWorkflows}; it took up ${backlog} cases left behind first)`);
  const memo = await sequentially(lanes.api, sample.map((id) => `/cases/${id}`));
  const before = await memoryPoint(reader, ids.length);
  const replayed = await queried(server.client, sample);
  const after = await memoryPoint(reader, ids.length);
  const lists = await listReads(lanes.api, server.client, caseQueue, opts.BENCH_SAMPLES);
  await reader.stop();
  await lanes.api.close();
  await floor.stop();
  await server.shutdown();

  let tuned: Results['tuned'];
  if (opts.BENCH_COMPARE_PRAGMAS === '1') {
    log('throughput again on a server with SQLite defaults (no --sqlite-pragma)');
    const second = await startBenchServer([]);
    const again = await lanesOn(second, built);
    // One round: enough to see whether the disk settings move the figure, at half the time.
    tuned = { throughput: await throughput(again.lanes, opts.BENCH_LIFECYCLES, opts.BENCH_CONCURRENCY, 1) };
    await again.cases.stop();
    await again.floor.stop();
    await again.lanes.api.close();
    await second.shutdown();
  }
  built.cleanup();

  machine.loadAfter = (await import('node:os')).loadavg()[0]!;
  const results: Results = {
    opts,
    machine,
    pure,
    throughput: tp,
    defaultCache: cases.maxCachedWorkflows,
    events,
    slots,
    open: { ...opened, cache: opts.BENCH_CACHE },
    reads: { cache: reader.maxCachedWorkflows, backlog, before, after, memo, replayed, ...lists },
    tuned,
    seconds: (now() - started) / 1000,
  };
  console.log(`\n${renderTable(results)}`);
  const out = path.resolve(projectRoot, opts.BENCH_OUT);
  writeFileSync(out, renderMarkdown(results));
  log(`wrote ${out}`);
}

const stop = (code: number) => void shutdownAll().then(() => process.exit(code));
process.once('SIGINT', () => stop(130)).once('SIGTERM', () => stop(143));
main().catch((err: Error) => {
  console.error(`bench failed: ${err.stack ?? err.message}`);
  stop(1);
});
