import { z } from 'zod';
import { unitCode } from './codes';
import { instant } from './instant';
import { limitName, modelSchema, severity } from './policy';

/** A warning names the model that raised it (the policy's `models`, or a v1 rule on a case started before them). */
export const warningRule = modelSchema.shape.id;

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
  station: unitCode.optional(),
  rule: warningRule.optional(),
  severity: severity.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const openWarningItem = warningView.omit({ closedAt: true, resolvedInMs: true }).extend({
  caseId: z.string(),
  station: z.string(),
});
export const warningsPage = z.object({ items: z.array(openWarningItem) });

