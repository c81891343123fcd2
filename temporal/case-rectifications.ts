import type { Client } from '@temporalio/client';
import { decodeOptionalSinglePayload } from '@temporalio/common/lib/internal-non-workflow';
import type { CaseView } from '../contracts/case';
import { CASE_MEMO_VIEW, caseViewQuery } from '../contracts/messages';
import type { RectificationView } from '../contracts/rectifications';
import type { Execution } from './visibility';

/** Still open past its due: what escalates (contract section 8). */
export const isOverdueRectification = (r: RectificationView, now: number) => r.status === 'open' && Date.parse(r.dueAt) <= now;

/**
 * A listed case's rectifications, from its memo view as GET /cases/:id reads it; a view that outgrew the memo by
 * Query. The API's lists and figures and the worker's monthly sweep read them alike, so their counts agree.
 */
export async function rectificationsOf(client: Client, execution: Execution): Promise<RectificationView[]> {
  // Through the client's codec: the memo is encrypted like every payload.
  const memo = await decodeOptionalSinglePayload<CaseView | null>(client.options.loadedDataConverter, execution.memo?.fields?.[CASE_MEMO_VIEW]);
  const view = memo ?? (await client.workflow.getHandle(execution.execution?.workflowId ?? '').query(caseViewQuery));
  return view.rectifications ?? [];
}
