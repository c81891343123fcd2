import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BulkActivities } from '../activities/bulk';
import type { BulkCarried, BulkPaging, BulkStatus, PagedBulkInput } from '../contracts/bulk';
import { followed, takeCases } from './bulk-lanes';

/**
 * A page of 500 costs a run some 1,500 events (each case an activity scheduled, started, completed): four pages keep
 * it well inside the 10,240 events at which Temporal starts warning.
 */
const DEFAULT_PAGING: BulkPaging = { pageSize: 500, pagesPerRun: 4 };

const { listBulkPage } = proxyActivities<BulkActivities>({
  startToCloseTimeout: '30 seconds',
  // Visibility unreachable or throttled: the operation waits, it never ends early.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * The pass's query. Visibility lists running executions newest run first, so a case whose run starts after the
 * first page was listed (opened, or continued as new before its turn) sorts ahead of the cursor: the last pass
 * takes the runs started since the operation did. A case taken twice takes the year twice, which changes nothing.
 */
const queryOf = (input: PagedBulkInput, at: Pick<BulkCarried, 'pass' | 'since'>) =>
  at.pass === 'open' ? input.query : `${input.query} AND StartTime >= '${at.since}'`;

/**
 * An operation over every case its query lists (POST /admin/calendar), however many: page by page from visibility,
 * each page taken by the lanes, continuing as new every few pages with its figures and where it stands, so neither
 * its input nor its history grows with the number of cases.
 */
export async function pagedBulkWorkflow(input: PagedBulkInput): Promise<BulkStatus> {
  const paging = { ...DEFAULT_PAGING, ...input.paging };
  const state: BulkStatus = {
    id: input.id,
    status: 'running',
    matched: input.matched,
    applied: input.carried?.applied ?? 0,
    refused: input.carried?.refused ?? [],
  };
  const at = { since: input.carried?.since ?? workflowInfo().runStartTime.toISOString(), pass: input.carried?.pass ?? 'open', pageToken: input.carried?.pageToken };
  const cancelled = followed(state);

  for (let pages = 1; !cancelled(); pages += 1) {
    const page = await listBulkPage({ query: queryOf(input, at), pageSize: paging.pageSize, pageToken: at.pageToken });
    await takeCases(page.caseIds, input, state, cancelled);
    if (page.nextPageToken) at.pageToken = page.nextPageToken;
    else if (at.pass === 'open') Object.assign(at, { pass: 'since', pageToken: undefined });
    else break;
    if (!cancelled() && (pages >= paging.pagesPerRun || workflowInfo().continueAsNewSuggested)) {
      // A cancel that arrives meanwhile makes the server refuse this command; the task is retried with it handled.
      const carried: BulkCarried = { applied: state.applied, refused: state.refused, ...at };
      return continueAsNew<typeof pagedBulkWorkflow>({ ...input, carried });
    }
  }
  state.status = cancelled() ? 'cancelled' : 'done';
  return state;
}
