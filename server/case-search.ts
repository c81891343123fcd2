import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import type { CaseSummary, Stage } from '../contracts/case';
import { CASE_WORKFLOW_TYPE, searchAttributes as sa } from '../contracts/names';
import type { Category, Track } from '../contracts/policy';

export type CaseFilter = {
  /** The stations the caller may see; `*` is every station. */
  scope: readonly string[];
  station?: string;
  stage?: Stage;
  category?: Category;
  track?: Track;
  overdue?: boolean;
  limit: number;
  cursor?: string;
};
export type CasePage = { items: CaseSummary[]; nextCursor: string | null };

// Values reach the query only after the edge's schemas admitted them; quoting still guards the syntax.
const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function visibilityQuery(f: Omit<CaseFilter, 'limit' | 'cursor'>): string {
  const clauses = [`WorkflowType = ${quote(CASE_WORKFLOW_TYPE)}`];
  if (!f.scope.includes('*')) clauses.push(`${sa.station.name} IN (${f.scope.map(quote).join(', ')})`);
  if (f.station) clauses.push(`${sa.station.name} = ${quote(f.station)}`);
  if (f.stage) clauses.push(`${sa.stage.name} = ${quote(f.stage)}`);
  if (f.category) clauses.push(`${sa.category.name} = ${quote(f.category)}`);
  if (f.track) clauses.push(`${sa.track.name} = ${quote(f.track)}`);
  if (f.overdue !== undefined) clauses.push(`${sa.overdue.name} = ${f.overdue}`);
  return clauses.join(' AND ');
}

export class InvalidCursorError extends Error {}

/** One page of cases straight from Temporal visibility; no case is asked one by one. */
export async function listCases(client: Client, filter: CaseFilter): Promise<CasePage> {
  let nextPageToken: Uint8Array | undefined;
  if (filter.cursor) {
    nextPageToken = Buffer.from(filter.cursor, 'base64url');
    if (!nextPageToken.length) throw new InvalidCursorError('cursor is not one this API returned');
  }
  const page = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query: visibilityQuery(filter),
    pageSize: filter.limit,
    nextPageToken,
  });
  const items = (page.executions ?? []).flatMap((execution): CaseSummary[] => {
    const attrs = decodeTypedSearchAttributes(execution.searchAttributes?.indexedFields);
    const stage = attrs.get(sa.stage) as Stage | undefined;
    if (!stage) return [];
    const due = attrs.get(sa.nextDueAt);
    return [
      {
        caseId: execution.execution?.workflowId ?? '',
        category: attrs.get(sa.category) as Category,
        station: attrs.get(sa.station) ?? '',
        stage,
        status: attrs.get(sa.status) === 'closed' ? 'closed' : 'open',
        track: (attrs.get(sa.track) as Track | undefined) ?? 'ordinary',
        nextDueAt: due ? due.toISOString() : null,
        overdue: attrs.get(sa.overdue) ?? false,
      },
    ];
  });
  const token = page.nextPageToken?.length ? Buffer.from(page.nextPageToken).toString('base64url') : null;
  return { items, nextCursor: token };
}
