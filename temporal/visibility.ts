import type { Client } from '@temporalio/client';
import { CASE_WORKFLOW_TYPE } from '../contracts/names';

type Page = Awaited<ReturnType<Client['workflowService']['listWorkflowExecutions']>>;
export type Execution = NonNullable<Page['executions']>[number];

/** A value in a visibility query; callers validate first, quoting still guards the syntax. */
export const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The cases of one deployment: its task queue names it, so two deployments sharing a namespace never list, count,
 * sweep or figure each other's cases (a case stays on the queue it started on, across continue-as-new too).
 */
export const deploymentCases = (taskQueue: string) => `WorkflowType = ${quote(CASE_WORKFLOW_TYPE)} AND TaskQueue = ${quote(taskQueue)}`;

/** One page of what a visibility query matches, and Temporal's token for the next (null: the last page). */
export async function pageOfExecutions(
  client: Client,
  query: string,
  pageSize: number,
  nextPageToken?: Uint8Array,
): Promise<{ executions: Execution[]; nextPageToken: Uint8Array | null }> {
  const page = await client.workflowService.listWorkflowExecutions({ namespace: client.options.namespace, query, pageSize, nextPageToken });
  return { executions: page.executions ?? [], nextPageToken: page.nextPageToken?.length ? page.nextPageToken : null };
}

/** Every execution a visibility query matches, page by page, for the reads that need all of them (sweeps, figures). */
export async function* everyExecution(client: Client, query: string, pageSize = 1000): AsyncGenerator<Execution> {
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await pageOfExecutions(client, query, pageSize, nextPageToken);
    yield* page.executions;
    nextPageToken = page.nextPageToken ?? undefined;
  } while (nextPageToken);
}
