// A bulk operation over 1,000 cases whose only worker is SIGKILLed half-way: once a worker is back the operation
// finishes by itself, and every case took the event exactly once (a second SUSPEND_CLOCK would be refused, and show
// in `refused`; a lost one would leave a case running its clock). Alone it takes about 2.5 minutes; the waits allow
// for the whole suite on the same two cores (one CI run took over 3 minutes to reach half-way).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newCase, pool, sleep } from '../support/http-client';
import { killHard, stopGently } from '../support/node-process';
import { waitFor, type Proc } from '../support/processes';
import { startWorkerProcess } from '../support/service-processes';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';

const CASES = 1000;
let stack: Stack;
let worker: Proc | undefined;
const workerEnv = () => ({ TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: 'default', CASEFLOW_TASK_QUEUE: stack.taskQueue });

beforeAll(async () => {
  stack = await startStack({ worker: false });
  worker = await startWorkerProcess(workerEnv(), inject('workflowBundlePath'));
}, 120_000);
afterAll(async () => {
  await stopGently(worker);
  await stack?.close();
});

type Status = { status: string; matched: number; applied: number; refused: Array<{ caseId: string; error: string }> };

describe('a bulk run of 1,000 cases', () => {
  it('survives its worker SIGKILLed half-way: done, every case suspended once, none refused', async () => {
    const station = uniqueId('BULK1K');
    const ids = Array.from({ length: CASES }, () => uniqueId('BULK'));
    const created = await pool(ids, 16, (id) => stack.call('POST', '/cases', newCase(id, station), tokens.admin));
    expect(created.filter((r) => r.status !== 201)).toEqual([]);
    await waitFor(async () => (await stack.call('GET', `/cases/count?station=${station}`, undefined, tokens.admin)).body.count === CASES, 'visibility to show every case', 60_000);

    const started = Date.now();
    const res = await stack.call('POST', '/bulk', { filter: { station }, event: { type: 'SUSPEND_CLOCK', reason: 'awaiting the bureau audit' } }, tokens.admin);
    expect(res.status).toBe(202);
    expect(res.body.matched).toBe(CASES);
    const statusOf = async () => (await stack.call('GET', `/bulk/${res.body.id}`, undefined, tokens.admin)).body as Status;

    let halfway: Status | undefined;
    await waitFor(async () => ((halfway = await statusOf()), halfway.applied >= CASES / 2), 'half the cases to take the event', 360_000);
    await killHard(worker!);
    await sleep(2_000);
    worker = await startWorkerProcess(workerEnv(), inject('workflowBundlePath'));

    let final: Status | undefined;
    await waitFor(async () => ((final = await statusOf()), final.status !== 'running'), 'the bulk run to finish', 360_000);
    const seconds = (Date.now() - started) / 1000;
    expect(final).toMatchObject({ status: 'done', matched: CASES, applied: CASES, refused: [] });
    const views = await pool(ids, 16, async (id) => (await stack.call('GET', `/cases/${id}`, undefined, tokens.admin)).body);
    expect(views.filter((v) => v.suspended?.reason !== 'awaiting the bureau audit').map((v) => v.caseId)).toEqual([]);
    expect(views.filter((v) => v.history.filter((h: { type: string }) => h.type === 'SUSPEND_CLOCK').length !== 1)).toEqual([]);
    console.log(`bulk of ${CASES}: worker killed at ${halfway!.applied} applied; done in ${seconds.toFixed(1)} s (${(CASES / seconds).toFixed(1)} cases/s, kill and restart included)`);
  }, 900_000);
});
