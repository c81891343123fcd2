import { describe, expect, it } from 'vitest';
import { isOverdue, nextDueAt, tick, toView, type CaseSnapshot } from '../../machines/case-engine';
import { apply, applyAll, open, toHandling, toNotified, toReview, walk, type Step } from './fixtures';

// Every expected instant below is worked out by hand from contract section 5 and the shipped policy
// (Asia/Shanghai, UTC+8, no DST; the 2026 State Council holidays). "24:00 of day D" local is
// 16:00Z of day D. The walk in fixtures runs Mon 2 → Wed 4 March 2026, all working days.

const view = (s: CaseSnapshot, limit: string, nth = 0) => {
  const found = toView(s).deadlines.filter((d) => d.limit === limit)[nth];
  if (!found) throw new Error(`no ${limit} #${nth}`);
  return found;
};

describe('anchors and dues on the ordinary criminal walk', () => {
  const reported = open();

  it('register runs from reportedAt for exactly PT24H', () => {
    expect(toView(reported).deadlines).toEqual([
      { limit: 'register', startedAt: '2026-03-02T01:00:00.000Z', dueAt: '2026-03-03T01:00:00.000Z', status: 'pending', extensions: 0, metAt: null },
    ]);
  });

  const registered = apply(reported, walk.register); // Mon 2 March, 10:00 local = 02:00Z

  it('REGISTER meets register and starts notify (PT24H) and file (P3D)', () => {
    expect(view(registered, 'register')).toMatchObject({ status: 'met', metAt: '2026-03-02T02:00:00.000Z' });
    expect(view(registered, 'notify')).toMatchObject({ startedAt: '2026-03-02T02:00:00.000Z', dueAt: '2026-03-03T02:00:00.000Z', status: 'pending' });
    // Day of REGISTER (Mon 2) not counted; Tue 3, Wed 4, Thu 5 → 24:00 Thu 5 local.
    expect(view(registered, 'file')).toMatchObject({ startedAt: '2026-03-02T02:00:00.000Z', dueAt: '2026-03-05T16:00:00.000Z', status: 'pending' });
  });

  const notified = apply(registered, walk.notify);

  it('NOTIFY meets notify and leaves file running', () => {
    expect(view(notified, 'notify')).toMatchObject({ status: 'met', metAt: '2026-03-02T03:00:00.000Z' });
    expect(view(notified, 'file').status).toBe('pending');
  });

  const review = apply(notified, walk.file); // Tue 3 March, 09:00 local

  it('FILE meets file and starts review (P3D → 24:00 Fri 6)', () => {
    expect(view(review, 'file')).toMatchObject({ status: 'met', metAt: '2026-03-03T01:00:00.000Z' });
    expect(view(review, 'review')).toMatchObject({ startedAt: '2026-03-03T01:00:00.000Z', dueAt: '2026-03-06T16:00:00.000Z', status: 'pending' });
  });

  const handling = apply(review, walk.approve); // Wed 4 March, 09:00 local

  it('APPROVE meets review and starts handle (P30D → Fri 3 April)', () => {
    expect(view(handling, 'review')).toMatchObject({ status: 'met', metAt: '2026-03-04T01:00:00.000Z' });
    expect(view(handling, 'handle')).toMatchObject({ startedAt: '2026-03-04T01:00:00.000Z', dueAt: '2026-04-03T16:00:00.000Z', status: 'pending' });
  });

  it('CLOSE meets handle; no limit is left running', () => {
    const closed = apply(handling, walk.close);
    expect(view(closed, 'handle')).toMatchObject({ status: 'met', metAt: '2026-03-20T01:00:00.000Z' });
    expect(toView(closed).deadlines.map((d) => d.status)).toEqual(['met', 'met', 'met', 'met', 'met']);
    expect(nextDueAt(closed.context)).toBeNull();
  });
});

