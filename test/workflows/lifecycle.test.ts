import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, wholeDaysDue, type Harness } from './harness';

const admitted = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };

describe('case workflow: full lifecycle through updates', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('lifecycle');
  });
  afterAll(() => h?.shutdown());

  it('goes reported → registered → notified → review → handling → closed and completes with the final view', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'criminal', offense: 'theft', summary: 'bicycle stolen' });

      const reported = await h.view(handle);
      expect(reported).toMatchObject({ caseId: handle.workflowId, stage: 'reported', status: 'open', track: 'ordinary', outcome: null });
      expect(reported.deadlines).toEqual([expect.objectContaining({ limit: 'register', status: 'pending', extensions: 0 })]);

      const registered = await h.send(handle, { type: 'REGISTER' });
      expect(registered.stage).toBe('registered');
      expect(registered.deadlines.map((d) => [d.limit, d.status])).toEqual([
        ['register', 'met'],
        ['notify', 'pending'],
        ['file', 'pending'],
      ]);
      expect(await h.view(handle)).toMatchObject({ stage: 'registered', status: 'open' });

      const notified = await h.send(handle, { type: 'NOTIFY' });
      expect(notified.stage).toBe('notified');
      expect((await h.view(handle)).stage).toBe('notified');

      const filed = await h.send(handle, { type: 'FILE', decision: 'file', facts: admitted });
      expect(filed.stage).toBe('review');
      expect(filed.deadlines.find((d) => d.limit === 'file')?.status).toBe('met');
      expect((await h.view(handle)).stage).toBe('review');

      const approved = await h.send(handle, { type: 'APPROVE', by: 'legal-1' });
      expect(approved.stage).toBe('handling');
      expect(approved.deadlines.find((d) => d.limit === 'handle')).toMatchObject({ status: 'pending', extensions: 0 });
      expect((await h.view(handle)).stage).toBe('handling');

      const closed = await h.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
      expect(closed).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'prosecution' });
      expect(closed.deadlines.every((d) => d.status === 'met')).toBe(true);

      const final = await handle.result();
      expect(final).toMatchObject({ caseId: handle.workflowId, stage: 'closed', status: 'closed', outcome: 'prosecution' });
      expect(final.history.map((e) => [e.type, e.from, e.to])).toEqual([
        ['REGISTER', 'reported', 'registered'],
        ['NOTIFY', 'registered', 'notified'],
        ['FILE', 'notified', 'review'],
        ['APPROVE', 'review', 'handling'],
        ['CLOSE', 'handling', 'closed'],
      ]);
      expect(final.history.find((e) => e.type === 'APPROVE')?.by).toBe('legal-1');
      expect(final.escalations).toEqual([]);
      // A query on the completed workflow answers from the last state too.
      expect((await h.view(handle)).status).toBe('closed');
    });
  });
  it('closes a declined filing as not_filed once the reporter is told, after a REJECT sent it back once', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'administrative' });
      await h.send(handle, { type: 'REGISTER' });
      await h.send(handle, { type: 'NOTIFY' });
      await h.send(handle, { type: 'FILE', decision: 'decline', reason: 'no offence was committed' });
      const rejected = await h.send(handle, { type: 'REJECT', reason: 'witness not heard', by: 'legal-1' });
      expect(rejected.stage).toBe('notified');
      expect(rejected.deadlines.filter((d) => d.limit === 'file').map((d) => d.status)).toEqual(['met', 'pending']);
      await h.send(handle, { type: 'FILE', decision: 'decline', reason: 'the witness confirms no offence' });
      const declined = await h.send(handle, { type: 'APPROVE', by: 'legal-1' });
      expect(declined.stage).toBe('decline_notice');
      expect(declined.deadlines.at(-1)).toMatchObject({ limit: 'declineNotice', status: 'pending' });
      await h.send(handle, { type: 'NOTIFY' });
      const final = await handle.result();
      expect(final).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'not_filed' });
      expect(final.history.map((e) => e.to)).toEqual(['registered', 'notified', 'review', 'notified', 'review', 'decline_notice', 'closed']);
      // Each decline keeps its own reason in the history; no other entry carries one.
      expect(final.history.filter((e) => e.reason).map((e) => [e.type, e.reason])).toEqual([
        ['FILE', 'no offence was committed'],
        ['FILE', 'the witness confirms no offence'],
      ]);
    });
  });

  it('holds a negative-list case at the station until TRANSFER to a specialized unit, which then handles and closes it', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'criminal', offense: 'homicide', station: 'S01', unitType: 'station' });
      await h.send(handle, { type: 'REGISTER' });
      await h.send(handle, { type: 'NOTIFY' });
      await h.send(handle, { type: 'FILE', decision: 'file' });
      const held = await h.send(handle, { type: 'APPROVE', by: 'legal-1' });
      expect(held.stage).toBe('awaiting_transfer');
      expect(held.deadlines.at(-1)).toMatchObject({ limit: 'transfer', status: 'pending' });
      await expect(h.send(handle, { type: 'CLOSE', outcome: 'dismissed' })).rejects.toMatchObject({ cause: { type: 'event_not_allowed' } });
      await expect(h.send(handle, { type: 'TRANSFER', toUnit: 'S02', toUnitType: 'station' })).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/specialized unit/) },
      });

      const transferred = await h.send(handle, { type: 'TRANSFER', toUnit: 'CID-01', toUnitType: 'specialized' });
      expect(transferred).toMatchObject({ stage: 'handling', station: 'CID-01', unitType: 'specialized' });
      expect(transferred.deadlines.find((d) => d.limit === 'transfer')?.status).toBe('met');
      expect(transferred.deadlines.at(-1)).toMatchObject({ limit: 'handle', status: 'pending' });

      await h.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
      expect(await handle.result()).toMatchObject({ status: 'closed', station: 'CID-01', outcome: 'prosecution' });
    });
  });

  it('runs the fast track on its own limit and recomputes the handling due from the same anchor on CONVERT_TO_ORDINARY', async () => {
    await h.withWorker(async () => {
      // Custody: whole-day dues that never move for holidays, so they are plain calendar arithmetic.
      const handle = await h.startCase({ category: 'criminal', offense: 'theft', custody: true });
      await h.send(handle, { type: 'REGISTER' });
      await h.send(handle, { type: 'NOTIFY' });
      const filed = await h.send(handle, { type: 'FILE', decision: 'file', track: 'fast', facts: admitted });
      expect(filed.track).toBe('fast');
      const approved = await h.send(handle, { type: 'APPROVE', by: 'legal-1' });
      const approvedAt = approved.history.at(-1)!.at;
      expect(approved.deadlines.at(-1)).toMatchObject({ limit: 'handle', startedAt: approvedAt, dueAt: wholeDaysDue(approvedAt, 7) });

      const converted = await h.send(handle, { type: 'CONVERT_TO_ORDINARY', reason: 'admission withdrawn' });
      expect(converted.track).toBe('ordinary');
      expect(converted.deadlines.at(-1)).toMatchObject({ limit: 'handle', startedAt: approvedAt, dueAt: wholeDaysDue(approvedAt, 30), status: 'pending' });
      await expect(h.send(handle, { type: 'CONVERT_TO_ORDINARY' })).rejects.toMatchObject({ cause: { message: expect.stringMatching(/not on the fast track/) } });

      await h.send(handle, { type: 'CLOSE', outcome: 'prosecution' });
      expect(await handle.result()).toMatchObject({ status: 'closed', track: 'ordinary' });
    });
  });
});
