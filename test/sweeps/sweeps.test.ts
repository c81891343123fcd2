import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokens } from '../../config/tokens';
import { hourPolicy, v1Models } from '../machines/fixtures';
import { waitFor } from '../support/processes';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { startReceiver } from '../support/webhook-receiver';

const SECRET = 'sweep-secret';
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const admitted = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };

// Clock-time limits (register and notify 10 h) and a 2 h backlog age, so "overdue" and "backlog" are plain sums. A
// negative-list case held at a station is to be put right within a second, so its rectification is overdue at once;
// the notify and filing rectifications keep their P1D and P3D.
const models = v1Models.map((m) => (m.id === 'negative-list-at-station' ? { ...m, rectify: 'PT1S' } : m));
const policy = hourPolicy({ backlogAge: 'PT2H', models });
const station = uniqueId('SW');
// 月通报: one station with an overdue rectification, another with more open ones, none of them overdue.
const lateStation = uniqueId('SWL');
const busyStation = uniqueId('SWB');
const busyOnly = 'sweep-busy-station-supervisor';
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const ids = { unregistered: uniqueId('SWU'), unnotified: uniqueId('SWN'), handling: uniqueId('SWH') };
type Row = { caseId: string; station: string; reason: string; stage: string; overdue: boolean };
type Report = { id: string; rows: Row[]; cases: number; truncated: boolean; byStation: { station: string }[]; rectifications: object[] | null };

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
  const dev = loadTokens(undefined, false).tokens;
  const scoped = { token: busyOnly, name: 'busy-station-supervisor', role: 'supervisor' as const, stations: [busyStation] };
  stack = await startStack({ policy, webhook: { url: receiver.url, secret: SECRET }, tokens: { tokens: [...dev, scoped] } });
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

  it('monthly ranks the stations by overdue, then open rectifications (月通报), counted as GET /rectifications counts them', async () => {
    const now = Date.now();
    const create = async (at: string, offense: string | undefined, reportedAt: number) => {
      const caseId = uniqueId('SWR');
      const res = await stack.call('POST', '/cases', { caseId, category: 'criminal', station: at, reportedAt: iso(reportedAt), ...(offense ? { offense } : {}) }, tokens.admin);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return caseId;
    };
    // A homicide held at its station: the negative-list rectification, due a second after it opened.
    const held = await create(lateStation, 'homicide', now - HOUR);
    for (const type of ['REGISTER', 'NOTIFY', 'FILE', 'APPROVE']) await send(held, type, now - HOUR, type === 'FILE' ? { decision: 'file', facts: admitted } : {});
    // Two reports registered a day ago, neither notified nor decided since: two rectifications each (P1D, P3D).
    const late = [await create(busyStation, undefined, now - 25 * HOUR), await create(busyStation, undefined, now - 25 * HOUR)];
    for (const caseId of late) await send(caseId, 'REGISTER', now - 24 * HOUR);
    const count = async (query: string) => (await stack.call('GET', `/rectifications/count?${query}`, undefined, tokens.admin)).body.count;
    await waitFor(async () => (await count(`station=${busyStation}&status=open`)) === 4, 'busy station rectifications indexed', 30_000);
    const listed = await stack.call('GET', `/rectifications?station=${busyStation}`, undefined, tokens.admin);
    const rid = listed.body.items[0].id as string;
    const caseId = listed.body.items[0].caseId as string;
    const answered = await stack.call('POST', `/cases/${caseId}/rectifications/${encodeURIComponent(rid)}/answer`, { note: 'reporter told' }, tokens.admin);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    await waitFor(async () => (await count(`station=${busyStation}&status=answered`)) === 1, 'answer indexed', 30_000);
    await waitFor(async () => (await count(`station=${lateStation}&overdue=true`)) === 1, 'overdue rectification indexed', 30_000);
    // The first station's unnotified report holds its two, neither overdue; the unregistered one none.
    expect(await count(`station=${station}&status=open`)).toBe(2);

    const { report } = await runSweep('monthly');
    expect(report.rectifications).toEqual([
      { rank: 1, station: lateStation, open: 1, overdue: 1, answered: 0 },
      { rank: 2, station: busyStation, open: 3, overdue: 0, answered: 1 },
      { rank: 3, station, open: 2, overdue: 0, answered: 0 },
    ]);
    // A supervisor of the busy station alone sees it ranked first among its own; daily and quarterly rank nothing.
    const scopedReport = await stack.call('GET', `/sweeps/${report.id}`, undefined, busyOnly);
    expect(scopedReport.body.rectifications).toEqual([{ rank: 1, station: busyStation, open: 3, overdue: 0, answered: 1 }]);
    const scopedList = await stack.call('GET', '/sweeps?kind=monthly&limit=1', undefined, busyOnly);
    expect(scopedList.body.items[0].rectifications).toEqual(scopedReport.body.rectifications);
    expect((await stack.call('GET', '/sweeps?kind=daily&limit=1', undefined, tokens.admin)).body.items[0].rectifications).toBeNull();
  }, 180_000);

  it('refuses what it should', async () => {
    expect((await stack.call('POST', '/sweeps', { kind: 'daily' }, tokens.caseSystem)).status).toBe(403);
    expect((await stack.call('POST', '/sweeps', { kind: 'daily' }, null)).status).toBe(401);
    expect((await stack.call('POST', '/sweeps', { kind: 'weekly' }, tokens.admin)).body.error).toBe('invalid_request');
    expect((await stack.call('GET', '/sweeps?limit=0', undefined, tokens.admin)).body.error).toBe('invalid_request');
    const missing = await stack.call('GET', '/sweeps/sweep-daily-nope', undefined, tokens.admin);
    expect(missing).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });
});
