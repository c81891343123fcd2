// The words the workflow bundle needs at run time, without zod. Each workflow instance evaluates every module of
// its bundle afresh, and zod schemas cost about 1.5 MB per cached case (measured, see BENCHMARKS.md), so the
// schemas in the other contracts modules are built from these lists and the workflows import only this module,
// names.ts, messages.ts, scope.ts and sweep-messages.ts. test/workflows/bundle.test.ts keeps zod out of the bundle.

export const caseEventTypes = [
  'REGISTER',
  'NOTIFY',
  'FILE',
  'APPROVE',
  'REJECT',
  'TRANSFER',
  'CONVERT_TO_ORDINARY',
  'CLOSE',
  'SUSPEND_CLOCK',
  'RESUME_CLOCK',
  'EXTEND',
  'ACK_ESCALATION',
  'REQUEST_RECONSIDERATION',
  'RECONSIDER',
  'REQUEST_REVIEW',
  'REVIEW_DECISION',
  'REQUEST_FILING_EXPLANATION',
  'EXPLAIN_NOT_FILING',
  'NOTIFY_TO_FILE',
] as const;
export type CaseEventType = (typeof caseEventTypes)[number];

export const limitNames = ['register', 'notify', 'file', 'review', 'handle', 'declineNotice', 'transfer', 'reconsideration', 'superiorReview', 'filingExplanation', 'filingOnNotice'] as const;
export type LimitName = (typeof limitNames)[number];

/**
 * The reporter's remedies after a decline and the procuratorate's filing supervision (contract section 12), with the
 * law's defaults: a policy may leave them
 * out, and a case started under a policy from before they existed counts by them.
 */
export const remedyDefaults = {
  limits: { reconsideration: 'P30D', superiorReview: 'P30D', filingExplanation: 'P7D', filingOnNotice: 'P15D' },
  extensions: { reconsideration: ['P30D'], superiorReview: ['P30D'] },
  windows: { reconsiderationWindow: 'P7D', reviewWindow: 'P7D' },
} as const satisfies { limits: Partial<Record<LimitName, string>>; extensions: Partial<Record<LimitName, readonly string[]>>; windows: Record<string, string> };
export type RemedyWindowName = keyof typeof remedyDefaults.windows;

export const categories = ['criminal', 'administrative'] as const;
export const tracks = ['ordinary', 'fast'] as const;

/** The early-warning rules, each with an id, a severity and a one-line meaning (docs/warnings.md lists them from here). */
export const warningRules = {
  'limit-at-risk': { severity: 'medium', meaning: 'a running limit has passed a warning fraction of its span' },
  'limit-overdue': { severity: 'high', meaning: 'a running limit is past its due time' },
  'reporter-not-notified': { severity: 'high', meaning: 'registered, but the reporter was not notified within the notify limit' },
  'filing-not-decided': { severity: 'high', meaning: 'a criminal report not decided within its filing limit (应立未立)' },
  'negative-list-at-station': { severity: 'high', meaning: 'a negative-list case still held at a police station, awaiting transfer' },
  'fast-track-overdue': { severity: 'high', meaning: 'a fast-track case past its fast handling limit' },
  'decline-notice-overdue': { severity: 'medium', meaning: 'a declined filing whose notice to the reporter is overdue' },
  'repeat-reporter': { severity: 'low', meaning: 'the same reporter phone at the same station 3 or more times in 30 days' },
} as const;
export type WarningRule = keyof typeof warningRules;

/** How many reports from one phone at one station, within how many days, make a repeat reporter. */
export const REPEAT_REPORTER = { count: 3, days: 30 } as const;

/** Memo keys each case writes: its open warnings (`GET /warnings`) and its figures (`GET /stats`). */
export const CASE_MEMO_WARNINGS = 'openWarnings';
export const CASE_MEMO_FIGURES = 'figures';
