import type { Client } from '@temporalio/client';
import { decodeOptionalSinglePayload } from '@temporalio/common/lib/internal-non-workflow';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { searchAttributes as sa } from '../contracts/names';
import { caseFigures } from '../contracts/stats';
import { CASE_MEMO_FIGURES } from '../contracts/vocabulary';
import { everyExecution } from '../temporal/visibility';
import { visibilityQuery } from './case-search';
import { rectificationsOf } from '../temporal/case-rectifications';
import type { CaseRecord, StatsFilter } from './stats-figures';

/**
 * The cases reported in [from, to) among `scope`, read from visibility pages: search attributes for the window and
 * station, the memo for the figures and the rectifications. Earlier runs of cases that continued as new are left out (the latest run
 * carries the whole case).
 */
function windowQuery(taskQueue: string, scope: readonly string[], f: StatsFilter): string {
  const clauses = [visibilityQuery({ taskQueue, scope, station: f.station }), `ExecutionStatus != 'ContinuedAsNew'`];
  if (f.from) clauses.push(`${sa.reportedAt.name} >= '${new Date(f.from).toISOString()}'`);
  if (f.to) clauses.push(`${sa.reportedAt.name} < '${new Date(f.to).toISOString()}'`);
  return clauses.join(' AND ');
}

export async function listCaseRecords(client: Client, taskQueue: string, scope: readonly string[], f: StatsFilter): Promise<CaseRecord[]> {
  const query = windowQuery(taskQueue, scope, f);
  const records = new Map<string, CaseRecord>();
  for await (const execution of everyExecution(client, query)) {
    const id = execution.execution?.workflowId ?? '';
    // A run still closing while its successor starts can show twice; the first listed is the newest.
    if (records.has(id)) continue;
    const payload = execution.memo?.fields?.[CASE_MEMO_FIGURES];
    const figures = payload ? caseFigures.safeParse(await decodeOptionalSinglePayload(client.options.loadedDataConverter, payload)) : undefined;
    const station = decodeTypedSearchAttributes(execution.searchAttributes?.indexedFields).get(sa.station) ?? '';
    records.set(id, { station, figures: figures?.success ? figures.data : null, rectifications: await rectificationsOf(client, execution) });
  }
  return [...records.values()];
}
