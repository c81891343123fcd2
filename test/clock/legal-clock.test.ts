import { describe, it, expect } from 'vitest';
import {
  addDuration,
  computeDue,
  extendDue,
  fractionOf,
  isWholeDays,
  isWorkingDay,
  resumeDue,
  type ClockRules,
} from '../../machines/legal-clock';

// March 2026 (Mon 2, Wed 4, Sat 7, Sun 8, Mon 9) keeps these cases free of the 2026 holidays.
const utcPlain: ClockRules = { timezone: 'UTC', holidays: [], workdays: [] };
const shanghai: ClockRules = { timezone: 'Asia/Shanghai', holidays: [], workdays: [] };
const nationalDay: ClockRules = {
  timezone: 'Asia/Shanghai',
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-20', '2026-10-10'],
};
const berlin: ClockRules = { timezone: 'Europe/Berlin', holidays: [], workdays: [] };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('isWholeDays', () => {
  // Months count calendar days too (contract section 9): the working-day rule applies to their last day.
  it.each(['P3D', 'P1W', 'P30D', 'P1M', 'P2M'])('%s is whole days', (d) => expect(isWholeDays(d)).toBe(true));
  it.each(['PT24H', 'PT30M', 'PT10S', 'P1DT2H', 'P1M2D'])('%s is not whole days', (d) => expect(isWholeDays(d)).toBe(false));
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-03-02', utcPlain, true], // Monday
    ['2026-03-07', utcPlain, false], // Saturday
    ['2026-03-08', utcPlain, false], // Sunday
    ['2026-03-07', { ...utcPlain, workdays: ['2026-03-07'] }, true], // make-up Saturday
    ['2026-03-02', { ...utcPlain, holidays: ['2026-03-02'] }, false], // holiday Monday
    ['2026-03-07', { ...utcPlain, holidays: ['2026-03-07'], workdays: ['2026-03-07'] }, false], // holiday wins
  ] as const)('%s → %s', (date, rules, expected) => expect(isWorkingDay(date, rules)).toBe(expected));

  it('rejects something that is not a YYYY-MM-DD date', () => {
    expect(() => isWorkingDay('2026-02-30', utcPlain)).toThrow(RangeError);
    expect(() => isWorkingDay('2026-3-2', utcPlain)).toThrow(RangeError);
  });
});

describe('computeDue: whole days', () => {
  it.each([
    // the anchor's day is not counted, whatever the time of day
    ['2026-03-02T00:00:00Z', 'P1D', utcPlain, '2026-03-04T00:00:00.000Z'],
    ['2026-03-02T23:59:59.999Z', 'P1D', utcPlain, '2026-03-04T00:00:00.000Z'],
    // the anchor's day is the local one: 20:00Z on the 2nd is 04:00 on the 3rd in Shanghai
    ['2026-03-02T20:00:00Z', 'P1D', shanghai, '2026-03-04T16:00:00.000Z'],
    // Wed + 3 = Sat → Mon, expiring at 24:00 Monday
    ['2026-03-04T10:00:00Z', 'P3D', utcPlain, '2026-03-10T00:00:00.000Z'],
    // Sat listed as a make-up working day stays the last day
    ['2026-03-04T10:00:00Z', 'P3D', { ...utcPlain, workdays: ['2026-03-07'] }, '2026-03-08T00:00:00.000Z'],
    // a week is 7 days: Mon 2 + 7 = Mon 9
    ['2026-03-02T10:00:00Z', 'P1W', utcPlain, '2026-03-10T00:00:00.000Z'],
    // contract §5 example: Oct 1 is a holiday, Oct 8 the next working day
    ['2026-09-28T10:00+08:00', 'P3D', nationalDay, '2026-10-08T16:00:00.000Z'],
  ] as const)('%s + %s', (anchor, duration, rules, expected) => {
    expect(computeDue(anchor, duration, rules, false)).toBe(expected);
  });

  it('writes UTC with milliseconds and Z', () => {
    expect(computeDue('2026-03-02T10:00:00+05:30', 'P1D', { ...utcPlain, timezone: 'Asia/Kolkata' }, false)).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
  });
});

describe('computeDue: clock time is exact and ignores holidays', () => {
  it.each([
    ['2026-03-06T09:15:00Z', 'PT24H', utcPlain, '2026-03-07T09:15:00.000Z'], // lands on a Saturday
    ['2026-09-30T10:00+08:00', 'PT24H', nationalDay, '2026-10-01T02:00:00.000Z'], // lands on a holiday
    ['2026-09-30T10:00+08:00', 'PT72H', nationalDay, '2026-10-03T02:00:00.000Z'],
    ['2026-03-02T10:00:00Z', 'PT30M', utcPlain, '2026-03-02T10:30:00.000Z'],
    ['2026-03-02T10:00:00Z', 'PT10S', utcPlain, '2026-03-02T10:00:10.000Z'],
    ['2026-03-02T10:00:00Z', 'PT1H30M', utcPlain, '2026-03-02T11:30:00.000Z'],
  ] as const)('%s + %s', (anchor, duration, rules, expected) => {
    expect(computeDue(anchor, duration, rules, false)).toBe(expected);
  });
});

