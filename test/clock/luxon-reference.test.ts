// The legal clock does its calendar arithmetic on epoch milliseconds with cached zone offsets, for speed. Luxon's
// DateTime did it first; this holds the two to the same answer, to the millisecond, where calendars are hardest:
// DST jumps at and around midnight, half-hour and 45-minute offsets, a zone that skipped a whole day.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime, Info } from 'luxon';
import * as clock from '../../machines/legal-clock';
import * as reference from './luxon-reference';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RUNS = { numRuns: 1000 };

const zones = [
  'UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'America/Havana', 'Asia/Beirut',
  'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'Pacific/Apia', 'Africa/Casablanca',
  'Asia/Tehran', 'Europe/Dublin',
];

// Near local midnight of some day, where DST jumps in several of these zones sit and where day arithmetic turns.
const nearMidnight = fc
  .record({ day: fc.integer({ min: Date.UTC(1990, 0, 1) / DAY, max: Date.UTC(2040, 0, 1) / DAY }), minutes: fc.integer({ min: -15 * 60, max: 15 * 60 }) })
  .map(({ day, minutes }) => day * DAY + minutes * 60_000);
const anyInstant = fc.integer({ min: Date.UTC(1975, 0, 1), max: Date.UTC(2060, 0, 1) });

const clockCase = fc
  .record({ at: fc.oneof(nearMidnight, anyInstant), timezone: fc.constantFrom(...zones), holidays: fc.uniqueArray(fc.integer({ min: -2, max: 90 }), { maxLength: 40 }), workdays: fc.uniqueArray(fc.integer({ min: -2, max: 90 }), { maxLength: 10 }), offsetForm: fc.boolean() })
  .map(({ at, timezone, holidays, workdays, offsetForm }) => {
    const day0 = DateTime.fromMillis(at, { zone: timezone }).startOf('day');
    const dates = (offsets: number[]) => offsets.map((o) => day0.plus({ days: o }).toISODate() as string);
    // Both forms an anchor arrives in: UTC as the engine writes it, and a local reading with its offset.
    const anchor = offsetForm ? (DateTime.fromMillis(at, { zone: timezone }).toISO() as string) : new Date(at).toISOString();
    return { anchor, rules: { timezone, holidays: dates(holidays), workdays: dates(workdays) } };
  });

const duration = fc.oneof(
  fc.integer({ min: 0, max: 60 }).map((n) => `P${n}D`),
  fc.integer({ min: 1, max: 8 }).map((n) => `P${n}W`),
  fc.integer({ min: 1, max: 200 }).map((n) => `PT${n}H`),
  fc.constantFrom('PT30M', 'PT90M', 'PT45S', 'PT1H30M15S'),
);

describe('the legal clock matches its luxon reference to the millisecond', () => {
  it('computeDue, then extendDue and resumeDue on its due', () => {
    fc.assert(
      fc.property(clockCase, duration, duration, fc.integer({ min: 0, max: 40 * DAY }), fc.boolean(), ({ anchor, rules }, d, ext, suspended, custody) => {
        const due = clock.computeDue(anchor, d, rules, custody);
        expect(due).toBe(reference.computeDue(anchor, d, rules, custody));
        expect(clock.extendDue(due, ext, rules, custody)).toBe(reference.extendDue(due, ext, rules, custody));
        const whole = clock.isWholeDays(d);
        expect(clock.resumeDue(due, suspended, whole, rules, custody)).toBe(reference.resumeDue(due, suspended, whole, rules, custody));
      }),
      RUNS,
    );
  });

  it('addDuration, calendar days and clock time', () => {
    fc.assert(
      fc.property(clockCase, fc.constantFrom('P1D', 'P2D', 'P1W', 'PT24H', 'PT1H'), ({ anchor, rules }, step) => {
        expect(clock.addDuration(anchor, step, rules.timezone)).toBe(reference.addDuration(anchor, step, rules.timezone));
      }),
      RUNS,
    );
  });

  // The clock asks each zone its offset once per UTC hour. Where a jump falls inside an hour (St John's and Lord Howe
  // jump at :30 UTC, Kathmandu moved by 15 minutes in 1986), every minute of that hour still reads its own offset.
  it.each([
    ['America/St_Johns', 2024, 2028],
    ['Australia/Lord_Howe', 2024, 2028],
    ['Asia/Kathmandu', 1985, 1987],
  ] as const)('every minute of an hour in which %s changes its offset, %i to %i', (timezone, from, to) => {
    const zone = Info.normalizeZone(timezone);
    const rules = { timezone, holidays: [], workdays: [] };
    let hours = 0;
    for (let hour = Date.UTC(from, 0, 1); hour < Date.UTC(to, 0, 1); hour += HOUR) {
      if (zone.offset(hour) === zone.offset(hour + HOUR - 1)) continue;
      hours += 1;
      for (let minute = 0; minute < 60; minute += 1) {
        const at = new Date(hour + minute * 60_000).toISOString();
        expect(clock.addDuration(at, 'P1D', timezone)).toBe(reference.addDuration(at, 'P1D', timezone));
        expect(clock.computeDue(at, 'P1D', rules, false)).toBe(reference.computeDue(at, 'P1D', rules, false));
      }
    }
    expect(hours).toBeGreaterThan(0);
  });

  it('an anchor without an offset is a local reading, as luxon reads it', () => {
    const rules = { timezone: 'Europe/Berlin', holidays: [], workdays: [] };
    for (const anchor of ['2026-03-29T02:30:00', '2026-10-25T02:30:00', '2026-03-26T12:00']) {
      expect(clock.computeDue(anchor, 'P3D', rules, false)).toBe(reference.computeDue(anchor, 'P3D', rules, false));
      expect(clock.computeDue(anchor, 'PT5H', rules, false)).toBe(reference.computeDue(anchor, 'PT5H', rules, false));
    }
  });
});
