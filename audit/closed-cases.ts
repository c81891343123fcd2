import { sql } from 'kysely';
import type { CaseSummary, Stage } from '../contracts/case';
import type { Category, Track } from '../contracts/policy';
import { openAuditDatabase, pgText, type AuditDb } from './database';
import { migrate } from './migrations';
import { AuditUnavailableError } from './store';

/** What a run that ended closed leaves behind: the fields lists filter on, and its view sealed by the payload codec. */
export type ClosedCaseRecord = {
  caseId: string;
  runId: string;
  taskQueue: string;
  station: string;
  orgs: readonly string[];
  stage: Stage;
  category: Category;
  track: Track;
  nextDueAt: string | null;
  overdue: boolean;
  assignee: string | null;
  closedAt: string;
  view: Uint8Array;
  state: Uint8Array;
};

/** The filters of `GET /cases` an archived case can match (it is closed: `status` is the caller's to check). */
export type ArchiveFilter = {
  taskQueue: string;
  scope: readonly string[];
  orgs?: readonly string[];
  station?: string;
  stage?: Stage;
  category?: Category;
  track?: Track;
  overdue?: boolean;
  assignee?: string;
};

/**
 * caseflow's own archive of closed cases (contract section 11): Temporal's retention removes a closed case's
 * workflow, this keeps its final view, in the audit database. One row per case, its latest run's: a case reopened
 * and closed again replaces it.
 */
export class ClosedCaseArchive {
  constructor(private readonly db: AuditDb) {}

  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw new AuditUnavailableError(`archive of closed cases: cannot ${what}: ${(err as Error).message}`, { cause: err });
    }
  }

  put(r: ClosedCaseRecord): Promise<void> {
    const row = {
      case_id: r.caseId, run_id: r.runId, task_queue: r.taskQueue, station: pgText(r.station), orgs: [...r.orgs], stage: r.stage, category: r.category,
      track: r.track, next_due_at: r.nextDueAt, overdue: r.overdue, assignee: pgText(r.assignee), closed_at: r.closedAt, view: r.view, state: r.state,
    };
    const { case_id: _key, ...rest } = row;
    return this.guard('write', async () => {
      await this.db.insertInto('closed_cases').values(row).onConflict((c) => c.column('case_id').doUpdateSet(rest)).execute();
    });
  }

  /** The sealed view of one case of `taskQueue`'s deployment, if it is archived. */
  get(caseId: string, taskQueue: string): Promise<Uint8Array | undefined> {
    return this.guard('read', async () => {
      const row = await this.db.selectFrom('closed_cases').select('view').where('case_id', '=', pgText(caseId)).where('task_queue', '=', taskQueue).executeTakeFirst();
      return row?.view;
    });
  }

  /** The sealed machine state one case of `taskQueue`'s deployment ended with, and the run that ended, if archived. */
  ended(caseId: string, taskQueue: string): Promise<{ runId: string; state: Uint8Array } | undefined> {
    return this.guard('read', async () => {
      const row = await this.db.selectFrom('closed_cases').select(['run_id', 'state']).where('case_id', '=', pgText(caseId)).where('task_queue', '=', taskQueue).executeTakeFirst();
      return row && { runId: row.run_id, state: row.state };
    });
  }

  /** The run that closed a case is superseded by a run that reopened it: its row goes, so lists show the live case. */
  release(caseId: string, runId: string): Promise<void> {
    return this.guard('write', async () => {
      await this.db.deleteFrom('closed_cases').where('case_id', '=', pgText(caseId)).where('run_id', '=', runId).execute();
    });
  }

  private filtered(f: ArchiveFilter) {
    let q = this.db.selectFrom('closed_cases').where('task_queue', '=', f.taskQueue);
    if (!f.scope.includes('*')) {
      const stations = f.scope.map(pgText);
      const orgs = (f.orgs ?? []).map(pgText);
      q = q.where((eb) =>
        eb.or([
          ...(stations.length ? [eb('station', 'in', stations)] : []),
          ...(orgs.length ? [eb(sql<boolean>`orgs && ${sql.val(orgs)}::text[]`, '=', true)] : []),
          ...(stations.length || orgs.length ? [] : [eb.val(false)]),
        ]),
      );
    }
    if (f.station) q = q.where('station', '=', pgText(f.station));
    if (f.stage) q = q.where('stage', '=', pgText(f.stage));
    if (f.category) q = q.where('category', '=', pgText(f.category));
    if (f.track) q = q.where('track', '=', pgText(f.track));
    if (f.overdue !== undefined) q = q.where('overdue', '=', f.overdue);
    if (f.assignee !== undefined) q = q.where('assignee', '=', pgText(f.assignee));
    return q;
  }

  /** Up to `limit` archived cases after `afterCaseId`, by case id. */
  page(filter: ArchiveFilter, afterCaseId: string | undefined, limit: number): Promise<CaseSummary[]> {
    return this.guard('read', async () => {
      let q = this.filtered(filter).select(['case_id', 'category', 'station', 'stage', 'track', 'next_due_at', 'overdue']);
      if (afterCaseId !== undefined) q = q.where('case_id', '>', pgText(afterCaseId));
      const rows = await q.orderBy('case_id').limit(limit).execute();
      return rows.map((r) => ({
        caseId: r.case_id,
        category: r.category as Category,
        station: r.station,
        stage: r.stage as Stage,
        status: 'closed' as const,
        track: r.track as Track,
        nextDueAt: r.next_due_at,
        overdue: r.overdue,
      }));
    });
  }

  count(filter: ArchiveFilter): Promise<number> {
    return this.guard('read', async () => {
      const row = await this.filtered(filter).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }
}

/** The archive alone, for a worker process of its own; closing it closes its database. */
export async function openClosedCaseArchive(options: { url?: string; dataDir: string }): Promise<{ archive: ClosedCaseArchive; close: () => Promise<void> }> {
  const { db } = await openAuditDatabase(options);
  try {
    await migrate(db as never);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { archive: new ClosedCaseArchive(db), close: () => db.destroy() };
}
