import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { APPLY_EVENT_UPDATE, CASE_VIEW_QUERY } from './names';
import type { CaseCommand, CaseView, EventRefusal, StartCaseRequest } from './case';
import type { Policy } from './policy';

/** A case's machine state as carried across continue-as-new: value plus context, nothing else. */
export type CarriedState = { value: unknown; context: unknown };

export type CaseWorkflowInput = {
  request: StartCaseRequest;
  /** The rules the case started under; a later policy change never reaches a running case. */
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

export const applyEventUpdate = defineUpdate<CaseView, [CaseCommand]>(APPLY_EVENT_UPDATE);
export const caseViewQuery = defineQuery<CaseView>(CASE_VIEW_QUERY);
/** The start request as the case received it, for idempotent starts: same id and body is the same case. */
export const caseRequestQuery = defineQuery<StartCaseRequest>('caseRequest');
