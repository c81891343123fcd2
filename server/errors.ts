import type { EventRefusal } from '../contracts/case';

/** Domain failures the gateway raises; the HTTP edge maps each to one status in one place. */
export class CaseNotFoundError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} not found`);
  }
}

export class CaseExistsError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} already exists with a different body`);
  }
}

export class EventRefusedError extends Error {
  constructor(readonly refusal: EventRefusal) {
    super(refusal.reason);
  }
}

export class TemporalUnavailableError extends Error {
  constructor(cause: unknown) {
    super('Temporal is unavailable; retry shortly', { cause });
  }
}
