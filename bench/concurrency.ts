import type { BenchServer } from './temporal';
import { charged, httpLifecycles, perLifecycle, type CpuTotals, type Lanes, type ThroughputLane } from './throughput';
import { startWorkerProcess } from './workers';

export type SlotsLane = ThroughputLane & { slots: number | null };

/**
 * HTTP lifecycles with the case worker's workflow-task slots (maxConcurrentWorkflowTaskExecutions, which
 * CASEFLOW_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS sets) at each of `slots`, null being the SDK's default: a fresh
 * worker per setting on the lanes' case queue, a warm-up round, then one timed round. The lanes' own case worker
 * must be stopped first, or it would take half the tasks.
 */
export async function concurrencySweep(server: BenchServer, lanes: Lanes, caseQueue: string, bundlePath: string, slots: Array<number | null>, count: number, concurrency: number): Promise<SlotsLane[]> {
  const results: SlotsLane[] = [];
  for (const [i, n] of slots.entries()) {
    const tuning = n === null ? {} : { maxConcurrentWorkflowTaskExecutions: n };
    const worker = await startWorkerProcess({ address: server.address, taskQueue: caseQueue, kind: 'case', bundlePath, tuning });
    const sweepLanes = { ...lanes, prefix: `${lanes.prefix}-S${i}` };
    await httpLifecycles(sweepLanes, 0, concurrency, concurrency, { count: 0 });
    const totals: CpuTotals = { bench: 0, lifecycles: 0 };
    const failures = { count: 0 };
    const { ms, done } = await charged(totals, lanes.pids, worker.pid, count, () => httpLifecycles(sweepLanes, 1, count, concurrency, failures));
    await worker.stop();
    if (failures.count) throw new Error(`${failures.count} lifecycles failed with ${n ?? 'default'} workflow-task slots`);
    results.push({ slots: n, perSecond: done / (ms / 1000), cpu: perLifecycle(totals) });
  }
  return results;
}
