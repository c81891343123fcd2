import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hourPolicy } from '../machines/fixtures';
import { waitFor } from '../support/processes';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { startReceiver } from '../support/webhook-receiver';

const SECRET = 'sweep-secret';
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const admitted = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };

// Clock-time limits (register and notify 10 h) and a 2 h backlog age, so "overdue" and "backlog" are plain sums.
const policy = hourPolicy({ backlogAge: 'PT2H' });
const station = uniqueId('SW');
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const ids = { unregistered: uniqueId('SWU'), unnotified: uniqueId('SWN'), handling: uniqueId('SWH') };
type Row = { caseId: string; station: string; reason: string; stage: string; overdue: boolean };
type Report = { rows: Row[]; cases: number; truncated: boolean; byStation: { station: string }[] };

async function send(caseId: string, type: string, at: number, extra: object = {}) {
  const res = await stack.call('POST', `/cases/${caseId}/events`, { type, at: iso(at), ...extra }, tokens.admin);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function runSweep(kind: string): Promise<{ id: string; report: Report }> {
  const started = await stack.call('POST', '/sweeps', { kind }, tokens.supervisor);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const { id } = started.body;
  let report;
  await waitFor(async () => (report = (await stack.call('GET', `/sweeps/${id}`, undefined, tokens.supervisor)).body).rows !== undefined, `sweep ${id}`, 30_000);
  return { id, report: report! };
}
const ours = (rows: Row[]) => rows.filter((r) => r.station === station).sort((a, b) => a.caseId.localeCompare(b.caseId));
// A sweep reads only its own deployment's cases (this file's task queue), far below the row cap: every row is kept.
function expectOurRows(report: Report, expected: string[][]) {
  expect(report.truncated).toBe(false);
  expect(ours(report.rows).map((r) => [r.caseId, r.reason])).toEqual(expected);
}

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  stack = await startStack({ policy, webhook: { url: receiver.url, secret: SECRET } });
  const now = Date.now();
  const open = (caseId: string, reportedAt: number) =>
    stack.call('POST', '/cases', { caseId, category: 'criminal', station, reportedAt: iso(reportedAt) }, tokens.admin);
  expect((await open(ids.unregistered, now - 12 * HOUR)).status).toBe(201);
  expect((await open(ids.unnotified, now - 25 * HOUR)).status).toBe(201);
  await send(ids.unnotified, 'REGISTER', now - 24 * HOUR);
  expect((await open(ids.handling, now - HOUR)).status).toBe(201);
  for (const type of ['REGISTER', 'NOTIFY', 'FILE', 'APPROVE']) await send(ids.handling, type, now - HOUR, type === 'FILE' ? { decision: 'file', facts: admitted } : {});
  // Both late cases must be overdue in visibility before a sweep can see them.
  await waitFor(async () => (await stack.call('GET', `/cases/count?station=${station}&overdue=true`, undefined, tokens.admin)).body.count === 2, 'overdue cases indexed', 30_000);
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

describe('sweeps', () => {
  it('GET /sweeps before any sweep is an empty list', async () => {
    const res = await stack.call('GET', '/sweeps', undefined, tokens.supervisor);
    expect(res).toMatchObject({ status: 200, body: { items: [] } });
  });

  it('POST /sweeps { daily } lists the reports not registered or not notified in time, not the one in handling', async () => {
    const { id, report } = await runSweep('daily');
    expect(report).toMatchObject({ id, kind: 'daily', timezone: 'UTC', cutoff: null });
    expect(report.byStation).toContainEqual({ station, cases: 2, overdue: 2 });
    expectOurRows(report, [[ids.unnotified, 'not_notified'], [ids.unregistered, 'not_registered']].sort((a, b) => a[0]!.localeCompare(b[0]!)));

    const list = await stack.call('GET', '/sweeps', undefined, tokens.supervisor);
    expect(list.body.items[0]).toMatchObject({ id, kind: 'daily' });
    expect(list.body.items[0].rows).toBeUndefined();
    expect(list.body.items[0].byStation).toContainEqual({ station, cases: 2, overdue: 2 });

    // A token without the station sees the sweep, but none of the station's rows or counts.
    const scoped = await stack.call('GET', `/sweeps/${id}`, undefined, tokens.caseSystem);
    expect(scoped.status).toBe(200);
    expect(ours(scoped.body.rows)).toEqual([]);
    expect(scoped.body.byStation.map((c: { station: string }) => c.station)).not.toContain(station);
    const scopedList = await stack.call('GET', '/sweeps', undefined, tokens.caseSystem);
    expect(scopedList.body.items[0].byStation.map((c: { station: string }) => c.station)).not.toContain(station);

    // Posted to the webhook, signed, under the sweep's id.
    await waitFor(() => receiver.accepted().some((r) => r.id === id), 'sweep delivered', 30_000);
    const delivered = receiver.accepted().find((r) => r.id === id) as unknown as { kind: string; report: Report };
    expect(delivered.kind).toBe('sweep');
    expect(delivered.report).toEqual(report);
    expect(receiver.badSignatures()).toBe(0);
  });

  it('monthly lists the cases in handling per station; quarterly the open cases older than the backlog age', async () => {
    const monthly = await runSweep('monthly');
    expect(monthly.report.byStation).toContainEqual({ station, cases: 1, overdue: 0 });
    expectOurRows(monthly.report, [[ids.handling, 'in_handling']]);

    const quarterly = await runSweep('quarterly');
    expect(quarterly.report).toMatchObject({ backlogAge: 'PT2H' });
    expect(quarterly.report.byStation).toContainEqual({ station, cases: 2, overdue: 2 });
    expectOurRows(quarterly.report, [[ids.unnotified, 'backlog'], [ids.unregistered, 'backlog']].sort((a, b) => a[0]!.localeCompare(b[0]!)));

    const list = await stack.call('GET', '/sweeps?kind=monthly', undefined, tokens.admin);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([monthly.id]);
    const all = await stack.call('GET', '/sweeps?limit=2', undefined, tokens.admin);
    expect(all.body.items.map((s: { kind: string }) => s.kind)).toEqual(['quarterly', 'monthly']);
  });

  it('refuses what it should', async () => {
    expect((await stack.call('POST', '/sweeps', { kind: 'daily' }, tokens.caseSystem)).status).toBe(403);
    expect((await stack.call('POST', '/sweeps', { kind: 'daily' }, null)).status).toBe(401);
    expect((await stack.call('POST', '/sweeps', { kind: 'weekly' }, tokens.admin)).body.error).toBe('invalid_request');
    expect((await stack.call('GET', '/sweeps?limit=0', undefined, tokens.admin)).body.error).toBe('invalid_request');
    const missing = await stack.call('GET', '/sweeps/sweep-daily-nope', undefined, tokens.admin);
    expect(missing).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });
});
