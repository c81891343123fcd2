import { DateTime, Duration } from 'luxon';

/** The policy calendar; dates are YYYY-MM-DD in the policy timezone. */
export type ClockRules = { timezone: string; holidays: readonly string[]; workdays: readonly string[] };

// Same shapes as the policy schema: a limit is either whole days or clock time, never both,
// because the two follow different legal rules.
const WHOLE_DAYS = /^P(?:\d+W|\d+D)$/;
const CLOCK_TIME = /^PT(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?$/;

type Span = { days: number } | { ms: number };

export function isWholeDays(duration: string): boolean {
  return WHOLE_DAYS.test(duration);
}

function span(duration: string): Span {
  const parsed = Duration.fromISO(duration);
  if (WHOLE_DAYS.test(duration)) return { days: parsed.weeks * 7 + parsed.days };
  // Hours, minutes and seconds convert to milliseconds exactly; no calendar is involved.
  if (CLOCK_TIME.test(duration)) return { ms: parsed.as('milliseconds') };
  throw new RangeError(`not a whole-day or clock-time ISO 8601 duration: ${duration}`);
}

function instant(iso: string, timezone: string): DateTime {
  const at = DateTime.fromISO(iso, { zone: timezone });
  if (!at.isValid) throw new RangeError(`cannot read ${iso} in ${timezone}: ${at.invalidExplanation ?? at.invalidReason}`);
  return at;
}

function utc(at: DateTime): string {
  return at.toUTC().toISO() as string;
}

/** Not a holiday, and Mon–Fri or a listed make-up working day; a date both listed as holiday and workday is off. */
export function isWorkingDay(localDate: string, rules: ClockRules): boolean {
  const day = DateTime.fromISO(localDate, { zone: 'utc' });
  if (!day.isValid || day.toISODate() !== localDate) throw new RangeError(`not a YYYY-MM-DD date: ${localDate}`);
  if (rules.holidays.includes(localDate)) return false;
  return day.weekday <= 5 || rules.workdays.includes(localDate);
}

/** 24:00 of `day`, i.e. the first instant of the next local day (00:00, or later if a DST jump skips midnight). */
function endOfDay(day: DateTime): DateTime {
  return day.startOf('day').plus({ days: 1 }).startOf('day');
}

/**
 * The working-day rule applied to a whole-day due `t`: its last day is the local date of t − 1 ms
 * (a due at 00:00 belongs to the day before). A non-working last day stretches the limit to 24:00
 * of the next working day; otherwise `t` stands as is.
 */
function workingDayRule(t: DateTime, rules: ClockRules, custody: boolean): DateTime {
  if (custody) return t;
  let day = t.minus({ milliseconds: 1 }).startOf('day');
  if (isWorkingDay(day.toISODate() as string, rules)) return t;
  // Terminates: the holiday list is finite, so some later weekday is a working day.
  do day = day.plus({ days: 1 });
  while (!isWorkingDay(day.toISODate() as string, rules));
  return endOfDay(day);
}

/** dueAt of a limit anchored at `anchor` (ISO instant), as ISO UTC with milliseconds. */
export function computeDue(anchor: string, duration: string, rules: ClockRules, custody: boolean): string {
  const limit = span(duration);
  const start = instant(anchor, rules.timezone);
  if ('ms' in limit) return utc(start.plus({ milliseconds: limit.ms }));
  // The anchor's own day is not counted, so the last day is anchor date + N.
  const lastDay = start.startOf('day').plus({ days: limit.days });
  return utc(workingDayRule(endOfDay(lastDay), rules, custody));
}

/** EXTEND: whole days are added in local calendar days and then the working-day rule applies; clock time is exact. */
export function extendDue(currentDue: string, extension: string, rules: ClockRules, custody: boolean): string {
  const step = span(extension);
  const due = instant(currentDue, rules.timezone);
  if ('ms' in step) return utc(due.plus({ milliseconds: step.ms }));
  return utc(workingDayRule(due.plus({ days: step.days }), rules, custody));
}

/** RESUME_CLOCK: later by exactly `suspendedMs`; a whole-day limit then re-applies the working-day rule. */
export function resumeDue(currentDue: string, suspendedMs: number, wholeDays: boolean, rules: ClockRules, custody: boolean): string {
  if (!Number.isInteger(suspendedMs) || suspendedMs < 0) throw new RangeError(`suspended time must be a whole number of ms ≥ 0: ${suspendedMs}`);
  const moved = instant(currentDue, rules.timezone).plus({ milliseconds: suspendedMs });
  return utc(wholeDays ? workingDayRule(moved, rules, custody) : moved);
}

/** For repeating escalations: P1D is the next local calendar day at the same local time; clock time is exact. */
export function addDuration(at: string, duration: string, timezone: string): string {
  const step = span(duration);
  const from = instant(at, timezone);
  return utc('ms' in step ? from.plus({ milliseconds: step.ms }) : from.plus({ days: step.days }));
}

/**
 * The repeats of a cadence that starts at `first` and steps by `step` (as addDuration does) which fall at or before
 * `until`: how many, and the last of them. Counted, not walked, so a catch-up over months costs the same as one step.
 */
export function repeatsUntil(first: string, step: string, until: string, timezone: string): { count: number; last: string | null } {
  if (Date.parse(first) > Date.parse(until)) return { count: 0, last: null };
  const every = span(step);
  const from = instant(first, timezone);
  if ('ms' in every) {
    const n = Math.floor((Date.parse(until) - Date.parse(first)) / every.ms);
    return { count: n + 1, last: utc(from.plus({ milliseconds: n * every.ms })) };
  }
  const end = instant(until, timezone);
  const at = (n: number) => from.plus({ days: n * every.days });
  // Local days are not all 24 h long (DST), so the estimate from elapsed days is settled against the calendar.
  let n = Math.max(0, Math.floor(end.diff(from, 'days').days / every.days));
  while (n > 0 && at(n) > end) n -= 1;
  while (at(n + 1) <= end) n += 1;
  return { count: n + 1, last: utc(at(n)) };
}

/** The instant at `fraction` (0..1) of start..due, rounded down to the millisecond. */
export function fractionOf(start: string, due: string, fraction: number): string {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be within 0..1: ${fraction}`);
  // Plain epoch arithmetic: no calendar is involved, and a workflow task computes this for every running limit.
  const from = Date.parse(start);
  const total = Date.parse(due) - from;
  if (Number.isNaN(total)) throw new RangeError(`not ISO 8601 instants: ${start}, ${due}`);
  // Policy fractions are decimals (0.7) that binary floats miss by ~1e-16, which would floor an exact
  // 7700 ms to 7699; settling at the microsecond first keeps the floor honest for any span up to years.
  const offset = Math.floor(Math.round(total * fraction * 1000) / 1000);
  return new Date(from + offset).toISOString();
}
