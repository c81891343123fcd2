import { z } from 'zod';
import { stage } from './case';
import { unitCode } from './codes';
import { inputInstant, instant } from './instant';
import { limitName, modelSchema } from './policy';


/**
 * The reporter's remedies and filing supervision (contract section 12), counted in events: declines approved (the
 * case went to `decline_notice`), reconsiderations and reviews asked and revoked, filing explanations asked of the
 * police and notices to file.
 */
export const remedyFigures = z.object({
  declines: z.number().int().min(0),
  reconsiderationsRequested: z.number().int().min(0),
  reconsiderationsRevoked: z.number().int().min(0),
  reviewsRequested: z.number().int().min(0),
  reviewsRevoked: z.number().int().min(0),
  filingExplanationsAsked: z.number().int().min(0),
  noticesToFile: z.number().int().min(0),
});
export type RemedyFigures = z.infer<typeof remedyFigures>;

/** The hand-off to the procuratorate (contract section 9), counted in events of one case. */
export const handoffFigures = z.object({
  transfers: z.number().int().min(0),
  returns: z.number().int().min(0),
  arrestsRequested: z.number().int().min(0),
  arrestsApproved: z.number().int().min(0),
});
export type HandoffFigures = z.infer<typeof handoffFigures>;

/** What one case contributes to the figures; small, so visibility can carry it for every case in a list. */
export const caseFigures = z.object({
  /** Bumped when a field changes meaning, so the aggregation can tell old memos from new. */
  v: z.literal(1),
  registered: z.boolean(),
  /** The reporter was told of the registration (NOTIFY out of `registered`; the decline notice does not count). */
  notified: z.boolean(),
  /** FILE events, whichever the decision: each is a filing decision the bureau must check afterwards. */
  filings: z.number().int().min(0),
  /** Of those, the ones a legal officer answered with APPROVE or REJECT. */
  reviewed: z.number().int().min(0),
  closed: z.boolean(),
  /** Limits that started running in the case. */
  limits: z.array(limitName),
  /** Of those, the ones overdue now or met after their due instant (extensions included). */
  late: z.array(limitName),
  /** Every completed stay in a stage, in milliseconds of business time: [stage, ms]. */
  stays: z.array(z.tuple([stage, z.number().min(0)])),
  /** Absent from memos written before remedies existed: such a case counts none until its next change. */
  remedies: remedyFigures.optional(),
  /** Only on cases that took a hand-off step (an arrest request, a transfer). */
  handoff: handoffFigures.optional(),
  /** Only on a case assigned to an officer (contract section 10); a memo without it is an unassigned case. */
  assigned: z.literal(true).optional(),
});
export type CaseFigures = z.infer<typeof caseFigures>;

export const statsQuery = z
  .strictObject({ station: unitCode.optional(), from: inputInstant.optional(), to: inputInstant.optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] });
export type StatsQuery = z.infer<typeof statsQuery>;

/** A fraction in [0, 1], rounded to 4 decimals; null when its denominator is 0. */
const rate = z.number().min(0).max(1).nullable();

export const stationFigures = z.object({
  rank: z.number().int().min(1),
  station: z.string(),
  received: z.number().int(),
  closed: z.number().int(),
  disposalRate: rate,
  overdueCases: z.number().int(),
  overdueRate: rate,
  /** Open cases assigned to no officer (contract section 10). */
  unassignedOpen: z.number().int(),
});

const rectificationCounts = {
  /** Every rectification of the cases counted, whatever its status now. */
  opened: z.number().int(),
  /** Answered by the unit, waiting for a supervisor. */
  answered: z.number().int(),
  confirmed: z.number().int(),
  /** Still open past its due. */
  overdue: z.number().int(),
  /** Of the confirmed ones, hours from the opening to the confirmation, to 2 decimals; null when none is confirmed. */
  medianHoursToConfirm: z.number().nullable(),
};
export const rectificationFigures = z.object({
  ...rectificationCounts,
  models: z.array(z.object({ model: modelSchema.shape.id, ...rectificationCounts })),
});
export type RectificationFigures = z.infer<typeof rectificationFigures>;

export const statsResponse = z.object({
  station: z.string().nullable(),
  from: instant.nullable(),
  to: instant.nullable(),
  received: z.number().int(),
  registered: z.number().int(),
  notified: z.number().int(),
  filed: z.number().int(),
  closed: z.number().int(),
  filings: z.number().int(),
  reviewedFilings: z.number().int(),
  disposalRate: rate,
  postFilingCheckRate: rate,
  overdueCases: z.number().int(),
  overdueRate: rate,
  /** Open cases assigned to no officer, here and per station in `stations`. */
  unassignedOpen: z.number().int(),
  overdue: z.array(z.object({ limit: limitName, started: z.number().int(), overdue: z.number().int(), rate })),
  stageTimes: z.array(z.object({ stage, stays: z.number().int(), medianMs: z.number().nullable() })),
  stations: z.array(stationFigures),
  ...remedyFigures.shape,
  /** What a procuratorate liaison asks (docs/supervision.md): transfers for prosecution, returns and their rate, days in review, arrests. */
  handoff: z.object({
    transfers: z.number().int(),
    returns: z.number().int(),
    casesReturned: z.number().int(),
    returnRate: rate,
    medianDaysInReview: z.number().nullable(),
    arrestsRequested: z.number().int(),
    arrestsApproved: z.number().int(),
  }),
  /** The rectifications of the cases counted (contract section 8), in all and per model (models by id). */
  rectifications: rectificationFigures,
  /** Cases last indexed before figures existed: left out of every figure above until their next change. */
  withoutFigures: z.number().int(),
});
export type StatsResponse = z.infer<typeof statsResponse>;
