import { expect } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { startCaseRequest, type CaseCommand, type CaseEventRequest, type StartCaseRequest } from '../../contracts/case';
import { policySchema, type Policy, type PolicyInput } from '../../contracts/policy';
import { decide, openCase, stageOf, type CaseSnapshot } from '../../machines/case-engine';

export const shipped: Policy = loadPolicy();

/**
 * A policy in UTC with no calendar, for tests about escalation arithmetic rather than the legal calendar:
 * every limit is clock time, so due instants are plain sums.
 */
/** The eight models of v1, as the shipped policy declares them. */
export const v1Models = shipped.models.filter((m) => ['limit-at-risk', 'limit-overdue', 'reporter-not-notified', 'filing-not-decided', 'negative-list-at-station', 'fast-track-overdue', 'decline-notice-overdue', 'repeat-reporter'].includes(m.id));

export function hourPolicy(overrides: Partial<PolicyInput> = {}): Policy {
  const hours = { register: 'PT10H', notify: 'PT10H', file: 'PT10H', review: 'PT10H', handle: 'PT100H', declineNotice: 'PT10H', transfer: 'PT10H' };
  return policySchema.parse({
    timezone: 'UTC',
    negativeList: ['homicide'],
    escalation: { warnAt: [0.8], repeatOverdueEvery: 'P1D', chain: ['station-leader', 'legal-officer', 'bureau-supervision'] },
    limits: { criminal: { ordinary: hours, fast: { handle: 'PT20H' } }, administrative: { ordinary: hours, fast: { handle: 'PT20H' } } },
    models: v1Models,
    ...overrides,
  });
}

export type CaseSpec = Partial<Omit<StartCaseRequest, 'unitType' | 'custody'>> & { unitType?: 'station' | 'specialized'; custody?: boolean };

export function request(spec: CaseSpec = {}): StartCaseRequest {
  return startCaseRequest.parse({
    caseId: 'C-1',
    category: 'criminal',
    station: 'S01',
    reportedAt: '2026-03-02T09:00:00+08:00',
    offense: 'theft',
    ...spec,
  });
}

export function open(spec: CaseSpec = {}, policy: Policy = shipped): CaseSnapshot {
  return openCase({ request: request(spec), policy });
}

/** A command without `by`, as a test writes it; the engine expects the edge to have filled the actor in. */
export type Step = CaseEventRequest & { at: string } & Pick<CaseCommand, 'jws' | 'signedRoute'>;

export function cmd(step: Step): CaseCommand {
  return { by: 'officer-7', ...step } as CaseCommand;
}

/** Applies a step that must be accepted; a refusal fails the test with the machine's reason. */
export function apply(snapshot: CaseSnapshot, step: Step): CaseSnapshot {
  const d = decide(snapshot, cmd(step));
  if (!d.ok) expect.fail(`${step.type} at ${step.at} refused in ${stageOf(snapshot)}: ${d.refusal.reason}`);
  return d.snapshot;
}

export function applyAll(snapshot: CaseSnapshot, steps: readonly Step[]): CaseSnapshot {
  return steps.reduce(apply, snapshot);
}

export function refused(snapshot: CaseSnapshot, step: Step) {
  const d = decide(snapshot, cmd(step));
  if (d.ok) expect.fail(`${step.type} at ${step.at} was accepted in ${stageOf(snapshot)} (now ${stageOf(d.snapshot)})`);
  return d.refusal;
}

export const admittedFacts = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };

/**
 * The ordinary criminal walk used across files, on working days of March 2026 in Asia/Shanghai
 * (Mon 2 … Fri 6), so that no holiday moves a due date unless a test means it to.
 */
export const walk = {
  register: { type: 'REGISTER', at: '2026-03-02T10:00:00+08:00' },
  notify: { type: 'NOTIFY', at: '2026-03-02T11:00:00+08:00' },
  file: { type: 'FILE', decision: 'file', at: '2026-03-03T09:00:00+08:00' },
  decline: { type: 'FILE', decision: 'decline', reason: 'no offence was committed', at: '2026-03-03T09:00:00+08:00' },
  fast: { type: 'FILE', decision: 'file', track: 'fast', facts: admittedFacts, at: '2026-03-03T09:00:00+08:00' },
  approve: { type: 'APPROVE', at: '2026-03-04T09:00:00+08:00' },
  close: { type: 'CLOSE', outcome: 'penalty', at: '2026-03-20T09:00:00+08:00' },
} as const satisfies Record<string, Step>;

export const toNotified = [walk.register, walk.notify] as const;
export const toReview = [...toNotified, walk.file] as const;
export const toHandling = [...toReview, walk.approve] as const;

