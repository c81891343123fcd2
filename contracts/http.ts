import { z } from 'zod';
import { caseSummary, stage } from './case';
import { caseId, unitCode } from './codes';
import { caseEventTypes, limitNames } from './vocabulary';
import { role } from './tokens';
import { category, track } from './policy';
import { rectificationStatus, rectifyActions } from './rectifications';

export const caseParams = z.strictObject({ caseId });

const filters = {
  station: unitCode.optional(),
  stage: stage.optional(),
  status: z.enum(['open', 'closed']).optional(),
  category: category.optional(),
  track: track.optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
};
const page = {
  // 20: a screenful, and on the dev server's SQLite visibility each row of a page costs about 0.6 ms (BENCHMARKS.md).
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().min(1).max(4096).regex(/^[A-Za-z0-9_-]+$/).optional(),
};

export const countQuery = z.strictObject(filters);
export const listQuery = z.strictObject({ ...filters, ...page });
export const caseCount = z.object({ count: z.number().int() });

export const casePage = z.object({ items: z.array(caseSummary), nextCursor: z.string().nullable() });
/** `GET /me/cases`: the signed-in officer's open cases, overdue first; `truncated` past the first 500. */
export const myCasesPage = z.object({ items: z.array(caseSummary), truncated: z.boolean() });

/**
 * `GET /me`: who the token is and what it may do, so a client offers only the actions the API would take. `sub` is the
 * officer of an OIDC sign-in (null for a machine token); agencies have `orgs` and no stations.
 */
export const me = z.object({
  name: z.string(),
  role,
  sub: z.string().nullable(),
  stations: z.array(z.string()),
  orgs: z.array(z.string()),
  events: z.array(z.enum(caseEventTypes)),
  /** The limits its EXTEND may name: every one for a supervisor or admin, a procuratorate's own for a prosecutor. */
  extends: z.array(z.enum(limitNames)),
  rectifications: z.array(z.enum(rectifyActions)),
});

/** The error code of each status a client can be answered with; 409s carry their own (`case_exists`, `event_not_allowed`). */
export const errorCodes = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'temporal_unavailable',
} as const;

/** Longest path segment the router takes; a longer case id is still a path segment, refused by its schema (400). */
export const MAX_PARAM_LENGTH = 1024;

export const errorBody = z
  .object({
    error: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    stage: stage.optional(),
    /** Events a case's stage allows now; for a refused rectification step, the steps its status allows. */
    allowed: z.array(z.union([z.enum(caseEventTypes), z.enum(rectifyActions)])).optional(),
    /** A refused rectification step: the rectification's status. */
    status: rectificationStatus.optional(),
    reason: z.string().optional(),
  })
  .describe('Every error: a stable code, a human message, and the details that code carries.');
export type ErrorBody = z.infer<typeof errorBody>;
