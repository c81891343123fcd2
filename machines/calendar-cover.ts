import { DateTime } from 'luxon';
import type { Policy } from '../contracts/policy';

/** How long before the calendar runs out start-up and /readyz say so (contract section 11). */
export const CALENDAR_WARNING_DAYS = 60;

type Calendar = Pick<Policy, 'timezone' | 'calendar'>;
const ends = new WeakMap<Calendar['calendar'], string | null>();

/**
 * The first instant the policy's calendar does not cover: New Year after the last year it lists a date in, in the
 * policy's zone. Null for a calendar with no dates at all: a bureau that counts no holidays has nothing to run out.
 */
export function calendarEndsAt(policy: Calendar): string | null {
  let end = ends.get(policy.calendar);
  if (end === undefined) {
    const years = [...policy.calendar.holidays, ...policy.calendar.workdays].map((d) => Number(d.slice(0, 4)));
    end = years.length ? DateTime.fromObject({ year: Math.max(...years) + 1, month: 1, day: 1 }, { zone: policy.timezone }).toUTC().toISO()! : null;
    ends.set(policy.calendar, end);
  }
  return end;
}

/**
 * A whole-day due past the calendar's last year: next year's holidays are not known yet, so the day may still move
 * (it is computed as if next year had weekends only).
 */
export function isProvisional(policy: Calendar, wholeDays: boolean, dueAt: string): boolean {
  const end = wholeDays ? calendarEndsAt(policy) : null;
  return end !== null && Date.parse(dueAt) >= Date.parse(end);
}

/** What start-up and /readyz say when the calendar ends within CALENDAR_WARNING_DAYS of `now`, or has ended. */
export function calendarWarning(policy: Calendar, now: number): string | null {
  const end = calendarEndsAt(policy);
  if (end === null) return null;
  const days = Math.ceil((Date.parse(end) - now) / 86_400_000);
  if (days > CALENDAR_WARNING_DAYS) return null;
  const when = days > 0 ? `ends ${end} (in ${days} days)` : `ended ${end}`;
  return `the policy calendar ${when}: whole-day limits due after it are provisional; add next year's holidays and workdays (docs/configuration.md)`;
}
