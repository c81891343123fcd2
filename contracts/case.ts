import { z } from 'zod';
import { category, limitName, track } from './policy';
import { caseId, offenseCode, unitCode } from './codes';
import { agency, arrestView, handoffDocuments, handoffView, orgCode } from './handoff';
import { inputInstant, instant } from './instant';
import { rectificationView } from './rectifications';
import { warningView } from './warnings';
import type { CaseEventType } from './vocabulary';


export const unitType = z.enum(['station', 'specialized']);
export type UnitType = z.infer<typeof unitType>;

export const startCaseRequest = z.strictObject({
  caseId,
  category,
  station: unitCode,
  unitType: unitType.default('station'),
  reportedAt: inputInstant,
  offense: offenseCode.optional(),
  reporter: z.strictObject({ name: z.string().max(200).optional(), phone: z.string().max(32).optional() }).optional(),
  summary: z.string().max(4000).optional(),
  custody: z.boolean().default(false),
});
export type StartCaseRequest = z.infer<typeof startCaseRequest>;

export const facts = z.strictObject({
  admitted: z.boolean().default(false),
  minor: z.boolean().default(false),
  disabled: z.boolean().default(false),
  mentallyIll: z.boolean().default(false),
  hearingRequired: z.boolean().default(false),
  detentionDays: z.number().int().min(0).default(0),
});
export type Facts = z.infer<typeof facts>;

/** An officer's id: an OIDC `sub`, or the officer a machine client names. */
export const officerId = z.string().min(1).max(64);

const common = {
  at: inputInstant.optional(),
  by: officerId.optional(),
};

const reason = z.string().min(1).max(2000);
const remedyDecision = z.enum(['uphold', 'revoke']);

const ev = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...common, ...shape });

export const caseEvent = z.discriminatedUnion('type', [
  ev('REGISTER', {}),
  ev('NOTIFY', {}),
  // Contract v2: a decline states its reason, which the reporter's notice must carry.
  ev('FILE', { decision: z.enum(['file', 'decline']), reason: z.string().min(1).max(2000).optional(), track: track.optional(), facts: facts.optional() }).refine(
    (e) => e.decision !== 'decline' || e.reason !== undefined,
    { path: ['reason'], message: 'a decline states its reason (1 to 2,000 characters)' },
  ),
  ev('APPROVE', {}),
  ev('REJECT', { reason: z.string().max(2000).optional() }),
  ev('TRANSFER', { toUnit: unitCode, toUnitType: unitType }),
  ev('CONVERT_TO_ORDINARY', { reason: z.string().max(2000).optional() }),
  ev('CLOSE', { outcome: z.string().min(1).max(64) }),
  ev('SUSPEND_CLOCK', { reason: z.string().min(1).max(2000) }),
  ev('RESUME_CLOCK', {}),
  ev('EXTEND', { limit: limitName }),
  ev('ACK_ESCALATION', { escalationId: z.string().min(1).max(200), note: z.string().max(2000).optional() }),
  ev('ASSIGN', { to: officerId }),
  // The reporter's remedies (contract section 12): each states its reason, which the reporter's notice carries.
  ev('REQUEST_RECONSIDERATION', { reason }),
  ev('RECONSIDER', { decision: remedyDecision, reason }),
  ev('REQUEST_REVIEW', { reason }),
  ev('REVIEW_DECISION', { decision: remedyDecision, reason }),
  // Hand-off to prosecutors and courts (contract section 9).
  ev('DETAIN', { roaming: z.boolean().optional() }),
  ev('REQUEST_ARREST', { procuratorate: orgCode }),
  ev('APPROVE_ARREST', {}),
  ev('DENY_ARREST', { reason }),
  ev('TRANSFER_FOR_PROSECUTION', { procuratorate: orgCode, documents: handoffDocuments }),
  ev('RETURN_FOR_SUPPLEMENTARY', { reason, documents: handoffDocuments }),
  ev('RETRANSFER', { documents: handoffDocuments }),
  ev('PROSECUTE', { court: orgCode, documents: handoffDocuments }),
  ev('NOT_PROSECUTE', { reason, documents: handoffDocuments }),
  ev('JUDGE', { verdict: z.string().min(1).max(2000), documents: handoffDocuments }),
  // The procuratorate's filing supervision (contract section 12); `procuratorate` is the sender's org, filled in at
  // the edge when it has one.
  ev('REQUEST_FILING_EXPLANATION', { reason, procuratorate: orgCode.optional() }),
  ev('EXPLAIN_NOT_FILING', { reason, documents: handoffDocuments }),
  ev('NOTIFY_TO_FILE', { reason, procuratorate: orgCode.optional() }),
]);
export type CaseEventRequest = z.infer<typeof caseEvent>;
// The schema's variants and the vocabulary's list are the same set, or this does not compile.
const sameEventTypes: [CaseEventRequest['type']] extends [CaseEventType] ? ([CaseEventType] extends [CaseEventRequest['type']] ? true : never) : never = true;
void sameEventTypes;

