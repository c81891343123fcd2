// Contract section 11: the shipped calendar covers 2026. A whole-day due in 2027 is provisional in the view (next
// year's holidays are not known), a clock-time one never is; start-up and /readyz warn from 60 days before the end.
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../contracts/policy';
import { DateTime } from 'luxon';
import { addCalendar, tick, toView } from '../../machines/case-engine';
import { calendarEndsAt, calendarWarning } from '../../machines/calendar-cover';
import { apply, open, shipped } from './fixtures';

describe('the end of the policy calendar', () => {
  it('is New Year after the last year the calendar lists, in the policy zone', () => {
    expect(calendarEndsAt(shipped)).toBe('2026-12-31T16:00:00.000Z');
    expect(calendarEndsAt(policySchema.parse({ ...shipped, calendar: { holidays: [], workdays: [] } }))).toBeNull();
  });

  it('is warned of from 60 days before it, and once it has passed', () => {
    expect(calendarWarning(shipped, Date.parse('2026-10-01T00:00:00Z'))).toBeNull();
    expect(calendarWarning(shipped, Date.parse('2026-12-02T00:00:00Z'))).toBe(
      "the policy calendar ends 2026-12-31T16:00:00.000Z (in 30 days): whole-day limits due after it are provisional; add next year's holidays and workdays (docs/configuration.md)",
    );
    expect(calendarWarning(shipped, Date.parse('2027-02-01T00:00:00Z'))).toMatch(/^the policy calendar ended 2026-12-31T16:00:00.000Z:/);
  });

  it('marks whole-day dues past it provisional in the view, and no clock-time due', () => {
    // Reported on New Year's Eve: register (PT24H, clock time) falls due in 2027 and is exact all the same.
    const reported = open({ reportedAt: '2026-12-31T18:00:00+08:00' });
    expect(toView(reported).deadlines).toEqual([expect.not.objectContaining({ provisional: expect.anything() })]);
    expect(toView(reported).deadlines[0]!.dueAt).toBe('2027-01-01T10:00:00.000Z');

    const registered = apply(reported, { type: 'REGISTER', at: '2026-12-31T19:00:00+08:00' });
    const byLimit = Object.fromEntries(toView(registered).deadlines.map((d) => [d.limit, d]));
    expect(byLimit.file).toMatchObject({ provisional: true });
    expect(byLimit.notify).not.toHaveProperty('provisional');

    // Within the calendar: a whole-day due in 2026 is final.
    const early = apply(open({ reportedAt: '2026-12-01T09:00:00+08:00' }), { type: 'REGISTER', at: '2026-12-01T10:00:00+08:00' });
    expect(toView(early).deadlines.find((d) => d.limit === 'file')).not.toHaveProperty('provisional');
  });
});

/** The local day a whole-day due ends: dues fall at 24:00, the first instant of the next local day. */
const dayOf = (dueAt: string) => DateTime.fromISO(dueAt, { zone: 'Asia/Shanghai' }).minus({ milliseconds: 1 });

describe('a year added to the calendar of a running case', () => {
  it('counts its running whole-day limits again: a due on a new holiday moves to the next working day, no longer provisional', () => {
    const registered = apply(open({ reportedAt: '2026-12-30T09:00:00+08:00' }), { type: 'REGISTER', at: '2026-12-30T10:00:00+08:00' });
    const before = toView(registered).deadlines.find((d) => d.limit === 'file')!;
    expect(before).toMatchObject({ provisional: true });
    const dueDay = dayOf(before.dueAt).toISODate()!;

    const added = addCalendar(registered, { holidays: [dueDay], workdays: [] }, '2026-12-31T09:00:00+08:00');
    const after = toView(added).deadlines.find((d) => d.limit === 'file')!;
    expect(after).not.toHaveProperty('provisional');
    expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(before.dueAt));
    expect(dayOf(after.dueAt).toISODate()! > dueDay).toBe(true);
    // Clock-time and met limits stay as they were; the added year is in the case's own calendar from now on.
    expect(toView(added).deadlines.filter((d) => d.limit !== 'file')).toEqual(toView(registered).deadlines.filter((d) => d.limit !== 'file'));
    expect(added.context.policy.calendar.holidays).toContain(dueDay);
  });

  it('escalates a due the new calendar moved into the past at the next look', () => {
    // A made-up working day in the calendar brings a due a day forward: with the clock past it, the limit is overdue.
    const registered = apply(open({ reportedAt: '2027-01-07T09:00:00+08:00' }), { type: 'REGISTER', at: '2027-01-07T10:00:00+08:00' });
    const file = toView(registered).deadlines.find((d) => d.limit === 'file')!;
    const local = dayOf(file.dueAt);
    // Three days from Thursday end on a Sunday, so the due is Monday's end; declaring that Sunday a working day
    // (a make-up day) brings it back to Sunday's, already past on Monday morning.
    expect(local.weekday).toBe(1);
    const sunday = local.minus({ days: 1 }).toISODate()!;
    const mondayMorning = local.startOf('day').plus({ hours: 8 }).toISO()!;
    const added = addCalendar(registered, { holidays: [], workdays: [sunday] }, mondayMorning);
    const moved = toView(added).deadlines.find((d) => d.limit === 'file')!;
    expect(dayOf(moved.dueAt).toISODate()).toBe(sunday);
    expect(moved.status).toBe('overdue');
    const escalated = tick(added, mondayMorning);
    expect(toView(escalated).escalations).toContainEqual(expect.objectContaining({ limit: 'file', level: 'overdue' }));
  });
});
