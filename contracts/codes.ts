import { z } from 'zod';

/**
 * A unit's code (a station, a specialized unit). Filters, token scopes and search attributes match it exactly, so
 * a case can only be created at, or transferred to, a unit that can be asked for again.
 */
export const unitCode = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, '1–64 characters of A-Za-z0-9._-');

/** An offense code as the policy's lists name it: printable text, no control characters or broken UTF-16. */
export const offenseCode = z.string().min(1).max(64).regex(/^[^\p{Cc}\p{Cs}]+$/u, 'printable characters only');
