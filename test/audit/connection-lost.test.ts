// The audit database's server dropping a connection the API holds (PostgreSQL shut down or restarted, a backend
// terminated) fails that request's audit write, which the edge answers 503, and nothing more: the process lives on
// and the next write reconnects. A client checked out when its connection died once took the API process down.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditDatabase, type AuditDb } from '../../audit/database';
import { sleep } from '../support/http-client';
import { startTestPostgres } from '../support/postgres';

let server: Awaited<ReturnType<typeof startTestPostgres>>;
let db: AuditDb;

beforeAll(async () => {
  server = await startTestPostgres();
  ({ db } = await openAuditDatabase({ url: server.url, dataDir: '/nonexistent' }));
}, 180_000);
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

describe('the audit database connection lost', () => {
  it('fails the transaction holding it, does not crash the process, and the next query reconnects', async () => {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      const transaction = db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        // The connection dies here, while the transaction holds it between two queries.
        await sleep(500);
        await sql`select 1`.execute(trx);
      });
      await expect(transaction).rejects.toThrow();
    } finally {
      await admin.end();
    }
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    expect(rows).toEqual([{ one: 1 }]);
  }, 60_000);
});
