import { and, assertEvent, assign, setup } from 'xstate';
import type { CaseCommand } from '../contracts/case';
import type { LimitName } from '../contracts/vocabulary';
import type { Delivery } from '../contracts/webhooks';
import type { CaseContext, CaseInput, MachineEvent } from './case-context';
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
import { heldBy, metByFiling, noticeToFileBecause, outlivesClose } from './filing-supervision';
import { handedOff, handoffDelivery, held, isHandoff } from './handoff';
import { decisionNotice, openWindow, revokedBecause } from './remedies';
import { isOnNegativeList, refusal } from './rules';

function initialContext(input: CaseInput): CaseContext {
  const reportedAt = new Date(Date.parse(input.request.reportedAt)).toISOString();
  const ctx: CaseContext = {
    request: input.request,
    policy: input.policy,
    station: input.request.station,
    unitType: input.request.unitType,
    track: 'ordinary',
    decision: null,
    declineReason: null,
    facts: null,
    outcome: null,
    suspended: null,
    deadlines: [],
    escalations: [],
    outbox: [],
    notices: 0,
    warnings: [],
    priorReportsFromPhone: input.priorReportsFromPhone ?? 0,
    history: [],
    lastEventAt: reportedAt,
  };
  return { ...ctx, deadlines: [startDeadline(ctx, 'register', reportedAt)] };
}

const isCommand = (e: MachineEvent): e is CaseCommand => e.type !== 'TICK' && e.type !== 'DELIVERED' && e.type !== 'REPORTS_COUNTED' && e.type !== 'CALENDAR_ADDED';
const atOf = (e: MachineEvent): string => ('at' in e ? e.at : '');

/** What the decline notice tells the reporter (contract v2); a case declined before reasons were required has none. */
const declineTold = ({ declineReason }: CaseContext): Pick<Delivery, 'decision' | 'reason'> =>
  declineReason ? { decision: 'decline', reason: declineReason } : { decision: 'decline' };

/** A stage's own limit is met and the next stage's limits start, both at the event's time. */
const handOver = (met: LimitName, ...next: LimitName[]) => ({ type: 'handOver' as const, params: { met, next } });

/**
 * The whole lifecycle of contract section 2. Pure: time arrives with each event, deadlines are data in the
 * context, and the webhooks to deliver wait in `outbox` for the workflow to carry out.
 */
