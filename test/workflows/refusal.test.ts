import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEventRequest, EventRefusal } from '../../contracts/case';
import { EVENT_NOT_ALLOWED } from '../../contracts/messages';
import { plusMs, startHarness, type CaseHandle, type Harness, type HistoryEvent } from './harness';

const attributeKinds = (events: HistoryEvent[]) =>
  events.map((e) => Object.keys(e).find((k) => k.endsWith('EventAttributes') && e[k as keyof HistoryEvent]) ?? '?');

/** Sends the event, expects the update to fail as refused, and returns the refusal. */
async function refused(h: Harness, handle: CaseHandle, event: CaseEventRequest): Promise<EventRefusal> {
  const error = await h.send(handle, event).then(
    (view) => new Error(`${event.type} was accepted: now ${view.stage}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe(EVENT_NOT_ALLOWED);
  const details = (cause as ApplicationFailure).details ?? [];
  expect(details).toHaveLength(1);
  return details[0] as EventRefusal;
}

describe('case workflow: refused events (time-skipping server)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('refusal');
  });
  afterAll(() => h?.shutdown());

  it('refuses CLOSE in reported with event_not_allowed, the stage, the events allowed now and the reason', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase();
      const before = await h.settled(handle);

      const refusal = await refused(h, handle, { type: 'CLOSE', outcome: 'dismissed' });
      expect(refusal).toEqual({ stage: 'reported', allowed: expect.any(Array), reason: expect.stringContaining('CLOSE') });
      expect([...refusal.allowed].sort()).toEqual(['ACK_ESCALATION', 'ASSIGN', 'EXTEND', 'REGISTER', 'RESUME_CLOCK', 'SUSPEND_CLOCK']);

      const after = await h.settled(handle);
      // Nothing about the update is recorded. The Java test server, unlike a real server, has no speculative
      // workflow tasks, so the task that ran the validator stays as a scheduled/started/completed triple.
      expect(attributeKinds(after).filter((k) => /update/i.test(k) && !/SearchAttributes/.test(k))).toEqual([]);
      expect(attributeKinds(after).slice(0, before.length)).toEqual(attributeKinds(before));
      expect(new Set(attributeKinds(after).slice(before.length))).toEqual(
        new Set(after.length > before.length ? ['workflowTaskScheduledEventAttributes', 'workflowTaskStartedEventAttributes', 'workflowTaskCompletedEventAttributes'] : []),
      );

      const view = await h.view(handle);
      expect(view).toMatchObject({ stage: 'reported', status: 'open', history: [] });
      // The case still takes the events it should.
      expect((await h.send(handle, { type: 'REGISTER' })).stage).toBe('registered');
    });
  });

  it('refuses an event whose guard fails, and changes nothing', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase({ category: 'criminal' });
      const registeredAt = await h.now();
      await h.send(handle, { type: 'REGISTER', at: registeredAt });

      // Earlier than the case's last event.
      const early = await refused(h, handle, { type: 'NOTIFY', at: plusMs(registeredAt, -60_000) });
      expect(early.stage).toBe('registered');
      expect(early.allowed).toContain('NOTIFY');
      expect(early.reason).toMatch(/earlier than the case's last event/);

      // The criminal notify limit has no extension in the shipped policy.
      const extend = await refused(h, handle, { type: 'EXTEND', limit: 'notify', by: 'supervisor-1' });
      expect(extend.reason).toMatch(/notify limit allows 0 extension/);

      // Resuming a clock that is not suspended.
      expect((await refused(h, handle, { type: 'RESUME_CLOCK' })).reason).toMatch(/not suspended/);

      // Fast track for facts that are not admitted.
      await h.send(handle, { type: 'NOTIFY' });
      const fast = await refused(h, handle, { type: 'FILE', decision: 'file', track: 'fast', facts: { admitted: false, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 } });
      expect(fast).toMatchObject({ stage: 'notified', reason: expect.stringMatching(/fast track not allowed/) });

      const view = await h.view(handle);
      expect(view.stage).toBe('notified');
      expect(view.history.map((e) => e.type)).toEqual(['REGISTER', 'NOTIFY']);
      expect(view.deadlines.find((d) => d.limit === 'notify')).toMatchObject({ status: 'met', extensions: 0 });
      expect(view.track).toBe('ordinary');
    });
  });
});

describe('case workflow: a refused event leaves no trace in the history (dev server)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('refusal-dev', 'dev');
  });
  afterAll(() => h?.shutdown());

  it('has the same number of history events before and after a refused CLOSE', async () => {
    await h.withWorker(async () => {
      const handle = await h.startCase();
      await h.send(handle, { type: 'REGISTER' });
      const before = await h.settled(handle);

      const refusal = await refused(h, handle, { type: 'CLOSE', outcome: 'dismissed' });
      expect(refusal.stage).toBe('registered');

      const after = await h.settled(handle);
      expect(after.length).toBe(before.length);
      expect(attributeKinds(after)).toEqual(attributeKinds(before));
      expect((await h.view(handle)).stage).toBe('registered');
      await h.stop(handle);
    });
  });
});
