// GET /cases: filters, pagination and station scoping. Each test works at stations of its own, so cases of
// other tests (and other files sharing the Temporal server) never show up in what it asserts.
import { describe, expect, it } from 'vitest';
import { tokens, uniqueId } from '../support/stack';
import { createCase, DAY, deadline, HOUR, iso, neverFailingStack, send, sendAll, until } from './helpers';

const stack = neverFailingStack();

type Summary = { caseId: string; category: string; station: string; stage: string; status: string; track: string; nextDueAt: string | null; overdue: boolean };

async function list(query: string, token: string = tokens.supervisor): Promise<{ items: Summary[]; nextCursor: string | null }> {
  const res = await stack.call('GET', `/cases?${query}`, undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const ids = (page: { items: Summary[] }) => page.items.map((c) => c.caseId).sort();

/** Visibility follows the workflows a moment later: poll (≤ 10 s) until the listing shows what is expected. */
async function listed(query: string, expected: string[], token: string = tokens.supervisor) {
  const want = [...expected].sort();
  const page = await until(() => list(query, token), (p) => JSON.stringify(ids(p)) === JSON.stringify(want));
  expect(ids(page), query).toEqual(want);
  return page;
}

describe.concurrent('GET /cases', () => {
  it('filters by station, stage, category, track and overdue', async () => {
    const station = uniqueId('ST');
    const admin = tokens.admin;
    // Five cases at five points of the lifecycle, set up side by side.
    const [reported, registered, [fast, handling], late, closed] = await Promise.all([
      createCase(stack, { station, category: 'criminal' }, admin),
      createCase(stack, { station, category: 'administrative' }, admin).then(async (c) => {
        await send(stack, c.caseId, { type: 'REGISTER' }, admin);
        return c;
      }),
      createCase(stack, { station, category: 'criminal' }, admin).then(async (c) => {
        const view = await sendAll(stack, c.caseId, [
          { type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file', track: 'fast', facts: { admitted: true } }, { type: 'APPROVE' },
        ], admin);
        return [c, view];
      }),
      // Reported two days ago and never registered: its 24-hour register limit is long overdue.
      createCase(stack, { station, category: 'criminal', reportedAt: iso(Date.now() - 2 * DAY) }, admin),
      createCase(stack, { station, category: 'administrative' }, admin).then(async (c) => {
        await sendAll(stack, c.caseId, [
          { type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }, { type: 'CLOSE', outcome: 'mediated' },
        ], admin);
        return c;
      }),
    ]);
    const all = [reported, registered, fast, late, closed].map((c) => c.caseId);

    const overdue = await listed(`station=${station}&overdue=true`, [late.caseId]);
    expect(overdue.items[0]).toEqual({
      caseId: late.caseId, category: 'criminal', station, stage: 'reported', status: 'open', track: 'ordinary',
      nextDueAt: iso(Date.parse(late.reportedAt) + DAY), overdue: true,
    });
    await listed(`station=${station}&stage=closed`, [closed.caseId]);
    await listed(`station=${station}&track=fast`, [fast.caseId]);
    const everything = await listed(`station=${station}`, all);
    expect(everything.nextCursor).toBeNull();

    await listed(`station=${station}&overdue=false`, [reported.caseId, registered.caseId, fast.caseId, closed.caseId]);
    await listed(`station=${station}&stage=registered`, [registered.caseId]);
    await listed(`station=${station}&stage=handling`, [fast.caseId]);
    await listed(`station=${station}&stage=reported`, [reported.caseId, late.caseId]);
    await listed(`station=${station}&category=administrative`, [registered.caseId, closed.caseId]);
    await listed(`station=${station}&category=criminal&stage=reported&overdue=false`, [reported.caseId]);
    await listed(`station=${station}&track=ordinary&category=criminal`, [reported.caseId, late.caseId]);
    await listed(`station=${station}&stage=review`, []);

    // What a summary says agrees with the case itself.
    const byId = new Map(everything.items.map((c) => [c.caseId, c]));
    expect(byId.get(fast.caseId)).toEqual({
      caseId: fast.caseId, category: 'criminal', station, stage: 'handling', status: 'open', track: 'fast',
      nextDueAt: deadline(handling, 'handle').dueAt, overdue: false,
    });
    expect(byId.get(closed.caseId)).toMatchObject({ stage: 'closed', status: 'closed', nextDueAt: null, overdue: false });
    expect(byId.get(reported.caseId)).toMatchObject({ stage: 'reported', status: 'open', nextDueAt: deadline(reported, 'register').dueAt });
  });

  it('pages with limit and cursor through every case exactly once, newest first', async () => {
    const station = uniqueId('ST');
    const created: string[] = [];
    for (let i = 0; i < 6; i += 1) created.push((await createCase(stack, { station, reportedAt: iso(Date.now() - HOUR) }, tokens.admin)).caseId);
    await listed(`station=${station}`, created);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`station=${station}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.caseId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(cursor).toBeNull();
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual([...created].reverse());

    // A cursor belongs to its search: with other filters it is refused, not misread.
    const first = await list(`station=${station}&limit=2`);
    expect(first.nextCursor).toEqual(expect.any(String));
    const other = await stack.call('GET', `/cases?station=${station}&stage=closed&limit=2&cursor=${first.nextCursor}`, undefined, tokens.supervisor);
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ error: 'invalid_request', issues: [expect.objectContaining({ path: 'cursor' })] });
    // The largest page is 200.
    expect((await stack.call('GET', `/cases?station=${station}&limit=200`, undefined, tokens.supervisor)).status).toBe(200);
    expect((await stack.call('GET', `/cases?station=${station}&limit=201`, undefined, tokens.supervisor)).status).toBe(400);
  });

  it('lists only the stations a token may see', async () => {
    const station = uniqueId('ST');
    const outside = await createCase(stack, { station }, tokens.admin);
    const inside = await createCase(stack, { station: 'S02' });
    await listed(`station=${station}`, [outside.caseId], tokens.admin);
    await listed(`station=${station}`, [outside.caseId], tokens.supervisor);

    // The case system (S01, S02) sees its own case and nothing of the other station.
    expect(await list(`station=${station}`, tokens.caseSystem)).toEqual({ items: [], nextCursor: null });
    const own = await until(() => list('station=S02&limit=200', tokens.caseSystem), (p) => ids(p).includes(inside.caseId));
    expect(ids(own)).toContain(inside.caseId);
    for (const item of own.items) expect(item.station).toBe('S02');
    const unfiltered = await list('limit=200', tokens.caseSystem);
    for (const item of unfiltered.items) expect(['S01', 'S02']).toContain(item.station);
    expect(ids(unfiltered)).not.toContain(outside.caseId);
  });
});
