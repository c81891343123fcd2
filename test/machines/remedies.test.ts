import { describe, expect, it } from 'vitest';
import { allowedEvents, decide, restoreCase, stageOf, tick, toView, type CaseSnapshot } from '../../machines/case-engine';
import type { Policy } from '../../contracts/policy';
import {
  apply,
  applyAll,
  cmd,
  deadline,
  frozen,
  open,
  refused,
  remedyWalk,
  shipped,
  toDeclined,
  toNotified,
  toReconsideration,
  toSuperiorReview,
  walk,
  type Step,
} from './fixtures';

const notices = (s: CaseSnapshot) => s.context.outbox.filter((d) => d.kind === 'notice');
const declined = applyAll(open(), toDeclined);

/** Refused, leaving the snapshot exactly as it was; the refusal for the caller to look at. */
function refusedUntouched(snapshot: CaseSnapshot, step: Step) {
  const before = frozen(snapshot);
  const r = refused(snapshot, step);
  expect(frozen(snapshot)).toEqual(before);
  return r;
}

describe('the reconsideration window (reconsiderationWindow P7D from the decline notice, on the legal clock)', () => {
  it('opens at the decline notice and closes at 24:00 of its 7th day', () => {
    // Notice Wed 4 March: Thu 5 … Wed 11, a working day, so 24:00 Wed 11 local.
    expect(toView(declined)).toMatchObject({
      stage: 'closed', outcome: 'not_filed',
      remedyWindow: { name: 'reconsiderationWindow', opensAt: '2026-03-04T02:00:00.000Z', closesAt: '2026-03-11T16:00:00.000Z' },
    });
    expect(allowedEvents(declined)).toEqual(['REQUEST_RECONSIDERATION', 'REQUEST_FILING_EXPLANATION', 'NOTIFY_TO_FILE']);
  });

  it('takes a request on its 7th day and refuses one on the 8th, naming the window', () => {
    const ask = (at: string): Step => ({ ...remedyWalk.askReconsideration, at });
    expect(stageOf(apply(declined, ask('2026-03-11T23:59:00+08:00')))).toBe('reconsideration');
    const r = refusedUntouched(declined, ask('2026-03-12T00:00:00+08:00'));
    // Allowed at the event's time: the window has passed, what remains is the procuratorate's supervision.
    expect(r).toMatchObject({ stage: 'closed', allowed: ['REQUEST_FILING_EXPLANATION', 'NOTIFY_TO_FILE'] });
    expect(allowedEvents(declined, '2026-03-11T23:59:00+08:00')).toContain('REQUEST_RECONSIDERATION');
    expect(allowedEvents(declined, '2026-03-12T00:00:00+08:00')).not.toContain('REQUEST_RECONSIDERATION');
    expect(r.reason).toBe(
      'a reconsideration may be asked only within the reconsiderationWindow, from 2026-03-04T02:00:00.000Z; it closed at 2026-03-11T16:00:00.000Z (P7D)',
    );
  });

  it('moves its last day past a holiday, as any whole-day period does', () => {
    // Notice Mon 28 September 2026: the 7th day, Mon 5 October, falls in National Day (1–7 October), so the window
    // runs to 24:00 Thu 8 October; a request on 7 October (day 9) is still in time.
    const autumn = applyAll(open({ reportedAt: '2026-09-21T09:00:00+08:00' }), [
      { type: 'REGISTER', at: '2026-09-21T10:00:00+08:00' },
      { type: 'NOTIFY', at: '2026-09-21T11:00:00+08:00' },
      { type: 'FILE', decision: 'decline', reason: 'no offence', at: '2026-09-22T09:00:00+08:00' },
      { type: 'APPROVE', at: '2026-09-23T09:00:00+08:00' },
      { type: 'NOTIFY', at: '2026-09-28T09:00:00+08:00' },
    ]);
    expect(toView(autumn).remedyWindow?.closesAt).toBe('2026-10-08T16:00:00.000Z');
    expect(stageOf(apply(autumn, { ...remedyWalk.askReconsideration, at: '2026-10-07T09:00:00+08:00' }))).toBe('reconsideration');
    refused(autumn, { ...remedyWalk.askReconsideration, at: '2026-10-09T00:00:00+08:00' });
  });

  it('counts by the case policy, and by the law when the case started under a policy without remedies', () => {
    const short: Policy = { ...shipped, remedies: { reconsiderationWindow: 'P2D', reviewWindow: 'P2D' } };
    expect(toView(applyAll(open({}, short), toDeclined)).remedyWindow?.closesAt).toBe('2026-03-06T16:00:00.000Z');
    const { remedies: _gone, ...before } = shipped;
    const old = { ...before, limits: { ...shipped.limits, criminal: { ...shipped.limits.criminal, ordinary: { ...shipped.limits.criminal.ordinary } } } } as Policy;
    delete (old.limits.criminal.ordinary as Partial<Policy['limits']['criminal']['ordinary']>).reconsideration;
    const s = applyAll(open({}, old), toReconsideration);
    expect(toView(applyAll(open({}, old), toDeclined)).remedyWindow?.closesAt).toBe('2026-03-11T16:00:00.000Z');
    expect(deadline(s, 'reconsideration')).toMatchObject({ duration: 'P30D', dueAt: '2026-04-07T16:00:00.000Z' });
  });
});

