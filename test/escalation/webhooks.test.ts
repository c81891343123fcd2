import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../e2e/helpers';
import { startStack, uniqueId, type Stack } from '../support/stack';
import { waitFor } from '../support/processes';
import { startReceiver } from '../support/webhook-receiver';
import { secondsPolicy } from './fixtures';

const SECRET = 'test-secret';
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver(SECRET, 3);
  stack = await startStack({ policy: secondsPolicy(), webhook: { url: receiver.url, secret: SECRET } });
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

describe('escalations on a real Temporal with a receiver that refuses at first', () => {
  it('warns, then escalates up the chain until the limit is met, and every one arrives signed', async () => {
    const caseId = uniqueId('ESC');
    const created = await stack.call('POST', '/cases', { caseId, category: 'criminal', station: 'S01', reportedAt: new Date().toISOString() });
    expect(created.status).toBe(201);

    const forCase = () => receiver.accepted().filter((r) => r.caseId === caseId);
    await waitFor(() => forCase().filter((r) => r.level === 'overdue').length >= 2, 'two overdue escalations', 20_000);
    const met = await stack.call('POST', `/cases/${caseId}/events`, { type: 'REGISTER' });
    expect(met.status).toBe(200);
    const raisedBeforeMet = met.body.escalations.length;

    const view = (await stack.call('GET', `/cases/${caseId}`)).body;
    const register = view.escalations.filter((e: { limit: string }) => e.limit === 'register');
    expect(register[0]).toMatchObject({ level: 'warning', target: 'handler' });
    expect(register.filter((e: { level: string }) => e.level === 'overdue').map((e: { target: string }) => e.target).slice(0, 2)).toEqual([
      'station-leader',
      'legal-officer',
    ]);

    // Nothing after the limit is met. The notify limit's warning falls due 15 s after REGISTER, seven repeat intervals
    // of the register limit later; the workflow raises what falls due in order, so once that warning is in, any
    // register escalation still running would be in too, however slow the timers.
    const metAt = Date.parse(met.body.history.at(-1).at);
    const later = await until(
      async () => (await stack.call('GET', `/cases/${caseId}`)).body,
      (v) => v.escalations.some((e: { limit: string }) => e.limit === 'notify'),
      30_000,
    );
    expect(later.escalations.filter((e: { limit: string }) => e.limit === 'notify')).toEqual([expect.objectContaining({ level: 'warning' })]);
    const registerLater = later.escalations.filter((e: { limit: string }) => e.limit === 'register');
    expect(registerLater).toHaveLength(raisedBeforeMet);
    expect(registerLater.every((e: { raisedAt: string }) => Date.parse(e.raisedAt) <= metAt)).toBe(true);

    await waitFor(() => register.every((e: { id: string }) => forCase().some((r) => r.id === e.id)), 'every escalation delivered', 20_000);
    const notice = forCase().find((r) => r.kind === 'notice');
    expect(notice).toMatchObject({ target: 'reporter', limit: 'notify' });
    expect(receiver.badSignatures()).toBe(0);
    expect(receiver.attempts()).toBeGreaterThan(forCase().length);
  }, 60_000);
});
