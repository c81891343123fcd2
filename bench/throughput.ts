import type { Client } from '@temporalio/client';
import { caseBody, lifecycle, type BenchApi } from './api';
import { applyEventUpdate } from '../contracts/messages';
import { bumpUpdate, type floorWorkflow, type FloorWork } from './floor-workflow';
import { cpuMs, ownCpuMs } from './cpu';
import { latency, pool, timed, type Latency } from './stats';

/** The processes whose CPU time a lane is charged: the dev server, the API, each lane's worker (the bench's own is read directly). */
export type BenchPids = { server?: number; api?: number; cases?: number; floor?: number };

export type Lanes = { api: BenchApi; client: Client; floorQueue: string; prefix: string; pids: BenchPids };

/**
 * CPU ms per lifecycle, by process; a process without /proc reads as undefined. The bench process holds the load:
 * the HTTP client in the HTTP lanes, the Temporal client (what the API does for a case) in the floor lanes.
 */
export type CpuPerLifecycle = { server?: number; api?: number; worker?: number; bench: number };

export type CpuTotals = { server?: number; api?: number; worker?: number; bench: number; lifecycles: number };

/** Runs a lane and adds the CPU each process spent on it to `totals`: the server, the API, the lane's own worker, the bench process. */
export async function charged<T>(totals: CpuTotals, pids: BenchPids, worker: number | undefined, lifecycles: number, run: () => Promise<T>): Promise<T> {
  const add = (total: number | undefined, before: number | undefined, after: number | undefined) =>
    before === undefined || after === undefined ? undefined : (total ?? 0) + after - before;
  const before = { server: cpuMs(pids.server), api: cpuMs(pids.api), worker: cpuMs(worker), bench: ownCpuMs() };
  const result = await run();
  totals.server = add(totals.server, before.server, cpuMs(pids.server));
  totals.api = add(totals.api, before.api, cpuMs(pids.api));
  totals.worker = add(totals.worker, before.worker, cpuMs(worker));
  totals.bench += ownCpuMs() - before.bench;
  totals.lifecycles += lifecycles;
  return result;
}

export const perLifecycle = ({ lifecycles, ...t }: CpuTotals): CpuPerLifecycle => ({
  server: t.server === undefined ? undefined : t.server / lifecycles,
  api: t.api === undefined ? undefined : t.api / lifecycles,
  worker: t.worker === undefined ? undefined : t.worker / lifecycles,
  bench: t.bench / lifecycles,
});

export type Failures = { count: number; first?: string };

/**
 * Whole lifecycles through the API: POST /cases, then the five events, one after another per case. A lifecycle
 * that meets an error stops there and is counted as failed, not as done. Each event's time goes to `eventMs`.
 */
export async function httpLifecycles({ api, prefix }: Lanes, round: number, count: number, concurrency: number, failures: Failures, eventMs: number[] = []) {
  let done = 0;
  const ms = await pool(count, concurrency, async (i) => {
    const caseId = `${prefix}-T${round}-${i}`;
    try {
      await api.call('POST', '/cases', caseBody(caseId, i));
      for (const event of lifecycle) eventMs.push(await timed(() => api.call('POST', `/cases/${caseId}/events`, event)));
      done += 1;
    } catch (err) {
      failures.count += 1;
      failures.first ??= (err as Error).message;
    }
  });
  return { ms, done };
}

/**
 * The same Temporal operations straight through the client on the trivial workflow: one start, five Updates;
 * with `work`, each Update also writes what a case writes (search attribute, memo, timer), and the notice activity.
 */
function floorLifecycles({ client, floorQueue, prefix }: Lanes, round: number, count: number, concurrency: number, work?: FloorWork, updateMs: number[] = []): Promise<number> {
  return pool(count, concurrency, async (i) => {
    const handle = await client.workflow.start<typeof floorWorkflow>('floorWorkflow', {
      workflowId: `${prefix}-F${work ? `W${Object.keys(work).length}` : ''}${round}-${i}`,
      taskQueue: floorQueue,
      args: [{ closeAfter: lifecycle.length, work }],
    });
    for (const event of lifecycle) updateMs.push(await timed(() => handle.executeUpdate(bumpUpdate, { args: [{ type: event.type }] })));
  });
}

/** A case's Temporal work on the floor: its writes on every Update, then also the notice activity of REGISTER. */
const caseWrites: FloorWork = { searchAttribute: true, memoChars: 1500, rearmTimer: true };
const caseWork: FloorWork = { ...caseWrites, notice: true };

export type ThroughputLane = { perSecond: number; cpu: CpuPerLifecycle };

/** Each event's time while the lanes ran `concurrency` lifecycles at once: over HTTP, and the floor's Updates. */
export type LoadedLatency = { http: Latency; floor: Latency; floorWithCaseWork: Latency };

/**
 * Lifecycles per second, the lanes in alternating rounds so a slow minute (another process, SQLite checkpoints)
 * falls on all; a small warm-up round first fills the JIT and the connection pools. Each lane is also charged the
 * CPU time the server, its worker and the bench process spent on it, which says where a lifecycle's cost lies.
 */
