import { and, assign, setup } from 'xstate';
import type { CaseCommand } from '../contracts/case';
import type { LimitName } from '../contracts/vocabulary';
import type { Delivery } from '../contracts/webhooks';
import type { CaseContext, CaseInput, MachineEvent } from './case-context';
import {
  escalate,
  extendDeadline,
  meetAll,
  meetDeadlines,
  recomputeOnTrack,
  resumeDeadlines,
  runningDeadline,
  startDeadline,
  suspendDeadlines,
} from './deadlines';
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

const isCommand = (e: MachineEvent): e is CaseCommand => e.type !== 'TICK' && e.type !== 'DELIVERED';
const atOf = (e: MachineEvent): string => ('at' in e ? e.at : '');
type Ev<T extends MachineEvent['type']> = Extract<MachineEvent, { type: T }>;
const as = <T extends MachineEvent['type']>(e: MachineEvent, _type: T) => e as Ev<T>;

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
  },
  actions: {
    start: assign(({ context, event }, params: { limit: LimitName }) => ({
      deadlines: [...context.deadlines, startDeadline(context, params.limit, atOf(event))],
    })),
    meet: assign(({ context, event }, params: { limits: LimitName[] }) => ({
      deadlines: meetDeadlines(context.deadlines, params.limits, atOf(event)),
    })),
    meetAll: assign(({ context, event }) => ({ deadlines: meetAll(context.deadlines, atOf(event)) })),
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
      };
      return { outbox: [...context.outbox, notice], notices: context.notices + 1 };
    }),
    decide: assign(({ event }) => {
      const e = as(event, 'FILE');
      return { decision: e.decision, track: e.track ?? 'ordinary', facts: e.facts ?? null };
    }),
    transfer: assign(({ event }) => {
      const e = as(event, 'TRANSFER');
      return { station: e.toUnit, unitType: e.toUnitType };
    }),
    toOrdinary: assign(({ context, event }) =>
      ({ deadlines: recomputeOnTrack({ ...context, track: 'ordinary' }, 'handle', atOf(event)), track: 'ordinary' as const }),
    ),
    close: assign(({ event }, params: { outcome?: string }) => ({
      outcome: params.outcome ?? as(event, 'CLOSE').outcome,
      suspended: null,
    })),
    suspend: assign(({ context, event }) => ({
      suspended: { since: atOf(event), reason: as(event, 'SUSPEND_CLOCK').reason },
      deadlines: suspendDeadlines(context.deadlines, atOf(event)),
    })),
    resume: assign(({ context, event }) => ({ suspended: null, deadlines: resumeDeadlines(context, atOf(event)) })),
    extend: assign(({ context, event }) => ({ deadlines: extendDeadline(context, as(event, 'EXTEND').limit, atOf(event)) })),
    acknowledge: assign(({ context, event }) => {
      const e = as(event, 'ACK_ESCALATION');
      return {
        escalations: context.escalations.map((x) =>
          x.id === e.escalationId ? { ...x, acknowledged: true, acknowledgedBy: e.by, note: e.note ?? null } : x,
        ),
      };
    }),
    escalate: assign(({ context, event }) => {
      const { deadlines, raised } = escalate(context, atOf(event), as(event, 'TICK').catchUp);
      const views = raised.map((r) => ({
        id: r.id, limit: r.limit, level: r.level!, target: r.target, dueAt: r.dueAt, raisedAt: r.raisedAt,
        acknowledged: false, acknowledgedBy: null, note: null, missed: r.missed,
      }));
      return { deadlines, escalations: [...context.escalations, ...views], outbox: [...context.outbox, ...raised] };
    }),
    delivered: assign(({ context, event }) => ({ outbox: context.outbox.filter((d) => d.id !== as(event, 'DELIVERED').id) })),
  },
}).createMachine({
  id: 'case',
  initial: 'open',
  context: ({ input }) => initialContext(input),
  on: { DELIVERED: { actions: 'delivered' } },
  states: {
    open: {
      initial: 'reported',
      on: {
        TICK: { actions: 'escalate' },
        SUSPEND_CLOCK: { guard: 'permitted', actions: 'suspend' },
        RESUME_CLOCK: { guard: 'permitted', actions: 'resume' },
        EXTEND: { guard: 'permitted', actions: 'extend' },
        ACK_ESCALATION: { guard: 'permitted', actions: 'acknowledge' },
      },
      states: {
        reported: {
          on: {
            REGISTER: {
              guard: 'permitted',
              target: 'registered',
              actions: [{ type: 'meet', params: { limits: ['register'] } }, { type: 'start', params: { limit: 'notify' } }, { type: 'start', params: { limit: 'file' } }],
            },
          },
        },
        registered: {
          entry: { type: 'notice', params: { limit: 'notify' } },
          on: { NOTIFY: { guard: 'permitted', target: 'notified', actions: { type: 'meet', params: { limits: ['notify'] } } } },
        },
        notified: {
          on: {
            FILE: {
              guard: 'permitted',
              target: 'review',
              actions: ['decide', { type: 'meet', params: { limits: ['file'] } }, { type: 'start', params: { limit: 'review' } }],
            },
          },
        },
        review: {
          on: {
            APPROVE: [
              { guard: and(['permitted', 'declined']), target: 'decline_notice', actions: [{ type: 'meet', params: { limits: ['review'] } }, { type: 'start', params: { limit: 'declineNotice' } }] },
              { guard: and(['permitted', 'negativeListAtStation']), target: 'awaiting_transfer', actions: [{ type: 'meet', params: { limits: ['review'] } }, { type: 'start', params: { limit: 'transfer' } }] },
              { guard: 'permitted', target: 'handling', actions: [{ type: 'meet', params: { limits: ['review'] } }, { type: 'start', params: { limit: 'handle' } }] },
            ],
            REJECT: {
              guard: 'permitted',
              target: 'notified',
              actions: [{ type: 'meet', params: { limits: ['review'] } }, { type: 'start', params: { limit: 'file' } }],
            },
          },
        },
        awaiting_transfer: {
          on: {
            TRANSFER: {
              guard: 'permitted',
              target: 'handling',
              actions: [{ type: 'meet', params: { limits: ['transfer'] } }, 'transfer', { type: 'start', params: { limit: 'handle' } }],
            },
          },
        },
        decline_notice: {
          entry: { type: 'notice', params: { limit: 'declineNotice' } },
          on: {
            NOTIFY: {
              guard: 'permitted',
              target: '#case.closed',
              actions: [{ type: 'meet', params: { limits: ['declineNotice'] } }, { type: 'close', params: { outcome: 'not_filed' } }],
            },
          },
        },
        handling: {
          on: {
            CONVERT_TO_ORDINARY: { guard: 'permitted', actions: 'toOrdinary' },
            CLOSE: { guard: 'permitted', target: '#case.closed', actions: [{ type: 'meet', params: { limits: ['handle'] } }, { type: 'close', params: {} }] },
          },
        },
      },
    },
    closed: { entry: 'meetAll' },
  },
});

