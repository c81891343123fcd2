import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_NOT_ALLOWED } from '../../contracts/messages';
import { startHarness, type CaseHandle, type Harness } from './harness';

async function settledHistory(handle: CaseHandle) {
  // Wait until the last workflow task is completed and nothing new arrives (e.g. the notice's activity).
  let previous = -1;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const events = (await handle.fetchHistory()).events ?? [];
    const last = events.at(-1);
    if (events.length === previous && last?.workflowTaskCompletedEventAttributes) return events;
    previous = events.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`history of ${handle.workflowId} never settled`);
}

const eventTypes = (events: Awaited<ReturnType<typeof settledHistory>>) =>
  events.map((e) => Object.keys(e).find((k) => k.endsWith('EventAttributes')));

describe('case workflow: refused events', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('refusal');
  });
  afterAll(() => h?.shutdown());

  it('refuses CLOSE in reported with event_not_allowed and the stage, the allowed events and the reason', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase();
      await h.view(handle);
      const before = await settledHistory(handle);

      const error = await h.send(handle, { type: 'CLOSE', outcome: 'dismissed' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (error as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      const failure = cause as ApplicationFailure;
      expect(failure.type).toBe(EVENT_NOT_ALLOWED);
      expect(failure.details?.[0]).toEqual({
        stage: 'reported',
        allowed: expect.arrayContaining(['REGISTER', 'SUSPEND_CLOCK', 'RESUME_CLOCK', 'EXTEND', 'ACK_ESCALATION']),
        reason: expect.stringContaining('CLOSE'),
      });
      expect((failure.details?.[0] as { allowed: string[] }).allowed).not.toContain('CLOSE');

      const after = await settledHistory(handle);
      console.log(eventTypes(before), eventTypes(after));
      expect(after.length).toBe(before.length);
      expect(eventTypes(after).filter((t) => t?.startsWith('workflowExecutionUpdate'))).toEqual([]);
      expect((await h.view(handle)).stage).toBe('reported');
      expect((await h.view(handle)).history).toEqual([]);
    });
  });
});
