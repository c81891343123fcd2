import { z } from 'zod';
import { stage } from './case';
import { caseId } from './codes';
import { instant } from './instant';
import { DEFAULT_TASK_QUEUE } from './names';
import { category, isoDuration, track } from './policy';

export const SWEEP_WORKFLOW_TYPE = 'sweepWorkflow';
export const SWEEP_LEDGER_WORKFLOW_TYPE = 'sweepLedgerWorkflow';

/** 日清、月结、季清积案: unregistered or unnotified reports daily, cases in handling monthly, the backlog quarterly. */
export const sweepKinds = ['daily', 'monthly', 'quarterly'] as const;
export const sweepKind = z.enum(sweepKinds);
export type SweepKind = z.infer<typeof sweepKind>;

/**
 * Ledger and schedules belong to one deployment, named by its task queue: the shipped queue gets the bare names
 * (`caseflow:sweep-ledger`), any other queue (a second deployment in the namespace, each test) its own.
 */
export function deploymentId(base: string, taskQueue: string): string {
  return taskQueue === DEFAULT_TASK_QUEUE ? base : `${base}@${taskQueue}`;
}

/**
 * Workflow ids share one space per namespace with case ids. ':' is outside the case id alphabet, so a workflow of
 * caseflow's own under this prefix can never be taken by a case, nor a case's id by one of them.
 */
const INTERNAL = 'caseflow:';
export const ledgerId = (taskQueue: string) => deploymentId(`${INTERNAL}sweep-ledger`, taskQueue);
/** The ledger's id before internal ids had a space of their own; the reports a deployment recorded then stay there. */
export const legacyLedgerId = (taskQueue: string) => deploymentId('caseflow-sweep-ledger', taskQueue);
/** A sweep's workflow id: the schedule appends its scheduled time, a sweep on demand a random suffix. */
export const sweepWorkflowId = (kind: SweepKind, taskQueue: string) => deploymentId(`${INTERNAL}sweep-${kind}`, taskQueue);

/** What a sweep needs of the policy, handed over as input so the worker never reads the policy file. */
export type SweepInput = { kind: SweepKind; timezone: string; backlogAge: string };

export const sweepReasons = ['not_registered', 'not_notified', 'in_handling', 'backlog'] as const;

export const sweepRow = z.object({
  caseId,
  station: z.string(),
  stage,
  category,
  track,
  reason: z.enum(sweepReasons),
  reportedAt: instant.nullable(),
  nextDueAt: instant.nullable(),
  overdue: z.boolean(),
});
export type SweepRow = z.infer<typeof sweepRow>;

export const stationCount = z.object({ station: z.string(), cases: z.number().int(), overdue: z.number().int() });
export type StationCount = z.infer<typeof stationCount>;

/**
 * 月通报: one station's rectifications when the monthly sweep ran (docs/rectifications.md). `open` counts those
 * still `open` (overdue ones included), `overdue` those of them past `dueAt`, `answered` those waiting for a
 * supervisor's confirmation.
 */
export const stationRectifications = z.object({
  /** 1 = most overdue, then most open, then by station; among the stations the caller sees. */
  rank: z.number().int().min(1),
  station: z.string(),
  open: z.number().int(),
  overdue: z.number().int(),
  answered: z.number().int(),
});
export type StationRectifications = z.infer<typeof stationRectifications>;

export type RectificationTally = Omit<StationRectifications, 'rank'>;

/**
 * The ranking, 1 first: overdue (more first), then open (more first), then the station's name. The sweep ranks
 * every station; a caller's view of the report ranks again among the stations it sees.
 */
export const rankByRectifications = (tallies: readonly RectificationTally[]): StationRectifications[] =>
  [...tallies]
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.station.localeCompare(b.station))
    .map(({ station, open, overdue, answered }, i) => ({ rank: i + 1, station, open, overdue, answered }));

export const sweepSummary = z.object({
  id: z.string(),
  kind: sweepKind,
  asOf: instant,
  timezone: z.string(),
  /** Quarterly only: cases reported before this instant are backlog. */
  cutoff: instant.nullable(),
  backlogAge: isoDuration.nullable(),
  cases: z.number().int(),
  overdue: z.number().int(),
  byStation: z.array(stationCount),
  /**
   * Monthly only: the stations holding open or answered rectifications, ranked (月通报). Null in daily and quarterly
   * reports, and in monthly ones recorded before the ranking existed.
   */
  rectifications: z.array(stationRectifications).nullable(),
  /** More cases matched than a report keeps rows for; the counts above still cover all of them. */
  truncated: z.boolean(),
});
export type SweepSummary = z.infer<typeof sweepSummary>;

export const sweepReport = sweepSummary.extend({
  /** Null once the ledger gave up an old report's rows to stay within its size budget; the counts remain. */
  rows: z.array(sweepRow).nullable(),
});
export type SweepReport = z.infer<typeof sweepReport>;

/** Rows a report keeps; counts always cover every matching case. */
export const MAX_SWEEP_ROWS = 1000;


export const sweepIdParams = z.strictObject({ id: z.string().min(1).max(200).regex(/^[A-Za-z0-9._:@+-]+$/) });
export const startSweepBody = z.strictObject({ kind: sweepKind });
export const sweepStarted = z.object({ id: z.string(), kind: sweepKind });
export const sweepListQueryString = z.strictObject({
  kind: sweepKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const sweepPage = z.object({ items: z.array(sweepSummary) });
