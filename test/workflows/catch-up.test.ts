// Catch-up in virtual time: a report backdated by a year makes the case's first task raise one overdue escalation
// per limit (the repeats folded in) instead of one per missed day. The time-skipping server holds its clock while
// a workflow task waits for a worker, so a deployment down for days is shown on the dev server
// (test/e2e/catch-up.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, plusMs, startHarness, type Harness, type HistoryEvent } from './harness';

/** The webhook deliveries the case's first workflow task scheduled: what its catch-up raised. */
function firstTaskDeliveries(history: HistoryEvent[]): number {
  const tasks = history.filter((e) => e.workflowTaskScheduledEventAttributes);
  const before = tasks[1] ? history.indexOf(tasks[1]) : history.length;
  return history.slice(0, before).filter((e) => e.activityTaskScheduledEventAttributes).length;
}

describe('case workflow: catch-up folds missed repeats', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('catch-up');
  });
  afterAll(() => h?.shutdown());

  it('a report backdated by a year raises two escalations in its first task, not hundreds', async () => {
    await h.withWorker(async () => {
      const reportedAt = plusMs(await h.now(), -364 * DAY);
      const handle = await h.startCase({ category: 'criminal', reportedAt });
      try {
        const view = await h.viewWhen(handle, (v) => v.escalations.length >= 2, 'the catch-up');
        expect(view.escalations.map((e) => [e.level, e.missed])).toEqual([['warning', 0], ['overdue', 363]]);
        expect(firstTaskDeliveries(await h.settled(handle))).toBe(2);
      } finally {
        await h.stop(handle).catch(() => undefined);
      }
    });
  });

  it('answers an event that starts a limit already past its due with that limit overdue, and its escalation raised', async () => {
    await h.withWorker(async () => {
      const reportedAt = plusMs(await h.now(), -30 * HOUR);
      const handle = await h.startCase({ category: 'criminal', reportedAt });
      try {
        // REGISTER dated at the report starts notify (PT24H), due six hours ago.
        const answer = await h.send(handle, { type: 'REGISTER', at: reportedAt });
        expect(answer.deadlines.find((d) => d.limit === 'notify')).toMatchObject({ status: 'overdue', dueAt: plusMs(reportedAt, 24 * HOUR) });
        expect(answer.escalations.filter((e) => e.limit === 'notify' && e.level === 'overdue')).toEqual([expect.objectContaining({ missed: 0 })]);
        expect((await h.view(handle)).deadlines).toEqual(answer.deadlines);
      } finally {
        await h.stop(handle).catch(() => undefined);
      }
    });
  });
});
