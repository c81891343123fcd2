// The webhook receiver down while escalations pile up: they are raised on time, retried with backoff, and all arrive
// once it is back, none lost. "Minutes" of outage are 30 s here: the activity's backoff (1 s doubling, capped at
// 5 min) is what turns a long outage into a late delivery, and 30 s already spans five retries of the first ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policySchema } from '../../contracts/policy';
import { newCase, sleep } from '../support/http-client';
import { waitFor } from '../support/processes';
import { startStack, uniqueId, type Stack } from '../support/stack';
import { startTcpGate } from '../support/tcp-gate';
import { startReceiver } from '../support/webhook-receiver';

const SECRET = 'outage-secret';
const OUTAGE_MS = 30_000;
const ordinary = { register: 'PT3S', notify: 'PT1H', file: 'PT1H', review: 'PT1H', handle: 'PT1H', declineNotice: 'PT1H', transfer: 'PT1H' };
const policy = policySchema.parse({
  timezone: 'Asia/Shanghai',
  escalation: { warnAt: [0.5], repeatOverdueEvery: 'PT2S', chain: ['station-leader', 'legal-officer', 'bureau-supervision'] },
  limits: { criminal: { ordinary }, administrative: { ordinary } },
});

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let gate: Awaited<ReturnType<typeof startTcpGate>>;
let stack: Stack;

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  gate = await startTcpGate(Number(new URL(receiver.url).port));
  stack = await startStack({ policy, webhook: { url: gate.url('/hooks'), secret: SECRET } });
});
afterAll(async () => {
  await stack?.close();
  await gate?.shut();
  await receiver?.close();
});

describe('the webhook receiver down for a long while', () => {
  it('delivers every escalation and notice raised meanwhile once it is back, each raised on time', async () => {
    await gate.shut();
    const downSince = Date.now();
    const ids = [uniqueId('HOOK'), uniqueId('HOOK'), uniqueId('HOOK')];
    for (const id of ids) expect((await stack.call('POST', '/cases', { ...newCase(id), reportedAt: new Date().toISOString() })).status).toBe(201);
    // Overdue escalations repeat every 2 s until REGISTER meets the limit, which also raises a notice.
    await sleep(8_000);
    for (const id of ids) expect((await stack.call('POST', `/cases/${id}/events`, { type: 'REGISTER' })).status).toBe(200);

    const pending = (await stack.client.workflow.getHandle(ids[0]!).describe()).raw.pendingActivities ?? [];
    expect(pending.length).toBeGreaterThan(0);
    expect(Math.max(...pending.map((a) => a.attempt ?? 0))).toBeGreaterThan(1);
    expect(receiver.attempts()).toBe(0);

    await sleep(Math.max(0, downSince + OUTAGE_MS - Date.now()));
    await gate.open();
    const views = await Promise.all(ids.map(async (id) => (await stack.call('GET', `/cases/${id}`)).body));
    const expected = views.flatMap((v) => v.escalations.map((e: { id: string }) => e.id));
    expect(expected.length).toBeGreaterThanOrEqual(ids.length * 3);
    const arrived = () => new Set(receiver.accepted().map((r) => r.id));
    await waitFor(() => expected.every((id: string) => arrived().has(id)), 'every escalation to arrive', 60_000);
    for (const view of views) {
      for (const e of view.escalations) expect(receiver.accepted().find((r) => r.id === e.id)).toMatchObject({ kind: 'escalation', raisedAt: e.raisedAt });
    }
    await waitFor(() => ids.every((id) => receiver.accepted().some((r) => r.caseId === id && r.kind === 'notice')), 'the notices', 60_000);
    expect(receiver.badSignatures()).toBe(0);
    console.log(`webhook outage: ${expected.length} escalations + ${ids.length} notices delivered ${Date.now() - downSince - OUTAGE_MS} ms after the receiver came back`);
  }, 150_000);
});