describe('reconsideration (REQUEST_RECONSIDERATION, RECONSIDER)', () => {
  const inReconsideration = applyAll(open(), toReconsideration);

  it('reopens the same case with the reconsideration limit (P30D) running, the window used', () => {
    const view = toView(inReconsideration);
    expect(view).toMatchObject({ stage: 'reconsideration', status: 'open', outcome: null, remedyWindow: null });
    // Requested Thu 5 March: 30 days to Sat 4 April, a holiday (Qingming 4–6 April), so 24:00 Tue 7 April.
    expect(view.deadlines.at(-1)).toMatchObject({ limit: 'reconsideration', startedAt: '2026-03-05T01:00:00.000Z', dueAt: '2026-04-07T16:00:00.000Z', status: 'pending' });
    expect(view.history.at(-1)).toEqual({
      type: 'REQUEST_RECONSIDERATION', at: '2026-03-05T01:00:00.000Z', by: 'officer-7', from: 'closed', to: 'reconsideration', reason: 'the bicycle was seen at a shop',
    });
  });

  it('is extended once by P30D, and a second extension is refused', () => {
    const extended = apply(inReconsideration, { type: 'EXTEND', limit: 'reconsideration', at: '2026-03-20T09:00:00+08:00' });
    // 24:00 Tue 7 April + 30 days: Thu 7 May, a working day.
    expect(deadline(extended, 'reconsideration')).toMatchObject({ extensions: 1, dueAt: '2026-05-07T16:00:00.000Z' });
    expect(refused(extended, { type: 'EXTEND', limit: 'reconsideration', at: '2026-03-21T09:00:00+08:00' }).reason).toBe(
      'the reconsideration limit allows 1 extension(s), all used',
    );
  });

  it('escalates up the chain when not decided in time', () => {
    // Due 24:00 Tue 7 April (16:00Z); the policy repeats an overdue limit every day, a rung higher each time.
    const late = tick(tick(inReconsideration, '2026-04-07T16:00:00Z'), '2026-04-08T16:00:00Z');
    const raised = late.context.escalations.filter((e) => e.limit === 'reconsideration');
    expect(raised.map((e) => [e.level, e.target, e.raisedAt])).toEqual([
      ['warning', 'handler', expect.any(String)],
      ['overdue', 'station-leader', '2026-04-07T16:00:00.000Z'],
      ['overdue', 'legal-officer', '2026-04-08T16:00:00.000Z'],
    ]);
    expect(late.context.outbox.filter((d) => d.kind === 'escalation' && d.limit === 'reconsideration')).toHaveLength(3);
    expect(tick(apply(inReconsideration, remedyWalk.uphold), '2026-04-09T00:00:00Z').context.escalations.filter((e) => e.level === 'overdue')).toEqual([]);
  });

  it('upheld: closed not_filed again, the reconsideration limit met, the review window open, the reporter told', () => {
    const upheld = apply(inReconsideration, remedyWalk.uphold);
    const view = toView(upheld);
    expect(view).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'not_filed' });
    expect(deadline(upheld, 'reconsideration')).toMatchObject({ status: 'met', metAt: '2026-03-09T01:00:00.000Z' });
    // Upheld Mon 9 March: Tue 10 … Mon 16, 24:00.
    expect(view.remedyWindow).toEqual({ name: 'reviewWindow', opensAt: '2026-03-09T01:00:00.000Z', closesAt: '2026-03-16T16:00:00.000Z' });
    expect(notices(upheld).at(-1)).toMatchObject({
      kind: 'notice', target: 'reporter', limit: 'reconsideration', raisedAt: '2026-03-09T01:00:00.000Z',
      decision: 'uphold', reason: 'the shop sold a different bicycle', dueAt: '2026-03-16T16:00:00.000Z',
    });
    expect(view.history.at(-1)).toMatchObject({ type: 'RECONSIDER', from: 'reconsideration', to: 'closed', decision: 'uphold', reason: 'the shop sold a different bicycle' });
    expect(allowedEvents(upheld)).toEqual(['REQUEST_REVIEW', 'REQUEST_FILING_EXPLANATION', 'NOTIFY_TO_FILE']);
    expect(refused(upheld, { ...remedyWalk.askReconsideration, at: '2026-03-10T09:00:00+08:00' }).reason).toMatch(/^no reconsiderationWindow is open for a reconsideration: the decline was already decided on RECONSIDER/);
  });

  it('revoked: back to the filing decision with the file limit afresh, and a decline refused from then on', () => {
    const revoked = apply(inReconsideration, remedyWalk.revoke);
    const view = toView(revoked);
    expect(view).toMatchObject({ stage: 'notified', status: 'open', outcome: null, remedyWindow: null });
    expect(deadline(revoked, 'reconsideration')).toMatchObject({ status: 'met' });
    // Revoked Mon 9 March: the file limit (P3D) to 24:00 Thu 12 March.
    expect(deadline(revoked, 'file', 1)).toMatchObject({ startedAt: '2026-03-09T01:00:00.000Z', dueAt: '2026-03-12T16:00:00.000Z', status: 'pending' });
    expect(notices(revoked).at(-1)).toMatchObject({ limit: 'reconsideration', decision: 'revoke', reason: 'the serial number matches', dueAt: '2026-03-12T16:00:00.000Z' });

    const decline: Step = { type: 'FILE', decision: 'decline', reason: 'still no offence', at: '2026-03-10T09:00:00+08:00' };
    const r = refusedUntouched(revoked, decline);
    expect(r).toMatchObject({ stage: 'notified', allowed: expect.arrayContaining(['FILE']) });
    expect(r.reason).toBe('a decline is no longer open to this case: the decline was revoked on reconsideration at 2026-03-09T01:00:00.000Z (officer-7); the case must be filed');

    // It stays refused after the filing goes round review and back.
    const filed = apply(revoked, { ...walk.file, at: '2026-03-10T09:00:00+08:00' });
    const rejected = apply(filed, { type: 'REJECT', reason: 'evidence list missing', at: '2026-03-11T09:00:00+08:00' });
    expect(refused(rejected, { ...decline, at: '2026-03-12T09:00:00+08:00' }).reason).toMatch(/^a decline is no longer open/);
    const handled = applyAll(rejected, [{ ...walk.file, at: '2026-03-12T09:00:00+08:00' }, { type: 'APPROVE', at: '2026-03-12T10:00:00+08:00' }]);
    expect(stageOf(handled)).toBe('handling');
    expect(deadline(handled, 'file', 2)).toMatchObject({ status: 'met', metAt: '2026-03-12T01:00:00.000Z' });
  });

  it('keeps one history through the decline, the remedy and the filing', () => {
    const s = applyAll(open(), [...toReconsideration, remedyWalk.revoke, { ...walk.file, at: '2026-03-10T09:00:00+08:00' }]);
    expect(toView(s).history.map((h) => `${h.type} ${h.from}→${h.to}`)).toEqual([
      'REGISTER reported→registered',
      'NOTIFY registered→notified',
      'FILE notified→review',
      'APPROVE review→decline_notice',
      'NOTIFY decline_notice→closed',
      'REQUEST_RECONSIDERATION closed→reconsideration',
      'RECONSIDER reconsideration→notified',
      'FILE notified→review',
    ]);
  });
});

