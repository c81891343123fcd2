import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { computeDue, extendDue, isWorkingDay, resumeDue, type ClockRules } from '../../machines/legal-clock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RUNS = { numRuns: 300 };

const zone = fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'UTC');
const anchorMs = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31, 23, 59, 59, 999) });
const wholeDays = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map((n) => ({ iso: `P${n}D`, days: n })),
  fc.integer({ min: 1, max: 8 }).map((n) => ({ iso: `P${n}W`, days: 7 * n })),
);
const clockHours = fc.integer({ min: 1, max: 200 }).map((n) => ({ iso: `PT${n}H`, ms: n * HOUR }));
// Offsets from the anchor's local date, dense enough that most dues meet a holiday or make-up day.
const dayOffsets = fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 60 });

type Case = { anchor: string; rules: ClockRules };

// A random calendar drawn near the anchor: holidays and make-up days may overlap, as a careless policy might.
const clockCase = fc.record({ at: anchorMs, timezone: zone, holidays: dayOffsets, workdays: dayOffsets }).map(({ at, timezone, holidays, workdays }): Case => {
  const day0 = DateTime.fromMillis(at, { zone: timezone }).startOf('day');
  const dates = (offsets: number[]) => offsets.map((o) => day0.plus({ days: o }).toISODate() as string);
  return { anchor: DateTime.fromMillis(at, { zone: 'utc' }).toISO() as string, rules: { timezone, holidays: dates(holidays), workdays: dates(workdays) } };
});

const ms = (iso: string) => DateTime.fromISO(iso).toMillis();
const local = (iso: string, rules: ClockRules) => DateTime.fromISO(iso, { zone: rules.timezone });
const lastDay = (iso: string, rules: ClockRules) => local(iso, rules).minus({ milliseconds: 1 }).toISODate() as string;

describe('legal clock properties', () => {
  it('a non-custody whole-day due never ends on a non-working day', () => {
    fc.assert(
      fc.property(clockCase, wholeDays, ({ anchor, rules }, d) => {
        expect(isWorkingDay(lastDay(computeDue(anchor, d.iso, rules, false), rules), rules)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a whole-day due is always local midnight', () => {
    fc.assert(
      fc.property(clockCase, wholeDays, fc.boolean(), ({ anchor, rules }, d, custody) => {
        const due = local(computeDue(anchor, d.iso, rules, custody), rules);
        expect(due.toFormat('HH:mm:ss.SSS')).toBe('00:00:00.000');
      }),
      RUNS,
    );
  });

  it('a whole-day due is at least N × 24 h after the anchor, less an hour of DST', () => {
    fc.assert(
      fc.property(clockCase, wholeDays, fc.boolean(), ({ anchor, rules }, d, custody) => {
        expect(ms(computeDue(anchor, d.iso, rules, custody))).toBeGreaterThanOrEqual(ms(anchor) + d.days * DAY - HOUR);
      }),
      RUNS,
    );
  });

  it('a clock-time due is the anchor plus exactly the duration', () => {
    fc.assert(
      fc.property(clockCase, clockHours, fc.boolean(), ({ anchor, rules }, d, custody) => {
        expect(ms(computeDue(anchor, d.iso, rules, custody))).toBe(ms(anchor) + d.ms);
      }),
      RUNS,
    );
  });

  it('custody never makes a due later', () => {
    fc.assert(
      fc.property(clockCase, fc.oneof(wholeDays, clockHours), ({ anchor, rules }, d) => {
        expect(ms(computeDue(anchor, d.iso, rules, true))).toBeLessThanOrEqual(ms(computeDue(anchor, d.iso, rules, false)));
      }),
      RUNS,
    );
  });

  it('extending never moves a due earlier, and a whole-day extension keeps the working-day rule', () => {
    fc.assert(
      fc.property(clockCase, wholeDays, fc.oneof(wholeDays, clockHours), fc.boolean(), ({ anchor, rules }, d, ext, custody) => {
        const due = computeDue(anchor, d.iso, rules, custody);
        const extended = extendDue(due, ext.iso, rules, custody);
        expect(ms(extended)).toBeGreaterThan(ms(due));
        if ('days' in ext && !custody) expect(isWorkingDay(lastDay(extended, rules), rules)).toBe(true);
      }),
      RUNS,
    );
  });

  it('resuming moves a due at least the suspended time later, onto a working last day for whole days', () => {
    fc.assert(
      fc.property(
        clockCase,
        fc.oneof(wholeDays, clockHours),
        fc.integer({ min: 0, max: 30 * DAY }),
        fc.boolean(),
        ({ anchor, rules }, d, suspended, custody) => {
          const isWhole = 'days' in d;
          const due = computeDue(anchor, d.iso, rules, custody);
          const resumed = resumeDue(due, suspended, isWhole, rules, custody);
          expect(ms(resumed)).toBeGreaterThanOrEqual(ms(due) + suspended);
          if (!isWhole || custody) expect(ms(resumed)).toBe(ms(due) + suspended);
          else expect(isWorkingDay(lastDay(resumed, rules), rules)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
