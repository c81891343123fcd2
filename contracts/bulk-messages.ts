// A bulk operation's query and signal, zod-free for the workflow bundle (see vocabulary.ts).
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { BulkStatus } from './bulk';

export const bulkStatusQuery = defineQuery<BulkStatus>('bulkStatus');
export const cancelBulkSignal = defineSignal('cancelBulk');

/** One case's outcome: taken, or refused with the reason it would have been answered alone. */
export type BulkOutcome = { ok: true } | { ok: false; error: string };