describe('review by the level above (REQUEST_REVIEW, REVIEW_DECISION)', () => {
  const upheld = applyAll(open(), [...toReconsideration, remedyWalk.uphold]);

  it('is refused before a reconsideration was upheld', () => {
    const r = refusedUntouched(declined, { ...remedyWalk.askReview, at: '2026-03-05T09:00:00+08:00' });
    expect(r).toMatchObject({ stage: 'closed', allowed: ['REQUEST_RECONSIDERATION', 'REQUEST_FILING_EXPLANATION', 'NOTIFY_TO_FILE'] });
    expect(r.reason).toBe('a review by the level above may be asked only after an upheld reconsideration; ask for reconsideration first');
  });

  it('is taken within the review window and refused after it, naming it', () => {
    expect(stageOf(apply(upheld, { ...remedyWalk.askReview, at: '2026-03-16T23:59:00+08:00' }))).toBe('superior_review');
    expect(refusedUntouched(upheld, { ...remedyWalk.askReview, at: '2026-03-17T00:00:00+08:00' }).reason).toBe(
      'a review by the level above may be asked only within the reviewWindow, from 2026-03-09T01:00:00.000Z; it closed at 2026-03-16T16:00:00.000Z (P7D)',
    );
  });

  it('runs the superiorReview limit (P30D, one P30D extension) and escalates like any other', () => {
    const s = applyAll(open(), toSuperiorReview);
    // Requested Tue 10 March: 30 days to Thu 9 April; extended 30 days to Sat 9 May, a make-up working day.
    expect(deadline(s, 'superiorReview')).toMatchObject({ startedAt: '2026-03-10T01:00:00.000Z', dueAt: '2026-04-09T16:00:00.000Z' });
    expect(deadline(apply(s, { type: 'EXTEND', limit: 'superiorReview', at: '2026-03-11T09:00:00+08:00' }), 'superiorReview')).toMatchObject({ extensions: 1, dueAt: '2026-05-09T16:00:00.000Z' });
    expect(tick(s, '2026-04-10T00:00:00Z').context.escalations.filter((e) => e.limit === 'superiorReview' && e.level === 'overdue')).toHaveLength(1);
  });

  it('upheld: closed not_filed for good, every remedy used', () => {
    const s = applyAll(open(), [...toSuperiorReview, remedyWalk.reviewUphold]);
    expect(toView(s)).toMatchObject({ stage: 'closed', outcome: 'not_filed', remedyWindow: null });
    // What remains is the procuratorate's filing supervision.
    expect(allowedEvents(s)).toEqual(['REQUEST_FILING_EXPLANATION', 'NOTIFY_TO_FILE']);
    expect(notices(s).at(-1)).toMatchObject({ limit: 'superiorReview', decision: 'uphold', reason: 'checked: no match', dueAt: '2026-03-12T01:00:00.000Z' });
    expect(refused(s, { ...remedyWalk.askReview, at: '2026-03-13T09:00:00+08:00' }).reason).toMatch(/^no reviewWindow is open .*: the decline was already decided on REVIEW_DECISION at 2026-03-12T01:00:00.000Z$/);
  });

  it('revoked: back to the filing decision, a decline refused, saying who revoked it', () => {
    const s = applyAll(open(), [...toSuperiorReview, remedyWalk.reviewRevoke]);
    expect(toView(s)).toMatchObject({ stage: 'notified', outcome: null });
    expect(deadline(s, 'superiorReview')).toMatchObject({ status: 'met' });
    expect(notices(s).at(-1)).toMatchObject({ limit: 'superiorReview', decision: 'revoke', reason: 'the serial number matches' });
    expect(refused(s, { type: 'FILE', decision: 'decline', reason: 'no', at: '2026-03-13T09:00:00+08:00' }).reason).toMatch(/revoked on review by the level above/);
  });
});

