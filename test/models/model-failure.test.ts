// A model that passes the start-up check but fails on a real case (it reads limits.file before the case has one)
// goes through the real API and a worker with metrics on: counted by model id, logged with model and case, and the
// case goes on, its other models still warning.
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { policySchema } from '../../contracts/policy';
import { createLogger } from '../../observability/logger';
import { freeLoopbackAddress, installRuntime } from '../../observability/runtime';
import { createCaseWorker } from '../../worker/create-worker';
import { captureLines, sampleSum } from '../observability/prometheus';
import { waitFor } from '../support/processes';
import { startStack, uniqueId, type Stack } from '../support/stack';
import { testDataConverter } from '../support/test-keys';

const logs = captureLines();
let stack: Stack;
let connection: NativeConnection;
let caseWorker: Worker;
let running: Promise<void>;

const shipped = loadPolicy();
const failing = {
  id: 'file-read-unguarded',
  name: { zh: '未判断立案期限是否存在', en: 'reads the filing limit without has()' },
  severity: 'low',
  when: 'limits.file.status == "overdue"',
};

beforeAll(async () => {
  await Runtime.instance().shutdown();
  installRuntime({ logger: createLogger({ level: 'info', destination: logs.destination }), metricsAddress: await freeLoopbackAddress() });
  stack = await startStack({ policy: policySchema.parse({ ...shipped, models: [...shipped.models, failing] }), worker: false });
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  caseWorker = await createCaseWorker({ connection, namespace: 'default', taskQueue: stack.taskQueue, webhook: {}, workflowBundlePath: inject('workflowBundlePath'), payloadCodecs: testDataConverter.payloadCodecs });
  running = caseWorker.run();
}, 120_000);

afterAll(async () => {
  await stack?.close();
  caseWorker?.shutdown();
  await running;
  await connection?.close();
});

describe('a model that fails on one case (real Temporal)', () => {
  it('is counted in /metrics and logged with the model and the case, and the case goes on unharmed', async () => {
    const caseId = uniqueId('MODEL');
    // Reported two days ago, so the register limit of the shipped policy is overdue and limit-overdue holds.
    const reportedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    expect((await stack.call('POST', '/cases', { caseId, category: 'criminal', station: 'S01', reportedAt })).status).toBe(201);
    expect((await stack.call('POST', `/cases/${caseId}/events`, { type: 'REGISTER' })).status).toBe(200);

    let text = '';
    await waitFor(async () => {
      text = await (await fetch(`${stack.url}/metrics`)).text();
      return sampleSum(text, 'caseflow_model_errors_total', { model: failing.id, taskQueue: stack.taskQueue }) >= 1;
    }, 'the failing model counted', 20_000);
    expect(sampleSum(text, 'caseflow_model_errors_total', { model: 'limit-overdue' })).toBe(0);

    const line = logs.lines.find((l) => l.model === failing.id);
    expect(line).toMatchObject({ caseId, model: failing.id, msg: 'early-warning model failed on a case' });
    expect(String(line!.error)).toContain('field not found: file');

    const view = (await stack.call('GET', `/cases/${caseId}`)).body;
    expect(view).toMatchObject({ stage: 'registered', status: 'open' });
    expect(view.warnings.map((w: { rule: string }) => w.rule)).toContain('limit-overdue');
    expect(view.warnings.map((w: { rule: string }) => w.rule)).not.toContain(failing.id);
    expect(view.history.map((h: { type: string }) => h.type)).toEqual(['REGISTER']);
    for (const type of ['NOTIFY']) expect((await stack.call('POST', `/cases/${caseId}/events`, { type })).status).toBe(200);
  });
});
