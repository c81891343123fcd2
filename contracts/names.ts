import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const DEFAULT_TASK_QUEUE = 'caseflow';
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';
export const APPLY_EVENT_UPDATE = 'applyEvent';
export const CASE_VIEW_QUERY = 'caseView';
/** The daily run that brings the deployment's early-warning models to every open case (workflows/models-workflow.ts). */
export const MODELS_WORKFLOW_TYPE = 'modelsWorkflow';

/** Search attributes each case upserts; visibility queries (`GET /cases`) read nothing else. */
export const searchAttributes = {
  stage: defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD),
  category: defineSearchAttributeKey('CaseCategory', SearchAttributeType.KEYWORD),
  station: defineSearchAttributeKey('CaseStation', SearchAttributeType.KEYWORD),
  track: defineSearchAttributeKey('CaseTrack', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD),
  nextDueAt: defineSearchAttributeKey('CaseNextDueAt', SearchAttributeType.DATETIME),
  overdue: defineSearchAttributeKey('CaseOverdue', SearchAttributeType.BOOL),
  reportedAt: defineSearchAttributeKey('CaseReportedAt', SearchAttributeType.DATETIME),
  /** A one-way hash of the reporter's phone: finds repeat reporters without putting phones into visibility. */
  reporterKey: defineSearchAttributeKey('CaseReporterKey', SearchAttributeType.KEYWORD),
  /** Ids of the case's open early-warning rules. */
  warnings: defineSearchAttributeKey('CaseWarnings', SearchAttributeType.KEYWORD_LIST),
  /** The procuratorates and courts that hold or have held the case; set only once a hand-off named one. */
  orgs: defineSearchAttributeKey('CaseOrgs', SearchAttributeType.KEYWORD_LIST),
  /** The officer the case is assigned to (`GET /me/cases`); set only once a case is assigned. */
  assignee: defineSearchAttributeKey('CaseAssignee', SearchAttributeType.KEYWORD),
  /** Set once the run's final view is in caseflow's archive of closed cases: lists then read it from there. */
  archived: defineSearchAttributeKey('CaseArchived', SearchAttributeType.BOOL),
} as const;
