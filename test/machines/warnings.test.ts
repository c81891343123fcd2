import { describe, expect, it } from 'vitest';
import { openCase, reportsCounted, tick, toView } from '../../machines/case-engine';
import { apply, applyAll, hourPolicy, open, request } from './fixtures';

// hourPolicy: every limit PT10H in UTC, warnings at 0.8, so a limit anchored at 01:00Z warns at 09:00Z and is due 11:00Z.
const policy = hourPolicy();
const reported = '2026-03-02T01:00:00Z';
const openWarnings = (s: ReturnType<typeof open>) => toView(s).warnings.filter((w) => !w.closedAt).map((w) => [w.rule, w.limit]);

describe('early-warning rules', () => {
  it('a limit is at risk after its warning, overdue after its due, and both close when the limit is met', () => {
    let s = open({ reportedAt: reported }, policy);
    expect(openWarnings(s)).toEqual([]);
    s = tick(s, '2026-03-02T09:00:00Z');
    expect(openWarnings(s)).toEqual([['limit-at-risk', 'register']]);
    s = tick(s, '2026-03-02T11:00:00Z');
    expect(openWarnings(s)).toEqual([['limit-overdue', 'register']]);
    s = apply(s, { type: 'REGISTER', at: '2026-03-02T12:30:00Z' });
    expect(openWarnings(s)).toEqual([]);
    const overdue = toView(s).warnings.find((w) => w.rule === 'limit-overdue')!;
    expect(overdue).toMatchObject({ severity: 'high', openedAt: '2026-03-02T11:00:00.000Z', closedAt: '2026-03-02T12:30:00.000Z', resolvedInMs: 90 * 60_000 });
  });

  it('flags a reporter not notified in time and a criminal filing not decided in time (应立未立)', () => {
    let s = apply(open({ reportedAt: reported }, policy), { type: 'REGISTER', at: '2026-03-02T02:00:00Z' });
    s = tick(s, '2026-03-02T12:00:00Z');
    expect(openWarnings(s)).toEqual(
      expect.arrayContaining([['reporter-not-notified', 'notify'], ['filing-not-decided', 'file']]),
    );
    s = apply(s, { type: 'NOTIFY', at: '2026-03-02T12:10:00Z' });
    expect(openWarnings(s)).not.toContainEqual(['reporter-not-notified', 'notify']);
    expect(openWarnings(s)).toContainEqual(['filing-not-decided', 'file']);
  });

  it('does not flag an administrative filing as 应立未立', () => {
    let s = apply(open({ reportedAt: reported, category: 'administrative' }, policy), { type: 'REGISTER', at: '2026-03-02T02:00:00Z' });
    s = tick(s, '2026-03-02T12:00:00Z');
    expect(openWarnings(s).map(([rule]) => rule)).not.toContain('filing-not-decided');
  });

  it('flags a negative-list case held at a station until it is transferred', () => {
    let s = applyAll(open({ reportedAt: reported, offense: 'homicide' }, policy), [
      { type: 'REGISTER', at: '2026-03-02T02:00:00Z' },
      { type: 'NOTIFY', at: '2026-03-02T02:10:00Z' },
      { type: 'FILE', decision: 'file', at: '2026-03-02T02:20:00Z' },
      { type: 'APPROVE', at: '2026-03-02T02:30:00Z' },
    ]);
    expect(openWarnings(s)).toEqual([['negative-list-at-station', null]]);
    s = apply(s, { type: 'TRANSFER', toUnit: 'X1', toUnitType: 'specialized', at: '2026-03-02T03:00:00Z' });
    expect(openWarnings(s)).toEqual([]);
  });

  it('flags a fast-track case past its fast limit and a decline notice overdue', () => {
    const toReview = [
      { type: 'REGISTER', at: '2026-03-02T02:00:00Z' },
      { type: 'NOTIFY', at: '2026-03-02T02:10:00Z' },
    ] as const;
    const fast = applyAll(open({ reportedAt: reported }, policy), [
      ...toReview,
      { type: 'FILE', decision: 'file', track: 'fast', facts: { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 }, at: '2026-03-02T02:20:00Z' },
      { type: 'APPROVE', at: '2026-03-02T03:00:00Z' },
    ]);
    // fast handle PT20H from 03:00Z is due 23:00Z.
    expect(openWarnings(tick(fast, '2026-03-02T23:00:00Z'))).toContainEqual(['fast-track-overdue', 'handle']);

    const declined = applyAll(open({ reportedAt: reported }, policy), [
      ...toReview,
      { type: 'FILE', decision: 'decline', at: '2026-03-02T02:20:00Z' },
      { type: 'APPROVE', at: '2026-03-02T03:00:00Z' },
    ]);
    expect(openWarnings(tick(declined, '2026-03-02T13:00:00Z'))).toContainEqual(['decline-notice-overdue', 'declineNotice']);
  });

  it('flags the third report from one phone at one station, and closes it with the case', () => {
    const second = openCase({ request: request({ reportedAt: reported }), policy, priorReportsFromPhone: 1 });
    expect(openWarnings(second)).toEqual([]);
    const third = openCase({ request: request({ reportedAt: reported }), policy, priorReportsFromPhone: 2 });
    expect(openWarnings(third)).toEqual([['repeat-reporter', null]]);
    expect(toView(third).warnings[0]).toMatchObject({ severity: 'low', openedAt: '2026-03-02T01:00:00.000Z' });
  });

  it('flags the third report once the case counted the earlier ones after its start, as it would have at intake', () => {
    const opened = open({ reportedAt: reported }, policy);
    expect(openWarnings(reportsCounted(opened, 1, '2026-03-02T01:00:05Z'))).toEqual([]);
    const counted = reportsCounted(apply(opened, { type: 'REGISTER', at: '2026-03-02T01:30:00Z' }), 2, '2026-03-02T01:30:05Z');
    expect(openWarnings(counted)).toEqual([['repeat-reporter', null]]);
    expect(toView(counted).history.map((h) => h.type)).toEqual(['REGISTER']);
  });
});
