import { z } from 'zod';

/**
 * Legal documents an event carries (contract section 9: 1–50 of `{ kind, title, sha256, uri? }`), so the other side
 * can check every document's hash.
 */
export const legalDocument = z.strictObject({
  kind: z.string().min(1).max(64),
  title: z.string().min(1).max(500),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits'),
  uri: z.url().max(2000).optional(),
});
export const documents = z.array(legalDocument).min(1).max(50);
export type LegalDocument = z.infer<typeof legalDocument>;