describe('the working-day rule', () => {
  it('a handle limit ending on the Qingming holidays moves to the next working day', () => {
    // APPROVE Thu 5 March: +30 days = Sat 4 April, a holiday like Sun 5 and Mon 6; Tue 7 is the next working day.
    const s = applyAll(open(), [...toReview, { type: 'APPROVE', at: '2026-03-05T09:00:00+08:00' }]);
    expect(view(s, 'handle').dueAt).toBe('2026-04-07T16:00:00.000Z');
  });

  it('a file limit ending on a Saturday moves to Monday', () => {
    // REGISTER Wed 4 March: Thu 5, Fri 6, Sat 7 → Mon 9.
    const s = apply(open(), { type: 'REGISTER', at: '2026-03-04T10:00:00+08:00' });
    expect(view(s, 'file').dueAt).toBe('2026-03-09T16:00:00.000Z');
  });

  it('a make-up Saturday is a working day: the limit ends there', () => {
    // REGISTER Wed 7 October (a holiday itself, but the anchor day is not counted): Thu 8, Fri 9, Sat 10 = make-up workday.
    const s = apply(open({ reportedAt: '2026-10-07T09:00:00+08:00' }), { type: 'REGISTER', at: '2026-10-07T10:00:00+08:00' });
    expect(view(s, 'file').dueAt).toBe('2026-10-10T16:00:00.000Z');
  });

  it('days are counted on the local calendar, not the UTC one', () => {
    // 07:00 Tue 3 March local is still Mon 2 March in UTC; counting from the local Tue gives Fri 6.
    const s = apply(open(), { type: 'REGISTER', at: '2026-03-03T07:00:00+08:00' });
    expect(view(s, 'file').dueAt).toBe('2026-03-06T16:00:00.000Z');
  });

  it('clock-time limits ignore the calendar', () => {
    // Sat 3 October 2026, in the middle of National Day: PT24H is still 24 hours.
    const s = apply(open({ reportedAt: '2026-10-03T09:00:00+08:00' }), { type: 'REGISTER', at: '2026-10-03T10:00:00+08:00' });
    expect(view(s, 'register')).toMatchObject({ startedAt: '2026-10-03T01:00:00.000Z', status: 'met' });
    expect(view(s, 'notify').dueAt).toBe('2026-10-04T02:00:00.000Z');
  });
});

describe('custody', () => {
  // REGISTER Mon 28 September: the third day is Thu 1 October, National Day; the holidays run to Wed 7.
  const registerOn28Sept = (custody: boolean) =>
    apply(open({ reportedAt: '2026-09-28T09:00:00+08:00', custody }), { type: 'REGISTER', at: '2026-09-28T10:00:00+08:00' });

  it('without custody, a P3D file limit waits for the first working day after the holidays', () => {
    expect(view(registerOn28Sept(false), 'file').dueAt).toBe('2026-10-08T16:00:00.000Z');
  });

  it('with custody, it ends at 24:00 on the holiday itself', () => {
    expect(view(registerOn28Sept(true), 'file').dueAt).toBe('2026-10-01T16:00:00.000Z');
  });

  it('custody ends on a Saturday too', () => {
    const s = apply(open({ custody: true }), { type: 'REGISTER', at: '2026-03-04T10:00:00+08:00' });
    expect(view(s, 'file').dueAt).toBe('2026-03-07T16:00:00.000Z');
  });

  it('clock-time limits are the same with or without custody', () => {
    expect(view(registerOn28Sept(true), 'notify').dueAt).toBe('2026-09-29T02:00:00.000Z');
    expect(view(registerOn28Sept(false), 'notify').dueAt).toBe('2026-09-29T02:00:00.000Z');
  });
});

describe('the fast track', () => {
  it('criminal: handle is P7D from APPROVE (Wed 4 → Wed 11 March); review keeps the ordinary P3D', () => {
    const s = applyAll(open(), [...toNotified, walk.fast, walk.approve]);
    expect(view(s, 'review').dueAt).toBe('2026-03-06T16:00:00.000Z');
    expect(view(s, 'handle')).toMatchObject({ startedAt: '2026-03-04T01:00:00.000Z', dueAt: '2026-03-11T16:00:00.000Z' });
  });

  it('administrative: handle is exactly PT48H from APPROVE', () => {
    const s = applyAll(open({ category: 'administrative' }), [...toNotified, walk.fast, walk.approve]);
    expect(view(s, 'handle').dueAt).toBe('2026-03-06T01:00:00.000Z');
  });

  it('administrative ordinary: file is PT24H from REGISTER, handle P30D', () => {
    const s = applyAll(open({ category: 'administrative' }), toHandling);
    expect(view(s, 'file').dueAt).toBe('2026-03-03T02:00:00.000Z');
    expect(view(s, 'handle').dueAt).toBe('2026-04-03T16:00:00.000Z');
  });

  it.each(['criminal', 'administrative'] as const)('%s: CONVERT_TO_ORDINARY recomputes handle from its APPROVE anchor with P30D', (category) => {
    const fast = applyAll(open({ category }), [...toNotified, walk.fast, walk.approve]);
    const s = apply(fast, { type: 'CONVERT_TO_ORDINARY', at: '2026-03-05T09:00:00+08:00' });
    expect(toView(s).deadlines.filter((d) => d.limit === 'handle')).toEqual([
      { limit: 'handle', startedAt: '2026-03-04T01:00:00.000Z', dueAt: '2026-04-03T16:00:00.000Z', status: 'pending', extensions: 0, metAt: null },
    ]);
  });

  it('converting an overdue fast-track case gives it the ordinary time, and it is no longer overdue', () => {
    const fast = applyAll(open({ category: 'administrative' }), [...toNotified, walk.fast, walk.approve]);
    const late = tick(fast, '2026-03-06T02:00:00Z');
    expect(view(late, 'handle').status).toBe('overdue');
    expect(isOverdue(late.context)).toBe(true);
    const s = apply(late, { type: 'CONVERT_TO_ORDINARY', at: '2026-03-06T03:00:00Z' });
    expect(view(s, 'handle')).toMatchObject({ dueAt: '2026-04-03T16:00:00.000Z', status: 'pending' });
    expect(isOverdue(s.context)).toBe(false);
  });
});

