import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { BULK_WORKFLOW_TYPE, bulkWorkflowId, type BulkAction, type BulkFilter, type BulkInput, type BulkPaging, type BulkStatus, type PagedBulkInput } from '../contracts/bulk';
import { bulkStatusQuery, cancelBulkSignal } from '../contracts/bulk-messages';
import { covers, type Scope } from '../contracts/scope';
import { everyExecution } from '../temporal/visibility';
import { visibilityQuery } from './case-search';
import { CaseNotFoundError, guarded } from './errors';

export type BulkGateway = ReturnType<typeof createBulkGateway>;

/** Memo key of the scope an operation was started with: only a token covering all of it reads or cancels it. */
const OWNER_MEMO = 'owner';

/** `paging`: how a paged operation pages; unset in production, where the workflow's defaults hold, small in tests. */
export function createBulkGateway({ client, taskQueue, paging }: { client: Client; taskQueue: string; paging?: Partial<BulkPaging> }) {
  // Without runId: the latest run, so a paged operation that continued as new is read and cancelled where it stands.
  const handle = (id: string) => client.workflow.getHandle(bulkWorkflowId(id, taskQueue));
  const scopeOf = (scope: Scope): Scope => ({ stations: scope.stations, orgs: scope.orgs ?? [] });

  async function launch(input: BulkInput | PagedBulkInput): Promise<void> {
    await guarded('', () =>
      client.workflow.start(BULK_WORKFLOW_TYPE, {
        workflowId: bulkWorkflowId(input.id, taskQueue),
        taskQueue,
        args: [input],
        memo: { [OWNER_MEMO]: input.scope },
      }),
    );
  }

  /** The operation as its owner sees it, or null: none with that id, or one started over stations the caller lacks. */
  async function read(id: string, scope: Scope): Promise<BulkStatus | null> {
    try {
      return await guarded('', async () => {
        const description = await handle(id).describe();
        const owner = description.memo?.[OWNER_MEMO] as Scope | undefined;
        if (description.type !== BULK_WORKFLOW_TYPE || !owner?.stations.every((s) => covers(scope.stations, s))) return null;
        return description.status.name === 'COMPLETED' ? handle(id).result() : handle(id).query(bulkStatusQuery);
      });
    } catch (err) {
      if (err instanceof CaseNotFoundError) return null;
      throw err;
    }
  }

  return {
    /** The ids of the cases GET /cases would list with this filter, for this scope: every page, each case once. */
    async matching(filter: BulkFilter, scope: Scope, limit: number): Promise<string[]> {
      const query = visibilityQuery({ ...filter, taskQueue, scope: scope.stations, orgs: scope.orgs });
      return guarded('', async () => {
        const ids = new Set<string>();
        for await (const execution of everyExecution(client, query)) {
          ids.add(execution.execution!.workflowId!);
          if (ids.size > limit) break;
        }
        return [...ids];
      });
    },

    async start(caseIds: string[], action: BulkAction, scope: Scope): Promise<{ id: string; matched: number }> {
      const id = randomUUID();
      await launch({ id, caseIds, action, scope: scopeOf(scope) });
      return { id, matched: caseIds.length };
    },

    /**
     * The action to every case `filter` lists for `scope`, however many: the workflow pages through them itself.
     * `matched` is their count now; `ExecutionStatus` leaves out the earlier runs of cases that continued as new.
     */
    async startOverAll(filter: BulkFilter, action: BulkAction, scope: Scope): Promise<{ id: string; matched: number }> {
      const id = randomUUID();
      const query = `${visibilityQuery({ ...filter, taskQueue, scope: scope.stations, orgs: scope.orgs })} AND ExecutionStatus = 'Running'`;
      const { count: matched } = await guarded('', () => client.workflow.count(query));
      await launch({ id, query, matched, action, scope: scopeOf(scope), ...(paging ? { paging } : {}) });
      return { id, matched };
    },

    status: read,

    /** Stops the operation taking further cases; a case already taken keeps the event. */
    async cancel(id: string, scope: Scope): Promise<BulkStatus | null> {
      const current = await read(id, scope);
      if (current?.status !== 'running') return current;
      await guarded('', () => handle(id).signal(cancelBulkSignal));
      return read(id, scope);
    },
  };
}
