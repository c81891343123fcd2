import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSweepSignal } from '../../contracts/sweep-messages';
import { ledgerId, SWEEP_LEDGER_WORKFLOW_TYPE, type SweepReport, type SweepRow } from '../../contracts/sweeps';
import { keep } from '../../workflows/sweep-ledger';
import { waitFor } from '../support/processes';
import { startStack, tokens, type Stack } from '../support/stack';

const row: SweepRow = {
  caseId: 'C-1', station: 'S01', stage: 'reported', category: 'criminal', track: 'ordinary', reason: 'not_registered',
  reportedAt: '2026-03-01T00:00:00.000Z', nextDueAt: null, overdue: true,
};
const report = (n: number, rows = 1): SweepReport => ({
  id: `sweep-daily-${n}`, kind: 'daily', asOf: new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString(), timezone: 'UTC',
  cutoff: null, backlogAge: null, cases: rows, overdue: rows, byStation: [{ station: 'S01', cases: rows, overdue: rows }], rectifications: null, truncated: false,
  rows: Array.from({ length: rows }, (_, i) => ({ ...row, caseId: `C-${n}-${i}` })),
});

describe('what the ledger keeps (pure)', () => {
  it('the same report again replaces it, as an activity retry would send it', () => {
    expect(keep(keep([], report(1)), report(1))).toEqual([report(1)]);
  });

  it('keeps at most 1,000 reports, dropping the oldest', () => {
    const many = Array.from({ length: 1000 }, (_, n) => report(n, 0));
    const kept = keep(many, report(1000, 0));
    expect(kept).toHaveLength(1000);
    expect(kept[0]!.id).toBe('sweep-daily-1');
  });

  it('over its size budget, gives up the rows of the oldest reports first, never their counts', () => {
    let ledger: SweepReport[] = [];
    for (let n = 0; n < 10; n += 1) ledger = keep(ledger, report(n, 1000));
    expect(JSON.stringify(ledger).length).toBeLessThanOrEqual(1_500_000);
    const firstKept = ledger.findIndex((r) => r.rows !== null);
    expect(firstKept).toBeGreaterThan(0);
    expect(ledger.slice(firstKept).every((r) => r.rows?.length === 1000)).toBe(true);
    expect(ledger.slice(0, firstKept).every((r) => r.rows === null)).toBe(true);
    expect(ledger.every((r) => r.cases === 1000)).toBe(true);
  });
});

describe('the ledger workflow', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it('continues as new after 50 reports and still answers for every one', async () => {
    const workflowId = ledgerId(stack.taskQueue);
    for (let n = 0; n < 60; n += 1) {
      await stack.client.workflow.signalWithStart(SWEEP_LEDGER_WORKFLOW_TYPE, {
        workflowId, taskQueue: stack.taskQueue, args: [{ reports: [] }], signal: recordSweepSignal, signalArgs: [report(n)],
      });
    }
    await waitFor(async () => (await stack.call('GET', '/sweeps?limit=200', undefined, tokens.admin)).body.items.length === 60, '60 reports', 20_000);
    expect((await stack.client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    const runs = [];
    for await (const run of stack.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run.status.name);
    expect(runs).toContain('CONTINUED_AS_NEW');
    const oldest = await stack.call('GET', '/sweeps/sweep-daily-0', undefined, tokens.admin);
    expect(oldest.body.rows).toEqual([{ ...row, caseId: 'C-0-0' }]);
  });

  it('serves a monthly report recorded before stations were ranked by rectifications with none (null), not a 500', async () => {
    const { rectifications: _none, ...older } = { ...report(100), id: 'sweep-monthly-before-ranking', kind: 'monthly' as const };
    await stack.client.workflow.signalWithStart(SWEEP_LEDGER_WORKFLOW_TYPE, {
      workflowId: ledgerId(stack.taskQueue), taskQueue: stack.taskQueue, args: [{ reports: [] }], signal: recordSweepSignal, signalArgs: [older as SweepReport],
    });
    await waitFor(async () => (await stack.call('GET', `/sweeps/${older.id}`, undefined, tokens.admin)).status === 200, 'older report recorded', 20_000);
    const one = await stack.call('GET', `/sweeps/${older.id}`, undefined, tokens.admin);
    expect(one.body).toMatchObject({ id: older.id, kind: 'monthly', rectifications: null });
    const listed = await stack.call('GET', '/sweeps?kind=monthly', undefined, tokens.admin);
    expect(listed.body.items.find((s: { id: string }) => s.id === older.id)).toMatchObject({ rectifications: null });
  });
});
