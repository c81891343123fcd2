import { and, setup } from 'xstate';
import type { LimitName } from '../contracts/vocabulary';
import type { CaseContext, CaseInput, MachineEvent } from './case-context';
import { isCommand } from './case-assign';
import { startDeadline } from './deadlines';
import { handoffActions } from './handoff-actions';
import { lifecycleActions } from './lifecycle-actions';
import { closedRefusal, isOnNegativeList, refusal } from './rules';

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
    permittedWhenClosed: ({ context, event }) => isCommand(event) && closedRefusal(context, event) === null,
    declined: ({ context }) => context.decision === 'decline',
    negativeListAtStation: ({ context }) => context.unitType === 'station' && isOnNegativeList(context),
    upheld: ({ event }) => (event.type === 'RECONSIDER' || event.type === 'REVIEW_DECISION') && event.decision === 'uphold',
  },
  actions: { ...lifecycleActions, ...handoffActions },
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
        // A limit can outlive the close (outlivesClose): it escalates here as anywhere, is extended and acknowledged.
        TICK: { actions: 'escalate' },
        EXTEND: { guard: and(['permittedWhenClosed', 'permitted']), actions: 'extend' },
        ACK_ESCALATION: { guard: and(['permittedWhenClosed', 'permitted']), actions: 'acknowledge' },
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

