import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokens } from '../../config/tokens';
import { startStack, tokens, type Stack } from '../support/stack';
import { startReceiver } from '../support/webhook-receiver';
import { createCase, DAY, deadline, getCase, HOUR, iso, refused, send, sendAll, sendEvent, until } from './helpers';

// Contract section 12 over HTTP on the real dev server: a decline, its reconsideration and review, the revoke that
// sends the case back to filing, and what is refused on the way.

const SECRET = 'remedies-secret';
const stationSupervisor = 'station-supervisor-token-s01';
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  const dev = loadTokens(undefined, false);
  const withStationSupervisor = { tokens: [...dev.tokens, { token: stationSupervisor, name: 'station-legal-officer', role: 'supervisor' as const, stations: ['S01', 'S02'] }] };
  stack = await startStack({ tokens: withStationSupervisor, webhook: { url: receiver.url, secret: SECRET } });
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

const types = (view: { history: Array<{ type: string }> }) => view.history.map((h) => h.type);

/** A criminal report declined with its reason, approved, and its reporter told: closed not_filed. */
async function declined(overrides: Record<string, unknown> = {}) {
  const { caseId } = await createCase(stack, { category: 'criminal', offense: 'theft', ...overrides });
  const closed = await sendAll(stack, caseId, [
    { type: 'REGISTER' },
    { type: 'NOTIFY' },
    { type: 'FILE', decision: 'decline', reason: 'no offence was committed' },
    { type: 'APPROVE' },
    { type: 'NOTIFY' },
  ]);
  const window = overrides.category === 'administrative' ? null : { name: 'reconsiderationWindow', opensAt: closed.history.at(-1).at, closesAt: expect.any(String) };
  expect(closed).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'not_filed', remedyWindow: window });
  return caseId as string;
}

