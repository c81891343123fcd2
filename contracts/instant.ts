import { z } from 'zod';

/** ISO 8601 instant that must carry its offset, so business time is never ambiguous. */
export const instant = z.iso.datetime({ offset: true });

/**
 * An instant a client sends: written in the years 1970–9998. An offset (up to ±23:59) then keeps it within the
 * years Temporal holds (0001–9999 in UTC; a written `0000-01-01T00:00:00+23:59` is year −1), including the
 * repeat-reporter window a report reaches back over. A pattern, so `/openapi.json` states the rule exactly.
 * Views keep `instant`, so nothing already stored is refused on its way out.
 */
export const inputInstant = instant.regex(/^(19[7-9][0-9]|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-/, 'a year from 1970 to 9998');
