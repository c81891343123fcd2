import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { BulkAction, BulkPage } from '../contracts/bulk';
import type { BulkOutcome } from '../contracts/bulk-messages';
import type { CaseCommand, EventRefusal } from '../contracts/case';
import { addCalendarUpdate, applyEventUpdate, CASE_OUT_OF_SCOPE, EVENT_NOT_ALLOWED } from '../contracts/messages';
import type { Scope } from '../contracts/scope';
import { pageOfExecutions } from '../temporal/visibility';

export type BulkStep = { bulkId: string; caseId: string; action: BulkAction; scope: Scope };

/** Reaches the cases through the worker's own connection, as the sweeps do. */
export function createBulkActivities({ client }: { client: Client }) {
  return {
    /**
     * The event to one case, as POST /cases/:id/events would send it, or the calendar. The Update's id is the operation's and the
     * case's: a retry after a lost worker gets the first answer back instead of taking the event twice.
     */
    async applyBulkEvent({ bulkId, caseId, action, scope }: BulkStep): Promise<BulkOutcome> {
      const kase = client.workflow.getHandle(caseId);
      const updateId = `bulk-${bulkId}`;
      try {
        if ('calendar' in action) {
          await kase.executeUpdate(addCalendarUpdate, { args: [action.calendar], updateId });
        } else {
          const sent = { ...action.event, at: action.event.at ?? new Date().toISOString() } as CaseCommand;
          await kase.executeUpdate(applyEventUpdate, { args: [sent, scope], updateId });
        }
        return { ok: true };
      } catch (err) {
        const refusal = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? err.cause : undefined;
        if (refusal?.type === EVENT_NOT_ALLOWED) return { ok: false, error: (refusal.details?.[0] as EventRefusal).reason };
        if (refusal?.type === CASE_OUT_OF_SCOPE) return { ok: false, error: `case ${caseId} not found` };
        if (refusal) return { ok: false, error: refusal.message };
        // Matched, then closed and its run ended before its turn came.
        if (err instanceof WorkflowNotFoundError) return { ok: false, error: 'the case is closed' };
        throw err;
      }
    },

    /**
     * One page of the cases a paged operation goes through. Visibility pages by a keyset of each run's close and
     * start time, not by offset, so a case leaving the query (closed meanwhile) or changing its attributes (the
     * calendar just taken) neither skips nor repeats another. The token travels in workflow state as base64.
     */
    async listBulkPage({ query, pageSize, pageToken }: { query: string; pageSize: number; pageToken?: string }): Promise<BulkPage> {
      const page = await pageOfExecutions(client, query, pageSize, pageToken ? Buffer.from(pageToken, 'base64') : undefined);
      const caseIds = [...new Set(page.executions.map((e) => e.execution!.workflowId!))];
      return { caseIds, nextPageToken: page.nextPageToken && Buffer.from(page.nextPageToken).toString('base64') };
    },
  };
}

export type BulkActivities = ReturnType<typeof createBulkActivities>;
