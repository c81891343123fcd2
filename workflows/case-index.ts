import { upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ClosedCaseEntry } from '../activities/archive';
import { CASE_MEMO_MODELS, CASE_MEMO_VIEW, CASE_MEMO_VIEW_MAX_BYTES, utf8Bytes } from '../contracts/messages';
import { searchAttributes as sa } from '../contracts/names';
import { CASE_MEMO_FIGURES, CASE_MEMO_WARNINGS } from '../contracts/vocabulary';
import { caseFigures } from '../machines/case-figures';
import { carry, isOverdue, nextDueAt, openWarnings, stageOf, toView, type CaseSnapshot } from '../machines/case-engine';
import type { Model } from '../contracts/policy';
import { modelSetId } from '../machines/models';

/** What the case's search attributes hold, computed from the snapshot alone. */
export function indexOf(snapshot: CaseSnapshot) {
  const stage = stageOf(snapshot);
  return {
    warnings: openWarnings(snapshot.context),
    stage,
    station: snapshot.context.station,
    track: snapshot.context.track,
    status: stage === 'closed' ? 'closed' : 'open',
    dueAt: nextDueAt(snapshot.context),
    overdue: isOverdue(snapshot.context),
    orgs: snapshot.context.orgs ?? [],
    // An arrest decision changes the figures without a change of stage; absent (and so out of the key) before one.
    arrest: snapshot.context.arrest?.status,
    // Absent (and so out of the key) until an ASSIGN: the upserts of cases never assigned stay as recorded.
    assignee: snapshot.context.assignee ?? undefined,
  };
}

/** The run's final view and what lists filter it by, for caseflow's archive of closed cases. */
export function archiveEntry(snapshot: CaseSnapshot): ClosedCaseEntry {
  const { workflowId, runId, taskQueue } = workflowInfo();
  const i = indexOf(snapshot);
  return {
    caseId: workflowId,
    runId,
    taskQueue,
    station: i.station,
    orgs: i.orgs,
    stage: i.stage,
    category: snapshot.context.request.category,
    track: i.track,
    nextDueAt: i.dueAt,
    overdue: i.overdue,
    assignee: i.assignee ?? null,
    closedAt: new Date().toISOString(),
    view: toView(snapshot),
    state: carry(snapshot),
  };
}

/**
 * What Temporal itself knows of the case, for searches (search attributes) and for reads without a worker (the
 * memo): each written only when what it holds changed, since every write is a command in the history.
 */
export class CaseIndex {
  private indexed = '';
  private viewed = '';
  private models = '';

  /** `withView`: generations before settled-updates kept no view in the memo. */
  constructor(private readonly withView: boolean) {}

  write(snapshot: CaseSnapshot): void {
    const next = indexOf(snapshot);
    const open = next.warnings;
    const memo: Record<string, unknown> = {};
    const key = JSON.stringify(next);
    if (key !== this.indexed) {
      this.indexed = key;
      upsertSearchAttributes([
        { key: sa.stage, value: next.stage },
        { key: sa.category, value: snapshot.context.request.category },
        { key: sa.station, value: next.station },
        { key: sa.track, value: next.track },
        { key: sa.status, value: next.status },
        { key: sa.nextDueAt, value: next.dueAt ? new Date(next.dueAt) : null },
        { key: sa.overdue, value: next.overdue },
        { key: sa.warnings, value: [...new Set(open.map((w) => w.rule))] },
        // Only once a hand-off named an org: the upserts of cases without one stay as they were recorded.
        ...(next.orgs.length ? [{ key: sa.orgs, value: next.orgs }] : []),
        ...(next.assignee ? [{ key: sa.assignee, value: next.assignee }] : []),
      ]);
      // Figures change only with what `key` holds, so they ride on this upsert.
      memo[CASE_MEMO_WARNINGS] = open;
      memo[CASE_MEMO_FIGURES] = caseFigures(snapshot.context, next.stage);
    }
    // Memo contents are not part of replay's check, so a case of any generation says which models it holds.
    const models = modelSetId(snapshot.context.policy.models as Model[] | undefined);
    if (models !== this.models) {
      this.models = models;
      memo[CASE_MEMO_MODELS] = models;
    }
    if (this.withView) {
      const view = toView(snapshot);
      const json = JSON.stringify(view);
      if (json !== this.viewed) {
        this.viewed = json;
        // Upserting a memo key with null removes it: reads of a larger case go to the Query.
        memo[CASE_MEMO_VIEW] = utf8Bytes(json) <= CASE_MEMO_VIEW_MAX_BYTES ? view : null;
      }
    }
    if (Object.keys(memo).length > 0) upsertMemo(memo);
  }

  /** The case's final view is in caseflow's archive: lists read it from there (server/closed-search.ts). */
  archived(): void {
    upsertSearchAttributes([{ key: sa.archived, value: true }]);
  }
}