describe('remedies refused to what was not declined', () => {
  const ask = { ...remedyWalk.askReconsideration, at: '2026-03-25T09:00:00+08:00' } as const;

  it('an administrative case: no window, and 409 saying why', () => {
    const admin = applyAll(open({ category: 'administrative', offense: 'affray' }), toDeclined);
    expect(toView(admin)).toMatchObject({ stage: 'closed', outcome: 'not_filed', remedyWindow: null });
    expect(allowedEvents(admin)).toEqual([]);
    expect(refusedUntouched(admin, ask)).toEqual({
      stage: 'closed', allowed: [], reason: 'the reporter\'s remedies are for declined criminal reports; this case is administrative',
    });
  });

  it('a filed case, closed or still running', () => {
    const closed = applyAll(open(), [...toNotified, walk.file, walk.approve, walk.close]);
    expect(refusedUntouched(closed, ask).reason).toBe('the case was filed (outcome penalty); only a declined report has remedies');
    const handling = applyAll(open(), [...toNotified, walk.file, walk.approve]);
    expect(refusedUntouched(handling, ask).reason).toBe('REQUEST_RECONSIDERATION is not allowed in stage handling');
  });

  it('a decline closed before remedies existed (no window in its context)', () => {
    const { remedyWindow: _none, ...context } = declined.context;
    const before = restoreCase({ value: declined.value, context });
    expect(refused(before, ask).reason).toBe('no reconsiderationWindow is open for a reconsideration: the decline predates the reporter\'s remedies');
  });

  it('a remedy decision outside its stage', () => {
    const d = decide(declined, cmd({ ...remedyWalk.uphold, at: '2026-03-06T09:00:00+08:00' }));
    expect(d).toMatchObject({ ok: false, refusal: { reason: 'RECONSIDER is not allowed in stage closed' } });
  });
});
