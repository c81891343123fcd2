// A changed model set on real Temporal: a worker process restarted with a new policy brings its models to an open
// case at once (its limits stay those it started with, and its history still replays); the daily models run holds
// every open case against its models again, so a model that reads the case's age fires without an event.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_POLICY_FILE } from '../../config/policy';
import { modelsScheduleId, scheduleId } from '../../config/schedules';
import { MODELS_WORKFLOW_TYPE } from '../../contracts/names';
import { sweepKinds } from '../../contracts/sweeps';
import { waitFor, type Proc } from '../support/processes';
import { startWorkerProcess } from '../support/service-processes';
import { startStack, uniqueId, type Stack } from '../support/stack';
import { testDataConverter } from '../support/test-keys';

type Warning = { rule: string; closedAt: string | null };

const shippedText = readFileSync(DEFAULT_POLICY_FILE, 'utf8');
/** The shipped policy, a longer register limit and two more models: one that holds at once, one after 5 seconds. */
const changedText = `${shippedText.replace('register: PT24H # 受案登记: on the spot', 'register: PT48H # 受案登记: on the spot')}
  - id: criminal-report-open
    name: { zh: 刑事报案未结, en: "a criminal report still open" }
    severity: low
    when: 'case.category == "criminal" && case.status == "open"'
  - id: older-than-five-seconds
    name: { zh: 报案超过五秒, en: "reported more than five seconds ago" }
    severity: low
    when: 'case.status == "open" && case.ageDays > 0.00006'
`;

function policyFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'caseflow-rollout-')), 'policy.yaml');
  writeFileSync(file, text);
  return file;
}

let stack: Stack;
let worker: Proc | undefined;

const workerEnv = (policy: string) => ({
  TEMPORAL_ADDRESS: inject('temporalAddress'),
  CASEFLOW_TASK_QUEUE: stack.taskQueue,
  CASEFLOW_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
  CASEFLOW_POLICY: policy,
});

async function stopWorker(): Promise<void> {
  worker?.child.kill('SIGINT');
  expect(await worker?.exited).toBe(0);
  worker = undefined;
}

const open = (view: { warnings: Warning[] }) => view.warnings.filter((w) => !w.closedAt).map((w) => w.rule);

beforeAll(async () => {
  stack = await startStack({ worker: false });
}, 120_000);

afterAll(async () => {
  if (worker) await stopWorker();
  for (const id of [modelsScheduleId(stack.taskQueue), ...sweepKinds.map((k) => scheduleId(k, stack.taskQueue))]) {
    await stack.client.schedule.getHandle(id).delete().catch(() => undefined);
  }
  await stack?.close();
});

describe('a changed model set (real Temporal, worker processes)', () => {
  it('reaches an open case at once when a worker restarts with it, its limits unchanged and its history replayable', async () => {
    worker = await startWorkerProcess(workerEnv(DEFAULT_POLICY_FILE));
    const caseId = uniqueId('ROLL');
    const reportedAt = new Date(Date.now() - 3_600_000).toISOString();
    expect((await stack.call('POST', '/cases', { caseId, category: 'criminal', station: 'S01', reportedAt })).status).toBe(201);
    const before = (await stack.call('POST', `/cases/${caseId}/events`, { type: 'REGISTER' })).body;
    expect(open(before)).not.toContain('criminal-report-open');
    await stopWorker();

    worker = await startWorkerProcess(workerEnv(policyFile(changedText)));
    let view = before;
    await waitFor(async () => {
      view = (await stack.call('GET', `/cases/${caseId}`)).body;
      return open(view).includes('criminal-report-open');
    }, 'the new model to reach the case', 30_000);
    const schedule = await stack.client.schedule.getHandle(modelsScheduleId(stack.taskQueue)).describe();
    expect(schedule.action).toMatchObject({ workflowType: MODELS_WORKFLOW_TYPE });
    expect(worker.output()).toMatch(/models \d+-[0-9a-f]{8} held by \d+ open cases \(\d+ brought up to date\)/);
    // The new policy's notify and file limits are as before; its register limit is 48 h, but the case's stay 24 h.
    expect(view.deadlines).toEqual(before.deadlines);

    const next = (await stack.call('POST', `/cases/${caseId}/events`, { type: 'NOTIFY' })).body;
    expect(next.stage).toBe('notified');
    const history = await stack.client.workflow.getHandle(caseId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: testDataConverter }, history, caseId);
  });

  it('the daily models run holds every open case against its models again, so a model on the case age fires unprompted', async () => {
    worker ??= await startWorkerProcess(workerEnv(policyFile(changedText)));
    const caseId = uniqueId('AGE');
    const run = async () =>
      (await stack.client.workflow.start(MODELS_WORKFLOW_TYPE, { taskQueue: stack.taskQueue, workflowId: uniqueId('models-run'), args: [] })).result();
    expect((await stack.call('POST', '/cases', { caseId, category: 'administrative', station: 'S01', reportedAt: new Date().toISOString() })).status).toBe(201);
    // The API's policy is the shipped one: the first run brings the worker's set to the case, too young to fire yet.
    expect(await run()).toMatchObject({ sent: expect.any(Number) });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    // Nothing happened to the case since: its next wake-up is hours away, so no model looked at it again.
    expect(open((await stack.call('GET', `/cases/${caseId}`)).body)).not.toContain('older-than-five-seconds');

    const again = await run();
    expect(again.sent).toBe(0);
    expect(again.rechecked).toBeGreaterThanOrEqual(1);
    await waitFor(async () => open((await stack.call('GET', `/cases/${caseId}`)).body).includes('older-than-five-seconds'), 'the age model to fire', 15_000);
  });
});