describe('computeDue: custody never moves', () => {
  it.each([
    ['2026-03-04T10:00:00Z', 'P3D', utcPlain, '2026-03-08T00:00:00.000Z'], // Saturday stays
    ['2026-09-28T10:00+08:00', 'P3D', nationalDay, '2026-10-01T16:00:00.000Z'], // Oct 1 stays
    ['2026-09-30T10:00+08:00', 'PT24H', nationalDay, '2026-10-01T02:00:00.000Z'],
  ] as const)('%s + %s', (anchor, duration, rules, expected) => {
    expect(computeDue(anchor, duration, rules, true)).toBe(expected);
  });
});

describe('computeDue: refuses what the policy schema refuses', () => {
  it.each(['P1M15D', 'P1Y', 'P1DT2H', 'PT', '3D', ''])('duration %j', (d) => {
    expect(() => computeDue('2026-03-02T10:00:00Z', d, utcPlain, false)).toThrow(RangeError);
  });
  it('an unknown zone or an unreadable anchor', () => {
    expect(() => computeDue('2026-03-02T10:00:00Z', 'P1D', { ...utcPlain, timezone: 'Mars/Olympus' }, false)).toThrow(RangeError);
    expect(() => computeDue('yesterday', 'P1D', utcPlain, false)).toThrow(RangeError);
  });
});

describe('DST (Europe/Berlin: CET→CEST on Sun 2026-03-29, CEST→CET on Sun 2026-10-25)', () => {
  it.each([
    // Thu 26 + 3 = Sun 29 (the 23-hour day) → Mon 30, 24:00 CEST
    ['2026-03-26T12:00+01:00', 'P3D', false, '2026-03-30T22:00:00.000Z'],
    ['2026-03-26T12:00+01:00', 'P3D', true, '2026-03-29T22:00:00.000Z'],
    // Fri 27 + 1 = Sat 28 (24:00 is still CET) → Mon 30
    ['2026-03-27T10:00+01:00', 'P1D', false, '2026-03-30T22:00:00.000Z'],
    ['2026-03-27T10:00+01:00', 'P1D', true, '2026-03-28T23:00:00.000Z'],
    // Wed 21 + 3 = Sat 24 → Mon 26, 24:00 CET
    ['2026-10-21T09:00+02:00', 'P3D', false, '2026-10-26T23:00:00.000Z'],
    ['2026-10-21T09:00+02:00', 'P3D', true, '2026-10-24T22:00:00.000Z'],
    // Sun 25 is a 25-hour day: its 24:00 is 23:00Z
    ['2026-10-21T09:00+02:00', 'P4D', true, '2026-10-25T23:00:00.000Z'],
  ] as const)('%s + %s custody=%s', (anchor, duration, custody, expected) => {
    expect(computeDue(anchor, duration, berlin, custody)).toBe(expected);
  });

  it('clock time stays exact across the jump (24 h later is 13:00 local)', () => {
    expect(computeDue('2026-03-28T12:00+01:00', 'PT24H', berlin, false)).toBe('2026-03-29T11:00:00.000Z');
  });

  it('a whole-day extension keeps local midnight across the jump', () => {
    // due 24:00 Thu Mar 26 CET; + 4 days = 24:00 Mon Mar 30 CEST
    expect(extendDue('2026-03-26T23:00:00.000Z', 'P4D', berlin, false)).toBe('2026-03-30T22:00:00.000Z');
  });

  it('addDuration: P1D is the same local time the next day, PT24H is exact', () => {
    expect(addDuration('2026-03-28T12:00+01:00', 'P1D', 'Europe/Berlin')).toBe('2026-03-29T10:00:00.000Z');
    expect(addDuration('2026-03-28T12:00+01:00', 'PT24H', 'Europe/Berlin')).toBe('2026-03-29T11:00:00.000Z');
    expect(addDuration('2026-10-24T12:00+02:00', 'P1D', 'Europe/Berlin')).toBe('2026-10-25T11:00:00.000Z');
  });
});

