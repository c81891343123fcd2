import { z } from 'zod';
import { caseId, unitCode } from './codes';
import { instant } from './instant';
import { modelSchema, severity } from './policy';
import type { Role } from './tokens';
import { rectificationStatuses, type RectificationStatus } from './vocabulary';

export const rectificationStatus = z.enum(rectificationStatuses);

/** One rectification (整改, contract section 8): what a model with `rectify` opens with its warning. */
export const rectificationView = z.object({
  id: z.string(),
  caseId: z.string(),
  station: z.string(),
  model: modelSchema.shape.id,
  severity,
  openedAt: instant,
  dueAt: instant,
  status: rectificationStatus,
  answer: z.object({ note: z.string(), by: z.string(), at: instant }).nullable(),
  history: z.array(z.object({ action: z.enum(['opened', 'answered', 'confirmed', 'reopened']), at: instant, by: z.string(), note: z.string().nullable() })),
});
export type RectificationView = z.infer<typeof rectificationView>;

export const rectifyActions = ['answer', 'confirm', 'reopen'] as const;
export type RectifyAction = (typeof rectifyActions)[number];
/** Who may take each step: the unit answers, a supervisor confirms or reopens (contract section 8). */
export const rectifyRoles: Record<RectifyAction, readonly Role[]> = {
  answer: ['case-system', 'admin'],
  confirm: ['supervisor', 'admin'],
  reopen: ['supervisor', 'admin'],
};
/** A step on one rectification: `answer` is the unit's (case system), `confirm` and `reopen` a supervisor's. */
export type RectifyCommand = { rid: string; action: RectifyAction; note?: string; at: string; by: string };
/** Why a step was refused: the rectification's status and the steps it allows now (409). */
export type RectifyRefusal = { status: RectificationStatus; allowed: RectifyAction[]; reason: string };

const note = z.string().max(2000, 'at most 2,000 characters');
export const answerBody = z.strictObject({ note: note.min(1) });
export const confirmBody = z.strictObject({ note: note.optional() });
export const reopenBody = z.strictObject({ reason: note.min(1) });
export const rectificationParams = z.strictObject({ caseId, rid: z.string().min(1).max(200) });

const rectificationFilters = {
  station: unitCode.optional(),
  model: modelSchema.shape.id.optional(),
  status: rectificationStatus.optional(),
  /** Still open past its `dueAt`. */
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
};
export const rectificationsCountQuery = z.strictObject(rectificationFilters);
export const rectificationsQuery = z.strictObject({
  ...rectificationFilters,
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().min(1).max(4096).regex(/^[A-Za-z0-9_-]+$/).optional(),
});
/** Oldest opening first: the queue a supervisor works through. */
export const rectificationsPage = z.object({ items: z.array(rectificationView), nextCursor: z.string().nullable() });
export const rectificationCount = z.object({ count: z.number().int() });
