import { describe, expect, it } from 'vitest';
import type { Stage } from '../../contracts/case';
import { caseEventTypes, type CaseEventType } from '../../contracts/vocabulary';
import { allowedEvents, decide, stageOf, tick, toView, type CaseSnapshot } from '../../machines/case-engine';
import { admittedFacts, apply, applyAll, cmd, frozen, handoffWalk, open, refused, toCourt, toHandling, toProsecutionReview, toSupplementary, toNotified, toReconsideration, toReview, toSuperiorReview, walk, type Step } from './fixtures';

const everywhere: CaseEventType[] = ['SUSPEND_CLOCK', 'RESUME_CLOCK', 'EXTEND', 'ACK_ESCALATION', 'ASSIGN'];

/** Contract section 2, read stage by stage: what may be sent in each. */
const allowedIn: Record<Stage, CaseEventType[]> = {
  reported: ['REGISTER', ...everywhere],
  registered: ['NOTIFY', ...everywhere],
  notified: ['FILE', ...everywhere],
  review: ['APPROVE', 'REJECT', ...everywhere],
  awaiting_transfer: ['TRANSFER', ...everywhere],
  // A declined case: the procuratorate may ask why it was not filed (test/machines/filing-supervision.test.ts).
  decline_notice: ['NOTIFY', 'REQUEST_FILING_EXPLANATION', ...everywhere],
  handling: ['CONVERT_TO_ORDINARY', 'CLOSE', 'DETAIN', 'REQUEST_ARREST', 'APPROVE_ARREST', 'DENY_ARREST', 'TRANSFER_FOR_PROSECUTION', ...everywhere],
  prosecution_review: ['RETURN_FOR_SUPPLEMENTARY', 'PROSECUTE', 'NOT_PROSECUTE', ...everywhere],
  supplementary_investigation: ['RETRANSFER', ...everywhere],
  at_court: ['JUDGE', ...everywhere],
  reconsideration: ['RECONSIDER', 'REQUEST_FILING_EXPLANATION', ...everywhere],
  superior_review: ['REVIEW_DECISION', 'REQUEST_FILING_EXPLANATION', ...everywhere],
  // A filed case (the one below): its reporter has no remedy to ask (test/machines/remedies.test.ts for a decline).
  closed: [],
};

const at = {
  reported: open(),
  registered: apply(open(), walk.register),
  notified: applyAll(open(), toNotified),
  review: applyAll(open(), toReview),
  awaiting_transfer: applyAll(open({ offense: 'homicide' }), toHandling),
  decline_notice: applyAll(open(), [...toNotified, walk.decline, walk.approve]),
  handling: applyAll(open(), toHandling),
  reconsideration: applyAll(open(), toReconsideration),
  superior_review: applyAll(open(), toSuperiorReview),
  prosecution_review: applyAll(open(), toProsecutionReview),
  supplementary_investigation: applyAll(open(), toSupplementary),
  at_court: applyAll(open(), toCourt),
  closed: applyAll(open(), [...toHandling, walk.close]),
} satisfies Record<Stage, CaseSnapshot>;

// Later than every event above, so only the stage can be the reason for a refusal.
const later = '2026-04-25T09:00:00+08:00';
const sample: Record<CaseEventType, Step> = {
  REGISTER: { type: 'REGISTER', at: later },
  NOTIFY: { type: 'NOTIFY', at: later },
  FILE: { type: 'FILE', decision: 'file', track: 'fast', facts: admittedFacts, at: later },
  APPROVE: { type: 'APPROVE', at: later },
  REJECT: { type: 'REJECT', reason: 'no', at: later },
  TRANSFER: { type: 'TRANSFER', toUnit: 'SPEC-1', toUnitType: 'specialized', at: later },
  CONVERT_TO_ORDINARY: { type: 'CONVERT_TO_ORDINARY', at: later },
  CLOSE: { type: 'CLOSE', outcome: 'dismissed', at: later },
  SUSPEND_CLOCK: { type: 'SUSPEND_CLOCK', reason: 'waiting for an expert', at: later },
  RESUME_CLOCK: { type: 'RESUME_CLOCK', at: later },
  EXTEND: { type: 'EXTEND', limit: 'file', at: later },
  ACK_ESCALATION: { type: 'ACK_ESCALATION', escalationId: 'x', at: later },
  ASSIGN: { type: 'ASSIGN', to: 'officer-7', at: later },
  REQUEST_RECONSIDERATION: { type: 'REQUEST_RECONSIDERATION', reason: 'please look again', at: later },
  RECONSIDER: { type: 'RECONSIDER', decision: 'revoke', reason: 'looked again', at: later },
  REQUEST_REVIEW: { type: 'REQUEST_REVIEW', reason: 'please look again', at: later },
  REVIEW_DECISION: { type: 'REVIEW_DECISION', decision: 'revoke', reason: 'looked again', at: later },
  REQUEST_FILING_EXPLANATION: { type: 'REQUEST_FILING_EXPLANATION', reason: 'why not filed?', procuratorate: 'P01', at: later },
  EXPLAIN_NOT_FILING: { type: 'EXPLAIN_NOT_FILING', reason: 'no offence', documents: [{ kind: 'explanation', title: 'x', sha256: 'a'.repeat(64) }], at: later },
  NOTIFY_TO_FILE: { type: 'NOTIFY_TO_FILE', reason: 'file it', procuratorate: 'P01', at: later },
  DETAIN: { ...handoffWalk.detain, at: later },
  REQUEST_ARREST: { ...handoffWalk.requestArrest, at: later },
  APPROVE_ARREST: { ...handoffWalk.approveArrest, at: later },
  DENY_ARREST: { ...handoffWalk.denyArrest, at: later },
  TRANSFER_FOR_PROSECUTION: { ...handoffWalk.transfer, at: later },
  RETURN_FOR_SUPPLEMENTARY: { ...handoffWalk.returnForMore, at: later },
  RETRANSFER: { ...handoffWalk.retransfer, at: later },
  PROSECUTE: { ...handoffWalk.prosecute, at: later },
  NOT_PROSECUTE: { ...handoffWalk.notProsecute, at: later },
  JUDGE: { ...handoffWalk.judge, at: later },
};

