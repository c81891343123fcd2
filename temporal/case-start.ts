import type { SearchAttributePair } from '@temporalio/common';
import type { StartCaseRequest } from '../contracts/case';
import { searchAttributes as sa } from '../contracts/names';
import { reporterKey } from './repeat-reports';

/**
 * The search attributes a case is started with: lists, counts and the repeat-reporter count find it from the moment
 * it exists, before a worker ran its first task and wrote them itself.
 */
export function openingSearchAttributes(request: StartCaseRequest): SearchAttributePair[] {
  const key = reporterKey(request);
  return [
    { key: sa.station, value: request.station },
    { key: sa.category, value: request.category },
    { key: sa.stage, value: 'reported' },
    { key: sa.status, value: 'open' },
    { key: sa.track, value: 'ordinary' },
    { key: sa.reportedAt, value: new Date(request.reportedAt) },
    ...(key ? [{ key: sa.reporterKey, value: key }] : []),
  ];
}
