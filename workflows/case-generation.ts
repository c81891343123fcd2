import { patched } from '@temporalio/workflow';
import type { CatchUp } from '../machines/case-context';
import { StandingAlarm, TimerPerWait, type Wake } from './case-wake';

// One patched() id per change of the workflow's commands; test/fixtures/histories holds a generation per id.
export const SETTLED_UPDATES_PATCH = 'settled-updates';
export const STANDING_ALARM_PATCH = 'standing-alarm';
export const FOLDED_CATCH_UP_PATCH = 'folded-catch-up';
export const REMEDY_WINDOWS_PATCH = 'remedy-windows';
export const REPORTS_COUNTED_AFTER_START_PATCH = 'reports-counted-after-start';
export const ARCHIVED_CLOSES_PATCH = 'archived-closes';
/** The newest patch: scripts/record-histories.ts records the histories of this generation under its name. */
export const NEWEST_PATCH = ARCHIVED_CLOSES_PATCH;

/** What a run does differently by the generation its case started in. */
export type Generation = {
  /**
   * From settled-updates on, an update answers only once the main loop has indexed the change and re-armed the
   * timer, so the order of commands in a task no longer depends on how many awaits sit between the handler and its
   * completion (a workflow interceptor, tracing switched on), and the view in the memo is the one answered. Before
   * it, an update answered before the case settled, and the memo held no view.
   */
  settledUpdates: boolean;
  /** From folded-catch-up on, missed overdue repeats fold into one and the case's bounds hold (docs/bounds.md). */
  catchUp: CatchUp;
  /**
   * From remedy-windows on, a declined criminal case's run stays open, closed, while its reporter's remedy window
   * runs (contract section 12), so a remedy reopens the same run: one workflow id, one history, its deadlines.
   * Before it, the run ended at the close, as those histories did.
   */
  remedyWindows: boolean;
  /**
   * From reports-counted-after-start on, a case started without a count of the phone's earlier reports counts them
   * itself, by a retried activity: the API registers a report without asking visibility anything first. Before it,
   * the API counted at intake and a failed count refused the report.
   */
  countsReports: boolean;
  /**
   * From archived-closes on, a run that ends closed first writes its final view to caseflow's archive of closed cases
   * (a retried activity), so the case stays readable once Temporal's retention removes it (contract section 11).
   * Before it, the run just ended.
   */
  archivesCloses: boolean;
};

// Each patched() id is asked once per run, at its start: a case that started before a patch replays without it for
// the whole run (patched() would answer true once replay ends), and takes it when it next continues as new. The
// order of the asking is part of the history and must stay as recorded.

/** Asked before the Update handler is set. */
export function generationOfThisRun(): Generation {
  const settledUpdates = patched(SETTLED_UPDATES_PATCH);
  const catchUp: CatchUp = patched(FOLDED_CATCH_UP_PATCH) ? 'fold' : 'each';
  const remedyWindows = patched(REMEDY_WINDOWS_PATCH);
  const countsReports = patched(REPORTS_COUNTED_AFTER_START_PATCH);
  const archivesCloses = patched(ARCHIVED_CLOSES_PATCH);
  return { settledUpdates, catchUp, remedyWindows, countsReports, archivesCloses };
}

/**
 * Asked after the Update handler is set: an Update that came with the run's first task is accepted as the handler is
 * set, so its acceptance precedes this patch's marker in such a history. From standing-alarm on, one timer stands
 * while it rings early enough; before it, every change re-armed it.
 */
export function wakeOfThisRun(): Wake {
  return patched(STANDING_ALARM_PATCH) ? new StandingAlarm() : new TimerPerWait();
}