/**
 * A criminal report declined and its reporter told (Wed 4 March 2026), then the remedies of contract section 12 on
 * working days of the same fortnight.
 */
export const remedyWalk = {
  declineNotice: { type: 'NOTIFY', at: '2026-03-04T10:00:00+08:00' },
  askReconsideration: { type: 'REQUEST_RECONSIDERATION', reason: 'the bicycle was seen at a shop', at: '2026-03-05T09:00:00+08:00' },
  uphold: { type: 'RECONSIDER', decision: 'uphold', reason: 'the shop sold a different bicycle', at: '2026-03-09T09:00:00+08:00' },
  revoke: { type: 'RECONSIDER', decision: 'revoke', reason: 'the serial number matches', at: '2026-03-09T09:00:00+08:00' },
  askReview: { type: 'REQUEST_REVIEW', reason: 'the serial number was never checked', at: '2026-03-10T09:00:00+08:00' },
  reviewUphold: { type: 'REVIEW_DECISION', decision: 'uphold', reason: 'checked: no match', at: '2026-03-12T09:00:00+08:00' },
  reviewRevoke: { type: 'REVIEW_DECISION', decision: 'revoke', reason: 'the serial number matches', at: '2026-03-12T09:00:00+08:00' },
} as const satisfies Record<string, Step>;

export const toDeclined = [...toNotified, walk.decline, walk.approve, remedyWalk.declineNotice] as const;
export const toReconsideration = [...toDeclined, remedyWalk.askReconsideration] as const;
export const toSuperiorReview = [...toReconsideration, remedyWalk.uphold, remedyWalk.askReview] as const;

/** A document as a hand-off carries it; `n` varies the hash. */
export const doc = (kind: string, n = 1) => ({ kind, title: `${kind} #${n}`, sha256: n.toString(16).padStart(64, 'a') });

/**
 * A filed theft handed off (contract section 9) after the ordinary walk's APPROVE on Wed 4 March 2026: detention,
 * the arrest, the transfer for prosecution, a return and a retransfer, prosecution and judgment.
 */
export const handoffWalk = {
  detain: { type: 'DETAIN', at: '2026-03-05T09:00:00+08:00' },
  requestArrest: { type: 'REQUEST_ARREST', procuratorate: 'P01', at: '2026-03-06T09:00:00+08:00' },
  approveArrest: { type: 'APPROVE_ARREST', at: '2026-03-09T09:00:00+08:00' },
  denyArrest: { type: 'DENY_ARREST', reason: 'no need for arrest', at: '2026-03-09T09:00:00+08:00' },
  transfer: { type: 'TRANSFER_FOR_PROSECUTION', procuratorate: 'P01', documents: [doc('indictment-opinion')], at: '2026-03-10T09:00:00+08:00' },
  returnForMore: { type: 'RETURN_FOR_SUPPLEMENTARY', reason: 'the witness was not heard', documents: [doc('supplementary-decision')], at: '2026-03-16T09:00:00+08:00' },
  retransfer: { type: 'RETRANSFER', documents: [doc('witness-record', 2)], at: '2026-03-23T09:00:00+08:00' },
  prosecute: { type: 'PROSECUTE', court: 'C01', documents: [doc('indictment', 3)], at: '2026-03-30T09:00:00+08:00' },
  notProsecute: { type: 'NOT_PROSECUTE', reason: 'the evidence is insufficient', documents: [doc('non-prosecution-decision', 4)], at: '2026-03-30T09:00:00+08:00' },
  judge: { type: 'JUDGE', verdict: 'guilty: 1 year', documents: [doc('judgment', 5)], at: '2026-04-10T09:00:00+08:00' },
} as const satisfies Record<string, Step>;

export const toProsecutionReview = [...toHandling, handoffWalk.transfer] as const;
export const toSupplementary = [...toProsecutionReview, handoffWalk.returnForMore] as const;
export const toCourt = [...toProsecutionReview, handoffWalk.prosecute] as const;

export function deadline(snapshot: CaseSnapshot, limit: string, nth = 0) {
  const found = snapshot.context.deadlines.filter((d) => d.limit === limit)[nth];
  if (!found) expect.fail(`no ${limit} deadline #${nth}; have ${snapshot.context.deadlines.map((d) => d.limit).join(', ')}`);
  return found;
}

/** A deep copy of what a snapshot holds, taken before a call, to prove the call changed nothing. */
export const frozen = (snapshot: CaseSnapshot) => structuredClone({ status: snapshot.status, value: snapshot.value, context: snapshot.context });
