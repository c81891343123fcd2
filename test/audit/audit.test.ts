// Contract section 10's audit trail, in PostgreSQL 15 (started here) and in the embedded PGlite: one hash-chained
// record per request, scoped reads, NDJSON export, a hand edit found by verify, and no command without its record.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokens } from '../../config/tokens';
import { AuditStore } from '../../audit/store';
import { openAuditDatabase, type AuditDb } from '../../audit/database';
import { startTestPostgres } from '../support/postgres';
import { startStack, tokens, type Stack } from '../support/stack';
import { createCase, getCase, send, sendEvent } from '../e2e/helpers';

const s02Supervisor = 'audit-s02-supervisor-token';

describe.each(['PostgreSQL', 'PGlite'] as const)('audit trail in %s', (kind) => {
  let stack: Stack;
  let raw: AuditDb;
  let store: AuditStore;
  let stopPostgres: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    let where: { url?: string; dataDir: string };
    if (kind === 'PostgreSQL') {
      const pg = await startTestPostgres();
      stopPostgres = pg.stop;
      where = { url: pg.url, dataDir: '/nonexistent' };
    } else {
      where = { dataDir: mkdtempSync(path.join(tmpdir(), 'caseflow-audit-')) };
    }
    const audit = (store = await AuditStore.open(where));
    expect(audit.where).toContain(kind);
    const dev = loadTokens(undefined, false);
    stack = await startStack({ audit, tokens: { tokens: [...dev.tokens, { token: s02Supervisor, name: 's02-legal', role: 'supervisor', stations: ['S02'] }] } });
    // PGlite is one process's: the test edits the table through the store's own connection.
    raw = kind === 'PostgreSQL' ? (await openAuditDatabase(where)).db : (audit as unknown as { db: AuditDb }).db;
  }, 180_000);
  afterAll(async () => {
    if (kind === 'PostgreSQL') await raw?.destroy();
    await stack?.close();
    await stopPostgres?.();
  });

  const audit = async (query = '', token: string = tokens.admin) => {
    const res = await stack.call('GET', `/audit${query}`, undefined, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: Record<string, unknown>[]; nextCursor: string | null };
  };

  it('writes one chained record per request: accepted, refused and read, with who, where and how it ended', async () => {
    const s01 = await createCase(stack, { station: 'S01' });
    await send(stack, s01.caseId, { type: 'REGISTER', by: 'officer-7' });
    expect((await sendEvent(stack, s01.caseId, { type: 'CLOSE', outcome: 'penalty' })).status).toBe(409);
    await getCase(stack, s01.caseId, tokens.supervisor);
    expect((await stack.call('GET', `/cases/${s01.caseId}`, undefined, 'not-a-token')).status).toBe(401);

    const { items } = await audit(`?caseId=${s01.caseId}`);
    expect(items.map((r) => [r.action, r.outcome, r.status, r.actor, r.via, r.role])).toEqual([
      ['POST /cases', 'accepted', 201, 'dev-case-system', null, 'case-system'],
      ['REGISTER', 'accepted', 200, 'officer-7', 'dev-case-system', 'case-system'],
      ['CLOSE', 'refused', 409, 'dev-case-system', null, 'case-system'],
      ['GET /cases/:caseId', 'read', 200, 'dev-legal-office', null, 'supervisor'],
      ['GET /cases/:caseId', 'refused', 401, null, null, null],
    ]);
    expect(items[1]).toMatchObject({ method: 'POST', path: `/cases/${s01.caseId}/events`, caseId: s01.caseId, station: 'S01', ip: '127.0.0.1' });
    for (const r of items) expect(r).toEqual(expect.objectContaining({ seq: expect.any(Number), at: expect.any(String), prevHash: expect.stringMatching(/^[0-9a-f]{64}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    const listed = await audit('?limit=1000');
    expect(listed.items.some((r) => r.action === 'GET /audit' && r.outcome === 'read')).toBe(true);
  });

  it('scopes a supervisor to its stations, pages with cursors, and refuses a forged one (400)', async () => {
    const s02 = await createCase(stack, { station: 'S02' });
    const s01 = await createCase(stack, { station: 'S01' });
    const seen = await audit('?limit=1000', s02Supervisor);
    expect(seen.items.some((r) => r.caseId === s02.caseId)).toBe(true);
    expect(seen.items.every((r) => r.station === 'S02')).toBe(true);
    expect(seen.items.some((r) => r.caseId === s01.caseId)).toBe(false);
    expect((await stack.call('GET', '/audit', undefined, tokens.caseSystem)).status).toBe(403);

    const first = await audit('?limit=2');
    expect(first.items).toHaveLength(2);
    const second = await audit(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items[0]!.seq).toBe((first.items[1]!.seq as number) + 1);
    for (const forged of [`${first.nextCursor}x`, 'zz-AAAAAAAAAAAAAAAA', `1-${first.nextCursor!.split('-')[1]}`]) {
      const res = await stack.call('GET', `/audit?limit=2&cursor=${forged}`, undefined, tokens.admin);
      expect(res.status, forged).toBe(400);
    }
    const borrowed = await stack.call('GET', `/audit?limit=2&cursor=${first.nextCursor}`, undefined, s02Supervisor);
    expect(borrowed.status, 'a cursor of another scope').toBe(400);
  });

  it('exports NDJSON, streamed, one record a line, the same records as the pages', async () => {
    const res = await fetch(`${stack.url}/audit/export`, { headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    const paged = await audit('?limit=1000');
    expect(lines.slice(0, 10)).toEqual(paged.items.slice(0, 10));
    expect(lines.map((r) => r.seq)).toEqual(lines.map((_r, i) => i + 1));
  });

  it('writes a read record for every list and figure a token asks for, with its filters in the path', async () => {
    const reads = ['/cases?station=S01&status=open', '/cases/count?overdue=true', '/warnings', '/rectifications?status=open', '/rectifications/count', '/stats'];
    for (const p of reads) expect((await stack.call('GET', p, undefined, tokens.supervisor)).status, p).toBe(200);
    const mine = (await audit('?actor=dev-legal-office&limit=1000')).items;
    for (const p of reads) {
      expect(mine.filter((r) => r.path === p).map((r) => [r.method, r.outcome, r.status, r.role]), p).toEqual([['GET', 'read', 200, 'supervisor']]);
    }
  });

  it('exports only the stations a supervisor holds, streamed across the store\'s batches of 1,000', async () => {
    const s02 = await createCase(stack, { station: 'S02' });
    await createCase(stack, { station: 'S01' });
    const at = new Date().toISOString();
    for (let i = 0; i < 1_100; i += 1) {
      await store.append({ at, actor: 'bulk-importer', via: null, role: 'admin', ip: '127.0.0.1', method: 'GET', path: `/cases/X-${i}`, caseId: `X-${i}`, station: i % 2 ? 'S01' : 'S02', action: 'GET /cases/:caseId', outcome: 'read', status: 200 });
    }
    const res = await fetch(`${stack.url}/audit/export`, { headers: { authorization: `Bearer ${s02Supervisor}` } });
    expect([res.status, res.headers.get('transfer-encoding'), res.headers.get('content-length')]).toEqual([200, 'chunked', null]);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.every((r) => r.station === 'S02')).toBe(true);
    expect(lines.some((r) => r.caseId === s02.caseId)).toBe(true);
    expect(lines.filter((r) => r.actor === 'bulk-importer')).toHaveLength(550);
    const seqs = lines.map((r) => r.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('verifies the chain, and finds a record edited by hand in the database', async () => {
    const before = (await stack.call('GET', '/audit/verify', undefined, tokens.admin)).body;
    expect(before).toEqual({ ok: true, checked: expect.any(Number), firstBadSeq: null });
    expect(before.checked).toBeGreaterThan(10);
    await raw.updateTable('audit_log').set({ actor: 'someone-else' }).where('seq', '=', 4).execute();
    const after = (await stack.call('GET', '/audit/verify', undefined, tokens.admin)).body;
    expect(after).toEqual({ ok: false, checked: 4, firstBadSeq: 4 });
    expect((await stack.call('GET', '/audit/verify', undefined, tokens.supervisor)).status).toBe(403);
  });

  it('answers 503 and does nothing while the audit cannot be written', async () => {
    const kase = await createCase(stack, { station: 'S01' });
    await sql`alter table audit_pending rename to audit_pending_away`.execute(raw);
    await sql`alter table audit_log rename to audit_log_away`.execute(raw);
    try {
      const command = await sendEvent(stack, kase.caseId, { type: 'REGISTER' });
      expect(command.status).toBe(503);
      expect(command.body.error).toBe('audit_unavailable');
      const read = await stack.call('GET', `/cases/${kase.caseId}`, undefined, tokens.caseSystem);
      expect(read.status, 'no record, no data').toBe(503);
      expect(JSON.stringify(read.body)).not.toContain('"station"');
    } finally {
      await sql`alter table audit_log_away rename to audit_log`.execute(raw);
      await sql`alter table audit_pending_away rename to audit_pending`.execute(raw);
    }
    expect((await getCase(stack, kase.caseId)).history, 'the refused command left no trace').toEqual([]);
  });
});
