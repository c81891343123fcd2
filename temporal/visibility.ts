import type { Client } from '@temporalio/client';

type Page = Awaited<ReturnType<Client['workflowService']['listWorkflowExecutions']>>;
export type Execution = NonNullable<Page['executions']>[number];

/** A value in a visibility query; callers validate first, quoting still guards the syntax. */
export const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Every execution a visibility query matches, page by page, for the reads that need all of them (sweeps, figures). */
export async function* everyExecution(client: Client, query: string, pageSize = 1000): AsyncGenerator<Execution> {
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.listWorkflowExecutions({ namespace: client.options.namespace, query, pageSize, nextPageToken });
    yield* page.executions ?? [];
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
}
