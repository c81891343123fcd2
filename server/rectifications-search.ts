import type { Client } from '@temporalio/client';
import type { RectificationStatus } from '../contracts/vocabulary';
import type { RectificationView } from '../contracts/rectifications';
import { isOverdueRectification, rectificationsOf } from '../temporal/case-rectifications';
import { everyExecution } from '../temporal/visibility';
import { decodeCursor, encodeCursor, visibilityQuery } from './case-search';

export type RectificationFilter = {
  taskQueue: string;
  /** The stations the caller may see; `*` is every station. */
  scope: readonly string[];
  station?: string;
  model?: string;
  status?: RectificationStatus;
  overdue?: boolean;
};
export type RectificationPage = { items: RectificationView[]; nextCursor: string | null };

/** The queue's order: oldest opening first, then by id, so a cursor can name where a page ended. */
const sortKey = (r: RectificationView) => `${r.openedAt}\0${r.id}`;

/**
 * Every rectification of the caller's cases that the filters take, from visibility: the station scope in the query,
 * the rectifications from each case's memo view. Earlier runs of cases that continued as new are left out: the latest run carries the whole case.
 */
async function matching(client: Client, f: RectificationFilter, now: number): Promise<{ query: string; items: RectificationView[] }> {
  const query = `${visibilityQuery({ taskQueue: f.taskQueue, scope: f.scope, station: f.station })} AND ExecutionStatus != 'ContinuedAsNew'`;
  const seen = new Set<string>();
  const items: RectificationView[] = [];
  for await (const execution of everyExecution(client, query)) {
    const caseId = execution.execution?.workflowId ?? '';
    if (seen.has(caseId)) continue;
    seen.add(caseId);
    for (const r of await rectificationsOf(client, execution)) {
      if (f.model && r.model !== f.model) continue;
      if (f.status && r.status !== f.status) continue;
      if (f.overdue !== undefined && isOverdueRectification(r, now) !== f.overdue) continue;
      items.push(r);
    }
  }
  items.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  // The filters the visibility query does not hold are part of what a cursor was issued for.
  return { query: `${query}\0${f.model ?? ''}\0${f.status ?? ''}\0${f.overdue ?? ''}`, items };
}

export async function countRectifications(client: Client, f: RectificationFilter): Promise<number> {
  return (await matching(client, f, Date.now())).items.length;
}

export async function listRectifications(client: Client, f: RectificationFilter & { limit: number; cursor?: string }): Promise<RectificationPage> {
  const { query, items } = await matching(client, f, Date.now());
  const after = f.cursor ? Buffer.from(decodeCursor(query, f.cursor)).toString('utf8') : undefined;
  const rest = after === undefined ? items : items.filter((r) => sortKey(r) > after);
  const page = rest.slice(0, f.limit);
  const last = page.at(-1);
  return { items: page, nextCursor: rest.length > f.limit && last ? encodeCursor(query, Buffer.from(sortKey(last), 'utf8')) : null };
}
