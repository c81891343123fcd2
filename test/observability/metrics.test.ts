// One case lifecycle and one overdue case through the real API and a worker with metrics on, then /metrics:
// the API's counters, the workflow's (closed, raised), the activity's (delivered, retried) and the SDK's own.
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../observability/logger';
import { freeLoopbackAddress, installRuntime } from '../../observability/runtime';
import { createCaseWorker } from '../../worker/create-worker';
import { secondsPolicy } from '../escalation/fixtures';
import { waitFor } from '../support/processes';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { testDataConverter } from '../support/test-keys';
import { startReceiver } from '../support/webhook-receiver';
import { captureLines, sampleSum } from './prometheus';

const SECRET = 'metrics-secret';
const worker = captureLines();
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let connection: NativeConnection;
let caseWorker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  // The shared setup installed a Runtime without metrics, which nothing has used yet: replace it with one that exports.
  await Runtime.instance().shutdown();
  installRuntime({ logger: createLogger({ level: 'info', destination: worker.destination }), metricsAddress: await freeLoopbackAddress() });
  const bundlePath = inject('workflowBundlePath');
  receiver = await startReceiver(SECRET, 1);
  stack = await startStack({ policy: secondsPolicy(), worker: false });
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  caseWorker = await createCaseWorker({
    connection,
    namespace: 'default',
    taskQueue: stack.taskQueue,
    webhook: { url: receiver.url, secret: SECRET },
    workflowBundlePath: bundlePath,
    payloadCodecs: testDataConverter.payloadCodecs,
  });
  running = caseWorker.run();
}, 120_000);

afterAll(async () => {
  await stack?.close();
  caseWorker?.shutdown();
  await running;
  await connection?.close();
  await receiver?.close();
});

const scrape = async () => {
  const res = await fetch(`${stack.url}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
};

describe('GET /metrics after cases went through the API', () => {
  it('shows the counters moving, the workflow and activity ones beside the API ones', async () => {
    const before = await scrape();
    const send = (caseId: string, body: object) => stack.call('POST', `/cases/${caseId}/events`, body);
    const report = (caseId: string) => stack.call('POST', '/cases', { caseId, category: 'criminal', station: 'S01', reportedAt: new Date().toISOString() });

    const closed = uniqueId('MET');
    expect((await report(closed)).status).toBe(201);
    for (const event of [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }, { type: 'CLOSE', outcome: 'penalty' }]) {
      expect((await send(closed, event)).status).toBe(200);
    }
    expect((await send(closed, { type: 'NOTIFY' })).status).toBe(409);

    // Left alone, its 3-second register limit warns, then goes overdue; registering it stops the escalations.
    const overdue = uniqueId('MET');
    expect((await report(overdue)).status).toBe(201);
    await waitFor(() => receiver.accepted().some((r) => r.caseId === overdue && r.level === 'overdue'), 'an overdue escalation delivered', 20_000);
    expect((await send(overdue, { type: 'REGISTER' })).status).toBe(200);
    expect((await stack.call('GET', `/cases/${closed}`, undefined, tokens.supervisor)).status).toBe(200);

    // The SDK tags caseflow's own workflow and activity metrics in camelCase, its built-in ones in snake_case.
    const onQueue = { taskQueue: stack.taskQueue };
    let text = '';
    await waitFor(async () => {
      text = await scrape();
      return sampleSum(text, 'caseflow_cases_closed_total', onQueue) >= 1 && sampleSum(text, 'caseflow_webhooks_delivered_total', { ...onQueue, kind: 'notice' }) >= 2;
    }, 'the workflow and activity counters', 20_000);

    const moved = (name: string, labels: Record<string, string> = {}) => sampleSum(text, name, labels) - sampleSum(before, name, labels);
    expect(moved('caseflow_cases_started_total', { category: 'criminal' })).toBe(2);
    expect(moved('caseflow_events_applied_total', { type: 'CLOSE' })).toBe(1);
    expect(moved('caseflow_events_refused_total', { type: 'NOTIFY' })).toBe(1);
    expect(moved('caseflow_http_request_duration_seconds_count', { method: 'POST', route: '/cases/:caseId/events', status_code: '200' })).toBe(6);
    expect(moved('caseflow_http_request_duration_seconds_count', { method: 'GET', route: '/cases/:caseId', status_code: '200' })).toBe(1);

    expect(sampleSum(text, 'caseflow_cases_closed_total', { ...onQueue, category: 'criminal' })).toBe(1);
    expect(sampleSum(text, 'caseflow_escalations_raised_total', { ...onQueue, level: 'warning', limit: 'register' })).toBe(1);
    expect(sampleSum(text, 'caseflow_escalations_raised_total', { ...onQueue, level: 'overdue', limit: 'register' })).toBeGreaterThanOrEqual(1);
    expect(sampleSum(text, 'caseflow_webhooks_delivered_total', { ...onQueue, kind: 'escalation', sent: 'true' })).toBeGreaterThanOrEqual(2);
    // The receiver refused the very first delivery once.
    expect(sampleSum(text, 'caseflow_webhook_retries_total', onQueue)).toBe(1);
    // The SDK's own worker metrics come along.
    expect(sampleSum(text, 'temporal_workflow_completed', { task_queue: stack.taskQueue })).toBe(1);
    expect(text).toMatch(/^temporal_workflow_task_execution_latency_bucket\{/m);
    expect(text).toMatch(/^process_resident_memory_bytes /m);

    // The activity's log lines (here: the refused first attempt) carry the case they are about.
    const activityLines = worker.lines.filter((l) => l.activityType === 'deliverWebhook' && l.taskQueue === stack.taskQueue);
    expect(activityLines.length).toBeGreaterThan(0);
    for (const line of activityLines) expect(line.caseId).toBe(line.workflowId);
  }, 60_000);

  it('is public and not in the OpenAPI document', async () => {
    expect((await fetch(`${stack.url}/metrics`)).headers.get('content-type')).toMatch(/^text\/plain/);
    const doc = (await stack.call('GET', '/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });
});
