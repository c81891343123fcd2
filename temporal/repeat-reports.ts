import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { StartCaseRequest } from '../contracts/case';
import { searchAttributes as sa } from '../contracts/names';
import { REPEAT_REPORTER } from '../contracts/vocabulary';
import { deploymentCases, quote } from './visibility';

/** The reporter's phone as a one-way key, the same for every way of writing one number; none without a phone. */
export function reporterKey(request: StartCaseRequest): string | undefined {
  // One person, one key: '+86 138-0000-1111', '008613800001111' and '13800001111' are the same mobile number.
  const digits = request.reporter?.phone?.replace(/\D/g, '').replace(/^(?:00)?86(1\d{10})$/, '$1');
  if (!digits) return undefined;
  return createHash('sha256').update(`caseflow-reporter\0${digits}`).digest('hex').slice(0, 32);
}

/**
 * How many other reports the phone made at this station within the repeat-reporter window. The case itself is
 * registered by then (it is counted after its start), so its own id is left out, every run of it.
 */
export async function countPriorReports(client: Client, taskQueue: string, request: StartCaseRequest): Promise<number> {
  const key = reporterKey(request);
  if (!key) return 0;
  const since = new Date(Date.parse(request.reportedAt) - REPEAT_REPORTER.days * 86_400_000).toISOString();
  const query = [
    deploymentCases(taskQueue),
    `WorkflowId != ${quote(request.caseId)}`,
    `${sa.reporterKey.name} = ${quote(key)}`,
    `${sa.station.name} = ${quote(request.station)}`,
    // No upper bound at this report's instant: the dev server's SQLite visibility compares datetimes as text and
    // missed an earlier report at exactly the same instant whenever its milliseconds ended in 0 (measured). A report
    // backdated behind later ones therefore counts those too.
    `${sa.reportedAt.name} >= ${quote(since)}`,
  ].join(' AND ');
  const { count } = await client.workflow.count(query);
  return count;
}
