import { caseBody, SUPERVISOR, type BenchApi } from './api';
import { latency, pool, timed, type Latency } from './stats';
import type { WorkerHandle } from './workers';

export type MemoryPoint = { cases: number; cached: number; rssMb: number; heapMb: number };

const mb = (bytes: number) => bytes / 2 ** 20;

export async function memoryPoint(worker: WorkerHandle, cases: number): Promise<MemoryPoint> {
  const m = await worker.memory();
  return { cases, cached: m.cached, rssMb: mb(m.rss), heapMb: mb(m.heapUsed) };
}

/**
 * Reports `n` cases through the API; each stays open holding its register timer (24 h). The worker's memory
 * is read after every quarter, so its curve shows whether it follows the cases or the cache.
 */
export async function openCases(api: BenchApi, worker: WorkerHandle, ids: string[], concurrency = 32) {
  const points: MemoryPoint[] = [await memoryPoint(worker, 0)];
  const quarter = Math.ceil(ids.length / 4);
  let ms = 0;
  for (let from = 0; from < ids.length; from += quarter) {
    const slice = ids.slice(from, from + quarter);
    ms += await pool(slice.length, concurrency, (i) => api.call('POST', '/cases', caseBody(slice[i]!, from + i)).then(() => undefined));
    points.push(await memoryPoint(worker, from + slice.length));
  }
  return { points, createdPerSecond: ids.length / (ms / 1000) };
}

export type Reads = { get: Latency; list: Latency; listFiltered: Latency };

/** One read at a time: a random open case by id, the newest page, and a filtered page (station and stage). */
export async function reads(api: BenchApi, ids: string[], samples: number): Promise<Reads> {
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  const run = async (path: () => string) => {
    const out: number[] = [];
    for (let i = 0; i < samples; i++) out.push(await timed(() => api.call('GET', path(), undefined, SUPERVISOR)));
    return latency(out);
  };
  return {
    get: await run(() => `/cases/${pick()}`),
    list: await run(() => '/cases'),
    listFiltered: await run(() => `/cases?station=S02&stage=reported&limit=50`),
  };
}

/** Reads every case once (a query each), which loads it into the worker's cache if there is room. */
export async function touchAll(api: BenchApi, ids: string[], concurrency = 16): Promise<number> {
  const ms = await pool(ids.length, concurrency, (i) => api.call('GET', `/cases/${ids[i]}`, undefined, SUPERVISOR).then(() => undefined));
  return ids.length / (ms / 1000);
}
