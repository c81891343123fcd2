import { caseEventTypes, limitNames } from '../contracts/vocabulary';
import type { CaseContext, DeadlineState } from './case-context';

const DAY_MS = 86_400_000;
const ms = (iso: string) => Date.parse(iso);
const days = (fromMs: number, toMs: number) => Math.max(0, toMs - fromMs) / DAY_MS;

/** One limit as a model sees it (`limits.<name>`, or `limit` in a model held against each running limit). */
export type LimitFacts = { name: string; status: string; fraction: number; overdueDays: number; extensions: bigint };

/**
 * What a model's `when` reads (contract section 8). Counts are CEL ints (bigint), durations in days CEL doubles;
 * instants are ISO 8601 strings in UTC, which compare in time order. Nothing here reads a clock: `now` is the
 * instant of the event or timer being evaluated.
 */
export type ModelFacts = {
  case: Record<string, string | number | boolean | null>;
  limits: Record<string, LimitFacts>;
  events: Record<string, bigint>;
  suspended: { now: boolean; totalDays: number };
  reporter: { repeat30d: bigint };
  now: string;
};

/** The limit's clock stops when it is met or suspended; `fraction` is the share of its span elapsed by then. */
export function limitFacts(d: DeadlineState, at: string): LimitFacts {
  const until = ms(d.metAt ?? d.suspendedSince ?? at);
  const span = ms(d.dueAt) - ms(d.startedAt);
  return {
    name: d.limit,
    status: d.status,
    fraction: span > 0 ? Math.max(0, until - ms(d.startedAt)) / span : 1,
    overdueDays: days(ms(d.dueAt), until),
    extensions: BigInt(d.extensions),
  };
}

/** Days the case's clock stood still, from its history (a running suspension counts up to `at`). */
function suspendedDays(ctx: CaseContext, at: string): number {
  let total = 0;
  let since: number | null = null;
  for (const h of ctx.history) {
    if (h.type === 'SUSPEND_CLOCK') since = ms(h.at);
    else if (since !== null && (h.type === 'RESUME_CLOCK' || h.type === 'CLOSE')) {
      total += ms(h.at) - since;
      since = null;
    }
  }
  if (since !== null && ctx.suspended) total += ms(at) - since;
  return total / DAY_MS;
}

export function modelFacts(ctx: CaseContext, stage: string, at: string): ModelFacts {
  const now = ms(at);
  const entered = [...ctx.history].reverse().find((h) => h.from !== h.to)?.at ?? ctx.request.reportedAt;
  const limits: Record<string, LimitFacts> = {};
  // The latest deadline of each name wins: a limit restarted (a filing sent back by review) is the one that runs.
  for (const d of ctx.deadlines) limits[d.limit] = limitFacts(d, at);
  const events: Record<string, bigint> = Object.fromEntries(caseEventTypes.map((t) => [t, 0n]));
  for (const h of ctx.history) events[h.type] = (events[h.type] ?? 0n) + 1n;
  return {
    case: {
      category: ctx.request.category,
      station: ctx.station,
      unitType: ctx.unitType,
      offense: ctx.request.offense ?? null,
      custody: ctx.request.custody,
      track: ctx.track,
      stage,
      status: stage === 'closed' ? 'closed' : 'open',
      outcome: ctx.outcome,
      reportedAt: new Date(ms(ctx.request.reportedAt)).toISOString(),
      ageDays: days(ms(ctx.request.reportedAt), now),
      stageDays: days(ms(entered), now),
      // Absent on cases from before assignment, which no one has assigned.
      assignee: ctx.assignee ?? null,
    },
    limits,
    events,
    suspended: { now: ctx.suspended !== null, totalDays: suspendedDays(ctx, at) },
    reporter: { repeat30d: BigInt(ctx.priorReportsFromPhone + 1) },
    now: new Date(now).toISOString(),
  };
}

/**
 * Facts with every field present and of its type, for the start-up check: a model that fails on these reads a
 * fact that does not exist or combines facts of the wrong types.
 */
export const sampleLimit: LimitFacts = { name: 'file', status: 'pending', fraction: 0.5, overdueDays: 0, extensions: 0n };

export function sampleFacts(): ModelFacts {
  const limit = sampleLimit;
  const at = '2026-03-02T01:00:00.000Z';
  return {
    case: {
      category: 'criminal', station: 'S01', unitType: 'station', offense: 'theft', custody: false, track: 'ordinary', stage: 'handling',
      status: 'open', outcome: '', reportedAt: at, ageDays: 1, stageDays: 1, assignee: '',
    },
    limits: Object.fromEntries(limitNames.map((name) => [name, { ...limit, name }])),
    events: Object.fromEntries(caseEventTypes.map((t) => [t, 0n])),
    suspended: { now: false, totalDays: 0 },
    reporter: { repeat30d: 1n },
    now: at,
  };
}
