import { z } from 'zod';
import { instant } from './instant';
import { limitName } from './policy';

/** The early-warning rules, each with an id, a severity and a one-line meaning (README lists them from here). */
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
export const warningRuleIds = Object.keys(warningRules) as [WarningRule, ...WarningRule[]];
export const warningRule = z.enum(warningRuleIds);
export const severity = z.enum(['low', 'medium', 'high']);
export type Severity = z.infer<typeof severity>;

/** How many reports from one phone at one station, within how many days, make a repeat reporter. */
export const REPEAT_REPORTER = { count: 3, days: 30 } as const;

export const warningView = z.object({
  rule: warningRule,
  severity,
  limit: limitName.nullable(),
  openedAt: instant,
  closedAt: instant.nullable(),
  /** Time from opening to the case being put right, once it was. */
  resolvedInMs: z.number().int().nullable(),
});
export type WarningView = z.infer<typeof warningView>;

export const warningsQuery = z.strictObject({
  station: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/).optional(),
  rule: warningRule.optional(),
  severity: severity.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const openWarningItem = warningView.omit({ closedAt: true, resolvedInMs: true }).extend({
  caseId: z.string(),
  station: z.string(),
});
export const warningsPage = z.object({ items: z.array(openWarningItem) });

/** What a case keeps in its memo for lists that need more than search attributes. */
export type CaseMemo = { openWarnings: WarningView[] };
export const CASE_MEMO_WARNINGS = 'openWarnings';
