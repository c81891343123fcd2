import { z } from 'zod';
import { instant } from './instant';

/** One audited request (contract section 10); `station` is the case's where known, for supervisors' scope. */
export const auditRecord = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string().nullable(),
  via: z.string().nullable(),
  role: z.string().nullable(),
  ip: z.string(),
  method: z.string(),
  path: z.string(),
  caseId: z.string().nullable(),
  station: z.string().nullable(),
  action: z.string(),
  /** `read` (a read answered), `accepted` (a command done), `refused` (anything answered 4xx or 5xx), `unknown`. */
  outcome: z.enum(['read', 'accepted', 'refused', 'unknown']),
  status: z.number().int().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof auditRecord>;
export type AuditEntry = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

export const auditQuery = z.strictObject({
  caseId: z.string().min(1).max(128).optional(),
  actor: z.string().min(1).max(256).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(512).regex(/^[A-Za-z0-9_-]+$/).optional(),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditPage = z.object({ items: z.array(auditRecord), nextCursor: z.string().nullable() });
export const auditVerification = z.object({ ok: z.boolean(), checked: z.number().int(), firstBadSeq: z.number().int().nullable() });