export async function throughput(lanes: Lanes, count: number, concurrency: number, rounds = 2) {
  const failures: Failures = { count: 0 };
  await httpLifecycles(lanes, 0, concurrency, concurrency, failures);
  await floorLifecycles(lanes, 0, concurrency, concurrency);
  await floorLifecycles(lanes, 0, concurrency, concurrency, caseWork);
  const { pids } = lanes;
  const fresh = (): CpuTotals => ({ bench: 0, lifecycles: 0 });
  const cpu = { http: fresh(), floor: fresh(), floorWithWrites: fresh(), floorWithCaseWork: fresh() };
  const ms = { http: 0, floor: 0, floorWithWrites: 0, floorWithCaseWork: 0 };
  const eventMs = { http: [] as number[], floor: [] as number[], floorWithCaseWork: [] as number[] };
  let httpDone = 0;
  for (let round = 1; round <= rounds; round++) {
    const http = await charged(cpu.http, pids, pids.cases, count, () => httpLifecycles(lanes, round, count, concurrency, failures, eventMs.http));
    ms.http += http.ms;
    httpDone += http.done;
    ms.floor += await charged(cpu.floor, pids, pids.floor, count, () => floorLifecycles(lanes, round, count, concurrency, undefined, eventMs.floor));
    ms.floorWithWrites += await charged(cpu.floorWithWrites, pids, pids.floor, count, () => floorLifecycles(lanes, round, count, concurrency, caseWrites));
    ms.floorWithCaseWork += await charged(cpu.floorWithCaseWork, pids, pids.floor, count, () =>
      floorLifecycles(lanes, round, count, concurrency, caseWork, eventMs.floorWithCaseWork),
    );
  }
  const lane = (key: keyof typeof ms, done = count * rounds): ThroughputLane => ({ perSecond: done / (ms[key] / 1000), cpu: perLifecycle(cpu[key]) });
  return {
    lifecycles: count * rounds,
    concurrency,
    http: lane('http', httpDone),
    floor: lane('floor'),
    floorWithWrites: lane('floorWithWrites'),
    floorWithCaseWork: lane('floorWithCaseWork'),
    loaded: { http: latency(eventMs.http), floor: latency(eventMs.floor), floorWithCaseWork: latency(eventMs.floorWithCaseWork) } satisfies LoadedLatency,
    failures,
  };
}

/** The floor with each piece of a case's Temporal writes added in turn (bench/floor-workflow.ts). */
export const floorSteps: Array<{ label: string; work: FloorWork }> = [
  { label: 'bare Update', work: {} },
  { label: '+ search attribute upsert', work: { searchAttribute: true } },
  { label: '+ 1.5 kB memo', work: { searchAttribute: true, memoChars: 1500 } },
  { label: '+ timer re-armed', work: caseWrites },
];

export type EventLatency = { http: Latency; caseUpdate: Latency; floor: Latency[]; failed: number };

/**
 * One event at a time, interleaved, in blocks of `perRun` on fresh executions: over HTTP (SUSPEND_CLOCK and
 * RESUME_CLOCK, allowed at every open stage), the same Update on a case straight through the Temporal client
 * (what the API adds is the difference), and the floor with each of a case's writes added in turn.
 */
export async function eventLatency({ api, client, floorQueue, prefix }: Lanes, samples: number, perRun = 50): Promise<EventLatency> {
  const http: number[] = [];
  const caseUpdate: number[] = [];
  const floor: number[][] = floorSteps.map(() => []);
  let failed = 0;
  for (let block = 0; http.length < samples; block++) {
    const viaHttp = `${prefix}-L-${block}`;
    const viaClient = `${prefix}-LC-${block}`;
    await api.call('POST', '/cases', caseBody(viaHttp, block));
    await api.call('POST', '/cases', caseBody(viaClient, block));
    const direct = client.workflow.getHandle(viaClient);
    const floors = await Promise.all(
      floorSteps.map((step, i) =>
        client.workflow.start<typeof floorWorkflow>('floorWorkflow', {
          workflowId: `${prefix}-LF${i}-${block}`,
          taskQueue: floorQueue,
          args: [{ closeAfter: perRun, work: step.work }],
        }),
      ),
    );
    for (let j = 0; j < perRun; j++) {
      const event = j % 2 ? { type: 'RESUME_CLOCK' as const } : { type: 'SUSPEND_CLOCK' as const, reason: 'bench' };
      http.push(await timed(() => api.call('POST', `/cases/${viaHttp}/events`, event).catch(() => void (failed += 1))));
      const command = { ...event, at: new Date().toISOString(), by: 'bench' };
      caseUpdate.push(await timed(() => direct.executeUpdate(applyEventUpdate, { args: [command, { stations: ['*'] }] }).catch(() => void (failed += 1))));
      for (const [i, handle] of floors.entries()) floor[i]!.push(await timed(() => handle.executeUpdate(bumpUpdate, { args: [event] })));
    }
  }
  return { http: latency(http), caseUpdate: latency(caseUpdate), floor: floor.map(latency), failed };
}
