import type { Client } from '@temporalio/client';
import { caseViewQuery } from '../contracts/messages';
import { searchAttributes as sa } from '../contracts/names';
import { visibilityQuery } from '../server/case-search';
import { caseBody, SUPERVISOR, type BenchApi } from './api';
import { latency, pool, timed, type Latency } from './stats';
import type { WorkerHandle } from './workers';

export type MemoryPoint = { cases: number; cached: number; rssMb: number };

const mb = (bytes: number) => bytes / 2 ** 20;

export async function memoryPoint(worker: WorkerHandle, cases: number): Promise<MemoryPoint> {
  const m = await worker.memory();
  return { cases, cached: m.cached, rssMb: mb(m.rss) };
}

/** Open cases whose first workflow task ran: the API sets every search attribute at start but the next due. */
const armed = async (client: Client) => (await client.workflow.count(`${sa.status.name} = 'open' AND ${sa.nextDueAt.name} IS NOT NULL`)).count;

async function untilArmed(client: Client, expected: number): Promise<void> {
  for (let waited = 0; (await armed(client)) < expected && waited < 600; waited += 1) await new Promise((resolve) => setTimeout(resolve, 1000));
}

/**
 * Reports `ids.length` cases through the API; each stays open holding its register timer (24 h). After every
 * quarter the bench waits until the worker has run each new case's first task (on 2 shared cores it runs them
 * slower than the API takes reports), then reads its memory, so the curve shows whether memory follows the cases
 * or the cache.
 */
export async function openCases(api: BenchApi, client: Client, worker: WorkerHandle, ids: string[], concurrency = 8) {
  const points: MemoryPoint[] = [await memoryPoint(worker, 0)];
  const before = await armed(client);
  const quarter = Math.ceil(ids.length / 4);
  let ms = 0;
  let failed = 0;
  for (let from = 0; from < ids.length; from += quarter) {
    const slice = ids.slice(from, from + quarter);
    ms += await pool(slice.length, concurrency, (i) => api.call('POST', '/cases', caseBody(slice[i]!, from + i)).then(() => undefined, () => void (failed += 1)));
    await untilArmed(client, before + from + slice.length - failed);
    points.push(await memoryPoint(worker, from + slice.length));
  }
  return { points, failed, createdPerSecond: (ids.length - failed) / (ms / 1000) };
}

export type Timed = Latency & { failed: number; firstFailure?: string };

/** One call at a time; a failed one counts with the time it took (the caller waited that long) and is tallied. */
async function oneByOne<T>(items: T[], call: (item: T) => Promise<unknown>): Promise<Timed> {
  const samples: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  for (const item of items) {
    samples.push(
      await timed(() =>
        call(item).catch((err: Error) => {
          failed += 1;
          firstFailure ??= err.message;
        }),
      ),
    );
  }
  return { ...latency(samples), failed, firstFailure };
}

/** GETs, one at a time, as a supervisor. */
export const sequentially = (api: BenchApi, paths: string[]) => oneByOne(paths, (path) => api.call('GET', path, undefined, SUPERVISOR));

/** The case view by Query, one at a time: a worker without the case in its cache fetches and replays the history. */
export const queried = (client: Client, ids: string[]) => oneByOne(ids, (id) => client.workflow.getHandle(id).query(caseViewQuery));

/**
 * The newest page, and a filtered page (station and stage): visibility queries the server answers from SQLite.
 * Beside them the same newest page asked of Temporal directly, which is what the API's figure stands on.
 */
export async function listReads(api: BenchApi, client: Client, taskQueue: string, samples: number) {
  const raw = () => client.workflowService.listWorkflowExecutions({ namespace: client.options.namespace, query: visibilityQuery({ taskQueue, scope: ['*'] }), pageSize: 20 });
  return {
    raw: await oneByOne(Array.from({ length: samples }, () => 0), raw),
    list: await sequentially(api, Array.from({ length: samples }, () => '/cases')),
    listFiltered: await sequentially(api, Array.from({ length: samples }, () => '/cases?station=S02&stage=reported&limit=50')),
  };
}
