import type { Client } from '@temporalio/client';
import { caseBody, lifecycle, type BenchApi } from './api';
import { bumpUpdate, type floorWorkflow } from './floor-workflow';
import { latency, pool, timed, type Latency } from './stats';

export type Lanes = { api: BenchApi; client: Client; floorQueue: string; prefix: string };

export type Failures = { count: number; first?: string };

/**
 * Whole lifecycles through the API: POST /cases, then the five events, one after another per case. A lifecycle
 * that meets an error stops there and is counted as failed, not as done.
 */
async function httpLifecycles({ api, prefix }: Lanes, round: number, count: number, concurrency: number, failures: Failures) {
  let done = 0;
  const ms = await pool(count, concurrency, async (i) => {
    const caseId = `${prefix}-T${round}-${i}`;
    try {
      await api.call('POST', '/cases', caseBody(caseId, i));
      for (const event of lifecycle) await api.call('POST', `/cases/${caseId}/events`, event);
      done += 1;
    } catch (err) {
      failures.count += 1;
      failures.first ??= (err as Error).message;
    }
  });
  return { ms, done };
}

/** The same Temporal operations straight through the client on the trivial workflow: one start, five Updates. */
function floorLifecycles({ client, floorQueue, prefix }: Lanes, round: number, count: number, concurrency: number): Promise<number> {
  return pool(count, concurrency, async (i) => {
    const handle = await client.workflow.start<typeof floorWorkflow>('floorWorkflow', {
      workflowId: `${prefix}-F${round}-${i}`,
      taskQueue: floorQueue,
      args: [{ closeAfter: lifecycle.length }],
    });
    for (const event of lifecycle) await handle.executeUpdate(bumpUpdate, { args: [{ type: event.type }] });
  });
}

/**
 * Lifecycles per second, both lanes in alternating rounds so a slow minute (another process, SQLite
 * checkpoints) falls on both; a small warm-up round first fills the JIT and the connection pools.
 */
export async function throughput(lanes: Lanes, count: number, concurrency: number, rounds = 2) {
  const failures: Failures = { count: 0 };
  await httpLifecycles(lanes, 0, concurrency, concurrency, failures);
  await floorLifecycles(lanes, 0, concurrency, concurrency);
  let httpMs = 0;
  let httpDone = 0;
  let floorMs = 0;
  for (let round = 1; round <= rounds; round++) {
    const http = await httpLifecycles(lanes, round, count, concurrency, failures);
    httpMs += http.ms;
    httpDone += http.done;
    floorMs += await floorLifecycles(lanes, round, count, concurrency);
  }
  return { lifecycles: count * rounds, concurrency, http: httpDone / (httpMs / 1000), floor: (count * rounds) / (floorMs / 1000), failures };
}

/**
 * One event at a time: over HTTP (SUSPEND_CLOCK and RESUME_CLOCK, allowed at every open stage) against a bare
 * Update on the trivial workflow, in alternating blocks of `perRun` on fresh executions.
 */
export async function eventLatency({ api, client, floorQueue, prefix }: Lanes, samples: number, perRun = 50): Promise<{ http: Latency; bare: Latency; failed: number }> {
  const http: number[] = [];
  const bare: number[] = [];
  let failed = 0;
  for (let block = 0; http.length < samples; block++) {
    const caseId = `${prefix}-L-${block}`;
    await api.call('POST', '/cases', caseBody(caseId, block));
    const handle = await client.workflow.start<typeof floorWorkflow>('floorWorkflow', {
      workflowId: `${prefix}-LF-${block}`,
      taskQueue: floorQueue,
      args: [{ closeAfter: perRun }],
    });
    for (let j = 0; j < perRun; j++) {
      const event = j % 2 ? { type: 'RESUME_CLOCK' } : { type: 'SUSPEND_CLOCK', reason: 'bench' };
      http.push(await timed(() => api.call('POST', `/cases/${caseId}/events`, event).catch(() => void (failed += 1))));
      bare.push(await timed(() => handle.executeUpdate(bumpUpdate, { args: [event] })));
    }
  }
  return { http: latency(http), bare: latency(bare), failed };
}
