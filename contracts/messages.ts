import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { APPLY_EVENT_UPDATE, CASE_VIEW_QUERY } from './names';
import type { CaseCommand, CaseView, EventRefusal, StartCaseRequest } from './case';
import type { Model, Policy } from './policy';
import type { RectifyCommand } from './rectifications';
import type { Scope } from './scope';

/** A case's machine state as carried across continue-as-new: value plus context, nothing else. */
export type CarriedState = { value: unknown; context: unknown };

export type CaseWorkflowInput = {
  request: StartCaseRequest;
  /**
   * The rules the case started under: its legal limits never change. Its `models` are supervision, not law: a newer
   * set reaches the running case by `refreshModelsSignal`.
   */
  policy: Policy;
  /** Earlier reports from the same phone at the same station in the repeat-reporter window, counted at intake. */
  priorReportsFromPhone?: number;
  carried?: CarriedState;
  /** Updates per run before continuing as new; the server caps a run at 2,000, so the default leaves headroom. */
  continueAsNewAfterUpdates?: number;
};

/** The type of the ApplicationFailure an update is refused with; its single detail is an EventRefusal. */
export const EVENT_NOT_ALLOWED = 'event_not_allowed';
export type { EventRefusal };

/** What the sender may act on; a case outside it refuses the event as if it did not exist. */
export type EventScope = Scope;
/** The type of the ApplicationFailure an update is refused with when the case is outside the sender's stations. */
export const CASE_OUT_OF_SCOPE = 'case_out_of_scope';

/** Memo key of the case view, so reads are answered by the server without a worker replaying the case. */
export const CASE_MEMO_VIEW = 'view';
/**
 * A view larger than this (UTF-8 bytes of its JSON) is not put in the memo; reads of that case go to the Query.
 * It keeps the memo far inside the server's memo limit (`limit.memoSize.error`, 2 MiB on a self-hosted server by
 * default) and the history small, since every change writes the memo again. A typical case is 1–4 KiB.
 */
export const CASE_MEMO_VIEW_MAX_BYTES = 24 * 1024;

/** UTF-8 length of a string, in the workflow sandbox too: no Buffer there, but the SDK provides TextEncoder. */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

export const applyEventUpdate = defineUpdate<CaseView, [CaseCommand, EventScope]>(APPLY_EVENT_UPDATE);
export const caseViewQuery = defineQuery<CaseView>(CASE_VIEW_QUERY);
/** The start request as the case received it, for idempotent starts: same id and body is the same case. */
export const caseRequestQuery = defineQuery<StartCaseRequest>('caseRequest');

/**
 * The deployment's early-warning models reach an open case (`models`, when the case holds another set), or the case
 * is only held against its own models again at the current time (no `models`: the daily re-check of models that
 * read `now`). Sent by the models rollout (activities/models-rollout.ts).
 */
export const refreshModelsSignal = defineSignal<[{ models?: Model[] }]>('refreshModels');
/** Memo key of the id of the model set a case holds (machines/models.ts `modelSetId`). */
export const CASE_MEMO_MODELS = 'models';

/** A step on one of the case's rectifications (contract section 8); refused like an event, never in the history. */
export const rectifyUpdate = defineUpdate<CaseView, [RectifyCommand, EventScope]>('rectify');
/** The ApplicationFailure types of a refused step: no such rectification (404); not in its status (409, one RectifyRefusal). */
export const RECTIFICATION_NOT_FOUND = 'rectification_not_found';
export const RECTIFICATION_NOT_ALLOWED = 'rectification_not_allowed';
/** The machine state a run holds (or ended with), so a closed case can be started again under its id from it. */
export const caseCarriedQuery = defineQuery<CarriedState>('caseCarried');
