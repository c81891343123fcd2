import { z } from 'zod';

/**
 * A unit's code (a station, a specialized unit). Filters, token scopes and search attributes match it exactly, so
 * a case can only be created at, or transferred to, a unit that can be asked for again.
 */
const plainId = () => z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, '1–64 characters of A-Za-z0-9._-');
export const unitCode = plainId();

/** A case's id: the workflow id and a path segment, held to characters every store and URL takes as they are. */
export const caseId = plainId();

/** Lone UTF-16 surrogates: a string with one is no Unicode text at all (JSON can still carry one). */
const wellFormed = (value: string) => /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/.test(value);

/**
 * An offense code as the policy's lists name it: printable characters (any script), no control characters, no
 * lone surrogates. The control characters as a range rather than a Unicode class, so that `/openapi.json` states a
 * pattern every JSON Schema tool can use; surrogates are no characters there at all.
 */
export const offenseCode = z
  .string()
  .min(1)
  .max(64)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f-\u009f]+$/, 'no control characters')
  .refine(wellFormed, 'no lone UTF-16 surrogates');
