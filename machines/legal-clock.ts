import { DateTime, Info, type Zone } from 'luxon';

/** The policy calendar; dates are YYYY-MM-DD in the policy timezone. */
export type ClockRules = { timezone: string; holidays: readonly string[]; workdays: readonly string[] };

// Same shapes as the policy schema: a limit is whole days, whole months or clock time, never a mix,
// because they follow different legal rules.
const WHOLE_DAYS = /^P(?:(\d+)W|(\d+)D)$/;
const WHOLE_MONTHS = /^P(\d+)M$/;
const CLOCK_TIME = /^PT(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Span = { days: number } | { months: number } | { ms: number };

/** Whole days or whole months: counted in calendar days, so the working-day rule applies to the last one. */
export function isWholeDays(duration: string): boolean {
  return WHOLE_DAYS.test(duration) || WHOLE_MONTHS.test(duration);
}

function span(duration: string): Span {
  const months = WHOLE_MONTHS.exec(duration);
  if (months) return { months: Number(months[1]) };
  const days = WHOLE_DAYS.exec(duration);
  if (days) return { days: days[1] !== undefined ? Number(days[1]) * 7 : Number(days[2]) };
  // Hours, minutes and seconds convert to milliseconds exactly; no calendar is involved.
  const clock = CLOCK_TIME.exec(duration);
  if (clock) return { ms: (Number(clock[1] ?? 0) * 60 + Number(clock[2] ?? 0)) * MINUTE + Number(clock[3] ?? 0) * 1000 };
  throw new RangeError(`not a whole-day or clock-time ISO 8601 duration: ${duration}`);
}

/**
 * A zone's UTC offset in minutes at an instant. Asking Intl (which luxon does on every call) was most of a
 * transition's CPU, so each UTC hour is asked once: the tz database never changes an offset twice within an hour,
 * so an hour whose first and last millisecond agree has that one offset throughout.
 */
class HourlyOffsets {
  private static readonly MAX_HOURS = 20_000;
  private readonly hours = new Map<number, number>();
  constructor(private readonly zone: Zone) {}

  offset(ts: number): number {
    const hour = Math.floor(ts / HOUR);
    const known = this.hours.get(hour);
    if (known !== undefined) return known;
    const first = this.zone.offset(hour * HOUR);
    if (first !== this.zone.offset(hour * HOUR + HOUR - 1)) return this.zone.offset(ts);
    if (this.hours.size >= HourlyOffsets.MAX_HOURS) this.hours.clear();
    this.hours.set(hour, first);
    return first;
  }
}

const zones = new Map<string, HourlyOffsets>();

function zoneOf(timezone: string): HourlyOffsets | undefined {
  let zone = zones.get(timezone);
  if (!zone) {
    const named = Info.normalizeZone(timezone);
    if (!named.isValid) return undefined;
    zone = new HourlyOffsets(named);
    zones.set(timezone, zone);
  }
  return zone;
}

// An instant as the engine writes it (UTC, or a numeric offset); anything else is read by luxon, as before.
const PLAIN_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** An ISO instant read in `timezone`, as epoch milliseconds with the zone to do calendar arithmetic in. */
function instant(iso: string, timezone: string): { ts: number; zone: HourlyOffsets } {
  const zone = zoneOf(timezone);
  const plain = PLAIN_INSTANT.exec(iso);
  if (zone && plain && Number(plain[3]) <= daysInMonth(Number(plain[1]), Number(plain[2]))) {
    const ts = Date.parse(iso);
    if (!Number.isNaN(ts)) return { ts, zone };
  }
  const at = DateTime.fromISO(iso, { zone: timezone });
  if (!at.isValid || !zone) throw new RangeError(`cannot read ${iso} in ${timezone}: ${at.invalidExplanation ?? at.invalidReason}`);
  return { ts: at.toMillis(), zone };
}

// Calendar arithmetic on epoch milliseconds, step for step as luxon does it on a DateTime in `zone` (whose offset
// always follows from its instant), so every due is the same to the millisecond as the luxon version computed.

const localOf = (zone: HourlyOffsets, ts: number) => ts + zone.offset(ts) * MINUTE;

/** The instant of a local wall time; `guess` (the offset before the step) picks between the two of a fall-back hour. */
function fromLocal(zone: HourlyOffsets, local: number, guess: number): number {
  let utcGuess = local - guess * MINUTE;
  const o2 = zone.offset(utcGuess);
  if (o2 === guess) return utcGuess;
  utcGuess -= (o2 - guess) * MINUTE;
  const o3 = zone.offset(utcGuess);
  if (o2 === o3) return utcGuess;
  // A wall time the spring-forward skipped: the same clock reading after the jump.
  return local - Math.min(o2, o3) * MINUTE;
}

function startOfDay(zone: HourlyOffsets, ts: number): number {
  const o = zone.offset(ts);
  return fromLocal(zone, Math.floor(Math.trunc(ts + o * MINUTE) / DAY) * DAY, o);
}

function plusDays(zone: HourlyOffsets, ts: number, days: number): number {
  const o = zone.offset(ts);
  return fromLocal(zone, Math.trunc(ts + o * MINUTE) + days * DAY, o);
}

const localDate = (zone: HourlyOffsets, ts: number) => new Date(localOf(zone, ts)).toISOString().slice(0, 10);
const utc = (ts: number) => new Date(ts).toISOString();

function workingDate(localDate: string, rules: ClockRules): boolean {
  if (rules.holidays.includes(localDate)) return false;
  const weekday = new Date(Date.parse(localDate)).getUTCDay();
  return (weekday >= 1 && weekday <= 5) || rules.workdays.includes(localDate);
}

/** Not a holiday, and Mon–Fri or a listed make-up working day; a date both listed as holiday and workday is off. */
export function isWorkingDay(localDate: string, rules: ClockRules): boolean {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(localDate) ? Date.parse(localDate) : NaN;
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== localDate) throw new RangeError(`not a YYYY-MM-DD date: ${localDate}`);
  return workingDate(localDate, rules);
}

