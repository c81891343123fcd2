import type { Role } from './tokens';
import { caseEventTypes, type CaseEventType } from './vocabulary';

/** Events only a supervisor (or admin) may send. */
export const supervisorEvents: ReadonlySet<CaseEventType> = new Set(['EXTEND', 'ACK_ESCALATION', 'RECONSIDER', 'REVIEW_DECISION']);
/** Events a supervisor shares with the case system: assigning an officer (contract section 10). */
export const sharedSupervisorEvents: ReadonlySet<CaseEventType> = new Set(['ASSIGN']);
/** Events only the level above may send: a token whose stations include `*` (contract section 12). */
export const levelAboveEvents: ReadonlySet<CaseEventType> = new Set(['REVIEW_DECISION']);
/** Events of the procuratorate (contract sections 9 and 12). */
export const prosecutorEvents: ReadonlySet<CaseEventType> = new Set([
  'APPROVE_ARREST', 'DENY_ARREST', 'RETURN_FOR_SUPPLEMENTARY', 'PROSECUTE', 'NOT_PROSECUTE', 'REQUEST_FILING_EXPLANATION', 'NOTIFY_TO_FILE',
]);
/** Events a procuratorate may send for any case of the deployment (contract section 12): reporters bring it them. */
export const deploymentWideEvents: ReadonlySet<CaseEventType> = new Set(['REQUEST_FILING_EXPLANATION']);
/** Events of the court. */
export const courtEvents: ReadonlySet<CaseEventType> = new Set(['JUDGE']);

const othersEvents = [supervisorEvents, prosecutorEvents, courtEvents];

/** Whether a role may send an event: each sends its own, the case system every other one, an admin any. */
export function maySend(role: Role, type: CaseEventType): boolean {
  switch (role) {
    case 'admin':
      return true;
    case 'supervisor':
      return supervisorEvents.has(type) || sharedSupervisorEvents.has(type);
    case 'prosecutor':
      return prosecutorEvents.has(type);
    case 'court':
      return courtEvents.has(type);
    case 'case-system':
      return !othersEvents.some((events) => events.has(type));
  }
}

/** Every event a principal may send: its role's, and the level above's only with stations `*` (as the events route checks). */
export function eventsFor(principal: { role: Role; stations: readonly string[] }): CaseEventType[] {
  return caseEventTypes.filter((type) => maySend(principal.role, type) && (!levelAboveEvents.has(type) || principal.stations.includes('*')));
}
