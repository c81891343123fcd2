// A limit left overdue repeats without end; on Temporal the case keeps only its newest CASE_MAX_ESCALATIONS
// escalations in view while every repeat is still raised and delivered (contracts/bounds.ts, docs/bounds.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_MAX_ESCALATIONS } from '../../contracts/bounds';
import { HOUR, plusMs, policyWith, shippedPolicy, startHarness, type Harness } from './harness';

describe('case workflow: bounds of one case', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('bounds');
  });
  afterAll(() => h?.shutdown());

  it(`keeps the newest ${CASE_MAX_ESCALATIONS} escalations of a limit overdue for longer, delivering every one`, async () => {
    // A repeat every minute stands in for a daily one left for most of a year.
    const everyMinute = policyWith({ escalation: { ...shippedPolicy.escalation, repeatOverdueEvery: 'PT1M' } });
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'criminal' }, { policy: everyMinute });
      try {
        const reportedAt = (await h.view(handle)).reportedAt;
        const repeats = CASE_MAX_ESCALATIONS + 30;
        await h.env.sleep('24 hours');
        await h.env.sleep(`${repeats} minutes`);
        const view = await h.viewWhen(handle, (v) => v.escalations.at(-1)!.raisedAt >= plusMs(reportedAt, 24 * HOUR + (repeats - 1) * 60_000), 'the last repeat');
        expect(view.escalations).toHaveLength(CASE_MAX_ESCALATIONS);
        expect(new Set(view.escalations.map((e) => e.id)).size).toBe(CASE_MAX_ESCALATIONS);
        const history = await h.settled(handle);
        const delivered = history.filter((e) => e.activityTaskCompletedEventAttributes).length;
        // The warning and every overdue repeat up to the last one in view were delivered.
        expect(delivered).toBeGreaterThan(CASE_MAX_ESCALATIONS);
      } finally {
        await h.stop(handle).catch(() => undefined);
      }
    });
  }, 120_000);
});
