// Contract section 11 over HTTP, on the real dev server: /readyz stays ready but warns once the policy calendar ends
// within 60 days (here: a calendar that ended last year), and a whole-day due past it reads provisional.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policySchema } from '../../contracts/policy';
import { DateTime } from 'luxon';
import { loadPolicy } from '../../config/policy';
import { calendarEndsAt } from '../../machines/calendar-cover';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { until } from './helpers';

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

  it('POST /admin/calendar adds the year to every open case: a due on a new holiday moves, and is no longer provisional', async () => {
    const caseId = uniqueId('CALADD');
    const body = { caseId, category: 'criminal', station: 'S01', reportedAt: new Date(Date.now() - 60_000).toISOString() };
    expect((await ended.call('POST', '/cases', body, tokens.caseSystem)).status).toBe(201);
    const before = (await ended.call('POST', `/cases/${caseId}/events`, { type: 'REGISTER' }, tokens.caseSystem)).body;
    const file = before.deadlines.find((d: { limit: string }) => d.limit === 'file');
    expect(file).toMatchObject({ provisional: true });
    // A whole-day due falls at 24:00 local: the last millisecond before it is on the due day.
    const dueDay = DateTime.fromMillis(Date.parse(file.dueAt) - 1, { zone: shipped.timezone }).toISODate()!;
    await until(() => ended.call('GET', `/cases/count?station=S01&status=open`, undefined, tokens.admin), (r) => r.body.count >= 1);

    expect((await ended.call('POST', '/admin/calendar', { holidays: [dueDay] }, tokens.supervisor)).status).toBe(403);
    const mixed = await ended.call('POST', '/admin/calendar', { holidays: [dueDay], workdays: [`${Number(dueDay.slice(0, 4)) + 1}-01-02`] }, tokens.admin);
    expect(mixed.status).toBe(400);
    expect((await ended.call('POST', '/admin/calendar', {}, tokens.admin)).status).toBe(400);

    const res = await ended.call('POST', '/admin/calendar', { holidays: [dueDay], workdays: [] }, tokens.admin);
    expect(res.status).toBe(202);
    expect(res.body.matched).toBeGreaterThanOrEqual(1);
    const done = await until(() => ended.call('GET', `/bulk/${res.body.id}`, undefined, tokens.admin), (r) => r.body.status === 'done', 30_000);
    expect(done.body).toMatchObject({ status: 'done', applied: res.body.matched, refused: [] });

    const after = (await ended.call('GET', `/cases/${caseId}`, undefined, tokens.caseSystem)).body;
    const moved = after.deadlines.find((d: { limit: string }) => d.limit === 'file');
    expect(moved).not.toHaveProperty('provisional');
    expect(Date.parse(moved.dueAt)).toBeGreaterThan(Date.parse(file.dueAt));
    expect(after.deadlines.find((d: { limit: string }) => d.limit === 'notify')).toEqual(before.deadlines.find((d: { limit: string }) => d.limit === 'notify'));
    // No lifecycle event was written: the calendar is not one.
    expect(after.history).toEqual(before.history);
  });
});
