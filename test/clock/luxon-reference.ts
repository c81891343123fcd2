// The legal clock as it was first written, on luxon DateTimes: a test-only reference that the epoch-arithmetic
// version in machines/legal-clock.ts must match to the millisecond (test/clock/luxon-reference.test.ts).
import { DateTime, Duration } from 'luxon';
import type { ClockRules } from '../../machines/legal-clock';

const WHOLE_DAYS = /^P(?:\d+W|\d+D)$/;

function span(duration: string): { days: number } | { ms: number } {
  const parsed = Duration.fromISO(duration);
  return WHOLE_DAYS.test(duration) ? { days: parsed.weeks * 7 + parsed.days } : { ms: parsed.as('milliseconds') };
}

const instant = (iso: string, timezone: string) => DateTime.fromISO(iso, { zone: timezone });
const utc = (at: DateTime) => at.toUTC().toISO() as string;

function isWorkingDay(localDate: string, rules: ClockRules): boolean {
  if (rules.holidays.includes(localDate)) return false;
  return DateTime.fromISO(localDate, { zone: 'utc' }).weekday <= 5 || rules.workdays.includes(localDate);
}

const endOfDay = (day: DateTime) => day.startOf('day').plus({ days: 1 }).startOf('day');

function workingDayRule(t: DateTime, rules: ClockRules, custody: boolean): DateTime {
  if (custody) return t;
  let day = t.minus({ milliseconds: 1 }).startOf('day');
  if (isWorkingDay(day.toISODate() as string, rules)) return t;
  do day = day.plus({ days: 1 });
  while (!isWorkingDay(day.toISODate() as string, rules));
  return endOfDay(day);
}

export function computeDue(anchor: string, duration: string, rules: ClockRules, custody: boolean): string {
  const limit = span(duration);
  const start = instant(anchor, rules.timezone);
  if ('ms' in limit) return utc(start.plus({ milliseconds: limit.ms }));
  const lastDay = start.startOf('day').plus({ days: limit.days });
  return utc(workingDayRule(endOfDay(lastDay), rules, custody));
}

export function extendDue(currentDue: string, extension: string, rules: ClockRules, custody: boolean): string {
  const step = span(extension);
  const due = instant(currentDue, rules.timezone);
  if ('ms' in step) return utc(due.plus({ milliseconds: step.ms }));
  return utc(workingDayRule(due.plus({ days: step.days }), rules, custody));
}

export function resumeDue(currentDue: string, suspendedMs: number, wholeDays: boolean, rules: ClockRules, custody: boolean): string {
  const moved = instant(currentDue, rules.timezone).plus({ milliseconds: suspendedMs });
  return utc(wholeDays ? workingDayRule(moved, rules, custody) : moved);
}

export function addDuration(at: string, duration: string, timezone: string): string {
  const step = span(duration);
  const from = instant(at, timezone);
  return utc('ms' in step ? from.plus({ milliseconds: step.ms }) : from.plus({ days: step.days }));
}
