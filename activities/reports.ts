import { activityInfo } from '@temporalio/activity';
import { Client, type ConnectionLike } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { StartCaseRequest } from '../contracts/case';
import { countPriorReports } from '../temporal/repeat-reports';

/** Reads visibility through the worker's own connection, as the sweeps do. */
export function createReportActivities({ connection, namespace, payloadCodecs }: { connection: ConnectionLike; namespace: string; payloadCodecs?: PayloadCodec[] }) {
  // The worker's codec: cases' payloads and memos are encrypted (temporal/encryption-codec.ts).
  const client = new Client({ connection, namespace, ...(payloadCodecs ? { dataConverter: { payloadCodecs } } : {}) });
  return {
    /** The phone's earlier reports at the case's station; a throttled or failing count throws and is retried. */
    countPriorReports: (request: StartCaseRequest): Promise<number> => countPriorReports(client, activityInfo().taskQueue, request),
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