/** 24:00 of the local day of `ts`, i.e. the first instant of the next local day (00:00, or later if a DST jump skips midnight). */
function endOfDay(zone: HourlyOffsets, ts: number): number {
  return startOfDay(zone, plusDays(zone, startOfDay(zone, ts), 1));
}

/**
 * The working-day rule applied to a whole-day due `t`: its last day is the local date of t − 1 ms
 * (a due at 00:00 belongs to the day before). A non-working last day stretches the limit to 24:00
 * of the next working day; otherwise `t` stands as is.
 */
function workingDayRule(zone: HourlyOffsets, t: number, rules: ClockRules, custody: boolean): number {
  if (custody) return t;
  let day = startOfDay(zone, t - 1);
  if (workingDate(localDate(zone, day), rules)) return t;
  // Terminates: the holiday list is finite, so some later weekday is a working day.
  do day = plusDays(zone, day, 1);
  while (!workingDate(localDate(zone, day), rules));
  return endOfDay(zone, day);
}

/**
 * The local day `months` after the local day of `ts` (the Supreme People's Court's rule on periods): the same-numbered
 * day; the month's last day when the start was the last day of its month or the month has no such day.
 */
function plusMonths(zone: HourlyOffsets, ts: number, months: number): number {
  const [y, m, d] = localDate(zone, ts).split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = daysInMonth(target.getUTCFullYear(), target.getUTCMonth() + 1);
  const day = d === daysInMonth(y, m) ? last : Math.min(d, last);
  return fromLocal(zone, Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), day), zone.offset(ts));
}

/** dueAt of a limit anchored at `anchor` (ISO instant), as ISO UTC with milliseconds. */
export function computeDue(anchor: string, duration: string, rules: ClockRules, custody: boolean): string {
  const limit = span(duration);
  const { ts, zone } = instant(anchor, rules.timezone);
  if ('ms' in limit) return utc(ts + limit.ms);
  // A month ends on its last day, as a day does, at 24:00 of it.
  if ('months' in limit) return utc(workingDayRule(zone, endOfDay(zone, plusMonths(zone, ts, limit.months)), rules, custody));
  // The anchor's own day is not counted, so the last day is anchor date + N.
  const lastDay = plusDays(zone, startOfDay(zone, ts), limit.days);
  return utc(workingDayRule(zone, endOfDay(zone, lastDay), rules, custody));
}

/** EXTEND: whole days are added in local calendar days and then the working-day rule applies; clock time is exact. */
export function extendDue(currentDue: string, extension: string, rules: ClockRules, custody: boolean): string {
  const step = span(extension);
  const { ts, zone } = instant(currentDue, rules.timezone);
  if ('ms' in step) return utc(ts + step.ms);
  // Months run from the current last day (the day before a due at 00:00) to its counterpart, as computeDue counts them.
  if ('months' in step) return utc(workingDayRule(zone, endOfDay(zone, plusMonths(zone, ts - 1, step.months)), rules, custody));
  return utc(workingDayRule(zone, plusDays(zone, ts, step.days), rules, custody));
}

/** RESUME_CLOCK: later by exactly `suspendedMs`; a whole-day limit then re-applies the working-day rule. */
export function resumeDue(currentDue: string, suspendedMs: number, wholeDays: boolean, rules: ClockRules, custody: boolean): string {
  if (!Number.isInteger(suspendedMs) || suspendedMs < 0) throw new RangeError(`suspended time must be a whole number of ms ≥ 0: ${suspendedMs}`);
  const { ts, zone } = instant(currentDue, rules.timezone);
  const moved = ts + suspendedMs;
  return utc(wholeDays ? workingDayRule(zone, moved, rules, custody) : moved);
}

/** For repeating escalations: P1D is the next local calendar day at the same local time; clock time is exact. */
export function addDuration(at: string, duration: string, timezone: string): string {
  const step = span(duration);
  const { ts, zone } = instant(at, timezone);
  if ('months' in step) throw new RangeError(`a cadence is days or clock time, not months: ${duration}`);
  return utc('ms' in step ? ts + step.ms : plusDays(zone, ts, step.days));
}

/**
 * The repeats of a cadence that starts at `first` and steps by `step` (as addDuration does) which fall at or before
 * `until`: how many, and the last of them. Counted, not walked, so a catch-up over months costs the same as one step.
 */
export function repeatsUntil(first: string, step: string, until: string, timezone: string): { count: number; last: string | null } {
  const end = Date.parse(until);
  if (Date.parse(first) > end) return { count: 0, last: null };
  const every = span(step);
  const { ts, zone } = instant(first, timezone);
  if ('months' in every) throw new RangeError(`a cadence is days or clock time, not months: ${step}`);
  if ('ms' in every) {
    const n = Math.floor((end - ts) / every.ms);
    return { count: n + 1, last: utc(ts + n * every.ms) };
  }
  const at = (n: number) => plusDays(zone, ts, n * every.days);
  // Local days are not all 24 h long (DST), so the estimate from elapsed time is settled against the calendar.
  let n = Math.max(0, Math.floor((end - ts) / (every.days * DAY)));
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