describe('the reporter\'s remedies', () => {
  it('walks from a decline through reconsideration and review to a revoke and a filing, in one case and one history', async () => {
    const caseId = await declined();
    const before = await getCase(stack, caseId);
    const handle = stack.client.workflow.getHandle(caseId);
    const historyLength = async () => (await handle.fetchHistory()).events?.length ?? 0;
    // Once the notices are delivered and their completions written, nothing but an accepted event writes history.
    await until(async () => (await handle.describe()).raw.pendingActivities?.length ?? 0, (pending) => pending === 0);
    await until(() => handle.describe(), (d) => d.raw.pendingWorkflowTask == null);
    const written = await historyLength();

    // Nothing refused leaves a trace: a review before any reconsideration, the wrong roles, a reason too long.
    const early = await refused(stack, caseId, { type: 'REQUEST_REVIEW', reason: 'straight to the top' });
    expect(early).toMatchObject({
      stage: 'closed', allowed: ['REQUEST_RECONSIDERATION', 'REQUEST_FILING_EXPLANATION', 'NOTIFY_TO_FILE'], reason: expect.stringMatching(/only after an upheld reconsideration/),
    });
    expect((await sendEvent(stack, caseId, { type: 'REQUEST_RECONSIDERATION', reason: 'x' }, tokens.supervisor)).status).toBe(403);
    const long = await sendEvent(stack, caseId, { type: 'REQUEST_RECONSIDERATION', reason: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.body.issues.map((i: { path: string }) => i.path)).toContain('reason');
    expect(await getCase(stack, caseId)).toEqual(before);
    expect(await historyLength()).toBe(written);

    const asked = await send(stack, caseId, { type: 'REQUEST_RECONSIDERATION', reason: 'the bicycle was seen at a shop' });
    expect(asked).toMatchObject({ stage: 'reconsideration', status: 'open', outcome: null, remedyWindow: null });
    expect(deadline(asked, 'reconsideration')).toMatchObject({ status: 'pending' });
    expect((await sendEvent(stack, caseId, { type: 'RECONSIDER', decision: 'uphold', reason: 'x' })).status).toBe(403);

    const upheld = await send(stack, caseId, { type: 'RECONSIDER', decision: 'uphold', reason: 'a different bicycle' }, tokens.supervisor);
    expect(upheld).toMatchObject({ stage: 'closed', outcome: 'not_filed', remedyWindow: { name: 'reviewWindow' } });
    expect(deadline(upheld, 'reconsideration').status).toBe('met');

    await send(stack, caseId, { type: 'REQUEST_REVIEW', reason: 'the serial number was never checked' });
    // The level above decides a review: a supervisor of some stations only may not.
    const notAbove = await sendEvent(stack, caseId, { type: 'REVIEW_DECISION', decision: 'revoke', reason: 'x' }, stationSupervisor);
    expect(notAbove.status).toBe(403);
    const revoked = await send(stack, caseId, { type: 'REVIEW_DECISION', decision: 'revoke', reason: 'the serial number matches' }, tokens.supervisor);
    expect(revoked).toMatchObject({ stage: 'notified', status: 'open', outcome: null });
    expect(deadline(revoked, 'superiorReview').status).toBe('met');
    expect(deadline(revoked, 'file')).toMatchObject({ status: 'pending' });

    const again = await refused(stack, caseId, { type: 'FILE', decision: 'decline', reason: 'still no offence' });
    expect(again).toMatchObject({ stage: 'notified', reason: expect.stringMatching(/^a decline is no longer open to this case: the decline was revoked on review by the level above/) });
    expect(again.allowed).toContain('FILE');

    const handling = await sendAll(stack, caseId, [{ type: 'FILE', decision: 'file' }, { type: 'APPROVE' }]);
    expect(handling.stage).toBe('handling');

    const view = await getCase(stack, caseId);
    expect(view.caseId).toBe(caseId);
    expect(view.history.map((h: { type: string; to: string }) => `${h.type} ${h.to}`)).toEqual([
      'REGISTER registered', 'NOTIFY notified', 'FILE review', 'APPROVE decline_notice', 'NOTIFY closed',
      'REQUEST_RECONSIDERATION reconsideration', 'RECONSIDER closed', 'REQUEST_REVIEW superior_review', 'REVIEW_DECISION notified',
      'FILE review', 'APPROVE handling',
    ]);
    expect(view.history.filter((h: { decision?: string }) => h.decision).map((h: { type: string; decision: string; reason: string }) => [h.type, h.decision, h.reason])).toEqual([
      ['RECONSIDER', 'uphold', 'a different bicycle'],
      ['REVIEW_DECISION', 'revoke', 'the serial number matches'],
    ]);

    // Each decision reached the reporter as a signed notice with the decision and its reason.
    const decisions = await until(
      async () => receiver.accepted().filter((r) => r.caseId === caseId && r.kind === 'notice' && 'decision' in r),
      (found) => found.length >= 3,
    );
    expect(decisions.map((r) => [r.limit, (r as unknown as { decision: string }).decision, (r as unknown as { reason: string }).reason])).toEqual(
      expect.arrayContaining([
        ['declineNotice', 'decline', 'no offence was committed'],
        ['reconsideration', 'uphold', 'a different bicycle'],
        ['superiorReview', 'revoke', 'the serial number matches'],
      ]),
    );
  });

  it('refuses remedies to an administrative decline and to a filed case', async () => {
    const admin = await declined({ category: 'administrative', offense: undefined });
    expect(await refused(stack, admin, { type: 'REQUEST_RECONSIDERATION', reason: 'please' })).toMatchObject({
      stage: 'closed', allowed: [], reason: 'the reporter\'s remedies are for declined criminal reports; this case is administrative',
    });
    const { caseId: filed } = await createCase(stack, { category: 'criminal' });
    await sendAll(stack, filed, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }]);
    expect(await refused(stack, filed, { type: 'REQUEST_RECONSIDERATION', reason: 'please' })).toMatchObject({
      stage: 'handling', reason: 'REQUEST_RECONSIDERATION is not allowed in stage handling',
    });
  });

  it('refuses a reconsideration asked after its window, naming the window, once the case\'s run has ended', async () => {
    // Declined and told nine days ago: the window closed at 24:00 of the seventh day, so the run ends at once.
    const t0 = Date.now() - 10 * DAY;
    const { caseId } = await createCase(stack, { category: 'criminal', reportedAt: iso(t0) });
    await sendAll(stack, caseId, [
      { type: 'REGISTER', at: iso(t0 + HOUR) },
      { type: 'NOTIFY', at: iso(t0 + 2 * HOUR) },
      { type: 'FILE', decision: 'decline', reason: 'no offence was committed', at: iso(t0 + 3 * HOUR) },
      { type: 'APPROVE', at: iso(t0 + 4 * HOUR) },
      { type: 'NOTIFY', at: iso(t0 + DAY) },
    ]);
    const handle = stack.client.workflow.getHandle(caseId);
    expect((await until(() => handle.describe(), (d) => d.status.name === 'COMPLETED')).status.name).toBe('COMPLETED');

    const late = await refused(stack, caseId, { type: 'REQUEST_RECONSIDERATION', reason: 'I was away' });
    const { remedyWindow } = await getCase(stack, caseId);
    expect(late).toMatchObject({ stage: 'closed', allowed: [] });
    expect(late.reason).toBe(`a reconsideration may be asked only within the reconsiderationWindow, from ${remedyWindow.opensAt}; it closed at ${remedyWindow.closesAt}`);
    expect(types(await getCase(stack, caseId))).toEqual(['REGISTER', 'NOTIFY', 'FILE', 'APPROVE', 'NOTIFY']);
  });
});
