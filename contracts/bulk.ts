import { z } from 'zod';
import { caseEvent, type CaseEventRequest } from './case';
import { caseId } from './codes';
import { countQuery } from './http';
import type { CalendarYear } from './messages';
import type { Scope } from './scope';
import { deploymentId } from './sweeps';

export const BULK_WORKFLOW_TYPE = 'bulkWorkflow';

/** The events a bulk operation may carry (contract section 11). */
export const bulkEventTypes = ['EXTEND', 'SUSPEND_CLOCK', 'RESUME_CLOCK', 'ACK_ESCALATION', 'ASSIGN', 'TRANSFER'] as const;
export type BulkEventType = (typeof bulkEventTypes)[number];

/**
 * The most cases one POST /bulk takes: their ids travel in the workflow's input, well inside Temporal's 2 MB.
 * POST /admin/calendar has no filter to narrow, so it pages instead (PagedBulkInput).
 */
export const MAX_BULK_CASES = 5000;

/** The query of GET /cases; `overdue` also as a JSON boolean, since this one arrives in a body. */
export const bulkFilter = countQuery.extend({
  overdue: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
});
export type BulkFilter = z.infer<typeof bulkFilter>;

export const bulkRequest = z.strictObject({
  filter: bulkFilter.default({}),
  event: caseEvent.refine((e) => (bulkEventTypes as readonly string[]).includes(e.type), {
    path: ['type'],
    message: `a bulk operation carries one of ${bulkEventTypes.join(', ')}`,
  }),
  dryRun: z.boolean().default(false),
});

const calendarDates = z.array(z.iso.date()).max(366).default([]);
/** POST /admin/calendar: one year's holidays and make-up working days, dated in the policy zone. */
export const calendarRequest = z
  .strictObject({ holidays: calendarDates, workdays: calendarDates })
  .refine((c) => c.holidays.length + c.workdays.length > 0, { message: 'a calendar names at least one holiday or working day' })
  .refine((c) => new Set([...c.holidays, ...c.workdays].map((d) => d.slice(0, 4))).size <= 1, { message: 'a calendar is one year\'s: every date in the same year' });

export const bulkStatuses = ['running', 'done', 'cancelled'] as const;
export const bulkRefusal = z.object({ caseId, error: z.string() });
export const bulkStatus = z.object({
  id: z.string(),
  status: z.enum(bulkStatuses),
  matched: z.number().int(),
  applied: z.number().int(),
  refused: z.array(bulkRefusal),
});
export type BulkStatus = z.infer<typeof bulkStatus>;
export const bulkStarted = z.object({ id: z.string(), matched: z.number().int() });
export const bulkDryRun = z.object({ matched: z.number().int() });
export const bulkParams = z.strictObject({ id: z.string().uuid() });

/** The operation's workflow id: in caseflow's own id space, one per deployment (see contracts/sweeps.ts). */
export const bulkWorkflowId = (id: string, taskQueue: string) => deploymentId(`caseflow:bulk-${id}`, taskQueue);

/** The command each case takes: the body's event, by whom, at the instant given or at the one it is applied. */
export type BulkCommand = CaseEventRequest & { by: string };

/** What every case takes: a lifecycle or supervision event, or a year's calendar (POST /admin/calendar). */
export type BulkAction = { event: BulkCommand } | { calendar: CalendarYear };

export type BulkInput = {
  id: string;
  caseIds: string[];
  action: BulkAction;
  /** The sender's scope: each case checks it as it would for an event sent alone. */
  scope: Scope;
};

/** How a paged operation reads and rests: cases per page, and pages per run before it continues as new. */
export type BulkPaging = { pageSize: number; pagesPerRun: number };

/**
 * Where a paged operation stands when it continues as new: its figures so far, when its first run started, which pass
 * it is in (the open cases, then those whose run started since: opened, or continued as new, meanwhile), and the next
 * page's token (absent: the pass's first page).
 */
export type BulkCarried = Pick<BulkStatus, 'applied' | 'refused'> & { since: string; pass: 'open' | 'since'; pageToken?: string };

/**
 * An operation over every case a visibility query lists, however many (POST /admin/calendar): no id list, so no cap.
 * It has no `caseIds`, which is how the workflow tells it from a BulkInput, whose runs replay as they were.
 */
export type PagedBulkInput = {
  id: string;
  /** The visibility query of the cases, built and scoped by the API. */
  query: string;
  /** Its count when the operation was asked for: the answer's and the status's `matched`. */
  matched: number;
  action: BulkAction;
  scope: Scope;
  paging?: Partial<BulkPaging>;
  /** Absent on the first run. */
  carried?: BulkCarried;
};

/** One page of the query's case ids, and the token of the next page (null: none). */
export type BulkPage = { caseIds: string[]; nextPageToken: string | null };
