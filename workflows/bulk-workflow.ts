import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { BulkActivities } from '../activities/bulk';
import type { BulkInput, BulkStatus } from '../contracts/bulk';
import { bulkStatusQuery, cancelBulkSignal } from '../contracts/bulk-messages';

/** Cases taken at once: enough to keep a worker busy, few enough that a bulk run leaves room for the cases' own work. */
const LANES = 8;

const { applyBulkEvent } = proxyActivities<BulkActivities>({
  startToCloseTimeout: '1 minute',
  // Temporal unreachable or a worker lost: retried, and the Update id makes a retry take the event at most once.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * One bulk operation (POST /bulk): the event to every case matched when it was asked for, each as if sent alone, a
 * refusal never stopping the rest. Its progress is a Query; a cancel stops it taking further cases.
 */
export async function bulkWorkflow(input: BulkInput): Promise<BulkStatus> {
  const state: BulkStatus = { id: input.id, status: 'running', matched: input.caseIds.length, applied: 0, refused: [] };
  let cancelled = false;
  setHandler(bulkStatusQuery, () => state);
  setHandler(cancelBulkSignal, () => {
    cancelled = true;
  });
  let next = 0;
  const lane = async () => {
    while (!cancelled && next < input.caseIds.length) {
      const caseId = input.caseIds[next++]!;
      const outcome = await applyBulkEvent({ bulkId: input.id, caseId, action: input.action, scope: input.scope });
      if (outcome.ok) state.applied += 1;
      else state.refused.push({ caseId, error: outcome.error });
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  state.status = cancelled ? 'cancelled' : 'done';
  return state;
}
