// Every model of the shipped policy, made to fire and kept quiet on real cases run through the pure case engine
// (the machine and its models, as the workflow runs them, without Temporal). Time passes as it does for a case:
// a tick at the legal clock's wake-ups, and the daily models run (`recheck`) for what only ages.
import { describe, expect, it } from 'vitest';
import { openCase, refreshModels, takeModelFailures, tick, toView, type CaseSnapshot } from '../../machines/case-engine';
import {
  apply,
  applyAll,
  doc,
  handoffWalk,
  open,
  remedyWalk,
  request,
  shipped,
  toCourt,
  toDeclined,
  toHandling,
  toNotified,
  toProsecutionReview,
  toReconsideration,
  toSuperiorReview,
  toSupplementary,
  walk,
  type CaseSpec,
  type Step,
} from '../machines/fixtures';

const DAY = 86_400_000;
/** The procuratorate asks why a declined report was not filed (Fri 6 March 2026); the police explain on Monday. */
const supervision = {
  ask: { type: 'REQUEST_FILING_EXPLANATION', reason: 'the reporter says the loss is a theft', procuratorate: 'P01', at: '2026-03-06T09:00:00+08:00' },
  explain: { type: 'EXPLAIN_NOT_FILING', reason: 'a civil debt', documents: [doc('explanation')], at: '2026-03-09T09:00:00+08:00' },
} as const satisfies Record<string, Step>;
const reported = Date.parse('2026-03-02T09:00:00+08:00');
/** An instant `days` after the report. */
const after = (days: number) => new Date(reported + days * DAY).toISOString();
/** What the daily models run does to one case at `at` (CaseState.refreshModels): time caught up, models held again. */
const recheck = (s: CaseSnapshot, days: number) => refreshModels(tick(s, after(days)), undefined, after(days));
const at = (s: CaseSnapshot, days: number) => tick(s, after(days));
const openRules = (s: CaseSnapshot) => toView(s).warnings.filter((w) => !w.closedAt).map((w) => w.rule);
const walkOf = (spec: CaseSpec, steps: readonly Step[]) => applyAll(open(spec), steps);
const step = (type: string, days: number, extra: object = {}) => ({ type, at: after(days), ...extra }) as Step;
const prior = (n: number) => openCase({ request: request(), policy: shipped, priorReportsFromPhone: n });
const homicideAtStation = () => walkOf({ offense: 'homicide' }, toHandling.slice(0, 4));
const fastHandling = () => walkOf({}, [...toNotified, walk.fast, walk.approve]);
const suspendedFor = (...spans: Array<[number, number]>) =>
  walkOf({}, [...toHandling, ...spans.flatMap(([from, to]) => [step('SUSPEND_CLOCK', from, { reason: 'suspect abroad' }), step('RESUME_CLOCK', to)])]);