export const caseMachine = setup({
  types: { context: {} as CaseContext, events: {} as MachineEvent, input: {} as CaseInput },
  guards: {
    permitted: ({ context, event }) => isCommand(event) && refusal(context, event) === null,
    declined: ({ context }) => context.decision === 'decline',
    negativeListAtStation: ({ context }) => context.unitType === 'station' && isOnNegativeList(context),
    upheld: ({ event }) => (event.type === 'RECONSIDER' || event.type === 'REVIEW_DECISION') && event.decision === 'uphold',
  },
  actions: {
    handOver: assign(({ context, event }, params: { met: LimitName; next: LimitName[] }) => {
      const at = atOf(event);
      return { deadlines: [...meetDeadlines(context.deadlines, [params.met], at), ...params.next.map((limit) => startDeadline(context, limit, at))] };
    }),
    // A close meets every running limit but the explanation the police owe the procuratorate.
    meetAll: assign(({ context, event }) => ({
      deadlines: context.deadlines.some((d) => outlivesClose.includes(d.limit))
        ? meetDeadlines(context.deadlines, context.deadlines.map((d) => d.limit).filter((l) => !outlivesClose.includes(l)), atOf(event))
        : meetAll(context.deadlines, atOf(event)),
    })),
    startLimit: assign(({ context, event }, params: { limit: LimitName }) => ({ deadlines: [...context.deadlines, startDeadline(context, params.limit, atOf(event))] })),
    meetLimit: assign(({ context, event }, params: { limit: LimitName }) => ({ deadlines: meetDeadlines(context.deadlines, [params.limit], atOf(event)) })),
    meetOnFiling: assign(({ context, event }) =>
      (event.type === 'FILE' && event.decision === 'file' ? { deadlines: meetDeadlines(context.deadlines, metByFiling, event.at) } : {}),
    ),
    approveDecline: assign({ declineApproved: true }),
    holdBy: assign(({ context, event }) => (isCommand(event) ? { orgs: heldBy(context, event) } : {})),
    noticeToFile: assign(({ event }) => ({ outcome: null, remedyWindow: null, mustFile: isCommand(event) ? noticeToFileBecause(event) : null })),
    notice: assign(({ context, event }, params: { limit: LimitName }) => {
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
    decide: assign(({ event }) => {
      assertEvent(event, 'FILE');
      return { decision: event.decision, declineReason: event.decision === 'decline' ? (event.reason ?? null) : null, track: event.track ?? 'ordinary', facts: event.facts ?? null };
    }),
    transfer: assign(({ event }) => {
      assertEvent(event, 'TRANSFER');
      return { station: event.toUnit, unitType: event.toUnitType };
    }),
    toOrdinary: assign(({ context, event }) =>
      ({ deadlines: recomputeOnTrack({ ...context, track: 'ordinary' }, 'handle', atOf(event)), track: 'ordinary' as const }),
    ),
    close: assign(({ event }) => {
      assertEvent(event, 'CLOSE');
      return { outcome: event.outcome, suspended: null };
    }),
    closeUnfiled: assign(({ context, event }) =>
      ({ outcome: 'not_filed', suspended: null, remedyWindow: openWindow(context, 'reconsiderationWindow', atOf(event)) }),
    ),
    /** A remedy asked: the closed case opens again, its window used, the limit to decide it running. */
    askRemedy: assign(({ context, event }, params: { limit: LimitName }) =>
      ({ outcome: null, remedyWindow: null, deadlines: [...context.deadlines, startDeadline(context, params.limit, atOf(event))] }),
    ),
    upholdReconsideration: assign(({ context, event }) =>
      ({ outcome: 'not_filed', remedyWindow: openWindow(context, 'reviewWindow', atOf(event)) }),
    ),
    upholdReview: assign({ outcome: 'not_filed' }),
    detain: assign(({ context, event }) => {
      assertEvent(event, 'DETAIN');
      const detained = { at: event.at, roaming: event.roaming ?? false };
      return { detained, deadlines: [...context.deadlines, startDeadline({ ...context, detained }, 'arrestRequest', event.at)] };
    }),
    requestArrest: assign(({ context, event }) => {
      assertEvent(event, 'REQUEST_ARREST');
      const arrest = { status: 'requested' as const, procuratorate: event.procuratorate, requestedAt: event.at, decidedAt: null };
      const deadlines = [...meetDeadlines(context.deadlines, ['arrestRequest'], event.at), startDeadline(context, 'arrestDecision', event.at)];
      return { arrest, orgs: held(context, event.procuratorate), deadlines };
    }),
    decideArrest: assign(({ context, event }, params: { status: 'approved' | 'denied' }) => ({
      arrest: context.arrest ? { ...context.arrest, status: params.status, decidedAt: atOf(event) } : null,
      deadlines: meetDeadlines(context.deadlines, ['arrestDecision'], atOf(event)),
    })),
    /** A hand-off: who holds the case, the orgs that held it, the hand-off in the view (signed at the API edge). */
    handOff: assign(({ context, event }) => {
      if (!isCommand(event) || !isHandoff(event)) return {};
      return handedOff(context, event, event.jws ?? null);
    }),
    handoffWebhook: assign(({ context }) => {
      const delivery = handoffDelivery(context);
      return delivery ? { outbox: [...context.outbox, delivery] } : {};
    }),
    closeWith: assign((_, params: { outcome: string }) => ({ outcome: params.outcome, suspended: null })),
    revoke: assign(({ event }) => ({ mustFile: isCommand(event) ? revokedBecause(event) : null })),
    decisionNotice: assign(({ context, event }, params: { limit: LimitName }) => {
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
    suspend: assign(({ context, event }) => {
      assertEvent(event, 'SUSPEND_CLOCK');
      return { suspended: { since: event.at, reason: event.reason }, deadlines: suspendDeadlines(context.deadlines, event.at) };
    }),
    resume: assign(({ context, event }) => ({ suspended: null, deadlines: resumeDeadlines(context, atOf(event)) })),
    extend: assign(({ context, event }) => {
      assertEvent(event, 'EXTEND');
      return { deadlines: extendDeadline(context, event.limit, event.at) };
    }),
    assign: assign(({ event }) => {
      assertEvent(event, 'ASSIGN');
      return { assignee: event.to };
    }),
    acknowledge: assign(({ context, event }) => {
      assertEvent(event, 'ACK_ESCALATION');
      return {
        escalations: context.escalations.map((x) =>
          x.id === event.escalationId ? { ...x, acknowledged: true, acknowledgedBy: event.by, note: event.note ?? null } : x,
        ),
      };
    }),
    escalate: assign(({ context, event }) => {
      const catchUp = event.type === 'TICK' ? event.catchUp : undefined;
      const { deadlines, raised } = escalate(context, atOf(event), catchUp);
      const views = raised.map((r) => ({
        id: r.id, limit: r.limit, level: r.level!, target: r.target, dueAt: r.dueAt, raisedAt: r.raisedAt,
        acknowledged: false, acknowledgedBy: null, note: null, missed: r.missed,
      }));
      return { deadlines, escalations: keptEscalations([...context.escalations, ...views], catchUp), outbox: [...context.outbox, ...raised] };
    }),
    delivered: assign(({ context, event }) => {
      assertEvent(event, 'DELIVERED');
      return { outbox: context.outbox.filter((d) => d.id !== event.id) };
    }),
    calendarAdded: assign(({ context, event }) => {
      assertEvent(event, 'CALENDAR_ADDED');
      const union = (known: readonly string[], added: readonly string[]) => [...new Set([...known, ...added])].sort();
      const calendar = { holidays: union(context.policy.calendar.holidays, event.holidays), workdays: union(context.policy.calendar.workdays, event.workdays) };
      const next = { ...context, policy: { ...context.policy, calendar } };
      return { policy: next.policy, deadlines: recomputeOnCalendar(next, event.at) };
    }),
    reportsCounted: assign(({ event }) => {
      assertEvent(event, 'REPORTS_COUNTED');
      return { priorReportsFromPhone: event.prior };
    }),
  },
}).createMachine({
  id: 'case',
  initial: 'open',
  context: ({ input }) => initialContext(input),
  on: {
    DELIVERED: { actions: 'delivered' },
    REPORTS_COUNTED: { actions: 'reportsCounted' },
    CALENDAR_ADDED: { actions: 'calendarAdded' },
    // Filing supervision keeps the stage, in whatever stage the case is; its rules say when it applies.
    REQUEST_FILING_EXPLANATION: { guard: 'permitted', actions: ['holdBy', { type: 'startLimit', params: { limit: 'filingExplanation' } }] },
    EXPLAIN_NOT_FILING: { guard: 'permitted', actions: { type: 'meetLimit', params: { limit: 'filingExplanation' } } },
  },
  states: {
    open: {
      initial: 'reported',
      on: {
        TICK: { actions: 'escalate' },
        SUSPEND_CLOCK: { guard: 'permitted', actions: 'suspend' },
        RESUME_CLOCK: { guard: 'permitted', actions: 'resume' },
        EXTEND: { guard: 'permitted', actions: 'extend' },
        ACK_ESCALATION: { guard: 'permitted', actions: 'acknowledge' },
        ASSIGN: { guard: 'permitted', actions: 'assign' },
      },
      states: {
        reported: {
          on: { REGISTER: { guard: 'permitted', target: 'registered', actions: handOver('register', 'notify', 'file') } },
        },
        registered: {
          entry: { type: 'notice', params: { limit: 'notify' } },
          on: { NOTIFY: { guard: 'permitted', target: 'notified', actions: handOver('notify') } },
        },
        notified: {
          on: {
            FILE: { guard: 'permitted', target: 'review', actions: ['decide', handOver('file', 'review'), 'meetOnFiling'] },
            NOTIFY_TO_FILE: { guard: 'permitted', actions: ['holdBy', 'noticeToFile', { type: 'startLimit', params: { limit: 'filingOnNotice' } }] },
          },
        },
        review: {
          on: {
            // Each branch's own condition first: `and` stops at the first false, so the rules run once per APPROVE.
            APPROVE: [
              { guard: and(['declined', 'permitted']), target: 'decline_notice', actions: [handOver('review', 'declineNotice'), 'approveDecline'] },
              { guard: and(['negativeListAtStation', 'permitted']), target: 'awaiting_transfer', actions: handOver('review', 'transfer') },
              { guard: 'permitted', target: 'handling', actions: handOver('review', 'handle') },
            ],
            REJECT: { guard: 'permitted', target: 'notified', actions: handOver('review', 'file') },
          },
        },
        awaiting_transfer: {
          on: { TRANSFER: { guard: 'permitted', target: 'handling', actions: ['transfer', handOver('transfer', 'handle')] } },
        },
        decline_notice: {
          entry: { type: 'notice', params: { limit: 'declineNotice' } },
          // Closing meets every running limit (the closed stage's entry), this one included.
          on: { NOTIFY: { guard: 'permitted', target: '#case.closed', actions: 'closeUnfiled' } },
        },
        handling: {
          on: {
            CONVERT_TO_ORDINARY: { guard: 'permitted', actions: 'toOrdinary' },
            CLOSE: { guard: 'permitted', target: '#case.closed', actions: 'close' },
            DETAIN: { guard: 'permitted', actions: 'detain' },
            REQUEST_ARREST: { guard: 'permitted', actions: 'requestArrest' },
            APPROVE_ARREST: { guard: 'permitted', actions: { type: 'decideArrest', params: { status: 'approved' } } },
            DENY_ARREST: { guard: 'permitted', actions: { type: 'decideArrest', params: { status: 'denied' } } },
            TRANSFER_FOR_PROSECUTION: { guard: 'permitted', target: 'prosecution_review', actions: ['handOff', handOver('handle', 'prosecutionReview'), 'handoffWebhook'] },
          },
        },
        // Hand-off to prosecutors and courts (contract section 9): the review limit starts afresh on each retransfer.
        prosecution_review: {
          on: {
            RETURN_FOR_SUPPLEMENTARY: { guard: 'permitted', target: 'supplementary_investigation', actions: ['handOff', handOver('prosecutionReview', 'supplementary'), 'handoffWebhook'] },
            PROSECUTE: { guard: 'permitted', target: 'at_court', actions: ['handOff', handOver('prosecutionReview', 'trial'), 'handoffWebhook'] },
            NOT_PROSECUTE: { guard: 'permitted', target: '#case.closed', actions: ['handOff', { type: 'closeWith', params: { outcome: 'not_prosecuted' } }, 'handoffWebhook'] },
          },
        },
        supplementary_investigation: {
          on: { RETRANSFER: { guard: 'permitted', target: 'prosecution_review', actions: ['handOff', handOver('supplementary', 'prosecutionReview'), 'handoffWebhook'] } },
        },
        at_court: {
          on: { JUDGE: { guard: 'permitted', target: '#case.closed', actions: ['handOff', { type: 'closeWith', params: { outcome: 'judged' } }, 'handoffWebhook'] } },
        },
        // The reporter's remedies (contract section 12). An uphold closes the case again (the closed stage's entry
        // meets the limit); a revoke sends it back to the filing decision, the filing limit afresh, a decline closed.
        reconsideration: {
          on: {
            RECONSIDER: [
              { guard: and(['upheld', 'permitted']), target: '#case.closed', actions: ['upholdReconsideration', { type: 'decisionNotice', params: { limit: 'reconsideration' } }] },
              { guard: 'permitted', target: 'notified', actions: [handOver('reconsideration', 'file'), 'revoke', { type: 'decisionNotice', params: { limit: 'reconsideration' } }] },
            ],
          },
        },
        superior_review: {
          on: {
            REVIEW_DECISION: [
              { guard: and(['upheld', 'permitted']), target: '#case.closed', actions: ['upholdReview', { type: 'decisionNotice', params: { limit: 'superiorReview' } }] },
              { guard: 'permitted', target: 'notified', actions: [handOver('superiorReview', 'file'), 'revoke', { type: 'decisionNotice', params: { limit: 'superiorReview' } }] },
            ],
          },
        },
      },
    },
    closed: {
      entry: 'meetAll',
      on: {
        // A limit can outlive the close (outlivesClose): it escalates here as anywhere.
        TICK: { actions: 'escalate' },
        NOTIFY_TO_FILE: {
          guard: 'permitted',
          target: '#case.open.notified',
          actions: ['holdBy', 'noticeToFile', { type: 'startLimit', params: { limit: 'filingOnNotice' } }],
        },
        REQUEST_RECONSIDERATION: { guard: 'permitted', target: '#case.open.reconsideration', actions: { type: 'askRemedy', params: { limit: 'reconsideration' } } },
        REQUEST_REVIEW: { guard: 'permitted', target: '#case.open.superior_review', actions: { type: 'askRemedy', params: { limit: 'superiorReview' } } },
      },
    },
  },
});

