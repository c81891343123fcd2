import { z } from 'zod';

/** ISO 8601 instant that must carry its offset, so business time is never ambiguous. */
export const instant = z.iso.datetime({ offset: true });

const EARLIEST = '1970-01-01T00:00:00Z';
const LATEST = '9999-12-31T23:59:59.999Z';

/**
 * An instant a client sends. Its offset can carry a written year 0000 or 9999 out of the years Temporal takes (a
 * timestamp is years 0001–9999 in UTC), and a case reaches back from its report (the repeat-reporter window):
 * nothing caseflow handles happened before the Unix epoch. Views keep `instant`, so nothing already stored is
 * refused on its way out.
 */
export const inputInstant = instant.refine((value) => {
  const at = Date.parse(value);
  return at >= Date.parse(EARLIEST) && at <= Date.parse(LATEST);
}, `must lie between ${EARLIEST} and ${LATEST}`);
