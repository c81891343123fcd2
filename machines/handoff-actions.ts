import { assertEvent } from 'xstate';
import type { LimitName } from '../contracts/vocabulary';
import type { Delivery } from '../contracts/webhooks';
import { atOf, caseAssign, isCommand } from './case-assign';
import { meetDeadlines, startDeadline } from './deadlines';
import { heldBy, noticeToFileBecause } from './filing-supervision';
import { handedOff, handoffDelivery, held, isHandoff } from './handoff';
import { decisionNotice, openWindow, revokedBecause } from './remedies';

/**
 * What the other bodies do to a case: the procuratorate's filing supervision and arrest decisions, the hand-off to
 * prosecutors and courts (contract section 9), the reporter's remedies (contract section 12).
 */
export const handoffActions = {
  holdBy: caseAssign(({ context, event }) => (isCommand(event) ? { orgs: heldBy(context, event) } : {})),
  noticeToFile: caseAssign(({ event }) => ({ outcome: null, remedyWindow: null, mustFile: isCommand(event) ? noticeToFileBecause(event) : null })),
  /** A remedy asked: the closed case opens again, its window used, the limit to decide it running. */
  askRemedy: caseAssign<{ limit: LimitName }>(({ context, event }, params) =>
    ({ outcome: null, remedyWindow: null, deadlines: [...context.deadlines, startDeadline(context, params.limit, atOf(event))] }),
  ),
  upholdReconsideration: caseAssign(({ context, event }) =>
    ({ outcome: 'not_filed', remedyWindow: openWindow(context, 'reviewWindow', atOf(event)) }),
  ),
  upholdReview: caseAssign({ outcome: 'not_filed' }),
  detain: caseAssign(({ context, event }) => {
    assertEvent(event, 'DETAIN');
    const detained = { at: event.at, roaming: event.roaming ?? false };
    return { detained, deadlines: [...context.deadlines, startDeadline({ ...context, detained }, 'arrestRequest', event.at)] };
  }),
  requestArrest: caseAssign(({ context, event }) => {
    assertEvent(event, 'REQUEST_ARREST');
    const arrest = { status: 'requested' as const, procuratorate: event.procuratorate, requestedAt: event.at, decidedAt: null };
    const deadlines = [...meetDeadlines(context.deadlines, ['arrestRequest'], event.at), startDeadline(context, 'arrestDecision', event.at)];
    return { arrest, orgs: held(context, event.procuratorate), deadlines };
  }),
  decideArrest: caseAssign<{ status: 'approved' | 'denied' }>(({ context, event }, params) => ({
    arrest: context.arrest ? { ...context.arrest, status: params.status, decidedAt: atOf(event) } : null,
    deadlines: meetDeadlines(context.deadlines, ['arrestDecision'], atOf(event)),
  })),
  /** A hand-off: who holds the case, the orgs that held it, the hand-off in the view (signed at the API edge). */
  handOff: caseAssign(({ context, event }) => {
    if (!isCommand(event) || !isHandoff(event)) return {};
    return handedOff(context, event, event.jws ?? null);
  }),
  handoffWebhook: caseAssign(({ context }) => {
    const delivery = handoffDelivery(context);
    return delivery ? { outbox: [...context.outbox, delivery] } : {};
  }),
  closeWith: caseAssign<{ outcome: string }>((_, params) => ({ outcome: params.outcome, suspended: null })),
  revoke: caseAssign(({ event }) => ({ mustFile: isCommand(event) ? revokedBecause(event) : null })),
  decisionNotice: caseAssign<{ limit: LimitName }>(({ context, event }, params) => {
    if (!isCommand(event)) return {};
    const notice: Delivery = {
      id: `${context.request.caseId}:notice:${context.notices}`,
      kind: 'notice',
      caseId: context.request.caseId,
      station: context.station,
      level: null,
      target: 'reporter',
      raisedAt: event.at,
      ...decisionNotice(context, event, params.limit),
    };
    return { outbox: [...context.outbox, notice], notices: context.notices + 1 };
  }),
};
