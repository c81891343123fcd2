// `case.assignee` as a model reads it: the officer an ASSIGN named, null while no one holds the case (contract
// sections 8 and 10). Pure engine: the machine and its models as the workflow runs them, without Temporal.
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../contracts/policy';
import { refreshModels, tick, toView, type CaseSnapshot } from '../../machines/case-engine';
import { apply, open, shipped, type Step } from '../machines/fixtures';

const DAY = 86_400_000;
const reported = Date.parse('2026-03-02T09:00:00+08:00');
const after = (days: number) => new Date(reported + days * DAY).toISOString();
/** What the daily models run does to one case: time caught up, models held again. */
const recheck = (s: CaseSnapshot, days: number) => refreshModels(tick(s, after(days)), undefined, after(days));
const assign = (to: string, days: number): Step => ({ type: 'ASSIGN', to, at: after(days) });

const policy = policySchema.parse({
  ...shipped,
  models: [
    {
      id: 'unassigned-over-1-day',
      name: { zh: '超一日未分派', en: 'open more than a day after the report, and no one assigned' },
      severity: 'medium',
      when: 'case.status == "open" && case.assignee == null && case.ageDays > 1.0',
    },
    { id: 'held-by-li', name: { zh: '李警官承办', en: 'assigned to officer Li' }, severity: 'low', when: 'case.assignee == "officer-li"' },
  ],
});
const warnings = (s: CaseSnapshot) => toView(s).warnings.map((w) => ({ rule: w.rule, open: !w.closedAt }));

describe('case.assignee in the facts of a model', () => {
  it('is null on a case no one holds: a model over an unassigned case fires once it is a day old', () => {
    const unassigned = open({}, policy);
    expect(warnings(recheck(unassigned, 0.5))).toEqual([]);
    expect(warnings(recheck(unassigned, 2))).toEqual([{ rule: 'unassigned-over-1-day', open: true }]);
  });

  it('is the officer once assigned: the unassigned warning closes, and a model naming the officer holds', () => {
    const assigned = apply(recheck(open({}, policy), 2), assign('officer-li', 2.5));
    expect(warnings(assigned)).toEqual([
      { rule: 'unassigned-over-1-day', open: false },
      { rule: 'held-by-li', open: true },
    ]);
    expect(toView(assigned).assignee).toBe('officer-li');
  });

  it('stays quiet on a case assigned before it was a day old, and follows a reassignment', () => {
    const early = apply(open({}, policy), assign('officer-wang', 0.5));
    expect(warnings(recheck(early, 2))).toEqual([]);
    const moved = apply(recheck(early, 2), assign('officer-li', 3));
    expect(warnings(moved)).toEqual([{ rule: 'held-by-li', open: true }]);
  });
});