/**
 * An event as the workflow applies it: business time and actor resolved at the edge. `by` is the person (an OIDC
 * `sub`, or the officer a machine client names), `via` the machine client that sent it for them.
 */
export type CaseCommand = CaseEventRequest & {
  at: string;
  by: string;
  via?: string;
  /** A hand-off's compact JWS, signed at the API edge (signing is I/O; the workflow only keeps it). */
  jws?: string;
  /** The route the JWS signs; the case refuses the hand-off if it changed hands meanwhile. */
  signedRoute?: { from: string; to: string };
};

export const stages = [
  'reported',
  'registered',
  'notified',
  'review',
  'handling',
  'awaiting_transfer',
  'decline_notice',
  'reconsideration',
  'superior_review',
  'prosecution_review',
  'supplementary_investigation',
  'at_court',
  'closed',
] as const;
export const stage = z.enum(stages);
export type Stage = z.infer<typeof stage>;

export const deadlineStatus = z.enum(['pending', 'met', 'overdue', 'suspended']);
export const deadlineView = z.object({
  limit: limitName,
  startedAt: instant,
  dueAt: instant,
  status: deadlineStatus,
  extensions: z.number().int(),
  metAt: instant.nullable(),
  /** A whole-day due past the policy calendar's last year: it may still move when next year's calendar is added. */
  provisional: z.literal(true).optional(),
});
export type DeadlineView = z.infer<typeof deadlineView>;

export const escalationView = z.object({
  id: z.string(),
  /** A limit, or `rectification` for an open rectification past its due (contract section 8). */
  limit: z.union([limitName, z.literal('rectification')]),
  level: z.enum(['warning', 'overdue']),
  target: z.string(),
  dueAt: instant,
  raisedAt: instant,
  acknowledged: z.boolean(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
  /** Overdue repeats a catch-up folded into this escalation (contract section 11); absent on those raised before. */
  missed: z.number().int().min(0).optional(),
});
export type EscalationView = z.infer<typeof escalationView>;

export const historyEntry = z.object({
  type: z.string(),
  at: instant,
  by: z.string(),
  /** The machine client (a tokens-file name) that sent the event on behalf of `by`; absent when `by` sent it. */
  via: z.string().optional(),
  from: stage.nullable(),
  to: stage,
  /** The reason a decline or a remedy step states; absent on every other entry. */
  reason: z.string().optional(),
  /** A remedy's decision (`uphold` or `revoke`), on RECONSIDER and REVIEW_DECISION entries only. */
  decision: z.enum(['uphold', 'revoke']).optional(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

export const caseView = z.object({
  caseId,
  category,
  station: z.string(),
  unitType,
  /** The procuratorates and courts that hold or have held the case (contract section 9); they may see it. */
  orgs: z.array(z.string()),
  offense: z.string().nullable(),
  custody: z.boolean(),
  reportedAt: instant,
  track,
  stage,
  status: z.enum(['open', 'closed']),
  outcome: z.string().nullable(),
  suspended: z.object({ since: instant, reason: z.string() }).nullable(),
  deadlines: z.array(deadlineView),
  escalations: z.array(escalationView),
  /** Early warnings, open and closed (rules in contracts/warnings.ts). */
  warnings: z.array(warningView),
  history: z.array(historyEntry),
  /**
   * The reporter's last remedy window (contract section 12), open or since closed; null when none opened. Absent from
   * views written before remedies existed.
   */
  remedyWindow: z.object({ name: z.enum(['reconsiderationWindow', 'reviewWindow']), opensAt: instant, closesAt: instant }).nullable().optional(),
  /** Rectifications opened by the case's warnings (contract section 8). Absent from views written before them. */
  rectifications: z.array(rectificationView).optional(),
  /** Who holds the case now (contract section 9); absent on views written before hand-offs. */
  agency: agency.optional(),
  arrest: arrestView.nullable().optional(),
  handoffs: z.array(handoffView).optional(),
  /** The officer the case is assigned to (contract section 10); null until an ASSIGN, absent on views from before. */
  assignee: officerId.nullable().optional(),
});
export type CaseView = z.infer<typeof caseView>;

export const caseSummary = z.object({
  caseId,
  category,
  station: z.string(),
  stage,
  status: z.enum(['open', 'closed']),
  track,
  nextDueAt: instant.nullable(),
  overdue: z.boolean(),
});
export type CaseSummary = z.infer<typeof caseSummary>;

/** What an update returns: the view on success, or why the machine refused. */
export type EventRefusal = { stage: Stage; allowed: CaseEventType[]; reason: string };
