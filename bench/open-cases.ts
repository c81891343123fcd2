import { caseBody, SUPERVISOR, type BenchApi } from './api';
import { latency, pool, timed, type Latency } from './stats';
import type { WorkerHandle } from './workers';

export type MemoryPoint = { cases: number; cached: number; rssMb: number };

const mb = (bytes: number) => bytes / 2 ** 20;

export async function memoryPoint(worker: WorkerHandle, cases: number): Promise<MemoryPoint> {
  const m = await worker.memory();
  return { cases, cached: m.cached, rssMb: mb(m.rss) };
}

/**
 * Reports `ids.length` cases through the API; each stays open holding its register timer (24 h). The worker's
 * memory is read after every quarter, so its curve shows whether it follows the cases or the cache.
 */
export async function openCases(api: BenchApi, worker: WorkerHandle, ids: string[], concurrency = 8) {
  const points: MemoryPoint[] = [await memoryPoint(worker, 0)];
  const quarter = Math.ceil(ids.length / 4);
  let ms = 0;
  let failed = 0;
  for (let from = 0; from < ids.length; from += quarter) {
    const slice = ids.slice(from, from + quarter);
    ms += await pool(slice.length, concurrency, (i) => api.call('POST', '/cases', caseBody(slice[i]!, from + i)).then(() => undefined, () => void (failed += 1)));
    points.push(await memoryPoint(worker, from + slice.length));
  }
  return { points, failed, createdPerSecond: (ids.length - failed) / (ms / 1000) };
}

export type Timed = Latency & { failed: number; firstFailure?: string };

/** One request at a time; a failed one counts with the time it took (the caller waited that long) and is tallied. */
export async function sequentially(api: BenchApi, paths: string[]): Promise<Timed> {
  const samples: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  for (const path of paths) {
    samples.push(
      await timed(() =>
        api.call('GET', path, undefined, SUPERVISOR).catch((err: Error) => {
          failed += 1;
          firstFailure ??= err.message;
        }),
      ),
    );
  }
  return { ...latency(samples), failed, firstFailure };
}

/** The newest page, and a filtered page (station and stage): visibility queries the server answers from SQLite. */
export async function listReads(api: BenchApi, samples: number) {
  return {
    list: await sequentially(api, Array.from({ length: samples }, () => '/cases')),
    listFiltered: await sequentially(api, Array.from({ length: samples }, () => '/cases?station=S02&stage=reported&limit=50')),
  };
}
