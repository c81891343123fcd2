import type { Client } from '@temporalio/client';
import { caseBody, lifecycle, type BenchApi } from './api';
import { bumpUpdate, type floorWorkflow } from './floor-workflow';
import { latency, pool, timed, type Latency } from './stats';

export type Lanes = { api: BenchApi; client: Client; floorQueue: string; prefix: string };

/** Whole lifecycles through the API: POST /cases, then the five events, one after another per case. */
function httpLifecycles({ api, prefix }: Lanes, round: number, count: number, concurrency: number): Promise<number> {
  return pool(count, concurrency, async (i) => {
    const caseId = `${prefix}-T${round}-${i}`;
    await api.call('POST', '/cases', caseBody(caseId, i));
    for (const event of lifecycle) await api.call('POST', `/cases/${caseId}/events`, event);
  });
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
  await httpLifecycles(lanes, 0, concurrency, concurrency);
  await floorLifecycles(lanes, 0, concurrency, concurrency);
  let httpMs = 0;
  let floorMs = 0;
  for (let round = 1; round <= rounds; round++) {
    httpMs += await httpLifecycles(lanes, round, count, concurrency);
    floorMs += await floorLifecycles(lanes, round, count, concurrency);
  }
  const perSecond = (ms: number) => (count * rounds) / (ms / 1000);
  return { lifecycles: count * rounds, concurrency, http: perSecond(httpMs), floor: perSecond(floorMs) };
}

/**
 * One event at a time: over HTTP (SUSPEND_CLOCK and RESUME_CLOCK, allowed at every open stage) against a bare
 * Update on the trivial workflow, in alternating blocks of `perRun` on fresh executions.
 */
export async function eventLatency({ api, client, floorQueue, prefix }: Lanes, samples: number, perRun = 50): Promise<{ http: Latency; bare: Latency }> {
  const http: number[] = [];
  const bare: number[] = [];
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
      http.push(await timed(() => api.call('POST', `/cases/${caseId}/events`, event)));
      bare.push(await timed(() => handle.executeUpdate(bumpUpdate, { args: [event] })));
    }
  }
  return { http: latency(http), bare: latency(bare) };
}
