// The webhook receiver down while escalations pile up: they are raised on time, retried with backoff, and all arrive
// once it is back, none lost. "Minutes" of outage are 30 s here: the activity's backoff (1 s doubling, capped at
// 5 min) is what turns a long outage into a late delivery, and 30 s already spans five retries of the first ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policySchema } from '../../contracts/policy';
import { newCase, sleep } from '../support/http-client';
import { waitFor } from '../support/processes';
import { startStack, uniqueId, type Stack } from '../support/stack';
import { startTcpGate } from '../support/tcp-gate';
import { startReceiver, type Received } from '../support/webhook-receiver';

const SECRET = 'outage-secret';
const OUTAGE_MS = 30_000;
const ordinary = { register: 'PT3S', notify: 'PT1H', file: 'PT1H', review: 'PT1H', handle: 'PT1H', declineNotice: 'PT1H', transfer: 'PT1H' };
const CHAIN = ['station-leader', 'legal-officer', 'bureau-supervision'];
const policy = policySchema.parse({
  timezone: 'Asia/Shanghai',
  escalation: { warnAt: [0.5], repeatOverdueEvery: 'PT2S', chain: CHAIN },
  limits: { criminal: { ordinary }, administrative: { ordinary } },
});

const iso = (ms: number) => new Date(ms).toISOString();
type Raised = Pick<Received, 'limit' | 'level' | 'target' | 'dueAt' | 'raisedAt' | 'missed'>;
const pick = ({ limit, level, target, dueAt, raisedAt, missed }: Raised): Raised => ({ limit, level, target, dueAt, raisedAt, missed });

/**
 * The escalations of a register limit started at `reportedAt`, worked out from the policy above by hand: the warning at
 * half of its 3 s, then an overdue one at the due instant and every 2 s after, each a rung up the chain. A repeat the
 * worker reached late is folded into the next one raised (contract, catch-up): `missed` gives, per overdue escalation,
 * how many instants before it were folded in, so the k-th instant keeps its own time and rung either way.
 */
function dueInstants(reportedAt: number, missed: number[]): Raised[] {
  const dueAt = iso(reportedAt + 3_000);
  const warning = { limit: 'register', level: 'warning', target: 'handler', dueAt, raisedAt: iso(reportedAt + 1_500), missed: 0 };
  let k = -1;
  const overdue = missed.map((m) => {
    k += 1 + m;
    return { limit: 'register', level: 'overdue', target: CHAIN[Math.min(k, CHAIN.length - 1)]!, dueAt, raisedAt: iso(reportedAt + 3_000 + 2_000 * k), missed: m };
  });
  return [warning, ...overdue];
}

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
  it('delivers every escalation and notice raised meanwhile once it is back, each raised for its due instant', async () => {
    await gate.shut();
    const downSince = Date.now();
    const cases = [uniqueId('HOOK'), uniqueId('HOOK'), uniqueId('HOOK')].map((id) => ({ id, reportedAt: new Date().toISOString() }));
    const ids = cases.map((c) => c.id);
    for (const { id, reportedAt } of cases) expect((await stack.call('POST', '/cases', { ...newCase(id), reportedAt })).status).toBe(201);
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
    for (const [i, view] of views.entries()) {
      const { id, reportedAt } = cases[i]!;
      const missed = view.escalations.filter((e: Raised) => e.level === 'overdue').map((e: Raised) => e.missed ?? 0);
      const onTime = dueInstants(Date.parse(reportedAt), missed);
      const raised = view.escalations.map(pick);
      expect(raised, id).toEqual(onTime);
      // Every instant that fell due before REGISTER met the limit was reached, however long the receiver was away.
      const metAt = Date.parse(view.history[0].at);
      const reached = missed.reduce((n: number, m: number) => n + 1 + m, 0);
      expect(reached, id).toBeGreaterThanOrEqual(Math.floor((metAt - Date.parse(reportedAt) - 3_000) / 2_000) + 1);
      const delivered = view.escalations.map((e: Raised & { id: string }) => receiver.accepted().find((r) => r.id === e.id)!);
      expect(delivered.map(pick), id).toEqual(onTime);
      expect(delivered.every((r: Received) => r.kind === 'escalation' && r.caseId === id), id).toBe(true);
    }
    await waitFor(() => ids.every((id) => receiver.accepted().some((r) => r.caseId === id && r.kind === 'notice')), 'the notices', 60_000);
    expect(receiver.badSignatures()).toBe(0);
    console.log(`webhook outage: ${expected.length} escalations + ${ids.length} notices delivered ${Date.now() - downSince - OUTAGE_MS} ms after the receiver came back`);
  }, 150_000);
});
