import { describe, expect, it } from 'vitest';
import { stageOf, tick } from '../../machines/case-engine';
import { caseFigures } from '../../machines/case-figures';
import { applyAll, handoffWalk as h, open, remedyWalk, toDeclined, toReconsideration, toSuperiorReview, walk, type Step } from './fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (local: string) => `2026-03-${local}+08:00`;
const admitted = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };
const none = {
  declines: 0, reconsiderationsRequested: 0, reconsiderationsRevoked: 0, reviewsRequested: 0, reviewsRevoked: 0, filingExplanationsAsked: 0, noticesToFile: 0,
};
const figuresOf = (steps: readonly Step[]) => {
  const snapshot = applyAll(open(), steps);
  return caseFigures(snapshot.context, stageOf(snapshot));
};

// Reported Monday 2026-03-02 09:00 in Asia/Shanghai (fixtures' default request, shipped policy).
const toHandling: Step[] = [
  { type: 'REGISTER', at: at('02T10:00:00') },
  { type: 'NOTIFY', at: at('02T11:00:00') },
  { type: 'FILE', decision: 'file', facts: admitted, at: at('03T09:00:00') },
  { type: 'APPROVE', at: at('03T10:00:00') },
];

describe('per-case figures (pure, from the case context)', () => {
  it('a fresh report: only the register limit runs, nothing done yet', () => {
    const snapshot = open();
    expect(caseFigures(snapshot.context, stageOf(snapshot))).toEqual({
      v: 1, registered: false, notified: false, filings: 0, reviewed: 0, closed: false, limits: ['register'], late: [], stays: [], remedies: none,
    });
  });

  it('a case handled in time: every stage stay measured in business time, nothing late', () => {
    expect(figuresOf([...toHandling, { type: 'CLOSE', outcome: 'penalty', at: at('10T10:00:00') }])).toEqual({
      v: 1,
      registered: true,
      notified: true,
      filings: 1,
      reviewed: 1,
      closed: true,
      limits: ['register', 'notify', 'file', 'review', 'handle'],
      late: [],
      stays: [['reported', HOUR], ['registered', HOUR], ['notified', 22 * HOUR], ['review', HOUR], ['handling', 7 * DAY]],
      remedies: none,
    });
  });

  it('a stay still running is not counted', () => {
    expect(figuresOf(toHandling).stays.map(([s]) => s)).toEqual(['reported', 'registered', 'notified', 'review']);
  });

  it('a limit met after its due is late; one overdue now is late too', () => {
    expect(figuresOf([{ type: 'REGISTER', at: at('04T09:00:00') }]).late).toEqual(['register']);
    const waiting = tick(open(), at('03T10:00:00'));
    expect(caseFigures(waiting.context, stageOf(waiting)).late).toEqual(['register']);
  });

  it('an extension granted before the due moves it: a filing after the first due but within the extended one is not late', () => {
    const f = figuresOf([
      { type: 'REGISTER', at: at('02T10:00:00') },
      { type: 'NOTIFY', at: at('02T11:00:00') },
      { type: 'EXTEND', limit: 'file', at: at('04T09:00:00') },
      { type: 'FILE', decision: 'file', facts: admitted, at: at('07T10:00:00') },
    ]);
    expect(f.late).toEqual([]);
  });

  it('every filing counts, and every review of one: a rejected filing filed again is two of each', () => {
    const f = figuresOf([
      ...toHandling.slice(0, 3),
      { type: 'REJECT', reason: 'facts not examined', at: at('03T10:00:00') },
      { type: 'FILE', decision: 'file', facts: admitted, at: at('03T12:00:00') },
      { type: 'APPROVE', at: at('03T13:00:00') },
    ]);
    expect(f).toMatchObject({ filings: 2, reviewed: 2 });
    expect(f.stays.filter(([s]) => s === 'review')).toEqual([['review', HOUR], ['review', HOUR]]);
  });

  it('a filing awaiting review is a filing not yet reviewed', () => {
    expect(figuresOf(toHandling.slice(0, 3))).toMatchObject({ filings: 1, reviewed: 0 });
  });

  it('events that keep the stage (suspension, resume) do not split a stay', () => {
    const f = figuresOf([
      ...toHandling,
      { type: 'SUSPEND_CLOCK', reason: 'expert opinion', at: at('04T10:00:00') },
      { type: 'RESUME_CLOCK', at: at('05T10:00:00') },
      { type: 'CLOSE', outcome: 'penalty', at: at('06T10:00:00') },
    ]);
    expect(f.stays.filter(([s]) => s === 'handling')).toEqual([['handling', 3 * DAY]]);
  });

  it('a declined filing: reviewed like any other, closed by its notice to the reporter', () => {
    const f = figuresOf([
      ...toHandling.slice(0, 2),
      { type: 'FILE', decision: 'decline', at: at('03T09:00:00') },
      { type: 'APPROVE', at: at('03T10:00:00') },
      { type: 'NOTIFY', at: at('03T11:00:00') },
    ]);
    expect(f).toMatchObject({ notified: true, closed: true, filings: 1, reviewed: 1 });
    expect(f.stays.map(([s]) => s)).toEqual(['reported', 'registered', 'notified', 'review', 'decline_notice']);
  });

  it('the reporter\'s remedies: declines approved, reconsiderations and reviews asked and revoked', () => {
    expect(figuresOf(toDeclined).remedies).toEqual({ ...none, declines: 1 });
    expect(figuresOf([...toReconsideration, remedyWalk.revoke]).remedies).toEqual({ ...none, declines: 1, reconsiderationsRequested: 1, reconsiderationsRevoked: 1 });
    const reviewed = figuresOf([...toSuperiorReview, remedyWalk.reviewRevoke, { ...walk.file, at: at('13T09:00:00') }]);
    expect(reviewed.remedies).toEqual({ ...none, declines: 1, reconsiderationsRequested: 1, reviewsRequested: 1, reviewsRevoked: 1 });
    expect(reviewed.stays.map(([s]) => s)).toEqual(['reported', 'registered', 'notified', 'review', 'decline_notice', 'closed', 'reconsideration', 'closed', 'superior_review', 'notified']);
    // A suspension inside decline_notice is no second decline.
    const suspended = figuresOf([...toDeclined.slice(0, 4), { type: 'SUSPEND_CLOCK', reason: 'reporter abroad', at: at('04T09:30:00') }, { type: 'RESUME_CLOCK', at: at('04T09:40:00') }, { ...remedyWalk.declineNotice }]);
    expect(suspended.remedies?.declines).toBe(1);
  });

  it('hand-off steps: transfers, returns and arrests; none on a case that took no hand-off step', () => {
    expect(figuresOf(toHandling).handoff).toBeUndefined();
    const f = figuresOf([...toHandling, h.detain, h.requestArrest, h.approveArrest, h.transfer, h.returnForMore, h.retransfer, h.prosecute]);
    expect(f.handoff).toEqual({ transfers: 1, returns: 1, arrestsRequested: 1, arrestsApproved: 1 });
    // Two review stays: Tue 10 to Mon 16 March (6 days) and Mon 23 to Mon 30 March (7 days).
    expect(f.stays.filter(([s]) => s === 'prosecution_review').map(([, ms]) => ms / 86_400_000)).toEqual([6, 7]);
  });

  it('the procuratorate\'s supervision: explanations asked and notices to file', () => {
    const supervised = figuresOf([
      ...toDeclined,
      { type: 'REQUEST_FILING_EXPLANATION', reason: 'why?', procuratorate: 'P01', at: at('16T09:00:00') },
      { type: 'EXPLAIN_NOT_FILING', reason: 'a civil debt', documents: [{ kind: 'explanation', title: 'why', sha256: 'ab'.repeat(32) }], at: at('17T09:00:00') },
      { type: 'NOTIFY_TO_FILE', reason: 'file it', procuratorate: 'P01', at: at('18T09:00:00') },
    ]);
    expect(supervised.remedies).toEqual({ ...none, declines: 1, filingExplanationsAsked: 1, noticesToFile: 1 });
    expect(supervised.limits).toEqual(expect.arrayContaining(['filingExplanation', 'filingOnNotice']));
  });
});
