// No input grows a case without bound (contracts/bounds.ts, docs/bounds.md): 10,000 events on one case, and a
// case with the longest strings the API takes everywhere, each end with a readable case of bounded size, every
// answer a 200 or a 409 that says the case is full, and the workflow's history within Temporal's limits.
import { describe, expect, it } from 'vitest';
import { CASE_VIEW_MAX_BYTES } from '../../contracts/bounds';
import type { Stack } from '../support/stack';
import { tokens } from '../support/stack';
import { createCase, DAY, getCase, iso, neverFailingStack, sendEvent } from './helpers';

const stack = neverFailingStack();

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * Sends every event in turn; returns how many were taken. The first refusal must be the case being full; from then
 * on every event is refused with 409 (a RESUME_CLOCK after a refused SUSPEND_CLOCK for its own reason).
 */
async function sendUntilFull(events: Array<{ event: Record<string, unknown>; token?: string }>, caseId: string, refusalsToSee = Infinity): Promise<number> {
  let taken = 0;
  let refused = 0;
  for (const { event, token } of events) {
    if (refused >= refusalsToSee) break;
    const res = await sendEvent(stack, caseId, event, token);
    if (res.status === 200) {
      expect(refused, 'no event is taken once the case is full').toBe(0);
      taken += 1;
      continue;
    }
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error).toBe('event_not_allowed');
    if (refused === 0) expect(res.body).toMatchObject({ allowed: [], reason: expect.stringContaining('the case is full') });
    refused += 1;
  }
  return taken;
}

/** The events of the workflow run now open, and of every run the case had. */
async function historySizes(s: Stack, caseId: string) {
  const handle = s.client.workflow.getHandle(caseId);
  const current = (await handle.fetchHistory()).events ?? [];
  let runs = 0;
  for await (const run of s.client.workflow.list({ query: `WorkflowId = '${caseId}'` })) if (run.workflowId === caseId) runs += 1;
  return { currentEvents: current.length, currentBytes: bytes(current), runs };
}

describe('bounds of one case', () => {
  it('10,000 events: the case takes them until its view would pass the bound, then refuses the rest; it stays readable', async () => {
    const created = await createCase(stack);
    const events = Array.from({ length: 10_000 }, (_, i) => ({ event: i % 2 === 0 ? { type: 'SUSPEND_CLOCK', reason: 'awaiting the expert opinion' } : { type: 'RESUME_CLOCK' } }));
    const taken = await sendUntilFull(events, created.caseId);
    expect(taken).toBeGreaterThan(500);
    expect(taken).toBeLessThan(10_000);
    console.log(`10,000 events: ${taken} taken before the case was full`);

    const view = await getCase(stack, created.caseId);
    expect(view.history).toHaveLength(taken);
    expect(bytes(view)).toBeLessThanOrEqual(CASE_VIEW_MAX_BYTES);
    // The case went on across runs (continue-as-new) rather than growing one history.
    const sizes = await historySizes(stack, created.caseId);
    expect(sizes.runs).toBeGreaterThan(1);
    expect(sizes.currentBytes).toBeLessThan(50 * 1024 * 1024);
  }, 600_000);

  it('the longest strings everywhere: the case fills up and is refused with 409, never a 5xx, and reads whole', async () => {
    const cjk = (n: number) => '案'.repeat(n);
    const created = await createCase(stack, {
      caseId: `L${'x'.repeat(55)}-${Date.now().toString(36)}`.slice(0, 64),
      station: 'S01',
      offense: 'o'.repeat(64),
      reporter: { name: cjk(200), phone: '1'.repeat(32) },
      summary: cjk(4000),
      // Backdated two days, so there are escalations to acknowledge, each with the longest note.
      reportedAt: iso(Date.now() - 2 * DAY),
    });
    const by = 'b'.repeat(64);
    const escalationIds: string[] = created.escalations.map((e: { id: string }) => e.id);
    expect(escalationIds.length).toBeGreaterThan(0);
    const events = [
      { event: { type: 'ACK_ESCALATION', escalationId: escalationIds[0], note: cjk(2000), by }, token: tokens.supervisor },
      ...Array.from({ length: 3_000 }, (_, i) => ({ event: i % 2 === 0 ? { type: 'SUSPEND_CLOCK', reason: cjk(2000), by } : { type: 'RESUME_CLOCK', by } })),
    ];
    const taken = await sendUntilFull(events, created.caseId, 50);
    expect(taken).toBeGreaterThan(100);
    expect(taken).toBeLessThan(events.length);
    const view = await getCase(stack, created.caseId);
    expect(view.history).toHaveLength(taken);
    expect(view.summary).toBeUndefined();
    expect(Buffer.byteLength(JSON.stringify(view))).toBeLessThanOrEqual(CASE_VIEW_MAX_BYTES);
    expect((await historySizes(stack, created.caseId)).currentBytes).toBeLessThan(50 * 1024 * 1024);
  }, 600_000);
});
