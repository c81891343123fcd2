import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runEntry, waitFor, type Proc } from '../support/processes';
import { startStack, uniqueId, type Stack } from '../support/stack';
import { startReceiver } from '../support/webhook-receiver';
import { secondsPolicy } from './fixtures';

const SECRET = 'kill-secret';
const policy = secondsPolicy();
const CHAIN = policy.escalation.chain;
/** `dueAt` plus `n` of the policy's 2 s repeat intervals. */
const plusRepeats = (dueAt: string, n: number) => new Date(Date.parse(dueAt) + n * 2_000).toISOString();
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let worker: Proc | undefined;

function startWorkerProcess(): Proc {
  return runEntry('worker/main.ts', {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: 'default',
    CASEFLOW_TASK_QUEUE: stack.taskQueue,
    CASEFLOW_WEBHOOK_URL: receiver.url,
    CASEFLOW_WEBHOOK_SECRET: SECRET,
  });
}

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  stack = await startStack({ policy, worker: false });
});
afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await stack?.close();
  await receiver?.close();
});

type Escalation = { id: string; level: string; limit: string; target: string; raisedAt: string; missed?: number };

describe('a worker killed while a limit runs out', () => {
  it('delivers the escalation once a worker is back; records each escalation once and delivers each exactly once unless its delivery was in doubt', async () => {
    const first = startWorkerProcess();
    await waitFor(() => first.output().includes('polling'), 'the first worker', 60_000);
    const caseId = uniqueId('KILL');
    const created = await stack.call('POST', '/cases', { caseId, category: 'administrative', station: 'S02', reportedAt: new Date().toISOString() });
    expect(created.status).toBe(201);
    const dueAt = created.body.deadlines[0].dueAt as string;
    await waitFor(async () => (await stack.client.workflow.getHandle(caseId).fetchHistory()).events!.length > 3, 'the first workflow task');
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();

    // The register limit (3 s) passes with no worker alive.
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(dueAt) - Date.now()) + 1_000));
    worker = startWorkerProcess();
    await waitFor(() => receiver.accepted().some((r) => r.caseId === caseId && r.level === 'overdue'), 'the overdue escalation', 60_000);
    // The limit is never met, so overdue escalations repeat every 2 s: wait for one whose instant came after the kill.
    await waitFor(() => receiver.accepted().some((r) => r.caseId === caseId && Date.parse(r.raisedAt) > killedAt), 'an escalation raised after the kill', 60_000);

    // Taken before the view: whatever was delivered by then was raised, and recorded, before it.
    const deliveredIds = receiver.accepted().filter((r) => r.caseId === caseId && r.kind === 'escalation').map((r) => r.id);
    const view = (await stack.call('GET', `/cases/${caseId}`)).body;
    const escalations = view.escalations as Escalation[];
    const ids = escalations.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const firstOverdue = escalations.find((e) => e.level === 'overdue')!;
    // Raised for an instant the limit reached, not for when a worker happened to come back: the due instant, or, when
    // repeats fell due meanwhile (the new worker bundles its workflows first), the last of them at the rung it reached,
    // the others folded into `missed` (contract, catch-up).
    const missed = firstOverdue.missed ?? 0;
    expect(firstOverdue).toMatchObject({ limit: 'register', target: CHAIN[Math.min(missed, CHAIN.length - 1)], raisedAt: plusRepeats(dueAt, missed) });
    expect(receiver.accepted().find((r) => r.id === firstOverdue.id)).toMatchObject({ caseId, kind: 'escalation', level: 'overdue', dueAt, raisedAt: firstOverdue.raisedAt, missed });

    // The receiver de-duplicates by id, so count what came under each id. Delivery is at least once: a delivery
    // the killed worker had begun may come again, always with the same payload under the same id. One raised after
    // the kill was never in doubt, so it comes exactly once.
    await waitFor(() => ids.every((id) => receiver.deliveriesOf(id).length > 0), 'every recorded escalation delivered', 60_000);
    for (const e of escalations) {
      const came = receiver.deliveriesOf(e.id);
      expect(came.every((d) => JSON.stringify(d) === JSON.stringify(came[0])), e.id).toBe(true);
      expect(came[0], e.id).toMatchObject({ kind: 'escalation', caseId, level: e.level, target: e.target, raisedAt: e.raisedAt });
      if (Date.parse(e.raisedAt) > killedAt) expect(came, `deliveries of ${e.id}`).toHaveLength(1);
    }
    expect(escalations.filter((e) => Date.parse(e.raisedAt) > killedAt).length).toBeGreaterThan(0);
    // Nothing arrives that the case did not record.
    expect(deliveredIds.filter((id) => !ids.includes(id))).toEqual([]);
  }, 120_000);
});
