import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { AuditEntry, AuditQuery, AuditRecord } from '../contracts/audit';
import { chained, firstBreak, GENESIS_HASH } from './chain';
import { openAuditDatabase, pgText, type AuditDb, type AuditTables } from './database';
import { migrate } from './migrations';

/** The audit database could not take or give a record: the request is answered 503 and nothing is done. */
export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
}
export class AuditCursorError extends Error {
  override name = 'AuditCursorError';
}

/** Whose records a reader sees: every station's (`*`), or those of the listed stations only. */
export type AuditScope = readonly string[];

type Row = Selectable<AuditTables['audit_log']>;
const toRecord = (r: Row): AuditRecord => ({
  seq: Number(r.seq), at: r.at, actor: r.actor, via: r.via, role: r.role, ip: r.ip, method: r.method, path: r.path,
  caseId: r.case_id, station: r.station, action: r.action, outcome: r.outcome as AuditRecord['outcome'], status: r.status, prevHash: r.prev_hash, hash: r.hash,
});
const toRow = (r: AuditRecord): Row => ({
  seq: r.seq, at: r.at, actor: r.actor, via: r.via, role: r.role, ip: r.ip, method: r.method, path: r.path,
  case_id: r.caseId, station: r.station, action: r.action, outcome: r.outcome, status: r.status, prev_hash: r.prevHash, hash: r.hash,
});

/** One lock id for the chain's head: appends from every API process take it in turn (PostgreSQL advisory lock). */
const CHAIN_LOCK = 0x6361_7365;
const BATCH = 1000;

type Filter = Omit<AuditQuery, 'limit' | 'cursor'>;

const cleanEntry = (e: AuditEntry): AuditEntry =>
  Object.fromEntries(Object.entries(e).map(([k, v]) => [k, typeof v === 'string' ? pgText(v) : v])) as AuditEntry;

// A cursor names the last seq read and the filter it pages, with a checksum: a made-up or borrowed one is a 400.
const cursorSum = (filter: Filter, scope: AuditScope, seq: number) =>
  createHash('sha256').update(JSON.stringify(['caseflow-audit-cursor', filter.caseId, filter.actor, filter.from, filter.to, scope, seq])).digest('base64url').slice(0, 16);

function encodeCursor(filter: Filter, scope: AuditScope, seq: number): string {
  return `${seq.toString(36)}-${cursorSum(filter, scope, seq)}`;
}

function decodeCursor(filter: Filter, scope: AuditScope, cursor: string): number {
  const [head, sum] = cursor.split(/-(.*)/s);
  const seq = /^[0-9a-z]{1,11}$/.test(head ?? '') ? parseInt(head!, 36) : NaN;
  if (!Number.isSafeInteger(seq) || sum !== cursorSum(filter, scope, seq)) throw new AuditCursorError('cursor is not one this API returned for this query');
  return seq;
}

/** The hash-chained audit trail (contract section 10), in PostgreSQL or the embedded PGlite. */
export class AuditStore {
  private constructor(
    private readonly db: AuditDb,
    readonly where: string,
  ) {}

  /** The store's database, for the other tables it holds (audit/closed-cases.ts); closed with the store. */
  get database(): AuditDb {
    return this.db;
  }

  static async open(options: { url?: string; dataDir: string }): Promise<AuditStore> {
    const { db, where } = await openAuditDatabase(options);
    try {
      await migrate(db as never);
      const store = new AuditStore(db, where);
      await store.settleOrphans();
      return store;
    } catch (err) {
      await db.destroy();
      throw err;
    }
  }

  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof AuditCursorError) throw err;
      throw new AuditUnavailableError(`audit database: cannot ${what}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Appends one record after the chain's head, under the chain lock; `pendingId` is the intent it settles. */
  append(entry: AuditEntry, pendingId?: string): Promise<AuditRecord> {
    return this.guard('write', () =>
      this.db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(tx);
        const head = await tx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const record = chained(cleanEntry(entry), head ? Number(head.seq) + 1 : 1, head?.hash ?? GENESIS_HASH);
        await tx.insertInto('audit_log').values(toRow(record)).execute();
        if (pendingId !== undefined) await tx.deleteFrom('audit_pending').where('id', '=', pendingId).execute();
        return record;
      }),
    );
  }

  /**
   * A command's intent, durable before the command is tried: if the process dies before the outcome is appended,
   * the next start appends it as `unknown`, so nothing done is ever missing from the trail.
   */
  intend(entry: AuditEntry): Promise<string> {
    return this.guard('write', async () => {
      const row = await this.db.insertInto('audit_pending').values({ at: entry.at, entry: JSON.stringify(cleanEntry(entry)) }).returning('id').executeTakeFirstOrThrow();
      return String(row.id);
    });
  }

  private async settleOrphans(): Promise<void> {
    const orphans = await this.db.selectFrom('audit_pending').selectAll().orderBy('id').execute();
    for (const orphan of orphans) {
      const entry = JSON.parse(orphan.entry) as AuditEntry;
      await this.append({ ...entry, outcome: 'unknown', status: null }, String(orphan.id));
    }
  }

  private filtered(filter: Filter, scope: AuditScope, afterSeq: number) {
    let q = this.db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq);
    if (!scope.includes('*')) q = scope.length ? q.where('station', 'in', [...scope]) : q.where(sql<boolean>`false`);
    if (filter.caseId) q = q.where('case_id', '=', pgText(filter.caseId));
    if (filter.actor) q = q.where('actor', '=', pgText(filter.actor));
    if (filter.from) q = q.where('at', '>=', new Date(filter.from).toISOString());
    if (filter.to) q = q.where('at', '<', new Date(filter.to).toISOString());
    return q.orderBy('seq');
  }

  page(query: AuditQuery, scope: AuditScope): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
    const { limit, cursor, ...filter } = query;
    const after = cursor ? decodeCursor(filter, scope, cursor) : 0;
    return this.guard('read', async () => {
      const rows = (await this.filtered(filter, scope, after).limit(limit + 1).execute()).map(toRecord);
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? encodeCursor(filter, scope, items.at(-1)!.seq) : null };
    });
  }

  /** Every record the filter and scope allow, oldest first, read in batches so memory stays flat. */
  async *export(filter: Filter, scope: AuditScope): AsyncGenerator<AuditRecord> {
    for (let after = 0; ; ) {
      const rows = await this.guard('read', () => this.filtered(filter, scope, after).limit(BATCH).execute());
      for (const row of rows) yield toRecord(row);
      if (rows.length < BATCH) return;
      after = Number(rows.at(-1)!.seq);
    }
  }

  /** Walks the whole chain: `firstBadSeq` is the first record that was edited, removed or reordered by hand. */
  verify(): Promise<{ ok: boolean; checked: number; firstBadSeq: number | null }> {
    return this.guard('read', async () => {
      let previous: { seq: number; hash: string } | null = null;
      let checked = 0;
      for (;;) {
        const after: number = previous?.seq ?? 0;
        const rows: AuditRecord[] = (await this.db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(BATCH).execute()).map(toRecord);
        const bad = firstBreak(rows, previous);
        if (bad !== null) return { ok: false, checked: checked + rows.findIndex((r) => r.seq === bad) + 1, firstBadSeq: bad };
        checked += rows.length;
        if (rows.length < BATCH) return { ok: true, checked, firstBadSeq: null };
        previous = rows.at(-1)!;
      }
    });
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
