import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runEntry, waitFor, type Proc } from '../support/processes';
import { startStack, uniqueId, type Stack } from '../support/stack';
import { startReceiver } from '../support/webhook-receiver';
import { secondsPolicy } from './fixtures';

const SECRET = 'kill-secret';
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
  stack = await startStack({ policy: secondsPolicy(), worker: false });
});
afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await stack?.close();
  await receiver?.close();
});

describe('a worker killed while a limit runs out', () => {
  it('still delivers the escalation once a worker is back, and records each escalation once', async () => {
    const first = startWorkerProcess();
    await waitFor(() => first.output().includes('polling'), 'the first worker', 60_000);
    const caseId = uniqueId('KILL');
    const created = await stack.call('POST', '/cases', { caseId, category: 'administrative', station: 'S02', reportedAt: new Date().toISOString() });
    expect(created.status).toBe(201);
    const dueAt = created.body.deadlines[0].dueAt as string;
    await waitFor(async () => (await stack.client.workflow.getHandle(caseId).fetchHistory()).events!.length > 3, 'the first workflow task');
    first.child.kill('SIGKILL');
    await first.exited;

    // The register limit (3 s) passes with no worker alive.
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(dueAt) - Date.now()) + 1_000));
    worker = startWorkerProcess();
    await waitFor(() => receiver.accepted().some((r) => r.caseId === caseId && r.level === 'overdue'), 'the overdue escalation', 60_000);

    const view = (await stack.call('GET', `/cases/${caseId}`)).body;
    const ids = view.escalations.map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const firstOverdue = view.escalations.find((e: { level: string }) => e.level === 'overdue');
    // Raised for the instant the limit fell due, not for when a worker happened to come back.
    expect(firstOverdue).toMatchObject({ limit: 'register', target: 'station-leader', raisedAt: dueAt });
    const delivered = receiver.accepted().find((r) => r.id === firstOverdue.id);
    expect(delivered).toMatchObject({ caseId, kind: 'escalation', level: 'overdue', dueAt });
  }, 120_000);
});
