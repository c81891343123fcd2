import { assertEvent } from 'xstate';
import type { LimitName } from '../contracts/vocabulary';
import type { Delivery } from '../contracts/webhooks';
import type { CaseContext } from './case-context';
import { atOf, caseAssign } from './case-assign';
import {
  escalate,
  keptEscalations,
  extendDeadline,
  meetAll,
  meetDeadlines,
  recomputeOnCalendar,
  recomputeOnTrack,
  resumeDeadlines,
  runningDeadline,
  startDeadline,
  suspendDeadlines,
} from './deadlines';
import { metByFiling, outlivesClose } from './filing-supervision';
import { openWindow } from './remedies';

/** What the decline notice tells the reporter (contract v2); a case declined before reasons were required has none. */
const declineTold = ({ declineReason }: CaseContext): Pick<Delivery, 'decision' | 'reason'> =>
  declineReason ? { decision: 'decline', reason: declineReason } : { decision: 'decline' };

/** The police stages of the lifecycle and the clocks every stage shares: limits, notices, escalations. */
export const lifecycleActions = {
  handOver: caseAssign<{ met: LimitName; next: LimitName[] }>(({ context, event }, params) => {
    const at = atOf(event);
    return { deadlines: [...meetDeadlines(context.deadlines, [params.met], at), ...params.next.map((limit) => startDeadline(context, limit, at))] };
  }),
  // A close meets every running limit but the explanation the police owe the procuratorate.
  meetAll: caseAssign(({ context, event }) => ({
    deadlines: context.deadlines.some((d) => outlivesClose.includes(d.limit))
      ? meetDeadlines(context.deadlines, context.deadlines.map((d) => d.limit).filter((l) => !outlivesClose.includes(l)), atOf(event))
      : meetAll(context.deadlines, atOf(event)),
  })),
  startLimit: caseAssign<{ limit: LimitName }>(({ context, event }, params) => ({ deadlines: [...context.deadlines, startDeadline(context, params.limit, atOf(event))] })),
  meetLimit: caseAssign<{ limit: LimitName }>(({ context, event }, params) => ({ deadlines: meetDeadlines(context.deadlines, [params.limit], atOf(event)) })),
  meetOnFiling: caseAssign(({ context, event }) =>
    (event.type === 'FILE' && event.decision === 'file' ? { deadlines: meetDeadlines(context.deadlines, metByFiling, event.at) } : {}),
  ),
  approveDecline: caseAssign({ declineApproved: true }),
  notice: caseAssign<{ limit: LimitName }>(({ context, event }, params) => {
    const deadline = runningDeadline(context, params.limit);
    const notice: Delivery = {
      id: `${context.request.caseId}:notice:${context.notices}`,
      kind: 'notice',
      caseId: context.request.caseId,
      station: context.station,
      limit: params.limit,
      level: null,
      target: 'reporter',
      dueAt: deadline?.dueAt ?? atOf(event),
      raisedAt: atOf(event),
      ...(params.limit === 'declineNotice' ? declineTold(context) : {}),
    };
    return { outbox: [...context.outbox, notice], notices: context.notices + 1 };
  }),
  decide: caseAssign(({ event }) => {
    assertEvent(event, 'FILE');
    return { decision: event.decision, declineReason: event.decision === 'decline' ? (event.reason ?? null) : null, track: event.track ?? 'ordinary', facts: event.facts ?? null };
  }),
  transfer: caseAssign(({ event }) => {
    assertEvent(event, 'TRANSFER');
    return { station: event.toUnit, unitType: event.toUnitType };
  }),
  toOrdinary: caseAssign(({ context, event }) =>
    ({ deadlines: recomputeOnTrack({ ...context, track: 'ordinary' }, 'handle', atOf(event)), track: 'ordinary' as const }),
  ),
  close: caseAssign(({ event }) => {
    assertEvent(event, 'CLOSE');
    return { outcome: event.outcome, suspended: null };
  }),
  closeUnfiled: caseAssign(({ context, event }) =>
    ({ outcome: 'not_filed', suspended: null, remedyWindow: openWindow(context, 'reconsiderationWindow', atOf(event)) }),
  ),
  suspend: caseAssign(({ context, event }) => {
    assertEvent(event, 'SUSPEND_CLOCK');
    return { suspended: { since: event.at, reason: event.reason }, deadlines: suspendDeadlines(context.deadlines, event.at) };
  }),
  resume: caseAssign(({ context, event }) => ({ suspended: null, deadlines: resumeDeadlines(context, atOf(event)) })),
  extend: caseAssign(({ context, event }) => {
    assertEvent(event, 'EXTEND');
    return { deadlines: extendDeadline(context, event.limit, event.at) };
  }),
  assign: caseAssign(({ event }) => {
    assertEvent(event, 'ASSIGN');
    return { assignee: event.to };
  }),
  acknowledge: caseAssign(({ context, event }) => {
    assertEvent(event, 'ACK_ESCALATION');
    return {
      escalations: context.escalations.map((x) =>
        x.id === event.escalationId ? { ...x, acknowledged: true, acknowledgedBy: event.by, note: event.note ?? null } : x,
      ),
    };
  }),
  escalate: caseAssign(({ context, event }) => {
    const catchUp = event.type === 'TICK' ? event.catchUp : undefined;
    const { deadlines, raised } = escalate(context, atOf(event), catchUp);
    const views = raised.map((r) => ({
      id: r.id, limit: r.limit, level: r.level!, target: r.target, dueAt: r.dueAt, raisedAt: r.raisedAt,
      acknowledged: false, acknowledgedBy: null, note: null, missed: r.missed,
    }));
    return { deadlines, escalations: keptEscalations([...context.escalations, ...views], catchUp), outbox: [...context.outbox, ...raised] };
  }),
  delivered: caseAssign(({ context, event }) => {
    assertEvent(event, 'DELIVERED');
    return { outbox: context.outbox.filter((d) => d.id !== event.id) };
  }),
  calendarAdded: caseAssign(({ context, event }) => {
    assertEvent(event, 'CALENDAR_ADDED');
    const union = (known: readonly string[], added: readonly string[]) => [...new Set([...known, ...added])].sort();
    const calendar = { holidays: union(context.policy.calendar.holidays, event.holidays), workdays: union(context.policy.calendar.workdays, event.workdays) };
    const next = { ...context, policy: { ...context.policy, calendar } };
    return { policy: next.policy, deadlines: recomputeOnCalendar(next, event.at) };
  }),
  reportsCounted: caseAssign(({ event }) => {
    assertEvent(event, 'REPORTS_COUNTED');
    return { priorReportsFromPhone: event.prior };
  }),
};
