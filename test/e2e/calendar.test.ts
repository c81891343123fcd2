// Contract section 11 over HTTP, on the real dev server: /readyz stays ready but warns once the policy calendar ends
// within 60 days (here: a calendar that ended last year), and a whole-day due past it reads provisional.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policySchema } from '../../contracts/policy';
import { DateTime } from 'luxon';
import { loadPolicy } from '../../config/policy';
import { calendarEndsAt } from '../../machines/calendar-cover';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';

const shipped = loadPolicy();
const year = new Date().getUTCFullYear();
const calendarOf = (y: number) => policySchema.parse({ ...shipped, calendar: { holidays: [`${y}-01-01`], workdays: [] } });

let ended: Stack;
let covered: Stack;
beforeAll(async () => {
  [ended, covered] = await Promise.all([startStack({ policy: calendarOf(year - 1) }), startStack({ policy: calendarOf(year + 1) })]);
});
afterAll(async () => {
  await Promise.all([ended?.close(), covered?.close()]);
});

describe('the policy calendar running out', () => {
  it('/readyz answers ready, with a warning naming the end, once the calendar ends within 60 days', async () => {
    const warned = await ended.call('GET', '/readyz', undefined, null);
    expect(warned.status).toBe(200);
    // New Year of this year, in the policy's zone.
    expect(warned.body).toEqual({ status: 'ready', warnings: [expect.stringContaining(`the policy calendar ended ${calendarEndsAt(calendarOf(year - 1))}:`)] });
    expect(calendarEndsAt(calendarOf(year - 1))).toBe(DateTime.fromObject({ year }, { zone: shipped.timezone }).toUTC().toISO());
    expect((await covered.call('GET', '/readyz', undefined, null)).body).toEqual({ status: 'ready' });
  });

  it('marks a whole-day due past the calendar provisional, and not a clock-time one', async () => {
    const caseId = uniqueId('CAL');
    const body = { caseId, category: 'criminal', station: 'S01', reportedAt: new Date(Date.now() - 60_000).toISOString() };
    expect((await ended.call('POST', '/cases', body, tokens.caseSystem)).status).toBe(201);
    const registered = await ended.call('POST', `/cases/${caseId}/events`, { type: 'REGISTER' }, tokens.caseSystem);
    const byLimit = Object.fromEntries(registered.body.deadlines.map((d: { limit: string }) => [d.limit, d]));
    expect(byLimit.file).toMatchObject({ provisional: true });
    expect(byLimit.notify).not.toHaveProperty('provisional');
    expect((await ended.call('GET', `/cases/${caseId}`, undefined, tokens.caseSystem)).body.deadlines).toEqual(registered.body.deadlines);
  });
});
