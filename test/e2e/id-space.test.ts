// Issue 16, defect 1: caseflow's own workflows (the sweep ledger, sweeps) and cases do not share one id space.
// The stack runs on the shipped task queue, as the probe's `npm start` did: there the internal ids carry no
// deployment suffix, so before the fix `caseflow-sweep-ledger` was a valid case id. A workflow of caseflow's own
// under a case-like id (as deployments from before the fix hold) is no case at /cases/:id.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TASK_QUEUE } from '../../contracts/names';
import { recordSweepSignal } from '../../contracts/sweep-messages';
import { legacyLedgerId, SWEEP_LEDGER_WORKFLOW_TYPE, SWEEP_WORKFLOW_TYPE, type SweepReport } from '../../contracts/sweeps';
import { waitFor } from '../support/processes';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { caseBody, iso, neverFailing } from './helpers';

const OLD_LEDGER_ID = 'caseflow-sweep-ledger';
const readers = [tokens.caseSystem, tokens.supervisor, tokens.admin];

let raw: Stack;
let stack: Stack;
beforeAll(async () => {
  raw = await startStack({ taskQueue: DEFAULT_TASK_QUEUE });
  stack = neverFailing(raw);
});
afterAll(() => raw?.close());

async function sweepNow(on: Stack): Promise<string> {
  const started = await on.call('POST', '/sweeps', { kind: 'daily' }, tokens.supervisor);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const id: string = started.body.id;
  await waitFor(async () => (await on.call('GET', `/sweeps/${encodeURIComponent(id)}`, undefined, tokens.admin)).status === 200, `sweep ${id} recorded`, 30_000);
  return id;
}

describe.sequential('case ids and caseflow\'s own workflow ids', () => {
  it('a case under the ledger\'s old id, taken before any sweep ran, leaves sweeps readable by every role', async () => {
    const created = await stack.call('POST', '/cases', caseBody({ caseId: OLD_LEDGER_ID }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const id = await sweepNow(stack);
    for (const token of readers) {
      const list = await stack.call('GET', '/sweeps', undefined, token);
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      expect(list.body.items.map((s: { id: string }) => s.id)).toContain(id);
      const one = await stack.call('GET', `/sweeps/${encodeURIComponent(id)}`, undefined, token);
      expect(one.status, JSON.stringify(one.body)).toBe(200);
      expect(one.body.id).toBe(id);
    }
    // The case is a case like any other.
    const view = await stack.call('GET', `/cases/${OLD_LEDGER_ID}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ caseId: OLD_LEDGER_ID, stage: 'reported' });
    const registered = await stack.call('POST', `/cases/${OLD_LEDGER_ID}/events`, { type: 'REGISTER' });
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
  });

  it('a sweep\'s id can never be a case id', async () => {
    const id = await sweepNow(stack);
    const res = await stack.call('POST', '/cases', caseBody({ caseId: id }));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain('caseId');
  });

  it('a workflow of caseflow\'s own under a case-like id is 404 at /cases/:id, to every verb and role', async () => {
    // A finished sweep as deployments from before the fix named them, and a running ledger-like workflow, as the
    // ledger those deployments still run.
    const finished = `sweep-daily-manual-${randomUUID().slice(0, 8)}`;
    await raw.client.workflow.execute(SWEEP_WORKFLOW_TYPE, { workflowId: finished, taskQueue: raw.taskQueue, args: [{ kind: 'daily', timezone: 'UTC', backlogAge: 'P90D' }] });
    const running = uniqueId('ledger');
    await raw.client.workflow.start(SWEEP_LEDGER_WORKFLOW_TYPE, { workflowId: running, taskQueue: raw.taskQueue, args: [{ reports: [] }] });
    try {
      for (const workflowId of [finished, running]) {
        for (const token of readers) {
          const res = await stack.call('GET', `/cases/${workflowId}`, undefined, token);
          expect(res.status, `${workflowId}: ${JSON.stringify(res.body)}`).toBe(404);
          expect(res.body.error).toBe('not_found');
        }
        const event = await stack.call('POST', `/cases/${workflowId}/events`, { type: 'REGISTER' });
        expect(event.status, `${workflowId}: ${JSON.stringify(event.body)}`).toBe(404);
        const create = await stack.call('POST', '/cases', caseBody({ caseId: workflowId }));
        expect(create.status, `${workflowId}: ${JSON.stringify(create.body)}`).toBe(404);
      }
    } finally {
      await raw.client.workflow.getHandle(running).terminate('test over');
    }
  });
});

describe('a deployment that swept before the ledger moved', () => {
  it('keeps its earlier reports readable beside the new ones', async () => {
    const own = await startStack();
    try {
      const old: SweepReport = {
        id: `sweep-daily@${own.taskQueue}-2026-01-05T00:00:00Z`, kind: 'daily', asOf: iso(Date.UTC(2026, 0, 5)), timezone: 'UTC',
        cutoff: null, backlogAge: null, cases: 0, overdue: 0, byStation: [], rectifications: null, truncated: false, rows: [],
      };
      await own.client.workflow.signalWithStart(SWEEP_LEDGER_WORKFLOW_TYPE, {
        workflowId: legacyLedgerId(own.taskQueue), taskQueue: own.taskQueue, args: [{ reports: [] }], signal: recordSweepSignal, signalArgs: [old],
      });
      const fresh = await sweepNow(neverFailing(own));
      const list = await own.call('GET', '/sweeps', undefined, tokens.supervisor);
      expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([fresh, old.id]);
      const earlier = await own.call('GET', `/sweeps/${encodeURIComponent(old.id)}`, undefined, tokens.supervisor);
      expect(earlier.status, JSON.stringify(earlier.body)).toBe(200);
      expect(earlier.body.asOf).toBe(old.asOf);
      await own.client.workflow.getHandle(legacyLedgerId(own.taskQueue)).terminate('test over');
    } finally {
      await own.close();
    }
  });
});
