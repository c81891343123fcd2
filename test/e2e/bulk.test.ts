// Bulk operations (contract section 11) over HTTP on the real dev server: a dry run counts and changes nothing;
// a run sends the event to every matched case, each as if sent alone, a refusal never stopping the rest; a cancel
// stops it; and an operation exists only for tokens covering the stations it was started over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokensFile } from '../../contracts/tokens';
import { startStack, uniqueId, type Stack } from '../support/stack';
import { createCase, getCase, send, settledHistoryLength, until } from './helpers';

const stationA = uniqueId('BA');
const stationB = uniqueId('BB');
const t = { admin: 'bulk-admin', supervisorA: 'bulk-supervisor-a', supervisorB: 'bulk-supervisor-b', caseSystem: 'bulk-case-system' };
const bulkTokens: TokensFile = {
  tokens: [
    { token: t.admin, name: 'ops', role: 'admin', stations: ['*'] },
    { token: t.supervisorA, name: 'legal-a', role: 'supervisor', stations: [stationA] },
    { token: t.supervisorB, name: 'legal-b', role: 'supervisor', stations: [stationB] },
    { token: t.caseSystem, name: 'case-system', role: 'case-system', stations: [stationA, stationB] },
  ],
} as TokensFile;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tokens: bulkTokens });
});
afterAll(() => stack?.close());

type Status = { id: string; status: string; matched: number; applied: number; refused: Array<{ caseId: string; error: string }> };
const statusOf = async (id: string, token = t.admin) => (await stack.call('GET', `/bulk/${id}`, undefined, token)).body as Status;
const finished = (id: string, token = t.admin) => until(() => statusOf(id, token), (s) => s.status !== 'running', 60_000);

/** `n` cases at `station`, each visible to visibility before the test filters on it. */
async function casesAt(station: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push((await createCase(stack, { station }, t.admin)).caseId);
  await until(() => stack.call('GET', `/cases/count?station=${station}`, undefined, t.admin), (r) => r.body.count === n, 20_000);
  return ids;
}

describe('POST /bulk', () => {
  it('dry run: answers how many cases match and changes none of them', async () => {
    const station = uniqueId('BD');
    const ids = await casesAt(station, 3);
    const before = await Promise.all(ids.map((id) => settledHistoryLength(stack, id)));
    const res = await stack.call('POST', '/bulk', { filter: { station }, event: { type: 'SUSPEND_CLOCK', reason: 'audit' }, dryRun: true }, t.admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ matched: 3 });
    expect(await Promise.all(ids.map((id) => settledHistoryLength(stack, id)))).toEqual(before);
    for (const id of ids) expect((await getCase(stack, id, t.admin)).suspended).toBeNull();
  });

  it('sends the event to every matched case; a case that refuses it is listed, and the rest still take it', async () => {
    const station = uniqueId('BR');
    const ids = await casesAt(station, 4);
    await send(stack, ids[1]!, { type: 'SUSPEND_CLOCK', reason: 'already' }, t.admin);
    const res = await stack.call('POST', '/bulk', { filter: { station }, event: { type: 'SUSPEND_CLOCK', reason: 'awaiting the expert opinion' } }, t.admin);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), matched: 4 });
    const done = await finished(res.body.id);
    expect(done).toMatchObject({ id: res.body.id, status: 'done', matched: 4, applied: 3 });
    expect(done.refused).toEqual([{ caseId: ids[1], error: expect.stringContaining('already suspended') }]);
    for (const id of ids) {
      const view = await getCase(stack, id, t.admin);
      expect(view.history.filter((h: { type: string }) => h.type === 'SUSPEND_CLOCK')).toHaveLength(1);
      expect(view.suspended.reason).toBe(id === ids[1] ? 'already' : 'awaiting the expert opinion');
    }
  });

  it('cancel: stops taking cases; those taken keep the event, the others are untouched', async () => {
    const station = uniqueId('BC');
    const ids = await casesAt(station, 40);
    const res = await stack.call('POST', '/bulk', { filter: { station }, event: { type: 'SUSPEND_CLOCK', reason: 'halt' } }, t.admin);
    expect(res.status).toBe(202);
    const cancelled = await stack.call('DELETE', `/bulk/${res.body.id}`, undefined, t.admin);
    expect(cancelled.status).toBe(200);
    const done = await finished(res.body.id);
    expect(done.status).toBe('cancelled');
    expect(done.applied).toBeLessThan(40);
    const suspended = (await Promise.all(ids.map((id) => getCase(stack, id, t.admin)))).filter((v) => v.suspended);
    expect(suspended).toHaveLength(done.applied);
    // Cancelling what has ended changes nothing.
    expect((await stack.call('DELETE', `/bulk/${res.body.id}`, undefined, t.admin)).body).toEqual(done);
  });

  it('scoping: a case system may not, a supervisor sends only its own events, and sees only operations over its stations', async () => {
    const [inA] = await casesAt(stationA, 1);
    await casesAt(stationB, 1);
    // The file limit runs from REGISTER on, and the shipped policy lets it be extended.
    await send(stack, inA!, { type: 'REGISTER' }, t.admin);
    const extend = { type: 'EXTEND', limit: 'file' };
    expect((await stack.call('POST', '/bulk', { filter: {}, event: extend, dryRun: true }, t.caseSystem)).status).toBe(403);
    expect((await stack.call('POST', '/bulk', { filter: {}, event: { type: 'SUSPEND_CLOCK', reason: 'x' } }, t.supervisorA)).status).toBe(403);
    expect((await stack.call('POST', '/bulk', { filter: {}, event: { type: 'REGISTER' } }, t.admin)).status).toBe(400);

    // A's filter over B's station matches nothing; over every station, only A's case.
    expect((await stack.call('POST', '/bulk', { filter: { station: stationB }, event: extend, dryRun: true }, t.supervisorA)).body).toEqual({ matched: 0 });
    const res = await stack.call('POST', '/bulk', { filter: {}, event: extend }, t.supervisorA);
    expect(res.body.matched).toBe(1);
    const done = await finished(res.body.id, t.supervisorA);
    expect(done.refused).toEqual([]);
    expect((await getCase(stack, inA!, t.admin)).history.map((h: { type: string; by: string }) => [h.type, h.by])).toEqual([['REGISTER', 'ops'], ['EXTEND', 'legal-a']]);

    expect((await stack.call('GET', `/bulk/${res.body.id}`, undefined, t.supervisorB)).status).toBe(404);
    expect((await stack.call('DELETE', `/bulk/${res.body.id}`, undefined, t.supervisorB)).status).toBe(404);
    expect((await stack.call('GET', `/bulk/${res.body.id}`, undefined, t.admin)).status).toBe(200);
    expect((await stack.call('GET', '/bulk/6f1c1e0a-0000-4000-8000-000000000000', undefined, t.admin)).status).toBe(404);
    expect((await stack.call('GET', '/bulk/not-an-id', undefined, t.admin)).status).toBe(400);
  });
});
