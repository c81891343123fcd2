// Durable timers in virtual time: the time-skipping server jumps the clock, the workflow wakes at each
// warning and due instant the machine's deadlines name, and the escalations show up in the case view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../contracts/case';
import { EVENT_NOT_ALLOWED } from '../../contracts/messages';
import { DAY, HOUR, ladder, plusMs, policyWith, shippedPolicy, startHarness, wholeDaysDue, type CaseHandle, type Harness } from './harness';

const admitted = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };

/** 80% of the span from `start` to `due`, floored to the millisecond (exact integer arithmetic). */
const at80 = (start: string, due: string) => new Date(Date.parse(start) + Math.floor(((Date.parse(due) - Date.parse(start)) * 8) / 10)).toISOString();

const deadline = (view: CaseView, limit: string) => {
  const found = view.deadlines.find((d) => d.limit === limit && d.status !== 'met') ?? view.deadlines.findLast((d) => d.limit === limit);
  if (!found) throw new Error(`no ${limit} deadline in ${JSON.stringify(view.deadlines)}`);
  return found;
};

/** Drives a case to `handling` with every event at the server's current time. */
async function toHandling(h: Harness, handle: CaseHandle): Promise<CaseView> {
  await h.send(handle, { type: 'REGISTER' });
  await h.send(handle, { type: 'NOTIFY' });
  await h.send(handle, { type: 'FILE', decision: 'file', facts: admitted });
  return h.send(handle, { type: 'APPROVE', by: 'legal-1' });
}

