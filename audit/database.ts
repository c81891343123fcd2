import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Generated } from 'kysely';
import pg from 'pg';

export type AuditTables = {
  audit_log: {
    seq: string | number;
    at: string;
    actor: string | null;
    via: string | null;
    role: string | null;
    ip: string;
    method: string;
    path: string;
    case_id: string | null;
    station: string | null;
    action: string;
    outcome: string;
    status: number | null;
    prev_hash: string;
    hash: string;
  };
  audit_pending: { id: Generated<string | number>; at: string; entry: string };
  /** The final view of every case whose run ended closed, for reads after Temporal's retention (audit/closed-cases.ts). */
  closed_cases: {
    case_id: string;
    run_id: string;
    task_queue: string;
    station: string;
    orgs: string[];
    stage: string;
    category: string;
    track: string;
    next_due_at: string | null;
    overdue: boolean;
    assignee: string | null;
    closed_at: string;
    /** The view as a Temporal payload, encoded by the payload codec: personal data stays encrypted at rest. */
    view: Uint8Array;
    /** The machine state the run ended with, sealed alike: what a reopening (server/case-reopen.ts) starts from. */
    state: Uint8Array;
  };
};
export type AuditDb = Kysely<AuditTables>;

/**
 * PostgreSQL text cannot hold NUL, and a client may send one anywhere (a path, a body, a filter): written, it is kept
 * as U+FFFD; looked up, it matches nothing, as nothing stored holds one. Either way the database never sees it.
 */
export const pgText = <T extends string | null | undefined>(v: T): T => (typeof v === 'string' ? (v.replace(/\0/g, '\uFFFD') as T) : v);

type Result = { rows: unknown[]; rowCount: number; command: string };
type Lease = { query: (sql: string, params?: readonly unknown[]) => Promise<Result>; release: () => void };

/**
 * PGlite behind the pool interface kysely's PostgresDialect drives. PGlite is one connection: a lease is exclusive
 * until released, so two requests' transactions never interleave on it.
 */
function pglitePool(db: PGlite) {
  let queue = Promise.resolve();
  return {
    connect(): Promise<Lease> {
      return new Promise((resolveLease) => {
        queue = queue.then(
          () =>
            new Promise<void>((released) =>
              resolveLease({
                query: async (sql, params) => {
                  const r = await db.query(sql, params as unknown[] | undefined);
                  return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command: (r as { command?: string }).command ?? 'SELECT' };
                },
                release: () => released(),
              }),
            ),
        );
      });
    },
    end: () => db.close(),
  };
}

/** PostgreSQL at `url`, or PGlite kept in `dataDir/audit` (nothing to install: `npm start` needs nothing more). */
export async function openAuditDatabase({ url, dataDir }: { url?: string; dataDir: string }): Promise<{ db: AuditDb; where: string }> {
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 3000 });
    // A client the server dropped must not crash the process; the next query reconnects or fails as a 503. The pool
    // listens on its idle clients only: one checked out (inside a transaction, between two queries) when PostgreSQL
    // shuts down emits its 'error' on itself, which unheard ended the API process (a fast shutdown under load did).
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    return { db: new Kysely<AuditTables>({ dialect: new PostgresDialect({ pool }) }), where: 'PostgreSQL' };
  }
  const dir = path.join(dataDir, 'audit');
  mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create(dir);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- PostgresDialect's pool type is pg's, which this mirrors in part
  return { db: new Kysely<AuditTables>({ dialect: new PostgresDialect({ pool: pglitePool(lite) as any }) }), where: `PGlite in ${dir}` };
}
