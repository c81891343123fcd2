// Contract section 2 through the real HTTP API: every path of the lifecycle, with the history, deadlines,
// status and outcome a case system or supervisor would read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokens } from '../../config/tokens';
import { startStack, tokens, type Stack } from '../support/stack';
import {
  allowedIn,
  createCase,
  DAY,
  deadline,
  deadlinesOf,
  getCase,
  HOUR,
  iso,
  MINUTE,
  ms,
  refused,
  send,
  sendAll,
  shanghaiMidnightAfter,
  until,
} from './helpers';

/** The case system of a specialised unit, to which negative-list cases are transferred. */
const SPECIALIZED_UNIT = 'SPEC-01';
const specializedToken = 'e2e-specialized-unit-token';

let stack: Stack;
beforeAll(async () => {
  const devTokens = loadTokens(undefined, false);
  stack = await startStack({
    tokens: { tokens: [...devTokens.tokens, { token: specializedToken, name: 'specialized-unit', role: 'case-system', stations: [SPECIALIZED_UNIT] }] },
  });
});
afterAll(() => stack?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type View = any;
const types = (view: View) => view.history.map((h: View) => h.type);
const statuses = (view: View) => Object.fromEntries(view.deadlines.map((d: View) => [d.limit, d.status]));

/** Each history entry leads from where the previous one arrived, in time order, oldest first. */
function expectChainedHistory(view: View) {
  let stage = 'reported';
  let at = ms(view.reportedAt);
  for (const entry of view.history) {
    // Only a decline carries a reason (contract v2).
    const reason = entry.type === 'FILE' && entry.reason !== undefined ? { reason: expect.any(String) } : {};
    // The station's case system sends these paths' events (the specialised unit's only in its own name): naming an
    // officer in `by`, it is recorded as `via` (contract section 10).
    const via = entry.by === 'dev-case-system' || entry.by === 'specialized-unit' ? {} : { via: 'dev-case-system' };
    expect(entry).toEqual({ type: expect.any(String), at: expect.any(String), by: expect.any(String), from: stage, to: expect.any(String), ...reason, ...via });
    expect(ms(entry.at)).toBeGreaterThanOrEqual(at);
    stage = entry.to;
    at = ms(entry.at);
  }
  expect(stage).toBe(view.stage);
}

describe.concurrent('ordinary cases from report to close', () => {
  const paths = [
    { category: 'criminal', outcome: 'penalty' },
    { category: 'criminal', outcome: 'prosecution' },
    { category: 'administrative', outcome: 'dismissed' },
    { category: 'administrative', outcome: 'mediated' },
  ] as const;

  it.each(paths)('$category case closed with outcome $outcome', async ({ category, outcome }) => {
    const reportedAt = iso(Date.now() - 30 * MINUTE);
    // In custody no holiday moves a limit, so the whole-day dues below are plain calendar arithmetic.
    const created = await createCase(stack, { category, reportedAt, custody: true, reporter: { name: 'Li Wei', phone: '13800000000' }, summary: 'bicycle stolen' });
    expect(created).toMatchObject({ category, station: 'S01', unitType: 'station', track: 'ordinary', stage: 'reported', status: 'open', outcome: null, history: [], escalations: [] });
    expect(created.deadlines).toEqual([
      { limit: 'register', startedAt: reportedAt, dueAt: iso(ms(reportedAt) + DAY), status: 'pending', extensions: 0, metAt: null },
    ]);

    const registeredAt = iso(Date.now() - 20 * MINUTE);
    const registered = await send(stack, created.caseId, { type: 'REGISTER', at: registeredAt, by: 'officer-7' });
    expect(registered).toMatchObject({ stage: 'registered', status: 'open' });
    expect(registered.history).toEqual([{ type: 'REGISTER', at: registeredAt, by: 'officer-7', via: 'dev-case-system', from: 'reported', to: 'registered' }]);
    expect(deadline(registered, 'register')).toMatchObject({ status: 'met', metAt: registeredAt });
    expect(deadline(registered, 'notify')).toMatchObject({ status: 'pending', startedAt: registeredAt, dueAt: iso(ms(registeredAt) + DAY) });
    const fileDue = category === 'criminal' ? shanghaiMidnightAfter(registeredAt, 3) : iso(ms(registeredAt) + DAY);
    expect(deadline(registered, 'file')).toMatchObject({ status: 'pending', startedAt: registeredAt, dueAt: fileDue });

    const notified = await send(stack, created.caseId, { type: 'NOTIFY' });
    expect(notified.stage).toBe('notified');
    expect(statuses(notified)).toEqual({ register: 'met', notify: 'met', file: 'pending' });

    const filed = await send(stack, created.caseId, { type: 'FILE', decision: 'file' });
    expect(filed).toMatchObject({ stage: 'review', track: 'ordinary' });
    expect(statuses(filed)).toEqual({ register: 'met', notify: 'met', file: 'met', review: 'pending' });

    const approvedAt = iso(Date.now());
    const approved = await send(stack, created.caseId, { type: 'APPROVE', at: approvedAt });
    expect(approved.stage).toBe('handling');
    expect(statuses(approved)).toEqual({ register: 'met', notify: 'met', file: 'met', review: 'met', handle: 'pending' });
    expect(deadline(approved, 'handle')).toMatchObject({ startedAt: approvedAt, dueAt: shanghaiMidnightAfter(approvedAt, 30) });

    const before = Date.now();
    const closed = await send(stack, created.caseId, { type: 'CLOSE', outcome });
    expect(closed).toMatchObject({ stage: 'closed', status: 'closed', outcome });
    expect(closed.deadlines.every((d: View) => d.status === 'met')).toBe(true);
    expect(types(closed)).toEqual(['REGISTER', 'NOTIFY', 'FILE', 'APPROVE', 'CLOSE']);
    expect(closed.history.map((h: View) => [h.from, h.to])).toEqual([
      ['reported', 'registered'],
      ['registered', 'notified'],
      ['notified', 'review'],
      ['review', 'handling'],
      ['handling', 'closed'],
    ]);
    expectChainedHistory(closed);
    // Without `by` the token's name acts; without `at` the event happens now.
    const last = closed.history[4];
    expect(last.by).toBe('dev-case-system');
    expect(ms(last.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(ms(last.at)).toBeLessThanOrEqual(Date.now() + 1000);

    expect(await getCase(stack, created.caseId)).toEqual(closed);
    // A closed case takes nothing more.
    expect(await refused(stack, created.caseId, { type: 'CLOSE', outcome })).toMatchObject({ stage: 'closed', allowed: [] });
  });
});

describe.concurrent('other paths', () => {
  it('REJECT sends the filing back to notified; FILE again goes to review with a new file limit', async () => {
    const { caseId } = await createCase(stack, { category: 'criminal' });
    await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }]);
    const rejected = await send(stack, caseId, { type: 'REJECT', reason: 'the evidence list is incomplete' });
    expect(rejected).toMatchObject({ stage: 'notified', status: 'open' });
    expect(rejected.history.at(-1)).toMatchObject({ type: 'REJECT', from: 'review', to: 'notified' });
    expect(deadline(rejected, 'review').status).toBe('met');
    const files = deadlinesOf(rejected, 'file');
    expect(files.map((d: View) => d.status)).toEqual(['met', 'pending']);
    expect(files[1].startedAt).toBe(rejected.history.at(-1).at);

    // Rejected again, filed again: the loop may turn more than once.
    await sendAll(stack, caseId, [{ type: 'FILE', decision: 'file' }, { type: 'REJECT' }]);
    const refiled = await send(stack, caseId, { type: 'FILE', decision: 'file' });
    expect(refiled.stage).toBe('review');
    expect(deadlinesOf(refiled, 'file').map((d: View) => d.status)).toEqual(['met', 'met', 'met']);
    expect(deadlinesOf(refiled, 'review').map((d: View) => d.status)).toEqual(['met', 'met', 'pending']);

    const closed = await sendAll(stack, caseId, [{ type: 'APPROVE' }, { type: 'CLOSE', outcome: 'penalty' }]);
    expect(closed).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'penalty' });
    expect(types(closed)).toEqual(['REGISTER', 'NOTIFY', 'FILE', 'REJECT', 'FILE', 'REJECT', 'FILE', 'APPROVE', 'CLOSE']);
    expectChainedHistory(closed);
  });

  it('a declined filing, once approved, waits in decline_notice; NOTIFY closes it as not_filed', async () => {
    const { caseId } = await createCase(stack, { category: 'criminal' });
    const registeredAt = iso(Date.now());
    await send(stack, caseId, { type: 'REGISTER', at: registeredAt });
    // Business time may stand still: an event at the same instant as the last one is fine.
    await send(stack, caseId, { type: 'NOTIFY', at: registeredAt });
    // Contract v2: a decline without its reason is 400 and changes nothing.
    const unexplained = await stack.call('POST', `/cases/${caseId}/events`, { type: 'FILE', decision: 'decline' });
    expect(unexplained.status).toBe(400);
    expect(unexplained.body.issues.map((i: { path: string }) => i.path)).toContain('reason');
    expect((await stack.call('POST', `/cases/${caseId}/events`, { type: 'FILE', decision: 'decline', reason: 'x'.repeat(2001) })).status).toBe(400);
    expect(types(await getCase(stack, caseId))).toEqual(['REGISTER', 'NOTIFY']);
    const filed = await send(stack, caseId, { type: 'FILE', decision: 'decline', reason: 'no offence was committed' });
    expect(filed.stage).toBe('review');
    expect(filed.history.at(-1)).toMatchObject({ type: 'FILE', reason: 'no offence was committed' });
    const approvedAt = iso(Date.now());
    const approved = await send(stack, caseId, { type: 'APPROVE', at: approvedAt });
    expect(approved).toMatchObject({ stage: 'decline_notice', status: 'open', outcome: null });
    expect(deadlinesOf(approved, 'handle')).toEqual([]);
    expect(deadline(approved, 'declineNotice')).toMatchObject({ status: 'pending', startedAt: approvedAt });

    // The reporter must be told why before the case may end; nothing else closes it.
    const refusal = await refused(stack, caseId, { type: 'CLOSE', outcome: 'dismissed' });
    expect(refusal.stage).toBe('decline_notice');
    expect([...refusal.allowed].sort()).toEqual(allowedIn('decline_notice'));

    const closed = await send(stack, caseId, { type: 'NOTIFY' });
    expect(closed).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'not_filed' });
    expect(deadline(closed, 'declineNotice').status).toBe('met');
    expect(closed.history.at(-1)).toMatchObject({ type: 'NOTIFY', from: 'decline_notice', to: 'closed' });
    expect(types(closed)).toEqual(['REGISTER', 'NOTIFY', 'FILE', 'APPROVE', 'NOTIFY']);
    expectChainedHistory(closed);
  });

  it('a negative-list offense at a station awaits transfer, cannot close there, and is handled at the specialised unit', async () => {
    const { caseId } = await createCase(stack, { category: 'criminal', offense: 'homicide', station: 'S01' });
    await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }]);
    const approved = await send(stack, caseId, { type: 'APPROVE' });
    expect(approved).toMatchObject({ stage: 'awaiting_transfer', status: 'open', station: 'S01', unitType: 'station', offense: 'homicide' });
    expect(deadline(approved, 'transfer').status).toBe('pending');
    expect(deadlinesOf(approved, 'handle')).toEqual([]);

    const refusal = await refused(stack, caseId, { type: 'CLOSE', outcome: 'prosecution' });
    expect(refusal.stage).toBe('awaiting_transfer');
    expect([...refusal.allowed].sort()).toEqual(allowedIn('awaiting_transfer'));
    // Another station is no way out either.
    expect((await refused(stack, caseId, { type: 'TRANSFER', toUnit: 'S02', toUnitType: 'station' })).stage).toBe('awaiting_transfer');
    expect((await getCase(stack, caseId)).stage).toBe('awaiting_transfer');

    const transferredAt = iso(Date.now());
    const transferred = await send(stack, caseId, { type: 'TRANSFER', toUnit: SPECIALIZED_UNIT, toUnitType: 'specialized', at: transferredAt });
    expect(transferred).toMatchObject({ stage: 'handling', status: 'open', station: SPECIALIZED_UNIT, unitType: 'specialized' });
    expect(deadline(transferred, 'transfer')).toMatchObject({ status: 'met', metAt: transferredAt });
    expect(deadline(transferred, 'handle')).toMatchObject({ status: 'pending', startedAt: transferredAt });
    expect(transferred.history.at(-1)).toMatchObject({ type: 'TRANSFER', at: transferredAt, from: 'awaiting_transfer', to: 'handling' });

    // The case now belongs to the specialised unit: the station's case system no longer sees it, the unit's does.
    expect((await stack.call('GET', `/cases/${caseId}`)).status).toBe(404);
    const closed = await send(stack, caseId, { type: 'CLOSE', outcome: 'prosecution' }, specializedToken);
    expect(closed).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'prosecution', station: SPECIALIZED_UNIT });
    expect(types(closed)).toEqual(['REGISTER', 'NOTIFY', 'FILE', 'APPROVE', 'TRANSFER', 'CLOSE']);
    expectChainedHistory(closed);
  });

  it('the same negative-list offense at a specialised unit goes straight to handling', async () => {
    const { caseId } = await createCase(stack, { category: 'criminal', offense: 'homicide', station: 'S02', unitType: 'specialized' });
    const approved = await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }]);
    expect(approved).toMatchObject({ stage: 'handling', station: 'S02', unitType: 'specialized' });
    expect(deadlinesOf(approved, 'transfer')).toEqual([]);
    expect(deadline(approved, 'handle').status).toBe('pending');
    const closed = await send(stack, caseId, { type: 'CLOSE', outcome: 'prosecution' });
    expect(closed).toMatchObject({ stage: 'closed', outcome: 'prosecution' });
  });

  it('fast track for an admitted criminal case uses the fast handle limit; CONVERT_TO_ORDINARY recomputes it', async () => {
    const { caseId } = await createCase(stack, { category: 'criminal', custody: true });
    await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }]);
    const filed = await send(stack, caseId, { type: 'FILE', decision: 'file', track: 'fast', facts: { admitted: true } });
    expect(filed).toMatchObject({ stage: 'review', track: 'fast' });
    const approvedAt = iso(Date.now());
    const approved = await send(stack, caseId, { type: 'APPROVE', at: approvedAt });
    expect(approved).toMatchObject({ stage: 'handling', track: 'fast' });
    // P7D from the approval instead of the ordinary P30D.
    expect(deadline(approved, 'handle')).toMatchObject({ status: 'pending', startedAt: approvedAt, dueAt: shanghaiMidnightAfter(approvedAt, 7) });

    const converted = await send(stack, caseId, { type: 'CONVERT_TO_ORDINARY', reason: 'the suspect withdrew the admission' });
    expect(converted).toMatchObject({ stage: 'handling', track: 'ordinary' });
    expect(deadlinesOf(converted, 'handle')).toHaveLength(1);
    expect(deadline(converted, 'handle')).toMatchObject({ status: 'pending', startedAt: approvedAt, dueAt: shanghaiMidnightAfter(approvedAt, 30) });
    expect(converted.history.at(-1)).toMatchObject({ type: 'CONVERT_TO_ORDINARY', from: 'handling', to: 'handling' });
    // Already ordinary: nothing to convert.
    expect((await refused(stack, caseId, { type: 'CONVERT_TO_ORDINARY' })).stage).toBe('handling');

    const closed = await send(stack, caseId, { type: 'CLOSE', outcome: 'prosecution' });
    expect(closed).toMatchObject({ stage: 'closed', track: 'ordinary', outcome: 'prosecution' });
  });

  it('fast track for an admitted administrative case: 48 hours to handle, the other limits stay ordinary', async () => {
    const { caseId } = await createCase(stack, { category: 'administrative', custody: true });
    const registered = await send(stack, caseId, { type: 'REGISTER' });
    const registeredAt = registered.history[0].at;
    await send(stack, caseId, { type: 'NOTIFY' });
    const facts = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 5 };
    const filed = await send(stack, caseId, { type: 'FILE', decision: 'file', track: 'fast', facts });
    expect(filed.track).toBe('fast');
    expect(deadline(filed, 'file')).toMatchObject({ status: 'met', dueAt: iso(ms(registeredAt) + DAY) });
    const approvedAt = iso(Date.now());
    const approved = await send(stack, caseId, { type: 'APPROVE', at: approvedAt });
    expect(deadline(approved, 'handle')).toMatchObject({ status: 'pending', startedAt: approvedAt, dueAt: iso(ms(approvedAt) + 48 * HOUR) });

    const converted = await send(stack, caseId, { type: 'CONVERT_TO_ORDINARY' });
    expect(converted.track).toBe('ordinary');
    expect(deadline(converted, 'handle')).toMatchObject({ status: 'pending', startedAt: approvedAt, dueAt: shanghaiMidnightAfter(approvedAt, 30) });
    expect((await send(stack, caseId, { type: 'CLOSE', outcome: 'penalty' })).stage).toBe('closed');
  });

  it('fast track is refused for an administrative case whose facts are not eligible', async () => {
    const { caseId } = await createCase(stack, { category: 'administrative' });
    await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }]);
    const ineligible = [
      { admitted: true, minor: true },
      { admitted: true, detentionDays: 10 },
      { admitted: true, disabled: true },
      { admitted: true, mentallyIll: true },
      { admitted: true, hearingRequired: true },
      { admitted: false },
      undefined,
    ];
    for (const facts of ineligible) {
      const refusal = await refused(stack, caseId, { type: 'FILE', decision: 'file', track: 'fast', ...(facts ? { facts } : {}) });
      expect(refusal.stage, JSON.stringify(facts)).toBe('notified');
      expect([...refusal.allowed].sort()).toEqual(allowedIn('notified'));
    }
    // A declined filing has no track to speed up.
    await refused(stack, caseId, { type: 'FILE', decision: 'decline', reason: 'no offence was committed', track: 'fast', facts: { admitted: true } });
    const unchanged = await getCase(stack, caseId);
    expect(unchanged).toMatchObject({ stage: 'notified', track: 'ordinary' });
    expect(types(unchanged)).toEqual(['REGISTER', 'NOTIFY']);

    // Detention under 10 days is still eligible.
    const filed = await send(stack, caseId, { type: 'FILE', decision: 'file', track: 'fast', facts: { admitted: true, detentionDays: 9 } });
    expect(filed).toMatchObject({ stage: 'review', track: 'fast' });
  });

  it('fast track is refused for a criminal case on the negative list, even when admitted', async () => {
    const { caseId } = await createCase(stack, { category: 'criminal', offense: 'drug_trafficking', unitType: 'specialized', station: 'S02' });
    await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }]);
    const refusal = await refused(stack, caseId, { type: 'FILE', decision: 'file', track: 'fast', facts: { admitted: true } });
    expect(refusal.stage).toBe('notified');
    expect(refusal.reason).toMatch(/negative list/);
    await refused(stack, caseId, { type: 'FILE', decision: 'file', track: 'fast', facts: { admitted: false } });
    const filed = await send(stack, caseId, { type: 'FILE', decision: 'file' });
    expect(filed).toMatchObject({ stage: 'review', track: 'ordinary' });
  });

  it('SUSPEND_CLOCK stops every running limit; RESUME_CLOCK moves each later by the suspended time', async () => {
    const now = Date.now();
    const { caseId } = await createCase(stack, { category: 'criminal', custody: true, reportedAt: iso(now - 3 * HOUR) });
    const registeredAt = iso(now - 2 * HOUR);
    await send(stack, caseId, { type: 'REGISTER', at: registeredAt });

    const suspendedAt = iso(now - 90 * MINUTE);
    const suspended = await send(stack, caseId, { type: 'SUSPEND_CLOCK', reason: 'awaiting the forensic report', at: suspendedAt });
    expect(suspended).toMatchObject({ stage: 'registered', status: 'open', suspended: { since: suspendedAt, reason: 'awaiting the forensic report' } });
    expect(statuses(suspended)).toEqual({ register: 'met', notify: 'suspended', file: 'suspended' });
    expect(suspended.history.at(-1)).toMatchObject({ type: 'SUSPEND_CLOCK', at: suspendedAt, from: 'registered', to: 'registered' });
    expect((await refused(stack, caseId, { type: 'SUSPEND_CLOCK', reason: 'again' })).stage).toBe('registered');

    const resumedAt = iso(now - 30 * MINUTE);
    const resumed = await send(stack, caseId, { type: 'RESUME_CLOCK', at: resumedAt });
    expect(resumed.suspended).toBeNull();
    expect(statuses(resumed)).toEqual({ register: 'met', notify: 'pending', file: 'pending' });
    // An hour suspended: each running limit is due exactly an hour later.
    expect(deadline(resumed, 'notify').dueAt).toBe(iso(ms(registeredAt) + DAY + HOUR));
    expect(deadline(resumed, 'file').dueAt).toBe(iso(ms(shanghaiMidnightAfter(registeredAt, 3)) + HOUR));
    expect(deadline(resumed, 'register').dueAt).toBe(deadline(suspended, 'register').dueAt);
    expect(resumed.history.at(-1)).toMatchObject({ type: 'RESUME_CLOCK', at: resumedAt, from: 'registered', to: 'registered' });
    expect((await refused(stack, caseId, { type: 'RESUME_CLOCK' })).stage).toBe('registered');

    // The case goes on as usual.
    expect((await send(stack, caseId, { type: 'NOTIFY' })).stage).toBe('notified');
  });

  it('the clock can be suspended in handling too, and closing meets every limit', async () => {
    const { caseId } = await createCase(stack, { category: 'administrative' });
    await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }]);
    const suspended = await send(stack, caseId, { type: 'SUSPEND_CLOCK', reason: 'the party is in hospital' });
    expect(suspended).toMatchObject({ stage: 'handling', suspended: { reason: 'the party is in hospital' } });
    expect(deadline(suspended, 'handle').status).toBe('suspended');
    const closed = await send(stack, caseId, { type: 'CLOSE', outcome: 'dismissed' });
    expect(closed).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'dismissed' });
    expect(closed.deadlines.every((d: View) => d.status === 'met')).toBe(true);
  });

  it('a supervisor extends the criminal file limit twice; a third extension is refused', async () => {
    const { caseId } = await createCase(stack, { category: 'criminal', custody: true });
    const registered = await send(stack, caseId, { type: 'REGISTER' });
    const due = ms(deadline(registered, 'file').dueAt);
    expect(due).toBe(ms(shanghaiMidnightAfter(registered.history[0].at, 3)));

    const once = await send(stack, caseId, { type: 'EXTEND', limit: 'file' }, tokens.supervisor);
    expect(deadline(once, 'file')).toMatchObject({ status: 'pending', extensions: 1, dueAt: iso(due + 4 * DAY) });
    expect(once.history.at(-1)).toMatchObject({ type: 'EXTEND', by: 'dev-legal-office', from: 'registered', to: 'registered' });
    const twice = await send(stack, caseId, { type: 'EXTEND', limit: 'file', by: 'chief-zhang' }, tokens.supervisor);
    expect(deadline(twice, 'file')).toMatchObject({ status: 'pending', extensions: 2, dueAt: iso(due + 27 * DAY) });
    expect(twice.history.at(-1)).toMatchObject({ type: 'EXTEND', by: 'chief-zhang' });

    const refusal = await refused(stack, caseId, { type: 'EXTEND', limit: 'file' }, tokens.supervisor);
    expect(refusal.stage).toBe('registered');
    expect([...refusal.allowed].sort()).toEqual(allowedIn('registered'));
    expect(deadline(await getCase(stack, caseId), 'file')).toMatchObject({ extensions: 2, dueAt: iso(due + 27 * DAY) });
    // A limit that is not running cannot be extended, and neither can one the policy gives no extension.
    await refused(stack, caseId, { type: 'EXTEND', limit: 'handle' }, tokens.supervisor);
    await refused(stack, caseId, { type: 'EXTEND', limit: 'notify' }, tokens.supervisor);
  });

  it('a supervisor extends the administrative file limit once, by 48 hours', async () => {
    const { caseId } = await createCase(stack, { category: 'administrative' });
    const registered = await send(stack, caseId, { type: 'REGISTER' });
    const due = ms(deadline(registered, 'file').dueAt);
    expect(due).toBe(ms(registered.history[0].at) + DAY);
    const extended = await send(stack, caseId, { type: 'EXTEND', limit: 'file' }, tokens.supervisor);
    expect(deadline(extended, 'file')).toMatchObject({ extensions: 1, dueAt: iso(due + 48 * HOUR) });
    await refused(stack, caseId, { type: 'EXTEND', limit: 'file' }, tokens.supervisor);
  });

  it('ACK_ESCALATION of an unknown escalation is refused', async () => {
    const { caseId } = await createCase(stack);
    const refusal = await refused(stack, caseId, { type: 'ACK_ESCALATION', escalationId: 'no-such-escalation', note: 'seen' }, tokens.supervisor);
    expect(refusal.stage).toBe('reported');
    expect([...refusal.allowed].sort()).toEqual(allowedIn('reported'));
  });

  it('an overdue limit escalates up the chain; a supervisor acknowledges an escalation once', async () => {
    // Reported 50 hours ago and never registered: the 24-hour register limit is a day overdue.
    const reportedAt = iso(Date.now() - 50 * HOUR);
    const { caseId } = await createCase(stack, { category: 'criminal', reportedAt });
    const view = await until(() => getCase(stack, caseId), (v) => v.escalations.length >= 2);
    expect(deadline(view, 'register')).toMatchObject({ status: 'overdue', dueAt: iso(ms(reportedAt) + DAY) });
    const byLevel = (level: string) => view.escalations.filter((e: View) => e.level === level);
    expect(byLevel('warning')).toEqual([expect.objectContaining({ limit: 'register', target: 'handler', acknowledged: false })]);
    // Caught up at once (contract section 11): the due and the repeat a day later fold into one, at the second rung.
    expect(byLevel('overdue').map((e: View) => [e.target, e.missed])).toEqual([['legal-officer', 1]]);
    for (const e of view.escalations) expect(e).toMatchObject({ id: expect.any(String), limit: 'register', raisedAt: expect.any(String), acknowledged: false });

    const escalationId = byLevel('overdue')[0].id;
    const acked = await send(stack, caseId, { type: 'ACK_ESCALATION', escalationId, note: 'registering now' }, tokens.supervisor);
    expect(acked.escalations.find((e: View) => e.id === escalationId)).toMatchObject({ acknowledged: true, acknowledgedBy: 'dev-legal-office', note: 'registering now' });
    expect(acked.history.at(-1)).toMatchObject({ type: 'ACK_ESCALATION', from: 'reported', to: 'reported' });
    await refused(stack, caseId, { type: 'ACK_ESCALATION', escalationId }, tokens.supervisor);

    // Registering late still meets the limit.
    const registered = await send(stack, caseId, { type: 'REGISTER' });
    expect(deadline(registered, 'register').status).toBe('met');
  });
});
