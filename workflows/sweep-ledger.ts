import { condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { recordSweepSignal, sweepListQuery, sweepReportQuery } from '../contracts/sweep-messages';
import type { SweepReport, SweepSummary } from '../contracts/sweeps';

/** A year and more of daily sweeps plus the monthly and quarterly ones. */
const MAX_REPORTS = 1000;
/** Carried into each new run as one payload; Temporal refuses payloads over 2 MB. */
const BUDGET_CHARS = 1_500_000;
/** Each report arrives as a signal of up to a few hundred kB: start afresh well before the history gets heavy. */
const SIGNALS_PER_RUN = 50;

/** The ledger after `report`: the same id again replaces (activity retries), the oldest rows give way first. */
export function keep(reports: SweepReport[], report: SweepReport): SweepReport[] {
  const kept = [...reports.filter((r) => r.id !== report.id), report].slice(-MAX_REPORTS);
  let size = JSON.stringify(kept).length;
  for (let i = 0; size > BUDGET_CHARS && i < kept.length - 1; i += 1) {
    const old = kept[i]!;
    if (!old.rows) continue;
    size -= JSON.stringify(old.rows).length - 'null'.length;
    kept[i] = { ...old, rows: null };
  }
  return kept;
}

const summary = ({ rows: _rows, ...rest }: SweepReport): SweepSummary => rest;

/**
 * Sweep reports outlive namespace retention here: a workflow that never completes, fed by signals from sweep
 * runs, answering queries, and carrying its reports into each new run.
 */
export async function sweepLedgerWorkflow(input: { reports: SweepReport[] }): Promise<void> {
  let reports = input.reports;
  let recorded = 0;
  setHandler(recordSweepSignal, (report) => {
    reports = keep(reports, report);
    recorded += 1;
  });
  setHandler(sweepListQuery, () => reports.map(summary).sort((a, b) => Date.parse(b.asOf) - Date.parse(a.asOf)));
  setHandler(sweepReportQuery, (id) => reports.find((r) => r.id === id) ?? null);
  await condition(() => recorded >= SIGNALS_PER_RUN || workflowInfo().continueAsNewSuggested);
  // Signals that arrive meanwhile make the server refuse this command; the task is retried with them handled.
  await continueAsNew<typeof sweepLedgerWorkflow>({ reports });
}
