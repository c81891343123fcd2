import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRefusal } from '../../contracts/case';
import { startHarness, type CaseHandle, type Harness } from './harness';

/** A criminal report declined and its reporter told: closed not_filed, the reconsideration window open. */
async function declined(h: Harness): Promise<CaseHandle> {
  const handle = await h.startCase({ category: 'criminal', offense: 'theft' });
  await h.send(handle, { type: 'REGISTER' });
  await h.send(handle, { type: 'NOTIFY' });
  await h.send(handle, { type: 'FILE', decision: 'decline', reason: 'no offence was committed' });
  await h.send(handle, { type: 'APPROVE', by: 'legal-1' });
  const closed = await h.send(handle, { type: 'NOTIFY' });
  expect(closed).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'not_filed', remedyWindow: { name: 'reconsiderationWindow' } });
  return handle;
}

const runOf = async (handle: CaseHandle) => (await handle.describe()).runId;

describe('case workflow: the reporter\'s remedies (time-skipping server)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('remedies');
  });
  afterAll(() => h?.shutdown());

  it('keeps a declined case\'s run open through its window, so a remedy reopens the same run and history', async () => {
    await h.withWorker(async () => {
      const handle = await declined(h);
      const run = await runOf(handle);
      await h.env.sleep('6 days');
      expect((await handle.describe()).status.name).toBe('RUNNING');

      const reopened = await h.send(handle, { type: 'REQUEST_RECONSIDERATION', reason: 'the bicycle was seen at a shop' });
      expect(reopened).toMatchObject({ stage: 'reconsideration', status: 'open', outcome: null });
      const revoked = await h.send(handle, { type: 'RECONSIDER', decision: 'revoke', reason: 'the serial number matches', by: 'supervisor-1' });
      expect(revoked).toMatchObject({ stage: 'notified', status: 'open' });
      await h.send(handle, { type: 'FILE', decision: 'file' });
      await h.send(handle, { type: 'APPROVE', by: 'legal-1' });
      await h.send(handle, { type: 'CLOSE', outcome: 'prosecution' });

      const final = await handle.result();
      expect(await runOf(handle)).toBe(run);
      expect(final.history.map((e) => `${e.type} ${e.to}`)).toEqual([
        'REGISTER registered', 'NOTIFY notified', 'FILE review', 'APPROVE decline_notice', 'NOTIFY closed',
        'REQUEST_RECONSIDERATION reconsideration', 'RECONSIDER notified', 'FILE review', 'APPROVE handling', 'CLOSE closed',
      ]);
      expect(final.deadlines.map((d) => [d.limit, d.status])).toEqual(expect.arrayContaining([['reconsideration', 'met'], ['handle', 'met']]));
    });
  });

  it('ends a decline nobody contests once the reconsideration window closed, not before', async () => {
    await h.withWorker(async () => {
      const handle = await declined(h);
      const { closesAt } = (await h.view(handle)).remedyWindow!;
      await h.env.sleep(Date.parse(closesAt) - Date.parse(await h.now()) - 60_000);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const final = await handle.result();
      expect(final).toMatchObject({ stage: 'closed', outcome: 'not_filed' });
      expect(Date.parse((await handle.describe()).closeTime!.toISOString())).toBeGreaterThanOrEqual(Date.parse(closesAt));
    });
  });

  it('escalates a reconsideration not decided within its 30 days, and refuses a second decline after a review revoked it', async () => {
    await h.withWorker(async () => {
      const handle = await declined(h);
      await h.send(handle, { type: 'REQUEST_RECONSIDERATION', reason: 'please look again' });
      await h.env.sleep('35 days');
      const late = await h.viewWhen(handle, (v) => v.escalations.some((e) => e.limit === 'reconsideration' && e.level === 'overdue'), 'the overdue reconsideration');
      expect(late.deadlines.find((d) => d.limit === 'reconsideration')?.status).toBe('overdue');
      await h.send(handle, { type: 'RECONSIDER', decision: 'uphold', reason: 'nothing new', by: 'supervisor-1' });
      await h.send(handle, { type: 'REQUEST_REVIEW', reason: 'the serial number was never checked' });
      await h.send(handle, { type: 'REVIEW_DECISION', decision: 'revoke', reason: 'the serial number matches', by: 'city-bureau' });

      const error = await h.send(handle, { type: 'FILE', decision: 'decline', reason: 'still no offence' }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      const refusal = ((error as WorkflowUpdateFailedError).cause as ApplicationFailure).details?.[0] as EventRefusal;
      expect(refusal).toMatchObject({ stage: 'notified', reason: expect.stringMatching(/^a decline is no longer open to this case: the decline was revoked on review by the level above/) });
      expect((await h.view(handle)).history.at(-1)).toMatchObject({ type: 'REVIEW_DECISION', decision: 'revoke' });
      await h.stop(handle);
    });
  });
});
