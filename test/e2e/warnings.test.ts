import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPriorReports } from '../../temporal/repeat-reports';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { createCase, DAY, getCase, iso, send, until } from './helpers';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

type Warning = { caseId: string; station: string; rule: string; severity: string; limit: string | null; openedAt: string };
const warningsAt = async (station: string, query = '') =>
  (await stack.call('GET', `/warnings?station=${station}${query}`, undefined, tokens.supervisor)).body.items as Warning[];

type Reporter = { name?: string; phone: string };
/** Whether the case has counted the phone's earlier reports: the activity that counts completed in its history. */
async function reportsCounted(caseId: string): Promise<boolean> {
  const history = await stack.client.workflow.getHandle(caseId).fetchHistory();
  const scheduled = history.events?.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'countPriorReports');
  return Boolean(scheduled && history.events?.some((e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === String(scheduled.eventId)));
}

/**
 * A report, as it reads once the case counted the phone's earlier reports and visibility shows it and every earlier
 * one (`total` in all): the next case must see them when it counts. The probe reports 60 days before, so the window
 * of its own count takes in every report of these tests.
 */
async function createReport(station: string, reporter: Reporter, reportedAt: string, total: number) {
  const { caseId } = await createCase(stack, { station, reporter, reportedAt }, tokens.admin);
  expect(await until(() => reportsCounted(caseId), Boolean)).toBe(true);
  const probe = { caseId: 'probe', category: 'criminal', station, unitType: 'station', reporter, reportedAt: iso(Date.now() - 60 * DAY), custody: false } as const;
  const counted = await until(() => countPriorReports(stack.client, stack.taskQueue, probe), (prior) => prior === total);
  expect(counted).toBe(total);
  return getCase(stack, caseId, tokens.admin);
}

describe('early warnings over HTTP', () => {
  it('shows an overdue limit in the case view and at GET /warnings, and closes it with the time it took once put right', async () => {
    const station = uniqueId('W');
    const { caseId } = await createCase(stack, { station, reportedAt: iso(Date.now() - 2 * DAY) }, tokens.admin);
    // Two days old and no one assigned warns too (unassigned-over-1-day): assigned, only the limit is left to warn.
    const assigned = await send(stack, caseId, { type: 'ASSIGN', to: 'officer-li' }, tokens.admin);
    expect(assigned.warnings.find((w: Warning & { closedAt: string | null }) => w.rule === 'unassigned-over-1-day')?.closedAt).toEqual(expect.any(String));
    const view = await until(() => getCase(stack, caseId, tokens.admin), (v) => v.warnings.some((w: Warning) => w.rule === 'limit-overdue'));
    expect(view.warnings.find((w: Warning) => w.rule === 'limit-overdue')).toMatchObject({ limit: 'register', severity: 'high', closedAt: null });

    const listed = await until(() => warningsAt(station), (items) => items.length > 0);
    expect(listed).toEqual([expect.objectContaining({ caseId, station, rule: 'limit-overdue', limit: 'register', severity: 'high' })]);
    expect(await warningsAt(station, '&severity=low')).toEqual([]);
    expect(await warningsAt(station, '&rule=limit-overdue')).toHaveLength(1);

    const registered = await send(stack, caseId, { type: 'REGISTER' }, tokens.admin);
    const closed = registered.warnings.find((w: Warning & { closedAt: string | null }) => w.rule === 'limit-overdue');
    expect(closed.closedAt).not.toBeNull();
    expect(closed.resolvedInMs).toBe(Date.parse(closed.closedAt) - Date.parse(closed.openedAt));
    expect(await until(() => warningsAt(station), (items) => items.length === 0)).toEqual([]);
  });

  it('flags the third report from one phone at one station within 30 days, and not one outside them', async () => {
    const station = uniqueId('RR');
    const reporter = { name: 'Wang', phone: '+86 138-0000-1111' };
    const now = Date.now() - 60_000;
    // 31 days before: outside the window of every later report. 29 days before: inside it.
    const outside = await createReport(station, reporter, iso(now - 31 * DAY), 1);
    expect(outside.warnings.map((w: Warning) => w.rule)).not.toContain('repeat-reporter');
    await createReport(station, reporter, iso(now - 29 * DAY), 2);
    // Two earlier reports, only one of them within 30 days of this one.
    const second = await createReport(station, reporter, iso(now), 3);
    expect(second.warnings).toEqual([]);

    // The case counts the phone's earlier reports once started: the warning opens on the case, not in the 201.
    const { caseId } = await createCase(stack, { station, reporter: { phone: '13800001111' }, reportedAt: iso(now) }, tokens.admin);
    const third = await until(() => getCase(stack, caseId, tokens.admin), (v) => v.warnings.length > 0);
    expect(third.warnings).toEqual([expect.objectContaining({ rule: 'repeat-reporter', severity: 'low', closedAt: null, openedAt: iso(now) })]);
    const elsewhere = await createReport(uniqueId('RR'), reporter, iso(now), 1);
    expect(elsewhere.warnings).toEqual([]);
  });

  it('counts cases with the filters of GET /cases, scoped to the token', async () => {
    const station = uniqueId('CNT');
    for (let n = 0; n < 3; n += 1) await createCase(stack, { station }, tokens.admin);
    const count = await until(() => stack.call('GET', `/cases/count?station=${station}`, undefined, tokens.supervisor), (r) => r.body.count === 3);
    expect(count.status).toBe(200);
    expect((await stack.call('GET', `/cases/count?station=${station}&stage=closed`, undefined, tokens.supervisor)).body).toEqual({ count: 0 });
    expect((await stack.call('GET', `/cases/count?station=${station}`, undefined, tokens.caseSystem)).body).toEqual({ count: 0 });
    expect((await stack.call('GET', '/cases/count?stage=nope', undefined, tokens.supervisor)).status).toBe(400);
  });
});