describe('case workflow: durable timers and escalations in virtual time', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('escalations');
  });
  afterAll(() => h?.shutdown());

  it('warns at 80% of a PT24H register limit, then escalates overdue up the chain once a day until the limit is met', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'criminal' });
      try {
        const start = await h.view(handle);
        const due = plusMs(start.reportedAt, 24 * HOUR);
        expect(deadline(start, 'register')).toMatchObject({ dueAt: due, status: 'pending' });

        await h.env.sleep('20 hours');
        const warned = await h.viewWhen(handle, (v) => v.escalations.length >= 1, 'the register warning');
        expect(warned.escalations).toEqual([
          expect.objectContaining({
            limit: 'register', level: 'warning', target: 'handler', dueAt: due,
            raisedAt: plusMs(start.reportedAt, 0.8 * 24 * HOUR), acknowledged: false,
          }),
        ]);
        expect(deadline(warned, 'register').status).toBe('pending');

        await h.env.sleep('5 hours'); // 25 h after the report
        const overdue = await h.viewWhen(handle, (v) => v.escalations.length >= 2, 'the first overdue escalation');
        expect(ladder(overdue, 'register')).toEqual(['warning->handler', 'overdue->station-leader']);
        expect(overdue.escalations[1]).toMatchObject({ level: 'overdue', raisedAt: due, dueAt: due });
        expect(deadline(overdue, 'register').status).toBe('overdue');

        await h.env.sleep('1 day');
        const second = await h.viewWhen(handle, (v) => v.escalations.length >= 3, 'the second overdue escalation');
        expect(ladder(second, 'register')).toEqual(['warning->handler', 'overdue->station-leader', 'overdue->legal-officer']);
        expect(second.escalations[2]?.raisedAt).toBe(plusMs(due, DAY));

        await h.env.sleep('2 days');
        const capped = await h.viewWhen(handle, (v) => v.escalations.length >= 5, 'the chain to reach its top');
        expect(ladder(capped, 'register')).toEqual([
          'warning->handler',
          'overdue->station-leader',
          'overdue->legal-officer',
          'overdue->bureau-supervision',
          'overdue->bureau-supervision',
        ]);
        expect(capped.escalations.map((e) => e.raisedAt).slice(3)).toEqual([plusMs(due, 2 * DAY), plusMs(due, 3 * DAY)]);
        // Every escalation has its own id, so a receiver can drop duplicates.
        expect(new Set(capped.escalations.map((e) => e.id)).size).toBe(5);

        // A supervisor acknowledges one; it stays on the case, marked.
        const first = capped.escalations[1]!;
        const acked = await h.send(handle, { type: 'ACK_ESCALATION', escalationId: first.id, note: 'spoke to the station', by: 'supervisor-1' });
        expect(acked.escalations.find((e) => e.id === first.id)).toMatchObject({ acknowledged: true, acknowledgedBy: 'supervisor-1', note: 'spoke to the station' });

        // REGISTER meets the limit: no further register escalations, while the notify and file limits start their own.
        const registered = await h.send(handle, { type: 'REGISTER' });
        expect(deadline(registered, 'register').status).toBe('met');
        await h.env.sleep('2 days');
        const later = await h.viewWhen(handle, (v) => ladder(v, 'notify').length >= 2, 'notify escalations');
        expect(ladder(later, 'register')).toHaveLength(5);
        expect(ladder(later, 'notify').slice(0, 2)).toEqual(['warning->handler', 'overdue->station-leader']);
        const registeredAt = registered.history.find((e) => e.type === 'REGISTER')!.at;
        expect(later.escalations.find((e) => e.limit === 'notify' && e.level === 'overdue')?.raisedAt).toBe(plusMs(registeredAt, 24 * HOUR));
      } finally {
        await h.stop(handle).catch(() => undefined);
      }
    });
  });

  it("follows the case's own policy: several warning fractions, a clock-time repeat interval, a short chain", async () => {
    const { criminal } = shippedPolicy.limits;
    const policy = policyWith({
      escalation: { warnAt: [0.9, 0.5], repeatOverdueEvery: 'PT2H', chain: ['duty-sergeant', 'station-chief'] },
      limits: { ...shippedPolicy.limits, criminal: { ...criminal, ordinary: { ...criminal.ordinary, register: 'PT10H' } } },
    });
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'criminal' }, { policy });
      try {
        const { reportedAt } = await h.view(handle);
        await h.env.sleep('15 hours');
        const view = await h.viewWhen(handle, (v) => v.escalations.length >= 5, 'two warnings and three overdue escalations');
        expect(ladder(view, 'register')).toEqual([
          'warning->handler',
          'warning->handler',
          'overdue->duty-sergeant',
          'overdue->station-chief',
          'overdue->station-chief',
        ]);
        expect(view.escalations.map((e) => e.raisedAt)).toEqual([5, 9, 10, 12, 14].map((hours) => plusMs(reportedAt, hours * HOUR)));
      } finally {
        await h.stop(handle).catch(() => undefined);
      }
    });
  });

  it('moves a 30-day criminal handling limit by the suspended time and escalates at the moved due, nothing after CLOSE', async () => {
    await h.withWorker(async () => {
      // In custody the limit never moves for holidays, so the moved due is exact arithmetic whatever today's date.
      const handle = await h.startCase({ category: 'criminal', custody: true });
      try {
        const approved = await toHandling(h, handle);
        const original = deadline(approved, 'handle');
        const approvedAt = approved.history.at(-1)!.at;
        expect(original).toMatchObject({ startedAt: approvedAt, dueAt: wholeDaysDue(approvedAt, 30), status: 'pending' });

        const suspendedAt = await h.now();
        const suspended = await h.send(handle, { type: 'SUSPEND_CLOCK', reason: 'awaiting forensic report', at: suspendedAt });
        expect(suspended.suspended).toEqual({ since: suspendedAt, reason: 'awaiting forensic report' });
        expect(deadline(suspended, 'handle').status).toBe('suspended');

        await h.env.sleep('3 days');
        const resumedAt = await h.now();
        const resumed = await h.send(handle, { type: 'RESUME_CLOCK', at: resumedAt });
        const movedDue = plusMs(original.dueAt, Date.parse(resumedAt) - Date.parse(suspendedAt));
        expect(resumed.suspended).toBeNull();
        expect(deadline(resumed, 'handle')).toMatchObject({ status: 'pending', dueAt: movedDue, startedAt: approvedAt });
        expect(resumed.escalations).toEqual([]);

        // An hour past the original due: the warning at 80% of the moved span, and nothing overdue.
        await h.env.sleep(Date.parse(original.dueAt) - Date.parse(await h.now()) + HOUR);
        const pastOriginal = await h.viewWhen(handle, (v) => ladder(v, 'handle').length >= 1, 'the handle warning');
        expect(ladder(pastOriginal, 'handle')).toEqual(['warning->handler']);
        expect(pastOriginal.escalations[0]).toMatchObject({ raisedAt: at80(approvedAt, movedDue), dueAt: movedDue });
        expect(deadline(pastOriginal, 'handle').status).toBe('pending');

        // Past the moved due: the overdue escalation, raised at the moved due instant.
        await h.env.sleep(Date.parse(movedDue) - Date.parse(await h.now()) + HOUR);
        const overdue = await h.viewWhen(handle, (v) => ladder(v, 'handle').length >= 2, 'the handle overdue escalation');
        expect(ladder(overdue, 'handle')).toEqual(['warning->handler', 'overdue->station-leader']);
        expect(overdue.escalations[1]).toMatchObject({ raisedAt: movedDue, dueAt: movedDue });
        expect(deadline(overdue, 'handle').status).toBe('overdue');

        const closed = await h.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
        expect(closed).toMatchObject({ stage: 'closed', status: 'closed' });
        const final = await handle.result();
        expect(deadline(final, 'handle').status).toBe('met');
        await h.env.sleep('3 days');
        expect(ladder(await h.view(handle), 'handle')).toEqual(['warning->handler', 'overdue->station-leader']);
      } finally {
        await h.stop(handle).catch(() => undefined);
      }
    });
  });

  it('extends an administrative handling limit once by P30D, escalates only at the extended due, and refuses a second extension', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'administrative', custody: true });
      try {
        const approved = await toHandling(h, handle);
        const approvedAt = approved.history.at(-1)!.at;
        const originalDue = wholeDaysDue(approvedAt, 30);
        expect(deadline(approved, 'handle').dueAt).toBe(originalDue);

        const extended = await h.send(handle, { type: 'EXTEND', limit: 'handle', by: 'supervisor-1' });
        const extendedDue = wholeDaysDue(approvedAt, 60);
        expect(deadline(extended, 'handle')).toMatchObject({ dueAt: extendedDue, extensions: 1, status: 'pending' });
        await expect(h.send(handle, { type: 'EXTEND', limit: 'handle', by: 'supervisor-1' })).rejects.toMatchObject({
          cause: { type: EVENT_NOT_ALLOWED, message: expect.stringMatching(/handle limit allows 1 extension/) },
        });

        // A day past the original due: nothing raised, the limit is still pending.
        await h.env.sleep(Date.parse(originalDue) - Date.parse(await h.now()) + DAY);
        const pastOriginal = await h.view(handle);
        expect(pastOriginal.escalations).toEqual([]);
        expect(deadline(pastOriginal, 'handle')).toMatchObject({ status: 'pending', dueAt: extendedDue });

        // At 80% of the extended span the warning, at the extended due the first overdue escalation.
        await h.env.sleep(Date.parse(extendedDue) - Date.parse(await h.now()) + HOUR);
        const overdue = await h.viewWhen(handle, (v) => v.escalations.length >= 2, 'the warning and the overdue escalation');
        expect(ladder(overdue, 'handle')).toEqual(['warning->handler', 'overdue->station-leader']);
        expect(overdue.escalations.map((e) => e.raisedAt)).toEqual([at80(approvedAt, extendedDue), extendedDue]);

        await h.send(handle, { type: 'CLOSE', outcome: 'penalty' });
        const final = await handle.result();
        expect(final).toMatchObject({ status: 'closed', outcome: 'penalty' });
        expect(final.escalations).toHaveLength(2);
      } finally {
        await h.stop(handle).catch(() => undefined);
      }
    });
  });
  it('lives a 30-day handling limit through a suspension and two extensions, escalating only at the final due', async () => {
    const policy = policyWith({ extensions: { criminal: {}, administrative: { handle: ['P10D', 'P10D'] } } });
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'administrative', custody: true }, { policy });
      try {
        const approved = await toHandling(h, handle);
        const approvedAt = approved.history.at(-1)!.at;
        expect(deadline(approved, 'handle').dueAt).toBe(wholeDaysDue(approvedAt, 30));

        await h.send(handle, { type: 'SUSPEND_CLOCK', reason: 'forensic appraisal' });
        await h.env.sleep('3 days');
        const resumed = await h.send(handle, { type: 'RESUME_CLOCK' });
        const [suspendedAt, resumedAt] = resumed.history.slice(-2).map((e) => Date.parse(e.at));
        // Custody: the due moves by exactly the time the clock stood still, and each P10D adds ten calendar days.
        const afterSuspension = plusMs(wholeDaysDue(approvedAt, 30), resumedAt! - suspendedAt!);
        expect(deadline(resumed, 'handle').dueAt).toBe(afterSuspension);

        await h.send(handle, { type: 'EXTEND', limit: 'handle', by: 'supervisor-1' });
        const twice = await h.send(handle, { type: 'EXTEND', limit: 'handle', by: 'supervisor-1' });
        const finalDue = plusMs(afterSuspension, 20 * DAY);
        expect(deadline(twice, 'handle')).toMatchObject({ dueAt: finalDue, extensions: 2, status: 'pending' });
        await expect(h.send(handle, { type: 'EXTEND', limit: 'handle', by: 'supervisor-1' })).rejects.toMatchObject({
          cause: { type: EVENT_NOT_ALLOWED },
        });

        await h.env.sleep(Date.parse(finalDue) - Date.parse(await h.now()) - HOUR);
        expect(ladder(await h.view(handle), 'handle')).toEqual(['warning->handler']);
        await h.env.sleep(2 * HOUR);
        const overdue = await h.viewWhen(handle, (v) => ladder(v, 'handle').length >= 2, 'the overdue escalation at the final due');
        expect(ladder(overdue, 'handle')).toEqual(['warning->handler', 'overdue->station-leader']);
        expect(overdue.escalations.find((e) => e.level === 'overdue')?.raisedAt).toBe(finalDue);
      } finally {
        await h.stop(handle).catch(() => undefined);
      }
    });
  });
});
