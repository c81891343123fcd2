import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { BulkActivities } from '../activities/bulk';
import type { BulkAction, BulkStatus } from '../contracts/bulk';
import { bulkStatusQuery, cancelBulkSignal } from '../contracts/bulk-messages';
import type { Scope } from '../contracts/scope';

/** Cases taken at once: enough to keep a worker busy, few enough that a bulk run leaves room for the cases' own work. */
const LANES = 8;

const { applyBulkEvent } = proxyActivities<BulkActivities>({
  startToCloseTimeout: '1 minute',
  // Temporal unreachable or a worker lost: retried, and the Update id makes a retry take the event at most once.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * `caseIds` taken in order, LANES at a time, into `state`; a refusal never stops the rest, a cancel stops the lanes
 * taking more. The order of the activities is part of every bulk history: both paths share it.
 */
export async function takeCases(
  caseIds: readonly string[],
  operation: { id: string; action: BulkAction; scope: Scope },
  state: BulkStatus,
  cancelled: () => boolean,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (!cancelled() && next < caseIds.length) {
      const caseId = caseIds[next++]!;
      const outcome = await applyBulkEvent({ bulkId: operation.id, caseId, action: operation.action, scope: operation.scope });
      if (outcome.ok) state.applied += 1;
      else state.refused.push({ caseId, error: outcome.error });
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
}

/** Answers the status Query with `state` and takes the cancel Signal; the function says whether one came. */
export function followed(state: BulkStatus): () => boolean {
  let cancelled = false;
  setHandler(bulkStatusQuery, () => state);
  setHandler(cancelBulkSignal, () => {
    cancelled = true;
  });
  return () => cancelled;
}
