import type { Role } from './tokens';
import { caseEventTypes, limitNames, limitOwners, type Agency, type CaseEventType, type LimitName } from './vocabulary';

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

/**
 * Besides supervisors, a role that may EXTEND the limits its agency owns (contract section 9: `limitOwners`, the
 * chain a limit escalates along): a procuratorate its arrest decision and prosecution review. Police limits stay the
 * supervisors'.
 */
export const extendsOwnLimits: Partial<Record<Role, Exclude<Agency, 'police'>>> = { prosecutor: 'procuratorate' };

/** The limits a role may EXTEND as their owner (none for the police roles: supervisors extend any). */
export const ownLimitsOf = (role: Role): LimitName[] => limitNames.filter((limit) => extendsOwnLimits[role] !== undefined && limitOwners[limit] === extendsOwnLimits[role]);

const othersEvents = [supervisorEvents, prosecutorEvents, courtEvents];

/** An event as the roles see it: its type, and the limit an EXTEND names. */
export type RoleEvent = { type: CaseEventType; limit?: LimitName };

/** Whether a role may send an event: each sends its own, the case system every other one, an admin any. */
export function maySend(role: Role, event: RoleEvent): boolean {
  const { type } = event;
  switch (role) {
    case 'admin':
      return true;
    case 'supervisor':
      return supervisorEvents.has(type) || sharedSupervisorEvents.has(type);
    case 'prosecutor':
      return prosecutorEvents.has(type) || (type === 'EXTEND' && event.limit !== undefined && ownLimitsOf(role).includes(event.limit));
    case 'court':
      return courtEvents.has(type);
    case 'case-system':
      return !othersEvents.some((events) => events.has(type));
  }
}

/** The limits a role's EXTEND may name. */
export const extendableBy = (role: Role): LimitName[] => limitNames.filter((limit) => maySend(role, { type: 'EXTEND', limit }));

/**
 * Every event a principal may send: its role's (EXTEND when it owns some limits, for those only), and the level
 * above's only with stations `*` (as the events route checks).
 */
export function eventsFor(principal: { role: Role; stations: readonly string[] }): CaseEventType[] {
  const sends = (type: CaseEventType) => maySend(principal.role, { type }) || (type === 'EXTEND' && ownLimitsOf(principal.role).length > 0);
  return caseEventTypes.filter((type) => sends(type) && (!levelAboveEvents.has(type) || principal.stations.includes('*')));
}
