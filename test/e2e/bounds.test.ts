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
 * Sends the events in turn until the first refusal, which must be the case being full, and returns how many were
 * taken. The rest (up to `refusalsToSee` in all) must each be refused with 409 too (a RESUME_CLOCK after a refused
 * SUSPEND_CLOCK for its own reason); since none can change the case, they go eight at a time (Temporal takes ten
 * updates in flight per workflow).
 */
async function sendUntilFull(events: Array<{ event: Record<string, unknown>; token?: string }>, caseId: string, refusalsToSee = Infinity): Promise<number> {
  let taken = 0;
  for (const { event, token } of events) {
    const res = await sendEvent(stack, caseId, event, token);
    if (res.status !== 200) {
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body).toMatchObject({ error: 'event_not_allowed', allowed: [], reason: expect.stringContaining('the case is full') });
      break;
    }
    taken += 1;
  }
  const rest = events.slice(taken + 1, Math.min(events.length, taken + refusalsToSee));
  for (let i = 0; i < rest.length; i += 8) {
    const answers = await Promise.all(rest.slice(i, i + 8).map(({ event, token }) => sendEvent(stack, caseId, event, token)));
    for (const res of answers) {
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.error).toBe('event_not_allowed');
    }
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
    // The admin token covers every station, so the station code can be as long as the API takes too.
    const created = await createCase(stack, {
      caseId: `L${'x'.repeat(55)}-${Date.now().toString(36)}`.slice(0, 64),
      station: `S${'9'.repeat(63)}`,
      offense: 'o'.repeat(64),
      reporter: { name: cjk(200), phone: '1'.repeat(32) },
      summary: cjk(4000),
      // Backdated two days, so there are escalations to acknowledge, each with the longest note.
      reportedAt: iso(Date.now() - 2 * DAY),
    }, tokens.admin);
    const by = 'b'.repeat(64);
    const escalationIds: string[] = created.escalations.map((e: { id: string }) => e.id);
    expect(escalationIds.length).toBeGreaterThan(0);
    const events = [
      ...escalationIds.map((escalationId) => ({ event: { type: 'ACK_ESCALATION', escalationId, note: cjk(2000), by }, token: tokens.admin })),
      ...Array.from({ length: 3_000 }, (_, i) => ({ event: i % 2 === 0 ? { type: 'SUSPEND_CLOCK', reason: cjk(2000), by } : { type: 'RESUME_CLOCK', by }, token: tokens.admin })),
    ];
    const taken = await sendUntilFull(events, created.caseId, 50);
    expect(taken).toBeGreaterThan(100);
    expect(taken).toBeLessThan(events.length);
    const view = await getCase(stack, created.caseId, tokens.admin);
    expect(view.history).toHaveLength(taken);
    expect(view.escalations.filter((e: { note: string | null }) => e.note === cjk(2000))).toHaveLength(escalationIds.length);
    expect(view.summary).toBeUndefined();
    expect(Buffer.byteLength(JSON.stringify(view))).toBeLessThanOrEqual(CASE_VIEW_MAX_BYTES);
    expect((await historySizes(stack, created.caseId)).currentBytes).toBeLessThan(50 * 1024 * 1024);
  }, 600_000);
});
