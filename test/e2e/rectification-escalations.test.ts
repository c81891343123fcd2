// An overdue rectification escalates over HTTP on real Temporal: the webhook receiver gets signed `overdue`
// escalations (limit `rectification`) under ids naming the rectification, one rung higher each repeat, until the
// unit answers; meanwhile GET /rectifications?overdue=true, its count and /stats agree that it is overdue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policySchema } from '../../contracts/policy';
import { shipped } from '../machines/fixtures';
import { waitFor } from '../support/processes';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { startReceiver, type Received } from '../support/webhook-receiver';
import { createCase, sendAll, sleep } from './helpers';

const SECRET = 'rectification-escalation-secret';
// Clock time, so it plays out in seconds: the negative-list rectification is due 4 s after it opens, and an overdue
// one escalates again every 3 s. The limits keep the shipped days, far off.
const policy = policySchema.parse({
  ...shipped,
  escalation: { ...shipped.escalation, repeatOverdueEvery: 'PT3S' },
  models: shipped.models.map((m) => (m.id === 'negative-list-at-station' ? { ...m, rectify: 'PT4S' } : m)),
});
const station = uniqueId('RE');
const toStation = [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }];
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  stack = await startStack({ policy, webhook: { url: receiver.url, secret: SECRET } });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

type Escalation = Received & { rectification?: { id: string; status: string } };
const escalationsOf = (rid: string) =>
  (receiver.accepted() as Escalation[]).filter((d) => d.kind === 'escalation' && d.limit === 'rectification' && d.id.startsWith(`${rid}:`)).sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));

describe('an overdue rectification escalates over HTTP (real Temporal)', () => {
  it('reaches the webhook receiver as overdue escalations under stable ids up the chain, listed as overdue, until answered', async () => {
    const { caseId } = await createCase(stack, { station, offense: 'homicide' }, tokens.admin);
    const held = await sendAll(stack, caseId, toStation, tokens.admin);
    const opened = held.rectifications[0] as { id: string; dueAt: string };
    const rid = opened.id;

    await waitFor(() => escalationsOf(rid).filter((e) => e.level === 'overdue').length >= 2, 'two overdue rectification escalations', 90_000);
    const [warning, first, second] = escalationsOf(rid);
    expect(warning).toMatchObject({ id: `${rid}:escalation:0`, level: 'warning', target: 'handler', dueAt: opened.dueAt });
    expect(first).toMatchObject({
      id: `${rid}:escalation:1`, kind: 'escalation', caseId, station, limit: 'rectification', level: 'overdue', target: 'station-leader',
      dueAt: opened.dueAt, raisedAt: opened.dueAt, rectification: { id: rid, status: 'open' },
    });
    expect(second).toMatchObject({ id: `${rid}:escalation:2`, level: 'overdue', target: 'legal-officer', limit: 'rectification' });
    expect(receiver.badSignatures()).toBe(0);

    // The list, its count and the figures all hold it overdue while it escalates.
    const listed = await stack.call('GET', `/rectifications?station=${station}&overdue=true`, undefined, tokens.supervisor);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([rid]);
    expect((await stack.call('GET', `/rectifications/count?station=${station}&overdue=true`, undefined, tokens.supervisor)).body).toEqual({ count: 1 });
    expect((await stack.call('GET', `/stats?station=${station}`, undefined, tokens.supervisor)).body.rectifications).toMatchObject({ opened: 1, overdue: 1 });

    const answered = await stack.call('POST', `/cases/${caseId}/rectifications/${encodeURIComponent(rid)}/answer`, { note: 'papers sent' }, tokens.admin);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const raisedBefore = answered.body.escalations.filter((e: { limit: string }) => e.limit === 'rectification').length;
    // Three repeat intervals and more: an answered rectification raises nothing further.
    await sleep(10_000);
    const after = await stack.call('GET', `/cases/${caseId}`, undefined, tokens.admin);
    expect(after.body.escalations.filter((e: { limit: string }) => e.limit === 'rectification')).toHaveLength(raisedBefore);
    expect(escalationsOf(rid).map((e) => e.id)).toEqual(after.body.escalations.filter((e: { limit: string }) => e.limit === 'rectification').map((e: { id: string }) => e.id));
    await waitFor(async () => (await stack.call('GET', `/rectifications/count?station=${station}&overdue=true`, undefined, tokens.supervisor)).body.count === 0, 'no longer overdue', 30_000);
  }, 180_000);
});