describe('extendDue', () => {
  it('criminal file chain P3D → +P4D → +P23D around National Day', () => {
    const filed = computeDue('2026-09-28T10:00+08:00', 'P3D', nationalDay, false);
    expect(filed).toBe('2026-10-08T16:00:00.000Z'); // 24:00 Thu Oct 8
    const seven = extendDue(filed, 'P4D', nationalDay, false);
    expect(seven).toBe('2026-10-12T16:00:00.000Z'); // 24:00 Mon Oct 12
    expect(extendDue(seven, 'P23D', nationalDay, false)).toBe('2026-11-04T16:00:00.000Z'); // 24:00 Wed Nov 4
  });

  it('criminal file chain in custody: 3 → 7 → 30 days from the anchor, holidays or not', () => {
    const filed = computeDue('2026-09-28T10:00+08:00', 'P3D', nationalDay, true);
    expect(filed).toBe('2026-10-01T16:00:00.000Z');
    const seven = extendDue(filed, 'P4D', nationalDay, true);
    expect(seven).toBe('2026-10-05T16:00:00.000Z');
    expect(extendDue(seven, 'P23D', nationalDay, true)).toBe('2026-10-28T16:00:00.000Z');
  });

  it('criminal file chain with no holiday in the way adds up to 30 days', () => {
    const filed = computeDue('2026-03-02T10:00+08:00', 'P3D', shanghai, false);
    expect(filed).toBe('2026-03-05T16:00:00.000Z'); // Thu Mar 5
    const seven = extendDue(filed, 'P4D', shanghai, false);
    expect(seven).toBe('2026-03-09T16:00:00.000Z'); // Mon Mar 9
    expect(extendDue(seven, 'P23D', shanghai, false)).toBe('2026-04-01T16:00:00.000Z'); // Wed Apr 1 = Mar 2 + 30
  });

  it('a whole-day extension landing on a weekend moves to Monday', () => {
    // due 24:00 Mon Mar 9; + 5 days = last day Sat Mar 14 → Mon Mar 16
    expect(extendDue('2026-03-09T16:00:00.000Z', 'P5D', shanghai, false)).toBe('2026-03-16T16:00:00.000Z');
  });

  it('a clock-time extension is exact, even into a holiday', () => {
    expect(extendDue('2026-10-01T02:00:00.000Z', 'PT48H', nationalDay, false)).toBe('2026-10-03T02:00:00.000Z');
  });
});

describe('resumeDue', () => {
  it('clock time moves by exactly the suspended time', () => {
    expect(resumeDue('2026-10-01T02:00:00.000Z', 5 * HOUR + 1, false, nationalDay, false)).toBe('2026-10-01T07:00:00.001Z');
  });

  it.each([
    // due 24:00 Wed Sep 30; +1 day → last day Thu Oct 1 (holiday) → 24:00 Thu Oct 8
    ['2026-09-30T16:00:00.000Z', DAY, false, '2026-10-08T16:00:00.000Z'],
    // custody: exactly one day later
    ['2026-09-30T16:00:00.000Z', DAY, true, '2026-10-01T16:00:00.000Z'],
    // due 24:00 Tue Sep 29; +2 h → 02:00 Wed Sep 30, a working day: stays exact
    ['2026-09-29T16:00:00.000Z', 2 * HOUR, false, '2026-09-29T18:00:00.000Z'],
    // due 24:00 Wed Sep 30; +2 h → 02:00 Thu Oct 1, a holiday: → 24:00 Oct 8
    ['2026-09-30T16:00:00.000Z', 2 * HOUR, false, '2026-10-08T16:00:00.000Z'],
    // due 24:00 Fri Oct 9; +1 day → Sat Oct 10, a make-up working day: stays
    ['2026-10-09T16:00:00.000Z', DAY, false, '2026-10-10T16:00:00.000Z'],
    // nothing suspended: unchanged
    ['2026-10-08T16:00:00.000Z', 0, false, '2026-10-08T16:00:00.000Z'],
  ] as const)('%s + %i ms custody=%s', (due, ms, custody, expected) => {
    expect(resumeDue(due, ms, true, nationalDay, custody)).toBe(expected);
  });

  it('refuses a negative or fractional suspension', () => {
    expect(() => resumeDue('2026-10-08T16:00:00.000Z', -1, true, nationalDay, false)).toThrow(RangeError);
    expect(() => resumeDue('2026-10-08T16:00:00.000Z', 0.5, true, nationalDay, false)).toThrow(RangeError);
  });
});

describe('fractionOf', () => {
  it.each([
    ['2026-03-02T00:00:00.000Z', '2026-03-05T00:00:00.000Z', 0.8, '2026-03-04T09:36:00.000Z'], // 0.8 × 72 h = 57 h 36 min
    ['2026-03-02T00:00:00.000Z', '2026-03-02T00:00:11.000Z', 0.7, '2026-03-02T00:00:07.700Z'], // 11000 × 0.7 is 7699.999… in floats
    ['2026-03-02T00:00:00.000Z', '2026-03-02T00:00:00.003Z', 0.5, '2026-03-02T00:00:00.001Z'], // 1.5 ms rounds down
    ['2026-03-02T00:00:00.000Z', '2026-03-05T00:00:00.000Z', 0, '2026-03-02T00:00:00.000Z'],
    ['2026-03-02T00:00:00.000Z', '2026-03-05T00:00:00.000Z', 1, '2026-03-05T00:00:00.000Z'],
    ['2026-03-02T08:00:00+08:00', '2026-03-03T08:00:00+08:00', 0.25, '2026-03-02T06:00:00.000Z'],
  ] as const)('%s..%s at %d', (start, due, fraction, expected) => {
    expect(fractionOf(start, due, fraction)).toBe(expected);
  });

  it.each([-0.1, 1.1, Number.NaN])('refuses fraction %d', (f) => {
    expect(() => fractionOf('2026-03-02T00:00:00Z', '2026-03-05T00:00:00Z', f)).toThrow(RangeError);
  });

  it('refuses an instant it cannot read', () => {
    expect(() => fractionOf('2026-03-02T00:00:00Z', 'soon', 0.5)).toThrow(RangeError);
  });
});
