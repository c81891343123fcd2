import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

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

      const filed = await h.send(handle, { type: 'FILE', decision: 'file', facts: { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 } });
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
});
