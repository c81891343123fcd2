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
  // Assignment (contract section 10): who holds the case in the station.
  'ASSIGN',
  'REQUEST_RECONSIDERATION',
  'RECONSIDER',
  'REQUEST_REVIEW',
  'REVIEW_DECISION',
  'REQUEST_FILING_EXPLANATION',
  'EXPLAIN_NOT_FILING',
  'NOTIFY_TO_FILE',
  // Hand-off to prosecutors and courts (contract section 9).
  'DETAIN',
  'REQUEST_ARREST',
  'APPROVE_ARREST',
  'DENY_ARREST',
  'TRANSFER_FOR_PROSECUTION',
  'RETURN_FOR_SUPPLEMENTARY',
  'RETRANSFER',
  'PROSECUTE',
  'NOT_PROSECUTE',
  'JUDGE',
] as const;
export type CaseEventType = (typeof caseEventTypes)[number];

export const limitNames = [
  'register', 'notify', 'file', 'review', 'handle', 'declineNotice', 'transfer', 'reconsideration', 'superiorReview',
  'arrestRequest', 'arrestDecision', 'prosecutionReview', 'supplementary', 'trial', 'filingExplanation', 'filingOnNotice',
] as const;
export type LimitName = (typeof limitNames)[number];

export const agencies = ['police', 'procuratorate', 'court'] as const;
export type Agency = (typeof agencies)[number];

/**
 * The hand-off limits (contract section 9) with the Criminal Procedure Law's values as defaults, so policies written
 * before them stay valid: arrest request art. 91 (3 days, +4, or to 30 for roaming, repeated or gang suspects), arrest
 * decision art. 91 (7 days), prosecution review art. 172 (1 month, +15 days), supplementary investigation art. 175
 * (1 month), first-instance trial art. 208 (2 months, +1).
 */
export const handoffDefaults = {
  limits: { arrestRequest: 'P3D', arrestDecision: 'P7D', prosecutionReview: 'P1M', supplementary: 'P1M', trial: 'P2M' },
  extensions: { arrestRequest: ['P4D', 'P23D'], prosecutionReview: ['P15D'], trial: ['P1M'] },
} as const satisfies { limits: Partial<Record<LimitName, string>>; extensions: Partial<Record<LimitName, readonly string[]>> };

/** The agency that owns each limit, whose chain it escalates along; the rest are the police's. */
export const limitOwners: Partial<Record<LimitName, Exclude<Agency, 'police'>>> = {
  arrestDecision: 'procuratorate',
  prosecutionReview: 'procuratorate',
  trial: 'court',
};
/** Limits that count under custody whatever the case's custody flag (a detained suspect). */
export const custodyLimits: readonly LimitName[] = ['arrestRequest', 'arrestDecision'];
/** At most this many returns for supplementary investigation (art. 175). */
export const MAX_SUPPLEMENTARY_RETURNS = 2;
/** Each hand-off carries 1 to this many documents. */
export const MAX_HANDOFF_DOCUMENTS = 50;

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

/**
 * The early-warning rules of v1, for cases started before the policy declared models (machines/warning-rules.ts);
 * the shipped policy declares them as models with the same ids. docs/warnings.md lists them from here.
 */
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

/** A rectification's statuses (contract section 8): open → answered → confirmed, or back to open by a reopen. */
export const rectificationStatuses = ['open', 'answered', 'confirmed'] as const;
export type RectificationStatus = (typeof rectificationStatuses)[number];

/** How many reports from one phone at one station, within how many days, make a repeat reporter. */
export const REPEAT_REPORTER = { count: 3, days: 30 } as const;

/** Memo keys each case writes: its open warnings (`GET /warnings`) and its figures (`GET /stats`). */
export const CASE_MEMO_WARNINGS = 'openWarnings';
export const CASE_MEMO_FIGURES = 'figures';
