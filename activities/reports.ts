import { activityInfo } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { StartCaseRequest } from '../contracts/case';
import { countPriorReports } from '../temporal/repeat-reports';

/** Reads visibility through the worker's own connection, as the sweeps do. */
export function createReportActivities({ client }: { client: Client }) {
  return {
    /** The phone's earlier reports at the case's station; a throttled or failing count throws and is retried. */
    countPriorReports: (request: StartCaseRequest): Promise<number> => countPriorReports(client, activityInfo().taskQueue, request),
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
