import type { CaseCommand } from '../contracts/case';
import type { CaseContext } from './case-context';

/** Who holds the case in its station (contract section 10): set by ASSIGN, absent on cases from before assignment. */
export type AssignmentState = { assignee?: string | null };

/** Why the case cannot take this ASSIGN, or null when it can: assigning the officer who holds it changes nothing. */
export function assignmentRefusal(ctx: CaseContext, ev: CaseCommand): string | null {
  if (ev.type !== 'ASSIGN') return null;
  return ctx.assignee === ev.to ? `the case is already assigned to ${ev.to}` : null;
}

/** A warning goes to the officer the case is assigned to; unassigned, to the handler's desk as before. */
export const warningTarget = (ctx: Pick<CaseContext, 'assignee'>): string => (ctx.assignee ? `officer:${ctx.assignee}` : 'handler');
