import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { ClosedCaseArchive } from '../audit/closed-cases';
import { searchAttributes as sa } from '../contracts/names';
import { deploymentCases, everyExecution, quote } from '../temporal/visibility';
import { InvalidCursorError, cursorBytes, decodeCursor, encodeCursor, pageOfCases, visibilityQuery, type CaseFilter, type CasePage } from './case-search';

/**
 * Searches that may match closed cases read two sources in turn: Temporal visibility for every case it holds that is
 * not archived yet (open cases, closed cases whose run still runs, cases from before the archive), then caseflow's
 * archive of closed cases (audit/closed-cases.ts), which holds every run that ended closed, kept or not by
 * Temporal's retention. A case is in one of the two: its run marks itself archived (`CaseArchived`) once its final view
 * is written, and visibility leaves it out from then on. A case reopened after its run ended is live again: its row
 * is released when it reopens (server/case-reopen.ts), and any row whose case runs again unarchived is left out here,
 * so the live workflow wins.
 */

const notArchived = `${sa.archived.name} IS NULL`;

/** Only closed cases are archived: an open-only search never needs the archive. */
export const readsArchive = (f: { status?: 'open' | 'closed' }) => f.status !== 'open';

const temporalQuery = (f: Omit<CaseFilter, 'limit' | 'cursor'>) => `${visibilityQuery(f)} AND ${notArchived}`;

// Cursors name their source by their first letter: `t` Temporal's page token, `a` the last archived case id read;
// both sealed to the search, so one made up or borrowed from another search is a 400.
const SUM_BYTES = 12;
const archiveSum = (query: string, after: string) =>
  createHash('sha256').update('caseflow-archive-cursor\0').update(query).update('\0').update(after).digest().subarray(0, SUM_BYTES);

const archiveCursor = (query: string, after: string) => `a${Buffer.concat([archiveSum(query, after), Buffer.from(after)]).toString('base64url')}`;

function decodeArchiveCursor(query: string, cursor: string): string {
  const raw = cursorBytes(cursor.slice(1));
  const after = raw.subarray(SUM_BYTES).toString();
  if (raw.length < SUM_BYTES || !archiveSum(query, after).equals(raw.subarray(0, SUM_BYTES))) throw new InvalidCursorError('cursor is not one this API returned for this search');
  return after;
}

/** Of `caseIds`, those whose workflow runs again unarchived (reopened): the live run answers for them, not the archive. */
async function runningAgain(client: Client, taskQueue: string, caseIds: string[]): Promise<Set<string>> {
  if (!caseIds.length) return new Set();
  const query = `${deploymentCases(taskQueue)} AND WorkflowId IN (${caseIds.map(quote).join(', ')}) AND ExecutionStatus = 'Running' AND ${notArchived}`;
  const live = new Set<string>();
  for await (const execution of everyExecution(client, query)) live.add(execution.execution?.workflowId ?? '');
  return live;
}

/** Up to `room` archived cases after `after`, and whether more follow. */
async function fromArchive(client: Client, archive: ClosedCaseArchive, filter: CaseFilter, after: string, room: number) {
  const items: CasePage['items'] = [];
  for (let from = after; ; ) {
    const batch = Math.max(room + 1 - items.length, 20);
    const rows = await archive.page(filter, from, batch);
    const live = await runningAgain(client, filter.taskQueue, rows.map((r) => r.caseId));
    for (const row of rows) {
      if (live.has(row.caseId)) continue;
      if (items.length === room) return { items, more: true };
      items.push(row);
    }
    if (rows.length < batch) return { items, more: false };
    from = rows.at(-1)!.caseId;
  }
}

/** One page of a search over Temporal and then the archive, under one sealed cursor. */
export async function listWithArchive(client: Client, archive: ClosedCaseArchive, filter: CaseFilter): Promise<CasePage> {
  const query = temporalQuery(filter);
  let items: CasePage['items'] = [];
  let after = '';
  if (filter.cursor?.startsWith('a')) {
    after = decodeArchiveCursor(query, filter.cursor);
  } else {
    if (filter.cursor !== undefined && !filter.cursor.startsWith('t')) throw new InvalidCursorError('cursor is not one this API returned for this search');
    const token = filter.cursor ? decodeCursor(query, filter.cursor.slice(1)) : undefined;
    const page = await pageOfCases(client, query, filter.limit, token);
    if (page.nextPageToken) return { items: page.items, nextCursor: `t${encodeCursor(query, page.nextPageToken)}` };
    items = page.items;
  }
  const rest = await fromArchive(client, archive, filter, after, filter.limit - items.length);
  items = [...items, ...rest.items];
  const last = items.at(-1);
  // A page that ends on the last case Temporal holds continues from the archive's start.
  const resumeAfter = rest.items.length ? rest.items.at(-1)!.caseId : after;
  return { items, nextCursor: rest.more && last ? archiveCursor(query, resumeAfter) : null };
}

export async function countWithArchive(client: Client, archive: ClosedCaseArchive, filter: Omit<CaseFilter, 'limit' | 'cursor'>): Promise<number> {
  const [{ count }, archived] = await Promise.all([client.workflow.count(temporalQuery(filter)), archive.count(filter)]);
  return count + archived;
}
