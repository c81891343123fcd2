// An open rectification past its due escalates like a limit (contract section 8), on durable timers in virtual
// time: a warning at 80% of its span, overdue at the due and a rung higher every day, until the unit answers; a
// supervisor's reopen starts it again from the reopen's due.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../contracts/case';
import { rectifyUpdate } from '../../contracts/messages';
import type { RectifyCommand } from '../../contracts/rectifications';
import { DAY, ladder, plusMs, startHarness, type CaseHandle, type Harness } from './harness';

/** 80% of the span from `start` to `due`, floored to the millisecond, as the machine places a warning. */
const at80 = (start: string, due: string) => new Date(Date.parse(start) + Math.floor(((Date.parse(due) - Date.parse(start)) * 8) / 10)).toISOString();
const MINUTE = 60_000;

describe('case workflow: an open rectification escalates up the police chain until answered', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('rectification-escalations');
  });
  afterAll(() => h?.shutdown());

  /** Sleeps the server's virtual clock to a minute past `instant`. */
  const sleepPast = async (instant: string) => h.env.sleep(Date.parse(instant) + MINUTE - Date.parse(await h.now()));
  const step = async (handle: CaseHandle, command: Omit<RectifyCommand, 'at'>): Promise<CaseView> =>
    handle.executeUpdate(rectifyUpdate, { args: [{ ...command, at: await h.now() }, { stations: ['*'] }] });

  it('warns the handler, escalates overdue daily a rung higher, stops at the answer and starts again from a reopen', async () => {
    await h.withWorker(async () => {
      // A homicide approved at its station: the negative-list rectification opens (rectify P3D, legal clock).
      const handle = await h.startCase({ category: 'criminal', offense: 'homicide', unitType: 'station' });
      try {
        for (const type of ['REGISTER', 'NOTIFY'] as const) await h.send(handle, { type });
        await h.send(handle, { type: 'FILE', decision: 'file' });
        const held = await h.send(handle, { type: 'APPROVE', by: 'legal-1' });
        const opened = held.rectifications![0]!;
        expect(opened).toMatchObject({ model: 'negative-list-at-station', status: 'open' });
        const rid = opened.id;
        const due = opened.dueAt;
        expect(ladder(held, 'rectification')).toEqual([]);

        await sleepPast(at80(opened.openedAt, due));
        const warned = await h.viewWhen(handle, (v) => ladder(v, 'rectification').length >= 1, 'the rectification warning');
        expect(warned.escalations.filter((e) => e.limit === 'rectification')).toEqual([
          expect.objectContaining({ id: `${rid}:escalation:0`, level: 'warning', target: 'handler', dueAt: due, raisedAt: at80(opened.openedAt, due) }),
        ]);

        await sleepPast(due);
        const overdue = await h.viewWhen(handle, (v) => ladder(v, 'rectification').length >= 2, 'the overdue escalation');
        expect(ladder(overdue, 'rectification')).toEqual(['warning->handler', 'overdue->station-leader']);
        expect(overdue.escalations.find((e) => e.id === `${rid}:escalation:1`)).toMatchObject({ level: 'overdue', raisedAt: due, dueAt: due });

        await h.env.sleep('1 day');
        const repeated = await h.viewWhen(handle, (v) => ladder(v, 'rectification').length >= 3, 'the repeat a day later');
        expect(ladder(repeated, 'rectification')).toEqual(['warning->handler', 'overdue->station-leader', 'overdue->legal-officer']);
        // Shanghai keeps no summer time: the next local day at the same local time is 24 h on.
        expect(repeated.escalations.find((e) => e.id === `${rid}:escalation:2`)?.raisedAt).toBe(plusMs(due, DAY));

        const answered = await step(handle, { rid, action: 'answer', note: 'papers sent to the criminal police', by: 'station-unit' });
        expect(answered.rectifications![0]!.status).toBe('answered');
        await h.env.sleep('3 days');
        await h.settled(handle);
        expect(ladder(await h.view(handle), 'rectification')).toHaveLength(3);

        const reopened = await step(handle, { rid, action: 'reopen', note: 'still at the station', by: 'supervisor-1' });
        const again = reopened.rectifications![0]!;
        expect(again.status).toBe('open');
        expect(Date.parse(again.dueAt)).toBeGreaterThan(Date.parse(due));
        await sleepPast(again.dueAt);
        const restarted = await h.viewWhen(handle, (v) => ladder(v, 'rectification').length >= 5, 'the escalations after the reopen');
        expect(ladder(restarted, 'rectification').slice(3)).toEqual(['warning->handler', 'overdue->station-leader']);
        expect(restarted.escalations.filter((e) => e.limit === 'rectification').slice(3)).toEqual([
          expect.objectContaining({ id: `${rid}:escalation:3`, level: 'warning', dueAt: again.dueAt }),
          expect.objectContaining({ id: `${rid}:escalation:4`, level: 'overdue', dueAt: again.dueAt, raisedAt: again.dueAt }),
        ]);
      } finally {
        await h.stop(handle);
      }
    });
  }, 300_000);
});
