// GET /rectifications and /rectifications/count on real Temporal: scoped by station like cases (a supervisor of one
// station sees only its own, a case system only its stations), filtered by model, status and overdue, paged by a
// cursor that a forged or borrowed one cannot pass for; bad filters are 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokensFile } from '../../contracts/tokens';
import { startStack, uniqueId, type Stack } from '../support/stack';
import { createCase, sendAll, until } from './helpers';

const stationA = uniqueId('RA');
const stationB = uniqueId('RB');
const t = { admin: 'rect-admin', supervisorA: 'rect-supervisor-a', caseSystemB: 'rect-case-system-b' };
const rectTokens: TokensFile = {
  tokens: [
    { token: t.admin, name: 'ops', role: 'admin', stations: ['*'] },
    { token: t.supervisorA, name: 'legal-a', role: 'supervisor', stations: [stationA] },
    { token: t.caseSystemB, name: 'unit-b', role: 'case-system', stations: [stationB] },
  ],
} as TokensFile;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tokens: rectTokens });
}, 120_000);
afterAll(() => stack?.close());

type Rectification = { id: string; caseId: string; station: string; model: string; status: string; openedAt: string };
type Page = { items: Rectification[]; nextCursor: string | null };
const toStation = [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }];
const MODEL = 'negative-list-at-station';

const list = async (query: string, token = t.admin) => {
  const res = await stack.call('GET', `/rectifications?${query}`, undefined, token);
  expect(res.status).toBe(200);
  return res.body as Page;
};
const count = async (query: string, token = t.admin) => {
  const res = await stack.call('GET', `/rectifications/count?${query}`, undefined, token);
  expect(res.status).toBe(200);
  return res.body.count as number;
};

/** A homicide held at a station: the negative list's model opens a rectification with its warning. */
async function heldAtStation(station: string) {
  const { caseId } = await createCase(stack, { station, offense: 'homicide' }, t.admin);
  const view = await sendAll(stack, caseId, toStation, t.admin);
  return { caseId, rid: (view.rectifications as Rectification[])[0]!.id };
}

describe('GET /rectifications (real Temporal)', () => {
  it('lists and counts the caller\'s stations only, with filters and a cursor', async () => {
    const a1 = await heldAtStation(stationA);
    const a2 = await heldAtStation(stationA);
    const b1 = await heldAtStation(stationB);
    await createCase(stack, { station: stationA }, t.admin); // no rectification: listed by nobody
    const answered = await stack.call('POST', `/cases/${a2.caseId}/rectifications/${encodeURIComponent(a2.rid)}/answer`, { note: 'sent on' }, t.admin);
    expect(answered.status).toBe(200);

    const both = `station=${stationA}`;
    const all = await until(() => list(both), (p) => p.items.length === 2 && p.items.some((r) => r.status === 'answered'));
    expect(all.items.map((r) => r.id)).toEqual([a1.rid, a2.rid]);
    expect(all.items.every((r) => r.station === stationA && r.model === MODEL)).toBe(true);
    expect(all.nextCursor).toBeNull();
    expect(await count(both)).toBe(2);

    // Filters: status, model, overdue (due three working days on: none is overdue yet).
    expect((await list(`${both}&status=open`)).items.map((r) => r.id)).toEqual([a1.rid]);
    expect((await list(`${both}&status=answered`)).items.map((r) => r.id)).toEqual([a2.rid]);
    expect(await count(`${both}&status=confirmed`)).toBe(0);
    expect(await count(`${both}&model=${MODEL}`)).toBe(2);
    expect(await count(`${both}&model=reporter-not-notified`)).toBe(0);
    expect(await count(`${both}&overdue=false&status=open`)).toBe(1);
    expect(await count(`${both}&overdue=true`)).toBe(0);

    // Scope: A's supervisor sees A's and nothing of B, even when naming B; B's unit sees only B's.
    expect((await list('', t.supervisorA)).items.map((r) => r.id).sort()).toEqual([a1.rid, a2.rid].sort());
    expect(await count(`station=${stationB}`, t.supervisorA)).toBe(0);
    expect((await list('', t.caseSystemB)).items.map((r) => r.id)).toEqual([b1.rid]);
    expect(await count(`station=${stationA}`, t.caseSystemB)).toBe(0);

    // A cursor pages through in order; one forged, or borrowed by another search, is a 400.
    const first = await list(`${both}&limit=1`);
    expect(first.items.map((r) => r.id)).toEqual([a1.rid]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`${both}&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((r) => r.id)).toEqual([a2.rid]);
    expect(second.nextCursor).toBeNull();
    const tampered = `${first.nextCursor!.slice(0, -2)}${first.nextCursor!.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const cursor of ['AAAAAAAAAAAAAAAAAAAAAAAAAAAA', tampered]) {
      const forged = await stack.call('GET', `/rectifications?${both}&limit=1&cursor=${cursor}`, undefined, t.admin);
      expect(forged.status).toBe(400);
      expect(forged.body.issues).toEqual([expect.objectContaining({ path: 'cursor' })]);
    }
    expect((await stack.call('GET', `/rectifications?${both}&status=open&limit=1&cursor=${first.nextCursor}`, undefined, t.admin)).status).toBe(400);
  }, 120_000);

  it('refuses bad filters with 400', async () => {
    for (const query of ['status=closed', 'overdue=yes', 'limit=0', 'limit=201', 'model=Not_A_Model', 'station=%20', 'sort=openedAt', 'cursor=***']) {
      const res = await stack.call('GET', `/rectifications?${query}`, undefined, t.admin);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
    expect((await stack.call('GET', '/rectifications/count?limit=5', undefined, t.admin)).status).toBe(400);
  });
});
