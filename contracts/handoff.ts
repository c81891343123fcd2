import { z } from 'zod';
import { unitCode } from './codes';
import { instant } from './instant';
import { agencies, MAX_HANDOFF_DOCUMENTS } from './vocabulary';

// Hand-off to prosecutors and courts (contract section 9): the documents each hand-off carries and what the view
// keeps of it. The workflow's own types are in machines/handoff.ts, zod-free.

export const handoffDocument = z.strictObject({
  kind: z.string().min(1).max(64),
  title: z.string().min(1).max(500),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'the SHA-256 of the document: 64 hexadecimal characters'),
  uri: z.string().url().max(2000).optional(),
});
export type HandoffDocument = z.infer<typeof handoffDocument>;

export const handoffDocuments = z
  .array(handoffDocument)
  .min(1, 'a hand-off carries at least one document')
  .max(MAX_HANDOFF_DOCUMENTS, `a hand-off carries at most ${MAX_HANDOFF_DOCUMENTS} documents`);

/** A procuratorate's or court's code; the API checks it against the policy's `orgs` (another: 400). */
export const orgCode = unitCode;

export const agency = z.enum(agencies);

export const arrestView = z.object({
  status: z.enum(['requested', 'approved', 'denied']),
  procuratorate: z.string(),
  requestedAt: instant,
  decidedAt: instant.nullable(),
});

export const handoffView = z.object({
  type: z.string(),
  /** The unit or org handing over (a station, a procuratorate, a court) and the one receiving. */
  from: z.string(),
  to: z.string(),
  at: instant,
  by: z.string(),
  documents: z.array(handoffDocument),
  /** What the step states: the reason of a return or a decision not to prosecute, the verdict of a judgment. */
  reason: z.string().optional(),
  /** The deployment's compact JWS (EdDSA) over { caseId, type, from, to, at, by, documents }; null until signed. */
  jws: z.string().nullable(),
});
