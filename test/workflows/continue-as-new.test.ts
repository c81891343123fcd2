// A case lives for months and continues as new every MAX_UPDATES_PER_RUN updates, carrying its machine state.
// Reaching 1,000 updates takes ~40 s of wall time on the test server, so these tests start runs from a carried
// state, exactly as continueAsNew hands it over, and check that the new run keeps stage, deadlines and timers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseCommand, CaseEventRequest, StartCaseRequest } from '../../contracts/case';
import { carry, decide, openCase, toView, type CaseSnapshot } from '../../machines/case-engine';
import { DAY, HOUR, ladder, plusMs, shippedPolicy, startHarness, type Harness } from './harness';

const admitted = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };

/** Plays events through the pure engine, as an earlier run of the workflow would have. */
function play(request: StartCaseRequest, events: Array<CaseEventRequest & { at: string }>): CaseSnapshot {
  return events.reduce((snapshot, event) => {
    const decision = decide(snapshot, { by: 'officer-1', ...event } as CaseCommand);
    if (!decision.ok) throw new Error(`${event.type} refused while preparing: ${decision.refusal.reason}`);
    return decision.snapshot;
  }, openCase({ request, policy: shippedPolicy }));
}

describe('case workflow: a run started from a carried state (continue-as-new)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('carried');
  });
  afterAll(() => h?.shutdown());

  it('keeps stage and deadlines, raises a warning whose instant passed between runs, then escalates at the carried due', async () => {
    await h.withWorker(async () => {
      const now = await h.now();
      const request: StartCaseRequest = {
        caseId: `carried-register-${Date.parse(now)}`, category: 'criminal', station: 'S01', unitType: 'station',
        reportedAt: plusMs(now, -22 * HOUR), custody: false,
      };
      // Carried before the register warning (19.2 h) was raised; the limit falls due 2 h from now.
      const snapshot = play(request, []);
      const carried = carry(snapshot);
      const due = plusMs(request.reportedAt, 24 * HOUR);
      const handle = await h.startCase(request, { carried });

      const first = await h.viewWhen(handle, (v) => v.escalations.length >= 1, 'the late warning');
      expect(first.stage).toBe('reported');
      expect(first.deadlines).toEqual(toView(snapshot).deadlines);
      expect(first.escalations).toEqual([
        expect.objectContaining({ limit: 'register', level: 'warning', target: 'handler', raisedAt: plusMs(request.reportedAt, 0.8 * 24 * HOUR), dueAt: due }),
      ]);

      await h.env.sleep('3 hours');
      const overdue = await h.viewWhen(handle, (v) => v.escalations.length >= 2, 'the overdue escalation at the carried due');
      expect(ladder(overdue, 'register')).toEqual(['warning->handler', 'overdue->station-leader']);
      expect(overdue.escalations[1]?.raisedAt).toBe(due);

      await h.env.sleep('1 day');
      const again = await h.viewWhen(handle, (v) => v.escalations.length >= 3, 'the repeated overdue escalation');
      expect(ladder(again, 'register').at(-1)).toBe('overdue->legal-officer');
      expect(again.escalations[2]?.raisedAt).toBe(plusMs(due, DAY));

      // The run takes events as usual.
      expect((await h.send(handle, { type: 'REGISTER' })).stage).toBe('registered');
      await h.stop(handle);
    });
  });

  it('keeps a suspension across runs: RESUME moves the handling due by the whole suspended time, overdue comes at the moved due', async () => {
    await h.withWorker(async () => {
      const now = await h.now();
      const t0 = plusMs(now, -5 * DAY);
      const suspendedAt = plusMs(now, -4 * DAY);
      // In custody, so the due moves by exactly the suspended time whatever the calendar says.
      const request: StartCaseRequest = {
        caseId: `carried-handle-${Date.parse(now)}`, category: 'criminal', station: 'S01', unitType: 'station',
        reportedAt: t0, custody: true,
      };
      const snapshot = play(request, [
        { type: 'REGISTER', at: t0 },
        { type: 'NOTIFY', at: t0 },
        { type: 'FILE', decision: 'file', facts: admitted, at: t0 },
        { type: 'APPROVE', at: t0 },
        { type: 'SUSPEND_CLOCK', reason: 'suspect abroad', at: suspendedAt },
      ]);
      const before = toView(snapshot);
      const handleDue = before.deadlines.find((d) => d.limit === 'handle')!.dueAt;
      const handle = await h.startCase(request, { carried: carry(snapshot) });

      const resumedView = await h.view(handle);
      expect(resumedView).toEqual(before);
      expect(resumedView).toMatchObject({ stage: 'handling', suspended: { since: suspendedAt, reason: 'suspect abroad' } });

      const resumedAt = await h.now();
      const resumed = await h.send(handle, { type: 'RESUME_CLOCK', at: resumedAt });
      const movedDue = plusMs(handleDue, Date.parse(resumedAt) - Date.parse(suspendedAt));
      expect(resumed.deadlines.find((d) => d.limit === 'handle')).toMatchObject({ status: 'pending', dueAt: movedDue });

      await h.env.sleep(Date.parse(handleDue) - Date.parse(await h.now()) + HOUR);
      const pastOriginal = await h.viewWhen(handle, (v) => v.escalations.length >= 1, 'the warning of the moved span');
      expect(ladder(pastOriginal, 'handle')).toEqual(['warning->handler']);

      await h.env.sleep(Date.parse(movedDue) - Date.parse(await h.now()) + HOUR);
      const overdue = await h.viewWhen(handle, (v) => v.escalations.length >= 2, 'the overdue escalation at the moved due');
      expect(overdue.escalations[1]).toMatchObject({ level: 'overdue', target: 'station-leader', raisedAt: movedDue, dueAt: movedDue });

      await h.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
      const final = await handle.result();
      expect(final).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'prosecution' });
      expect(final.history.map((e) => e.type)).toEqual(['REGISTER', 'NOTIFY', 'FILE', 'APPROVE', 'SUSPEND_CLOCK', 'RESUME_CLOCK', 'CLOSE']);
    });
  });
});
