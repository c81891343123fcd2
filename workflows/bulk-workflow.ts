import type { BulkInput, BulkStatus, PagedBulkInput } from '../contracts/bulk';
import { followed, takeCases } from './bulk-lanes';
import { pagedBulkWorkflow } from './bulk-pages';

/**
 * One bulk operation. POST /bulk: the event to every case matched when it was asked for, their ids in the input, each
 * as if sent alone, a refusal never stopping the rest. POST /admin/calendar: input without ids, paged from
 * visibility (bulk-pages.ts). Its progress is a Query; a cancel stops it taking further cases.
 */
export async function bulkWorkflow(input: BulkInput | PagedBulkInput): Promise<BulkStatus> {
  if (!('caseIds' in input)) return pagedBulkWorkflow(input);
  const state: BulkStatus = { id: input.id, status: 'running', matched: input.caseIds.length, applied: 0, refused: [] };
  const cancelled = followed(state);
  await takeCases(input.caseIds, input, state, cancelled);
  state.status = cancelled() ? 'cancelled' : 'done';
  return state;
}
