// Month limits of contract section 9 (P1M, P2M; half a month is P15D), counted as the Supreme People's Court's 2021
// interpretation says: to the same-numbered day of the later month; to its last day when the start was a month's
// last day or the later month has no such day; then the holiday rule, custody excepted. Dates hand-checked against
// the 2026 calendar of the shipped policy (Sat Feb 28 is a make-up working day; Feb 15–23 and Oct 1–7 are off).
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { policySchema } from '../../contracts/policy';
import { computeDue, extendDue, isWorkingDay, type ClockRules } from '../../machines/legal-clock';

const policy = loadPolicy();
const rules: ClockRules = { timezone: policy.timezone, ...policy.calendar };
// 10:00 in Shanghai on `date`; a due at 00:00 Shanghai of the day after the last day is 16:00Z of the last day.
const at = (date: string) => `${date}T10:00:00+08:00`;
const endOf = (lastDay: string) => `${lastDay}T16:00:00.000Z`;

describe('month limits, hand-checked', () => {
  it.each([
    ['2026-01-15', 'P1M', false, '2026-02-24', 'Feb 15 falls in the Spring Festival: the next working day, Tue Feb 24'],
    ['2026-01-15', 'P1M', true, '2026-02-15', 'custody: Feb 15 stands, holiday or not'],
    ['2026-01-31', 'P1M', false, '2026-02-28', 'Jan 31, a month\'s last day, ends on Feb 28 (a Saturday, but a make-up working day)'],
    ['2026-01-30', 'P1M', false, '2026-02-28', 'February has no 30th: its last day'],
    ['2026-02-28', 'P1M', false, '2026-03-31', 'Feb 28 is February\'s last day: March\'s last day, not Mar 28'],
    ['2026-03-31', 'P1M', false, '2026-04-30', 'April has no 31st'],
    ['2026-04-30', 'P1M', false, '2026-06-01', 'Apr 30, last day of a 30-day month: May 31, a Sunday, so Mon Jun 1'],
    ['2026-04-30', 'P1M', true, '2026-05-31', 'custody: Sun May 31 stands'],
    ['2026-03-30', 'P1M', false, '2026-04-30', 'Mar 30 is not March\'s last day: Apr 30, the same-numbered day'],
    ['2026-07-31', 'P2M', false, '2026-09-30', 'two months from Jul 31: September\'s last day, Wed Sep 30'],
    ['2026-08-01', 'P2M', false, '2026-10-08', 'Oct 1 is National Day (Oct 1–7 off): Thu Oct 8'],
    ['2026-09-20', 'P15D', false, '2026-10-08', 'half a month is 15 days: Oct 5, a holiday, so Oct 8'],
    ['2026-12-31', 'P2M', true, '2027-02-28', 'across a year end into a common February'],
    ['2028-01-31', 'P1M', true, '2028-02-29', 'a leap February ends on the 29th'],
    ['2028-02-29', 'P1M', true, '2028-03-31', 'a leap February\'s last day: March\'s last day'],
  ])('%s + %s (custody %s) ends on %s: %s', (start, duration, custody, lastDay) => {
    expect(computeDue(at(start), duration, rules, custody)).toBe(endOf(lastDay));
  });

  it('an anchor late in the evening counts from its own local day, not the UTC one', () => {
    // 23:30 on Jan 31 in Shanghai is 15:30Z the same day; at 00:30 on Feb 1 local it is still Jan 31 in UTC.
    expect(computeDue('2026-01-31T23:30:00+08:00', 'P1M', rules, true)).toBe(endOf('2026-02-28'));
    expect(computeDue('2026-02-01T00:30:00+08:00', 'P1M', rules, true)).toBe(endOf('2026-03-01'));
  });

  it('extends a month limit by half a month or a month from its last day', () => {
    const review = computeDue(at('2026-01-31'), 'P1M', rules, false);
    // Feb 28 + 15 days is Sun Mar 15: Mon Mar 16.
    expect(extendDue(review, 'P15D', rules, false)).toBe(endOf('2026-03-16'));
    const trial = computeDue(at('2026-02-28'), 'P2M', rules, true);
    expect(trial).toBe(endOf('2026-04-30'));
    // Apr 30 is April's last day: one more month ends on May 31.
    expect(extendDue(trial, 'P1M', rules, true)).toBe(endOf('2026-05-31'));
  });

  it('the policy takes month limits and steps, and refuses a mix of months and days', () => {
    const shipped = loadPolicy();
    const parse = (limit: string) =>
      policySchema.safeParse({ ...shipped, limits: { ...shipped.limits, criminal: { ...shipped.limits.criminal, ordinary: { ...shipped.limits.criminal.ordinary, handle: limit } } } });
    expect(parse('P2M').success).toBe(true);
    const mixed = parse('P1M15D');
    expect(mixed.success).toBe(false);
    expect(mixed.error?.issues[0]?.path).toEqual(['limits', 'criminal', 'ordinary', 'handle']);
  });
});

