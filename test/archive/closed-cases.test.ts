// Contract section 11's last rule, on the real dev server, with the archive in PostgreSQL 15 (started here) and in the
// embedded PGlite: a closed case's workflow deleted as Temporal's retention would delete it still reads, lists and
// counts exactly as before; a case reopened after its run ended reads live, not from the archive.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokens } from '../../config/tokens';
import { AuditStore } from '../../audit/store';
import { ClosedCaseArchive } from '../../audit/closed-cases';
import { startTestPostgres } from '../support/postgres';
import { startStack, tokens, type Stack } from '../support/stack';
import { caseBody, createCase, DAY, getCase, HOUR, iso, send, sendAll, until } from '../e2e/helpers';

const s02Supervisor = 'archive-s02-supervisor-token';
const prosecutor = 'dev-prosecutor-token';
const LONG = 60_000;

describe.each(['PostgreSQL', 'PGlite'] as const)('closed cases after retention, archive in %s', (kind) => {
  let stack: Stack;
  let audit: AuditStore;
  let archive: ClosedCaseArchive;
  let stopPostgres: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    let where: { url?: string; dataDir: string };
    if (kind === 'PostgreSQL') {
      const pg = await startTestPostgres('caseflow_archive');
      stopPostgres = pg.stop;
      where = { url: pg.url, dataDir: '/nonexistent' };
    } else {
      where = { dataDir: mkdtempSync(path.join(tmpdir(), 'caseflow-archive-')) };
    }
    audit = await AuditStore.open(where);
    expect(audit.where).toContain(kind);
    archive = new ClosedCaseArchive(audit.database);
    const dev = loadTokens(undefined, false);
    stack = await startStack({ audit, archive, tokens: { tokens: [...dev.tokens, { token: s02Supervisor, name: 's02-legal', role: 'supervisor', stations: ['S02'] }] } });
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await stopPostgres?.();
  });

  const ok = async (p: string, token: string = tokens.caseSystem) => {
    const res = await stack.call('GET', p, undefined, token);
    expect(res.status, `${p}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  const completed = (caseId: string) =>
    until(() => stack.client.workflow.getHandle(caseId).describe(), (d) => d.status.name === 'COMPLETED', LONG).then((d) => expect(d.status.name).toBe('COMPLETED'));
  const inTemporal = (caseId: string) => stack.client.workflow.count(`WorkflowId = '${caseId}'`).then((r) => r.count);
  const row = (caseId: string) => audit.database.selectFrom('closed_cases').selectAll().where('case_id', '=', caseId).executeTakeFirst();

  /** Temporal's retention, now: the closed run deleted, and visibility no longer holding it. */
  async function retain(caseId: string): Promise<void> {
    await stack.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: caseId } });
    expect(await until(() => inTemporal(caseId), (n) => n === 0, LONG)).toBe(0);
    await expect(stack.client.workflow.getHandle(caseId).describe()).rejects.toThrow();
  }

  async function closedCase(station: string, outcome: string): Promise<string> {
    const { caseId } = await createCase(stack, { station, reporter: { name: '张秀英', phone: '13800138000' }, summary: 'a stolen bicycle' });
    await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }, { type: 'CLOSE', outcome }]);
    await completed(caseId);
    return caseId;
  }

  /** Every page of a search, following its cursors. */
  async function allPages(query: string): Promise<{ items: Array<{ caseId: string }>; cursors: string[] }> {
    const items: Array<{ caseId: string }> = [];
    const cursors: string[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = await ok(`/cases?${query}${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return { items, cursors };
      cursors.push(cursor);
    }
  }

  it('reads, lists and counts a closed case the same after its workflow is deleted; scope and audit as before', async () => {
    const caseId = await closedCase('S01', 'mediated');
    // The run marks itself archived before it ends; the search reads it from the archive from then on.
    const stored = await row(caseId);
    expect(stored).toMatchObject({ case_id: caseId, station: 'S01', stage: 'closed', category: 'criminal' });
    // Encrypted at rest by the payload codec: neither the reporter nor the summary is in the row in clear.
    const bytes = Buffer.from(stored!.view);
    for (const secret of ['张秀英', '13800138000', 'a stolen bicycle']) expect(bytes.includes(Buffer.from(secret))).toBe(false);

    const view = await getCase(stack, caseId);
    expect(view).toMatchObject({ caseId, stage: 'closed', status: 'closed', outcome: 'mediated' });
    // Listed once, by Temporal until the run's archived mark reaches visibility, by the archive from then on.
    const listed = await until(() => ok('/cases?status=closed&limit=100'), (p) => p.items.length === 1, LONG);
    expect(listed).toEqual({ items: [expect.objectContaining({ caseId, station: 'S01', stage: 'closed', status: 'closed' })], nextCursor: null });
    const count = await until(() => ok('/cases/count?status=closed'), (c) => c.count === 1, LONG);
    expect(count).toEqual({ count: 1 });

    await retain(caseId);

    expect(await getCase(stack, caseId)).toEqual(view);
    expect(await ok('/cases?status=closed&limit=100')).toEqual(listed);
    expect(await ok('/cases/count?status=closed')).toEqual(count);
    expect(await ok('/cases?station=S01&stage=closed&category=criminal')).toEqual(listed);
    expect((await ok('/cases?status=open')).items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);
    expect(await ok('/cases?status=closed&category=administrative')).toEqual({ items: [], nextCursor: null });

    // Scope as for a live case: another station's supervisor, an org that never held it: it does not exist for them.
    expect((await stack.call('GET', `/cases/${caseId}`, undefined, s02Supervisor)).status).toBe(404);
    expect((await stack.call('GET', `/cases/${caseId}`, undefined, prosecutor)).status).toBe(404);
    expect((await ok('/cases?status=closed', s02Supervisor)).items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);
    expect((await ok('/cases?status=closed', prosecutor)).items).toEqual([]);
    // No more events, as before it was deleted.
    expect((await stack.call('POST', `/cases/${caseId}/events`, { type: 'SUSPEND_CLOCK', reason: 'late' })).status).toBe(409);

    const records = (await ok(`/audit?caseId=${caseId}`, tokens.admin)).items as Array<Record<string, unknown>>;
    expect(records.filter((r) => r.method === 'GET').map((r) => [r.outcome, r.status, r.station])).toEqual([
      ['read', 200, 'S01'], ['read', 200, 'S01'], ['refused', 404, null], ['refused', 404, null],
    ]);
  });

  it('pages through Temporal and then the archive with sealed cursors: every closed case once, none open', async () => {
    const station = 'S02';
    const kept = await closedCase(station, 'penalty');
    const gone = [await closedCase(station, 'mediated'), await closedCase(station, 'no_case')];
    const open = (await createCase(stack, { station })).caseId;
    // Declined and its reporter told: closed, but its run waits out the remedy window, so it is not archived yet.
    const waiting = (await createCase(stack, { station })).caseId;
    await sendAll(stack, waiting, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'decline', reason: 'a civil debt' }, { type: 'APPROVE' }, { type: 'NOTIFY' }]);
    expect(await getCase(stack, waiting)).toMatchObject({ status: 'closed' });
    for (const id of gone) await retain(id);
    const closed = [kept, ...gone, waiting].sort();

    const whole = await until(() => ok(`/cases?station=${station}&status=closed&limit=100`), (p) => p.items.length === closed.length, LONG);
    expect(whole.items.map((i: { caseId: string }) => i.caseId).sort()).toEqual(closed);
    const query = `station=${station}&status=closed&limit=1`;
    const paged = await allPages(query);
    expect(paged.items.map((i) => i.caseId).sort()).toEqual(closed);
    expect(paged.items).toEqual(expect.arrayContaining(whole.items));
    expect(await ok(`/cases/count?station=${station}&status=closed`)).toEqual({ count: closed.length });
    expect((await allPages(`station=${station}&limit=2`)).items.map((i) => i.caseId).sort()).toEqual([...closed, open].sort());
    expect(await ok(`/cases/count?station=${station}`)).toEqual({ count: closed.length + 1 });

    // A cursor is sealed to its search: a changed one, a made-up one, or another search's is a 400.
    const fromArchive = paged.cursors.find((c) => c.startsWith('a'));
    expect(fromArchive).toBeDefined();
    const changed = fromArchive!.slice(0, -1) + (fromArchive!.endsWith('A') ? 'B' : 'A');
    for (const cursor of [changed, 'aAAAA', 'tAAAA', 'garbage', paged.cursors[0]!.slice(1)]) {
      expect((await stack.call('GET', `/cases?${query}&cursor=${cursor}`)).status, cursor).toBe(400);
    }
    expect((await stack.call('GET', `/cases?station=S01&status=closed&limit=1&cursor=${fromArchive}`)).status).toBe(400);
  });

  /** Declined and its reporter told twelve days ago: the reconsideration window has passed and the run has ended. */
  async function declinedLongAgo(): Promise<{ caseId: string; body: ReturnType<typeof caseBody> }> {
    const t0 = Date.now() - 12 * DAY;
    const body = caseBody({ category: 'criminal', reportedAt: iso(t0), reporter: { name: '王芳' } });
    expect((await stack.call('POST', '/cases', body)).status).toBe(201);
    await sendAll(stack, body.caseId, [
      { type: 'REGISTER', at: iso(t0 + HOUR) },
      { type: 'NOTIFY', at: iso(t0 + 2 * HOUR) },
      { type: 'FILE', decision: 'decline', reason: 'a civil debt', at: iso(t0 + 3 * HOUR) },
      { type: 'APPROVE', at: iso(t0 + 4 * HOUR) },
      { type: 'NOTIFY', at: iso(t0 + 2 * DAY) },
    ]);
    await completed(body.caseId);
    return { caseId: body.caseId, body };
  }

  it('reads a case reopened after its run ended from the live workflow, never from its archived row', async () => {
    const { caseId } = await declinedLongAgo();
    const archived = await row(caseId);
    expect(archived?.case_id).toBe(caseId);

    const asked = await send(stack, caseId, { type: 'REQUEST_FILING_EXPLANATION', reason: 'the reporter says it was fraud' }, prosecutor);
    expect(asked.history.at(-1).type).toBe('REQUEST_FILING_EXPLANATION');
    // The ended run's row is released once the new run starts; until the case ends closed again it reads live.
    expect(await row(caseId)).toBeUndefined();
    expect(await getCase(stack, caseId)).toEqual(asked);

    // A row left behind (the database was down as the case reopened) never answers for the live case.
    await audit.database.insertInto('closed_cases').values(archived!).execute();
    expect(await getCase(stack, caseId)).toEqual(asked);
    const listed = await until(() => ok(`/cases?station=S01&status=${asked.status}&limit=100`), (p) => p.items.some((i: { caseId: string }) => i.caseId === caseId), LONG);
    expect(listed.items.filter((i: { caseId: string }) => i.caseId === caseId)).toEqual([expect.objectContaining({ caseId, stage: asked.stage, status: asked.status })]);
    const all = (await allPages('limit=3')).items.filter((i) => i.caseId === caseId);
    expect(all).toHaveLength(1);
  });

  it('answers a NUL in a case id or a filter as bad input, never as the archive down (PostgreSQL text holds no NUL)', async () => {
    for (const [method, p, body] of [
      ['GET', '/cases/%00', undefined],
      ['POST', '/cases/%00/events', { type: 'ACK', by: 'x' }],
      ['POST', '/cases/%00/rectifications/__proto__/answer', { note: 'x' }],
    ] as const) {
      const res = await stack.call(method, p, body);
      expect([res.status, res.body.issues?.[0]?.path], `${method} ${p}: ${JSON.stringify(res.body)}`).toEqual([400, 'caseId']);
    }
    const rid = await stack.call('POST', '/cases/C-none/rectifications/a%00b/answer', { note: 'x' });
    expect(rid.status, JSON.stringify(rid.body)).toBe(404);
    for (const q of ['station=S01%00', 'assignee=a%00', 'cursor=%00', 'status=closed&station=%00']) {
      const res = await stack.call('GET', `/cases?${q}`);
      expect(res.status, `/cases?${q}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
    }
  });

  it('keeps a case its id after retention, and reopens it from its archived state', async () => {
    const { caseId, body } = await declinedLongAgo();
    const view = await getCase(stack, caseId);
    await retain(caseId);

    // The id is free in Temporal, not in caseflow: the same report is answered as the archived case, another refused.
    const again = await stack.call('POST', '/cases', body);
    expect([again.status, again.body]).toEqual([200, view]);
    expect((await stack.call('POST', '/cases', { ...body, reporter: { name: '李四' } })).body).toMatchObject({ error: 'case_exists' });
    expect(await inTemporal(caseId)).toBe(0);

    const asked = await send(stack, caseId, { type: 'REQUEST_FILING_EXPLANATION', reason: 'the reporter says it was fraud' }, prosecutor);
    expect(asked.history.map((h: { type: string }) => h.type)).toEqual([...view.history.map((h: { type: string }) => h.type), 'REQUEST_FILING_EXPLANATION']);
    expect(asked.reporter).toEqual(view.reporter);
    expect(await row(caseId)).toBeUndefined();
    expect(await getCase(stack, caseId)).toEqual(asked);
    const live = await stack.client.workflow.getHandle(caseId).describe();
    expect(live.status.name).toBe('RUNNING');
    const listed = await until(() => ok(`/cases?station=S01&status=${asked.status}&limit=100`), (p) => p.items.some((i: { caseId: string }) => i.caseId === caseId), LONG);
    expect(listed.items.filter((i: { caseId: string }) => i.caseId === caseId)).toEqual([expect.objectContaining({ caseId, stage: asked.stage, status: asked.status })]);
  });
});
