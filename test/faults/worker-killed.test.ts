// The only worker is SIGKILLed while events are in flight: nothing answers until a worker is back, then every case
// goes on, and each event is in the history exactly once. Reads do not wait for a worker.
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shapeOf } from '../support/case-shape';
import { newCase, plainLifecycle, sleep } from '../support/http-client';
import { killHard, stopGently } from '../support/node-process';
import type { Proc } from '../support/processes';
import { startWorkerProcess } from '../support/service-processes';
import { startStack, uniqueId, type Stack } from '../support/stack';

const CASES = 12;
const STARTED = temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED;
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

const [register, notify, file, approve, close] = plainLifecycle;

describe('a worker killed mid-lifecycle', () => {
  it('killed while it holds a FILE and others are unanswered, lets every case go on once a worker is back, with no event lost or applied twice', async () => {
    const ids = Array.from({ length: CASES }, () => uniqueId('KILLED'));
    for (const id of ids) {
      expect((await stack.call('POST', '/cases', newCase(id))).status).toBe(201);
      for (const event of [register, notify]) expect((await stack.call('POST', `/cases/${id}/events`, event)).status).toBe(200);
    }

    // FILE goes out for every case, and the worker dies the moment Temporal reports it holding one: a workflow task
    // started and not completed. The FILEs not yet answered then are in flight when the kill lands.
    let answered = 0;
    const filing = ids.map((id) => stack.call('POST', `/cases/${id}/events`, file).then((res) => ((answered += 1), res)));
    const handles = ids.map((id) => stack.client.workflow.getHandle(id));
    const held = async () => (await Promise.all(handles.map((h) => h.describe()))).some((d) => d.raw.pendingWorkflowTask?.state === STARTED);
    while (answered < CASES && !(await held()));
    await killHard(worker!);
    const inFlightAtKill = CASES - answered;
    expect(inFlightAtKill, 'FILE events sent and not yet answered when the kill landed').toBeGreaterThan(0);
    // With no worker anywhere, a case still reads as of its last event: the view comes from the memo, not a Query.
    for (const id of ids) {
      const read = await stack.call('GET', `/cases/${id}`);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body.history.slice(0, 2).map((h: { type: string }) => h.type)).toEqual(['REGISTER', 'NOTIFY']);
    }
    // A report taken while no worker runs reads at once, as reported; the worker takes it up when it is back.
    const lateId = uniqueId('KILLED-LATE');
    expect((await stack.call('POST', '/cases', newCase(lateId))).status).toBe(201);
    const late = await stack.call('GET', `/cases/${lateId}`);
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body).toMatchObject({ caseId: lateId, stage: 'reported', status: 'open' });
    await sleep(3_000);
    worker = await startWorkerProcess(workerEnv(), inject('workflowBundlePath'));

    for (const res of await Promise.all(filing)) expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await stack.call('POST', `/cases/${lateId}/events`, register)).body).toMatchObject({ stage: 'registered' });
    for (const id of ids) {
      for (const event of [approve, close]) expect((await stack.call('POST', `/cases/${id}/events`, event)).status).toBe(200);
      const view = (await stack.call('GET', `/cases/${id}`)).body;
      expect(view).toMatchObject({ stage: 'closed', status: 'closed' });
      expect(view.history.map((h: { type: string }) => h.type)).toEqual(plainLifecycle.map((e) => e.type));
      const updates = shapeOf(await stack.client.workflow.getHandle(id).fetchHistory()).filter((s) => s.startsWith('update'));
      expect(updates).toEqual(plainLifecycle.map((e) => `update applyEvent ${e.type}`));
    }
    console.log(`worker killed with ${inFlightAtKill} of ${CASES} FILE events in flight`);
  }, 150_000);
});
