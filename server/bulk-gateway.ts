import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { BULK_WORKFLOW_TYPE, bulkWorkflowId, type BulkAction, type BulkFilter, type BulkInput, type BulkStatus } from '../contracts/bulk';
import { bulkStatusQuery, cancelBulkSignal } from '../contracts/bulk-messages';
import { covers, type Scope } from '../contracts/scope';
import { everyExecution } from '../temporal/visibility';
import { visibilityQuery } from './case-search';
import { CaseNotFoundError, guarded } from './errors';

export type BulkGateway = ReturnType<typeof createBulkGateway>;

/** Memo key of the scope an operation was started with: only a token covering all of it reads or cancels it. */
const OWNER_MEMO = 'owner';

export function createBulkGateway({ client, taskQueue }: { client: Client; taskQueue: string }) {
  const handle = (id: string) => client.workflow.getHandle(bulkWorkflowId(id, taskQueue));

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
      const input: BulkInput = { id, caseIds, action, scope: { stations: scope.stations, orgs: scope.orgs ?? [] } };
      await guarded('', () =>
        client.workflow.start(BULK_WORKFLOW_TYPE, {
          workflowId: bulkWorkflowId(id, taskQueue),
          taskQueue,
          args: [input],
          memo: { [OWNER_MEMO]: input.scope },
        }),
      );
      return { id, matched: caseIds.length };
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
