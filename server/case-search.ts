import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { deploymentCases, pageOfExecutions, quote } from '../temporal/visibility';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import type { CaseSummary, Stage } from '../contracts/case';
import { searchAttributes as sa } from '../contracts/names';
import type { Category, Track } from '../contracts/policy';

export type CaseFilter = {
  /** The deployment's task queue: only its cases. */
  taskQueue: string;
  /** The stations the caller may see; `*` is every station. */
  scope: readonly string[];
  /** The procuratorates or courts the caller acts for: cases they hold or have held. */
  orgs?: readonly string[];
  station?: string;
  stage?: Stage;
  status?: 'open' | 'closed';
  category?: Category;
  track?: Track;
  overdue?: boolean;
  /** The officer the cases are assigned to (`GET /me/cases`). */
  assignee?: string;
  limit: number;
  cursor?: string;
};
export type CasePage = { items: CaseSummary[]; nextCursor: string | null };


/** A token scoped by stations, by orgs, or (never from the tokens file, but well-formed) by neither: nothing. */
function scopeClause(stations: readonly string[], orgs: readonly string[]): string {
  const held = [
    ...(stations.length ? [`${sa.station.name} IN (${stations.map(quote).join(', ')})`] : []),
    ...(orgs.length ? [`${sa.orgs.name} IN (${orgs.map(quote).join(', ')})`] : []),
  ];
  return held.length ? `(${held.join(' OR ')})` : `${sa.station.name} = ''`;
}

export function visibilityQuery(f: Omit<CaseFilter, 'limit' | 'cursor'>): string {
  const clauses = [deploymentCases(f.taskQueue)];
  if (!f.scope.includes('*')) clauses.push(scopeClause(f.scope, f.orgs ?? []));
  if (f.station) clauses.push(`${sa.station.name} = ${quote(f.station)}`);
  if (f.stage) clauses.push(`${sa.stage.name} = ${quote(f.stage)}`);
  if (f.status) clauses.push(`${sa.status.name} = ${quote(f.status)}`);
  if (f.category) clauses.push(`${sa.category.name} = ${quote(f.category)}`);
  if (f.track) clauses.push(`${sa.track.name} = ${quote(f.track)}`);
  if (f.overdue !== undefined) clauses.push(`${sa.overdue.name} = ${f.overdue}`);
  if (f.assignee !== undefined) clauses.push(`${sa.assignee.name} = ${quote(f.assignee)}`);
  return clauses.join(' AND ');
}

export class InvalidCursorError extends Error {}

export async function countCases(client: Client, filter: Omit<CaseFilter, 'limit' | 'cursor'>): Promise<number> {
  const { count } = await client.workflow.count(visibilityQuery(filter));
  return count;
}

/**
 * Cursors wrap Temporal's page token with a checksum of the token and the query it pages through, so a
 * made-up, truncated or borrowed cursor is refused here (400) instead of reaching Temporal, which answers
 * a token it cannot read with a retried UNKNOWN error (a 500 after ~20 s).
 */
const CHECKSUM_BYTES = 12;
const checksum = (query: string, token: Uint8Array) =>
  createHash('sha256').update('caseflow-cursor\0').update(query).update('\0').update(token).digest().subarray(0, CHECKSUM_BYTES);

export function encodeCursor(query: string, token: Uint8Array): string {
  return Buffer.concat([checksum(query, token), token]).toString('base64url');
}

/**
 * A cursor's bytes, from their one base64url spelling: a last character changed only in its padding bits decodes to
 * the same bytes, and must be refused like any other change.
 */
export function cursorBytes(cursor: string): Buffer {
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.toString('base64url') !== cursor) throw new InvalidCursorError('cursor is not one this API returned for this search');
  return raw;
}

export function decodeCursor(query: string, cursor: string): Uint8Array {
  const raw = cursorBytes(cursor);
  const token = raw.subarray(CHECKSUM_BYTES);
  if (!token.length || !checksum(query, token).equals(raw.subarray(0, CHECKSUM_BYTES))) {
    throw new InvalidCursorError('cursor is not one this API returned for this search');
  }
  return token;
}

/** One page of a visibility query's cases, and Temporal's token for the next. */
export async function pageOfCases(client: Client, query: string, limit: number, nextPageToken?: Uint8Array): Promise<{ items: CaseSummary[]; nextPageToken: Uint8Array | null }> {
  const page = await pageOfExecutions(client, query, limit, nextPageToken);
  const items = page.executions.flatMap((execution): CaseSummary[] => {
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
  return { items, nextPageToken: page.nextPageToken };
}

/** One page of cases straight from Temporal visibility; no case is asked one by one. */
export async function listCases(client: Client, filter: CaseFilter): Promise<CasePage> {
  const query = visibilityQuery(filter);
  const nextPageToken = filter.cursor ? decodeCursor(query, filter.cursor) : undefined;
  const page = await pageOfCases(client, query, filter.limit, nextPageToken);
  return { items: page.items, nextCursor: page.nextPageToken ? encodeCursor(query, page.nextPageToken) : null };
}

/** The most cases `GET /me/cases` answers with: one officer's open cases, far more than anyone holds at once. */
export const MAX_MY_CASES = 500;

const dueOrder = (c: CaseSummary) => (c.nextDueAt ? Date.parse(c.nextDueAt) : Number.POSITIVE_INFINITY);

/** Overdue first, then the nearest due; visibility on SQL cannot ORDER BY, so the pages are sorted here. */
export const mostUrgentFirst = (a: CaseSummary, b: CaseSummary): number =>
  Number(b.overdue) - Number(a.overdue) || dueOrder(a) - dueOrder(b) || a.caseId.localeCompare(b.caseId);

/** An officer's open cases (contract section 10), most urgent first, at most MAX_MY_CASES of them. */
export async function myCases(client: Client, filter: Omit<CaseFilter, 'limit' | 'cursor' | 'status'> & { assignee: string }): Promise<{ items: CaseSummary[]; truncated: boolean }> {
  const items: CaseSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCases(client, { ...filter, status: 'open', limit: 200, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < MAX_MY_CASES);
  return { items: items.sort(mostUrgentFirst).slice(0, MAX_MY_CASES), truncated: items.length > MAX_MY_CASES || cursor !== undefined };
}
