import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';

const migrations: Record<string, Migration> = {
  '2026-12-02-01-audit-log': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text')
        .addColumn('via', 'text')
        .addColumn('role', 'text')
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('station', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_case').on('audit_log').columns(['case_id', 'seq']).execute();
      await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'seq']).execute();
      // Commands recorded before they are tried, until their outcome joins the chain (see audit/store.ts).
      await db.schema
        .createTable('audit_pending')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '2026-12-02-02-closed-cases': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('closed_cases')
        .addColumn('case_id', 'text', (c) => c.primaryKey())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('task_queue', 'text', (c) => c.notNull())
        .addColumn('station', 'text', (c) => c.notNull())
        .addColumn('orgs', sql`text[]`, (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('track', 'text', (c) => c.notNull())
        .addColumn('next_due_at', 'text')
        .addColumn('overdue', 'boolean', (c) => c.notNull())
        .addColumn('assignee', 'text')
        .addColumn('closed_at', 'text', (c) => c.notNull())
        .addColumn('view', 'bytea', (c) => c.notNull())
        .addColumn('state', 'bytea', (c) => c.notNull())
        .execute();
      // Lists page by case id within one deployment's queue.
      await db.schema.createIndex('closed_cases_queue').on('closed_cases').columns(['task_queue', 'case_id']).execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the audit schema up to date; run at every start (kysely records what it applied, under a lock). */
export async function migrate(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`audit database migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
}
