import { z } from 'zod';

/** ISO 8601 instant that must carry its offset, so business time is never ambiguous. */
export const instant = z.iso.datetime({ offset: true });
