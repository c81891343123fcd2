import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { DateTime, Duration } from 'luxon';
import type { Stage } from '../contracts/case';
import { searchAttributes as sa } from '../contracts/names';
import type { Category, Track } from '../contracts/policy';
import { isOverdueRectification, rectificationsOf } from '../temporal/case-rectifications';
import { deploymentCases, everyExecution, quote, type Execution } from '../temporal/visibility';
import {
  MAX_SWEEP_ROWS,
  type StationCount,
  rankByRectifications,
  type RectificationTally,
  type StationRectifications,
  type SweepInput,
  type SweepReport,
  type SweepRow,
} from '../contracts/sweeps';

/** `taskQueue`: the deployment whose cases are swept (the sweep runs on its queue). */
export type SweepRun = SweepInput & { id: string; asOf: string; taskQueue: string };

/** The backlog line: `backlogAge` before the sweep, counted in calendar days of the policy time zone. */
function backlogCutoff(asOf: string, backlogAge: string, timezone: string): string {
  return DateTime.fromISO(asOf, { zone: timezone }).minus(Duration.fromISO(backlogAge)).toUTC().toISO()!;
}

/**
 * Which open cases each sweep lists, in visibility terms. `ExecutionStatus = 'Running'` leaves out the earlier runs
 * of a case that continued as new. In `reported` the only running limit is `register`, so overdue there means
 * not registered in time; not notified in time is the case's own `reporter-not-notified` warning.
 */
function sweepQuery(run: SweepRun, cutoff: string | null): string {
  const open = `${deploymentCases(run.taskQueue)} AND ExecutionStatus = 'Running' AND ${sa.status.name} = 'open'`;
  switch (run.kind) {
    case 'daily':
      return `${open} AND ((${sa.stage.name} = 'reported' AND ${sa.overdue.name} = true) OR ${sa.warnings.name} = 'reporter-not-notified')`;
    case 'monthly':
      return `${open} AND ${sa.stage.name} = 'handling'`;
    case 'quarterly':
      return `${open} AND ${sa.reportedAt.name} < ${quote(cutoff!)}`;
  }
}

function reasonOf(kind: SweepInput['kind'], stage: Stage): SweepRow['reason'] {
  if (kind === 'monthly') return 'in_handling';
  if (kind === 'quarterly') return 'backlog';
  return stage === 'reported' ? 'not_registered' : 'not_notified';
}

function rowOf(kind: SweepInput['kind'], execution: Execution): SweepRow {
  const attrs = decodeTypedSearchAttributes(execution.searchAttributes?.indexedFields);
  const stage = (attrs.get(sa.stage) ?? 'reported') as Stage;
  return {
    caseId: execution.execution?.workflowId ?? '',
    station: attrs.get(sa.station) ?? '',
    stage,
    category: attrs.get(sa.category) as Category,
    track: (attrs.get(sa.track) as Track | undefined) ?? 'ordinary',
    reason: reasonOf(kind, stage),
    reportedAt: attrs.get(sa.reportedAt)?.toISOString() ?? null,
    nextDueAt: attrs.get(sa.nextDueAt)?.toISOString() ?? null,
    overdue: attrs.get(sa.overdue) ?? false,
  };
}

function countByStation(rows: SweepRow[]): StationCount[] {
  const counts = new Map<string, StationCount>();
  for (const row of rows) {
    const c = counts.get(row.station) ?? { station: row.station, cases: 0, overdue: 0 };
    counts.set(row.station, { ...c, cases: c.cases + 1, overdue: c.overdue + (row.overdue ? 1 : 0) });
  }
  return [...counts.values()].sort((a, b) => a.station.localeCompare(b.station));
}

/** The longest-waiting first: when a report must drop rows, it drops the most recent. */
const byAge = (a: SweepRow, b: SweepRow) =>
  (a.reportedAt ?? '').localeCompare(b.reportedAt ?? '') || a.station.localeCompare(b.station) || a.caseId.localeCompare(b.caseId);

/**
 * 月通报: every case of the deployment, open or closed (a closed case's rectification is still owed), read as
 * GET /rectifications reads them: each case's memo view, counted at the case's station now, past due at `asOf`.
 * Stations with nothing open or answered are left out.
 */
async function rankRectifications(client: Client, run: SweepRun): Promise<StationRectifications[]> {
  const query = `${deploymentCases(run.taskQueue)} AND ExecutionStatus != 'ContinuedAsNew'`;
  const asOf = Date.parse(run.asOf);
  const seen = new Set<string>();
  const tallies = new Map<string, RectificationTally>();
  for await (const execution of everyExecution(client, query)) {
    const caseId = execution.execution?.workflowId ?? '';
    // A run still closing while its successor starts can show twice; the first listed is the newest.
    if (seen.has(caseId)) continue;
    seen.add(caseId);
    const pending = (await rectificationsOf(client, execution)).filter((r) => r.status !== 'confirmed');
    if (!pending.length) continue;
    const station = decodeTypedSearchAttributes(execution.searchAttributes?.indexedFields).get(sa.station) ?? '';
    const t = tallies.get(station) ?? { station, open: 0, overdue: 0, answered: 0 };
    for (const r of pending) {
      if (r.status === 'answered') t.answered += 1;
      else t.open += 1;
      if (isOverdueRectification(r, asOf)) t.overdue += 1;
    }
    tallies.set(station, t);
  }
  return rankByRectifications([...tallies.values()]);
}

/** One sweep's report, from pages of visibility: no case is asked one by one. */
export async function runSweep(client: Client, run: SweepRun): Promise<SweepReport> {
  const cutoff = run.kind === 'quarterly' ? backlogCutoff(run.asOf, run.backlogAge, run.timezone) : null;
  const query = sweepQuery(run, cutoff);
  const rows: SweepRow[] = [];
  for await (const execution of everyExecution(client, query)) rows.push(rowOf(run.kind, execution));
  rows.sort(byAge);
  return {
    id: run.id,
    kind: run.kind,
    asOf: run.asOf,
    timezone: run.timezone,
    cutoff,
    backlogAge: run.kind === 'quarterly' ? run.backlogAge : null,
    cases: rows.length,
    overdue: rows.filter((r) => r.overdue).length,
    byStation: countByStation(rows),
    rectifications: run.kind === 'monthly' ? await rankRectifications(client, run) : null,
    truncated: rows.length > MAX_SWEEP_ROWS,
    rows: rows.slice(0, MAX_SWEEP_ROWS),
  };
}
