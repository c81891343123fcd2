import type { CaseCommand, Facts } from '../contracts/case';
import type { CaseEventType } from '../contracts/vocabulary';
import type { CaseContext } from './case-context';
import { extensionSteps, nextExtension, runningDeadline } from './deadlines';
import { assignmentRefusal } from './assignment';
import { supervisionRefusal } from './filing-supervision';
import { handoffRefusal } from './handoff';
import { remedyRefusal } from './remedies';

type Refusal = string | null;

/** Why fast track is not open to these facts, or null when it is (contract section 2). */
export function fastTrackRefusal(ctx: CaseContext, facts: Facts | undefined): Refusal {
  const f = facts ?? { admitted: false, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };
  const failed: string[] = [];
  if (!f.admitted) failed.push('the facts are not admitted');
  if (ctx.request.category === 'administrative') {
    if (f.minor) failed.push('a minor is involved');
    if (f.disabled) failed.push('a blind, deaf or mute person is involved');
    if (f.mentallyIll) failed.push('a mentally ill person is involved');
    if (f.hearingRequired) failed.push('a hearing is required');
    if (f.detentionDays >= 10) failed.push('detention of 10 days or more is possible');
  } else if (isOnNegativeList(ctx)) {
    failed.push(`offense ${ctx.request.offense} is on the negative list`);
  }
  return failed.length ? `fast track not allowed: ${failed.join('; ')}` : null;
}

export function isOnNegativeList(ctx: CaseContext): boolean {
  return ctx.request.offense !== undefined && ctx.policy.negativeList.includes(ctx.request.offense);
}

function eventRefusal(ctx: CaseContext, ev: CaseCommand): Refusal {
  switch (ev.type) {
    case 'FILE':
      if (ev.decision === 'decline') return remedyRefusal(ctx, ev) ?? (ev.track === 'fast' ? 'a declined filing cannot take the fast track' : null);
      if (ev.track !== 'fast') return null;
      return fastTrackRefusal(ctx, ev.facts);
    case 'TRANSFER':
      return ev.toUnitType === 'specialized' ? null : 'a negative-list case can only be transferred to a specialized unit';
    case 'CONVERT_TO_ORDINARY':
      return ctx.track === 'fast' ? null : 'the case is not on the fast track';
    case 'SUSPEND_CLOCK':
      return ctx.suspended ? `the clock is already suspended since ${ctx.suspended.since}` : null;
    case 'RESUME_CLOCK':
      return ctx.suspended ? null : 'the clock is not suspended';
    case 'EXTEND': {
      const deadline = runningDeadline(ctx, ev.limit);
      if (!deadline) return `no ${ev.limit} limit is running`;
      const allowed = extensionSteps(ctx, ev.limit).length;
      return nextExtension(ctx, deadline) ? null : `the ${ev.limit} limit allows ${allowed} extension(s), all used`;
    }
    case 'ACK_ESCALATION': {
      const escalation = ctx.escalations.find((e) => e.id === ev.escalationId);
      if (!escalation) return `no escalation ${ev.escalationId} on this case`;
      return escalation.acknowledged ? `escalation ${ev.escalationId} is already acknowledged` : null;
    }
    case 'ASSIGN':
      return assignmentRefusal(ctx, ev);
    default:
      return remedyRefusal(ctx, ev) ?? supervisionRefusal(ctx, ev) ?? handoffRefusal(ctx, ev);
  }
}

/** The single source of every guard refusal: the machine's guard and the 409's reason both read it. */
export function refusal(ctx: CaseContext, ev: CaseCommand): Refusal {
  if (Date.parse(ev.at) < Date.parse(ctx.lastEventAt)) {
    return `at ${ev.at} is earlier than the case's last event (${ctx.lastEventAt})`;
  }
  return eventRefusal(ctx, ev);
}

/** The events a closed case still takes while a limit runs on it: that limit's own extension and escalations. */
export const closedLimitEvents: readonly CaseEventType[] = ['EXTEND', 'ACK_ESCALATION'];

/** A limit the close did not meet still runs (outlivesClose: a filing explanation the police owe the procuratorate). */
export const limitRunsOnClosed = (ctx: CaseContext): boolean => ctx.deadlines.some((d) => d.status !== 'met');

/**
 * Why a closed case refuses EXTEND or ACK_ESCALATION that the rules of any stage would take: closed, it takes them
 * only for a limit still running on it (contract section 12: each limit escalates as any other), or that limit's
 * escalations; with none running it refuses them as it always did.
 */
export function closedRefusal(ctx: CaseContext, ev: CaseCommand): Refusal {
  if (!closedLimitEvents.includes(ev.type)) return null;
  if (!limitRunsOnClosed(ctx)) return `${ev.type} is not allowed in stage closed`;
  if (ev.type !== 'ACK_ESCALATION') return null;
  const escalation = ctx.escalations.find((e) => e.id === ev.escalationId);
  // A rectification's escalations are not a limit's: none runs on past the close.
  return escalation && (escalation.limit === 'rectification' || !runningDeadline(ctx, escalation.limit))
    ? `escalation ${ev.escalationId} is of the ${escalation.limit} limit, which no longer runs on the closed case`
    : null;
}