/** Each shipped model: a case on which it holds, and one like it on which it does not. */
const cases: Record<string, { fires: () => CaseSnapshot; quiet: () => CaseSnapshot }> = {
  'limit-at-risk': { fires: () => at(open(), 0.85), quiet: () => at(open(), 0.5) },
  'limit-overdue': { fires: () => at(open(), 1.1), quiet: () => at(walkOf({}, [walk.register]), 0.9) },
  'reporter-not-notified': { fires: () => at(walkOf({}, [walk.register]), 1.5), quiet: () => at(walkOf({}, toNotified), 1.5) },
  'filing-not-decided': { fires: () => at(walkOf({}, toNotified), 10), quiet: () => at(walkOf({ category: 'administrative' }, toNotified), 10) },
  'negative-list-at-station': { fires: homicideAtStation, quiet: () => apply(homicideAtStation(), step('TRANSFER', 2.5, { toUnit: 'X1', toUnitType: 'specialized' })) },
  'fast-track-overdue': { fires: () => at(fastHandling(), 12), quiet: () => at(walkOf({}, toHandling), 12) },
  'decline-notice-overdue': {
    fires: () => at(walkOf({}, [...toNotified, walk.decline, walk.approve]), 10),
    quiet: () => at(walkOf({}, toDeclined), 10),
  },
  'repeat-reporter': { fires: () => prior(2), quiet: () => prior(1) },
  'report-unregistered-3d': { fires: () => recheck(open(), 4), quiet: () => recheck(walkOf({}, [walk.register]), 4) },
  'administrative-not-accepted': { fires: () => at(walkOf({ category: 'administrative' }, toNotified), 5), quiet: () => at(walkOf({}, toNotified), 5) },
  'filed-then-dismissed': {
    fires: () => walkOf({}, [...toHandling, step('CLOSE', 5, { outcome: 'dismissed' })]),
    quiet: () => walkOf({}, [...toHandling, step('CLOSE', 20, { outcome: 'dismissed' })]),
  },
  'decline-contested-twice': { fires: () => walkOf({}, toSuperiorReview), quiet: () => walkOf({}, toReconsideration) },
  'filing-rejected-twice': {
    fires: () => walkOf({}, [...toNotified, walk.file, step('REJECT', 1.2), step('FILE', 1.3, { decision: 'file' }), step('REJECT', 1.4)]),
    quiet: () => walkOf({}, [...toNotified, walk.file, step('REJECT', 1.2)]),
  },
  'review-overdue': { fires: () => at(walkOf({}, [...toNotified, walk.file]), 10), quiet: () => at(walkOf({}, toHandling), 10) },
  'handling-overdue': { fires: () => at(walkOf({}, toHandling), 40), quiet: () => at(walkOf({}, toHandling), 20) },
  'converted-from-fast-track': { fires: () => apply(fastHandling(), step('CONVERT_TO_ORDINARY', 2.5)), quiet: fastHandling },
  'stuck-in-stage': { fires: () => recheck(walkOf({}, toHandling), 70), quiet: () => recheck(walkOf({}, toHandling), 50) },
  'open-over-180-days': { fires: () => recheck(walkOf({}, toHandling), 200), quiet: () => recheck(walkOf({}, toHandling), 150) },
  'extended-twice': {
    fires: () => walkOf({}, [...toNotified, step('EXTEND', 0.5, { limit: 'file' }), step('EXTEND', 0.6, { limit: 'file' })]),
    quiet: () => walkOf({}, [...toNotified, step('EXTEND', 0.5, { limit: 'file' })]),
  },
  'suspended-over-30-days': { fires: () => suspendedFor([3, 20], [21, 40]), quiet: () => suspendedFor([3, 20]) },
  'suspended-repeatedly': { fires: () => suspendedFor([3, 4], [5, 6], [7, 8]), quiet: () => suspendedFor([3, 4], [5, 6]) },
  'seriously-overdue': { fires: () => at(open(), 9), quiet: () => at(open(), 5) },
  'transferred-and-stalled': {
    fires: () => recheck(apply(homicideAtStation(), step('TRANSFER', 2.5, { toUnit: 'X1', toUnitType: 'specialized' })), 40),
    quiet: () => recheck(apply(homicideAtStation(), step('TRANSFER', 2.5, { toUnit: 'X1', toUnitType: 'specialized' })), 20),
  },
  'transfer-overdue': { fires: () => at(homicideAtStation(), 10), quiet: () => at(apply(homicideAtStation(), step('TRANSFER', 2.5, { toUnit: 'X1', toUnitType: 'specialized' })), 10) },
  'custody-not-filed-3d': { fires: () => recheck(walkOf({ custody: true }, toNotified), 4), quiet: () => recheck(walkOf({}, toNotified), 4) },
  'custody-limit-overdue': { fires: () => at(open({ custody: true }), 2), quiet: () => at(open(), 2) },
  'custody-clock-stopped': {
    fires: () => walkOf({ custody: true }, [...toHandling, step('SUSPEND_CLOCK', 3, { reason: 'suspect in hospital' })]),
    quiet: () => walkOf({}, [...toHandling, step('SUSPEND_CLOCK', 3, { reason: 'suspect in hospital' })]),
  },
  'reconsideration-overdue': { fires: () => at(walkOf({}, toReconsideration), 60), quiet: () => at(walkOf({}, [...toReconsideration, remedyWalk.uphold]), 12) },
  'superior-review-overdue': { fires: () => at(walkOf({}, toSuperiorReview), 60), quiet: () => at(walkOf({}, [...toSuperiorReview, remedyWalk.reviewUphold]), 60) },
  'decline-revoked': {
    fires: () => walkOf({}, [...toReconsideration, remedyWalk.revoke]),
    quiet: () => walkOf({}, [...toReconsideration, remedyWalk.uphold]),
  },
  'filing-explanation-overdue': {
    fires: () => at(walkOf({}, [...toDeclined, supervision.ask]), 20),
    quiet: () => at(walkOf({}, [...toDeclined, supervision.ask, supervision.explain]), 20),
  },
  'arrest-request-overdue': {
    fires: () => at(walkOf({}, [...toHandling, handoffWalk.detain]), 10),
    quiet: () => at(walkOf({}, [...toHandling, handoffWalk.detain, handoffWalk.requestArrest]), 10),
  },
  'arrest-decision-overdue': {
    fires: () => at(walkOf({}, [...toHandling, handoffWalk.detain, handoffWalk.requestArrest]), 20),
    quiet: () => at(walkOf({}, [...toHandling, handoffWalk.detain, handoffWalk.requestArrest, handoffWalk.approveArrest]), 20),
  },
  'returned-twice': {
    fires: () => walkOf({}, [...toSupplementary, handoffWalk.retransfer, { ...handoffWalk.returnForMore, at: '2026-03-26T09:00:00+08:00' }]),
    quiet: () => walkOf({}, toSupplementary),
  },
  'prosecution-review-overdue': { fires: () => at(walkOf({}, toProsecutionReview), 60), quiet: () => at(walkOf({}, toCourt), 60) },
  'repeat-reporter-5': { fires: () => prior(4), quiet: () => prior(3) },
  'unassigned-over-1-day': {
    fires: () => recheck(walkOf({}, toNotified), 2),
    quiet: () => recheck(walkOf({}, [...toNotified, step('ASSIGN', 0.5, { to: 'officer-li' })]), 2),
  },
};

describe('the shipped models (pure engine, real cases)', () => {
  it('declare at least 30 models, each tested below', () => {
    expect(shipped.models.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(cases).sort()).toEqual(shipped.models.map((m) => m.id).sort());
  });

  it.each(shipped.models.map((m) => [m.id]))('%s fires on a case it describes', (id) => {
    expect(openRules(cases[id]!.fires())).toContain(id);
  });

  it.each(shipped.models.map((m) => [m.id]))('%s stays quiet on a case like it that is in order', (id) => {
    const quiet = cases[id]!.quiet();
    // Quiet because it does not hold, not because some model failed on the case.
    expect(takeModelFailures(quiet)).toEqual([]);
    expect(openRules(quiet)).not.toContain(id);
  });
});