describe('REJECT', () => {
  const reject: Step = { type: 'REJECT', reason: 'thin evidence', at: '2026-03-04T09:00:00+08:00' };
  const rejected = apply(applyAll(open(), toReview), reject);

  it('meets review and restarts file from the rejection (Wed 4 → Sat 7 → Mon 9 March)', () => {
    expect(view(rejected, 'review')).toMatchObject({ status: 'met', metAt: '2026-03-04T01:00:00.000Z' });
    expect(view(rejected, 'file', 0)).toMatchObject({ status: 'met', metAt: '2026-03-03T01:00:00.000Z' });
    expect(view(rejected, 'file', 1)).toEqual({
      limit: 'file', startedAt: '2026-03-04T01:00:00.000Z', dueAt: '2026-03-09T16:00:00.000Z', status: 'pending', extensions: 0, metAt: null,
    });
  });

  it('the next FILE meets the restarted limit and starts a fresh review', () => {
    const s = apply(rejected, { type: 'FILE', decision: 'file', at: '2026-03-05T09:00:00+08:00' });
    expect(view(s, 'file', 1)).toMatchObject({ status: 'met', metAt: '2026-03-05T01:00:00.000Z' });
    // Thu 5 → Fri 6, Sat 7, Sun 8 → Mon 9.
    expect(view(s, 'review', 1)).toMatchObject({ startedAt: '2026-03-05T01:00:00.000Z', dueAt: '2026-03-09T16:00:00.000Z', status: 'pending' });
  });
});

describe('decline and transfer', () => {
  it('declineNotice runs from the approval of a decline and is met by NOTIFY', () => {
    const s = applyAll(open(), [...toNotified, walk.decline, walk.approve]);
    // Wed 4 → Sat 7 → Mon 9 March.
    expect(view(s, 'declineNotice')).toMatchObject({ startedAt: '2026-03-04T01:00:00.000Z', dueAt: '2026-03-09T16:00:00.000Z', status: 'pending' });
    expect(toView(s).deadlines.some((d) => d.limit === 'handle')).toBe(false);
    const closed = apply(s, { type: 'NOTIFY', at: '2026-03-05T09:00:00+08:00' });
    expect(view(closed, 'declineNotice')).toMatchObject({ status: 'met', metAt: '2026-03-05T01:00:00.000Z' });
  });

  it('transfer runs from entry to awaiting_transfer; TRANSFER meets it and anchors handle', () => {
    const waiting = applyAll(open({ offense: 'homicide' }), toHandling);
    expect(view(waiting, 'transfer')).toMatchObject({ startedAt: '2026-03-04T01:00:00.000Z', dueAt: '2026-03-09T16:00:00.000Z', status: 'pending' });
    expect(toView(waiting).deadlines.some((d) => d.limit === 'handle')).toBe(false);
    const moved = apply(waiting, { type: 'TRANSFER', toUnit: 'SPEC-1', toUnitType: 'specialized', at: '2026-03-05T09:00:00+08:00' });
    expect(view(moved, 'transfer')).toMatchObject({ status: 'met', metAt: '2026-03-05T01:00:00.000Z' });
    // Thu 5 March + 30 = Sat 4 April (Qingming) → Tue 7 April.
    expect(view(moved, 'handle')).toMatchObject({ startedAt: '2026-03-05T01:00:00.000Z', dueAt: '2026-04-07T16:00:00.000Z', status: 'pending' });
  });
});

describe('status, nextDueAt and isOverdue', () => {
  const registered = apply(open(), walk.register);

  it('nextDueAt is the earliest running due; met limits do not count', () => {
    expect(nextDueAt(open().context)).toBe('2026-03-03T01:00:00.000Z');
    expect(nextDueAt(registered.context)).toBe('2026-03-03T02:00:00.000Z');
    expect(nextDueAt(applyAll(open(), toNotified).context)).toBe('2026-03-05T16:00:00.000Z');
  });

  it('a limit past its due is overdue once the clock has ticked past it', () => {
    expect(isOverdue(tick(registered, '2026-03-03T01:59:59Z').context)).toBe(false);
    const late = tick(registered, '2026-03-03T02:00:00Z');
    expect(view(late, 'notify').status).toBe('overdue');
    expect(view(late, 'file').status).toBe('pending');
    expect(isOverdue(late.context)).toBe(true);
  });

  it('a late event still meets the limit it leaves', () => {
    const late = tick(registered, '2026-03-04T00:00:00Z');
    const s = apply(late, { type: 'NOTIFY', at: '2026-03-04T00:00:00Z' });
    expect(view(s, 'notify')).toMatchObject({ status: 'met', metAt: '2026-03-04T00:00:00.000Z', dueAt: '2026-03-03T02:00:00.000Z' });
    expect(isOverdue(s.context)).toBe(false);
  });
});
