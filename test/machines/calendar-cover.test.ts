// Contract section 11: the shipped calendar covers 2026. A whole-day due in 2027 is provisional in the view (next
// year's holidays are not known), a clock-time one never is; start-up and /readyz warn from 60 days before the end.
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../contracts/policy';
import { toView } from '../../machines/case-engine';
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