/** Filing supervision is offered in every stage and refused by its rule where the case gives it no ground. */
const supervision = new Set<CaseEventType>(['REQUEST_FILING_EXPLANATION', 'EXPLAIN_NOT_FILING', 'NOTIFY_TO_FILE']);
const supervisionReason = /^(the case was filed|the case was not declined, and its file limit is not overdue|no filing explanation is asked of this case)$/;

/** A filed case has the remedies' transitions but not their rule: its refusal says why, not that the stage lacks them. */
const remedyAsked = (stage: Stage, type: CaseEventType) => stage === 'closed' && (type === 'REQUEST_RECONSIDERATION' || type === 'REQUEST_REVIEW');

const sorted = (xs: readonly string[]) => [...xs].sort();

describe.each(Object.keys(at) as Stage[])('in %s', (stage) => {
  const snapshot = at[stage];

  it('is the stage it claims, and allows exactly what the contract lists', () => {
    expect(stageOf(snapshot)).toBe(stage);
    expect(sorted(allowedEvents(snapshot))).toEqual(sorted(allowedIn[stage]));
  });

  const forbidden = caseEventTypes.filter((t) => !allowedIn[stage].includes(t));
  it.each(forbidden)('%s is refused and changes nothing', (type) => {
    const before = frozen(snapshot);
    const d = decide(snapshot, cmd(sample[type]));
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.refusal.stage).toBe(stage);
    expect(sorted(d.refusal.allowed)).toEqual(sorted(allowedIn[stage]));
    const reason = remedyAsked(stage, type) ? /was filed \(outcome penalty\); only a declined report has remedies/ : new RegExp(`${type}.*${stage}`);
    expect(d.refusal.reason).toMatch(supervision.has(type) && !(type === 'NOTIFY_TO_FILE' && stage !== 'closed' && stage !== 'notified') ? supervisionReason : reason);
    expect(frozen(snapshot)).toEqual(before);
  });
});

describe('a closed case', () => {
  const closed = at.closed;

  it('refuses every event, with nothing allowed', () => {
    for (const type of caseEventTypes) {
      expect(refused(closed, sample[type])).toMatchObject({ stage: 'closed', allowed: [] });
    }
  });

  it('is closed with the outcome it was given, and no clock keeps running', () => {
    const view = toView(closed);
    expect(view).toMatchObject({ status: 'closed', outcome: 'penalty' });
    expect(view.deadlines.every((d) => d.status === 'met')).toBe(true);
  });

  it('raises nothing however late the clock runs', () => {
    const later = tick(closed, '2027-03-01T00:00:00Z');
    expect(toView(later).escalations).toEqual(toView(closed).escalations);
    expect(later.context.outbox).toEqual(closed.context.outbox);
  });
});

describe('a guard that fails', () => {
  // Each is a stage-allowed event whose own fields or the case's state make it illegal.
  const cases: Array<[string, CaseSnapshot, Step]> = [
    ['fast track without admitted facts', at.notified, { type: 'FILE', decision: 'file', track: 'fast', at: later }],
    ['transfer to a station', at.awaiting_transfer, { type: 'TRANSFER', toUnit: 'S09', toUnitType: 'station', at: later }],
    ['convert an ordinary case', at.handling, { type: 'CONVERT_TO_ORDINARY', at: later }],
    ['resume a running clock', at.review, { type: 'RESUME_CLOCK', at: later }],
    ['extend a limit not running', at.review, { type: 'EXTEND', limit: 'handle', at: later }],
    ['acknowledge an unknown escalation', at.handling, { type: 'ACK_ESCALATION', escalationId: 'nope', at: later }],
    ['go back in time', at.handling, { type: 'CLOSE', outcome: 'penalty', at: '2026-03-01T00:00:00Z' }],
  ];

  it.each(cases)('%s: refused with the stage’s allowed list, snapshot and history untouched', (_name, snapshot, step) => {
    const before = frozen(snapshot);
    const stage = stageOf(snapshot);
    const r = refused(snapshot, step);
    expect(r.stage).toBe(stage);
    expect(sorted(r.allowed)).toEqual(sorted(allowedIn[stage]));
    expect(r.allowed).toContain(step.type);
    expect(r.reason.length).toBeGreaterThan(0);
    expect(frozen(snapshot)).toEqual(before);
    expect(snapshot.context.history).toEqual(before.context.history);
  });

  it('suspending an already suspended clock leaves the first suspension as it was', () => {
    const suspended = apply(at.review, { type: 'SUSPEND_CLOCK', reason: 'first', at: '2026-03-03T10:00:00+08:00' });
    const before = frozen(suspended);
    refused(suspended, { type: 'SUSPEND_CLOCK', reason: 'second', at: later });
    expect(frozen(suspended)).toEqual(before);
    expect(toView(suspended).suspended).toEqual({ since: '2026-03-03T02:00:00.000Z', reason: 'first' });
  });
});

describe('an accepted event', () => {
  it('returns a new snapshot and leaves the one it was given alone', () => {
    const snapshot = at.review;
    const before = frozen(snapshot);
    const next = apply(snapshot, { type: 'APPROVE', at: later });
    expect(stageOf(next)).toBe('handling');
    expect(frozen(snapshot)).toEqual(before);
    expect(next.context.history).toHaveLength(snapshot.context.history.length + 1);
  });
});