const zone = fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'UTC');
const anchorMs = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31, 23, 59, 59, 999) });
const months = fc.integer({ min: 1, max: 3 });
const dayOffsets = fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 60 });
const clockCase = fc.record({ at: anchorMs, timezone: zone, holidays: dayOffsets, workdays: dayOffsets }).map(({ at: ms, timezone, holidays, workdays }) => {
  const day0 = DateTime.fromMillis(ms, { zone: timezone }).startOf('day');
  const dates = (offsets: number[]) => offsets.map((o) => day0.plus({ days: o }).toISODate() as string);
  return { anchor: new Date(ms).toISOString(), rules: { timezone, holidays: dates(holidays), workdays: dates(workdays) } as ClockRules };
});
const lastDayOf = (due: string, r: ClockRules) => DateTime.fromISO(due, { zone: r.timezone }).minus({ milliseconds: 1 });
const RUNS = { numRuns: 300 };

describe('month limit properties', () => {
  it('under custody the last day is luxon\'s month arithmetic, or the month\'s last day for a last-day start', () => {
    fc.assert(
      fc.property(clockCase, months, ({ anchor, rules: r }, n) => {
        const start = DateTime.fromISO(anchor, { zone: r.timezone });
        const plain = start.plus({ months: n });
        const expected = start.day === start.daysInMonth ? plain.endOf('month') : plain;
        const last = lastDayOf(computeDue(anchor, `P${n}M`, r, true), r);
        expect(last.toISODate()).toBe(expected.toISODate());
        expect(last.plus({ milliseconds: 1 }).toFormat('HH:mm:ss.SSS')).toBe('00:00:00.000');
      }),
      RUNS,
    );
  });

  it('without custody the last day is a working day, no earlier than under custody, with no working day between', () => {
    fc.assert(
      fc.property(clockCase, months, ({ anchor, rules: r }, n) => {
        const held = lastDayOf(computeDue(anchor, `P${n}M`, r, true), r);
        const free = lastDayOf(computeDue(anchor, `P${n}M`, r, false), r);
        expect(isWorkingDay(free.toISODate()!, r)).toBe(true);
        expect(free >= held).toBe(true);
        for (let day = held; day.toISODate()! < free.toISODate()!; day = day.plus({ days: 1 })) {
          expect(isWorkingDay(day.toISODate()!, r)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('a longer month limit never ends earlier, and P1M never ends before 28 days nor after 31 (custody)', () => {
    fc.assert(
      fc.property(clockCase, months, ({ anchor, rules: r }, n) => {
        const shorter = Date.parse(computeDue(anchor, `P${n}M`, r, true));
        expect(Date.parse(computeDue(anchor, `P${n + 1}M`, r, true))).toBeGreaterThan(shorter);
        const start = DateTime.fromISO(anchor, { zone: r.timezone }).startOf('day');
        const days = lastDayOf(computeDue(anchor, 'P1M', r, true), r).startOf('day').diff(start, 'days').days;
        expect(Math.round(days)).toBeGreaterThanOrEqual(28);
        expect(Math.round(days)).toBeLessThanOrEqual(31);
      }),
      RUNS,
    );
  });
});
