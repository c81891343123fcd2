import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, ladder, plusMs, startHarness, wholeDaysDue, type Harness } from './harness';

const admitted = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };

describe('case workflow: continuing as new for real', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('can-live');
  });
  afterAll(() => h?.shutdown());

  it('hands the machine state and its timers to each new run, losing no event and no escalation', async () => {
    await h.withWorker(async () => {
      // Custody keeps the 30-day handling due free of holiday moves, so it can be written down by hand.
      const handle = await h.startCase({ custody: true }, { continueAsNewAfterUpdates: 2 });
      const runs = new Set<string>();
      const runOf = async () => (await handle.describe()).runId;
      runs.add(await runOf());
      // A day past the 24 h register limit: its warning (80%) and first overdue escalation are raised in the first run,
      // before any continue-as-new.
      await h.env.sleep(25 * HOUR);
      const first = await h.viewWhen(handle, (v) => ladder(v, 'register').includes('overdue->station-leader'), 'the register escalations');
      expect(ladder(first, 'register')).toEqual(['warning->handler', 'overdue->station-leader']);
      expect(runs).toEqual(new Set([await runOf()]));
      for (const event of [
        { type: 'REGISTER' },
        { type: 'NOTIFY' },
        { type: 'FILE', decision: 'file', facts: admitted },
        { type: 'APPROVE' },
        { type: 'SUSPEND_CLOCK', reason: 'forensic appraisal' },
        { type: 'RESUME_CLOCK' },
      ] as const) {
        await h.send(handle, event);
        await h.viewWhen(handle, () => true, 'the run to answer');
        runs.add(await runOf());
      }
      // Six updates, two per run: the case has continued as new at least twice.
      expect(runs.size).toBeGreaterThanOrEqual(3);
      const view = await h.view(handle);
      expect(view.history.map((e) => e.type)).toEqual(['REGISTER', 'NOTIFY', 'FILE', 'APPROVE', 'SUSPEND_CLOCK', 'RESUME_CLOCK']);
      expect(view.stage).toBe('handling');
      // The escalations of the first run came through every continue-as-new as they were: none lost, none raised again.
      expect(view.escalations).toEqual(first.escalations);
      const handle30 = view.deadlines.find((d) => d.limit === 'handle')!;
      const [suspended, resumed] = view.history.slice(-2).map((e) => Date.parse(e.at));
      expect(handle30.dueAt).toBe(plusMs(wholeDaysDue(handle30.startedAt, 30), resumed! - suspended!));

      // The timer armed by the latest run fires at the carried due.
      await h.env.sleep(31 * DAY);
      const overdue = await h.viewWhen(handle, (v) => ladder(v, 'handle').includes('overdue->station-leader'), 'the handling escalation');
      expect(overdue.escalations.find((e) => e.limit === 'handle' && e.level === 'overdue')?.raisedAt).toBe(handle30.dueAt);
      expect(overdue.escalations.filter((e) => e.limit === 'register')).toEqual(first.escalations);
      await h.stop(handle);
    });
  });
});
