import { describe, expect, it } from 'vitest';
import type { CaseFigures } from '../../contracts/stats';
import { aggregate, median, rate } from '../../server/stats-figures';

const base: CaseFigures = { v: 1, registered: false, notified: false, filings: 0, reviewed: 0, closed: false, limits: ['register'], late: [], stays: [] };
const NOW = Date.parse('2026-04-01T00:00:00Z');
const fig = (over: Partial<CaseFigures>): CaseFigures => ({ ...base, ...over });

describe('aggregating case figures (pure)', () => {
  it('rates are fractions to 4 decimals, null over nothing', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 0)).toBeNull();
  });

  it('median: the middle one, or the mean of the two middle ones rounded to the millisecond', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([10, 1, 5, 3])).toBe(4);
    expect(median([4, 1, 3, 10])).toBe(4);
  });

  it('counts, rates and ranking over a hand-made set', () => {
    const records = [
      { station: 'A', figures: fig({ registered: true, notified: true, filings: 2, reviewed: 2, closed: true, limits: ['register', 'notify', 'file', 'review', 'handle'], stays: [['reported', 10], ['review', 4], ['review', 6]] }) },
      { station: 'A', figures: fig({ registered: true, notified: true, filings: 1, reviewed: 0, limits: ['register', 'notify', 'file', 'review'], late: ['file'], stays: [['reported', 30]], assigned: true }) },
      { station: 'B', figures: fig({ registered: true, limits: ['register', 'notify', 'file'], late: ['register', 'notify'], stays: [['reported', 20]] }) },
      { station: 'B', figures: null },
    ];
    const stats = aggregate(records, { station: undefined, from: '2026-03-01T00:00:00Z' }, NOW);
    expect(stats).toMatchObject({
      station: null, from: '2026-03-01T00:00:00Z', to: null,
      received: 3, registered: 3, notified: 2, filed: 2, closed: 1, filings: 3, reviewedFilings: 2,
      disposalRate: 0.3333, postFilingCheckRate: 0.6667, overdueCases: 2, overdueRate: 0.6667, withoutFigures: 1,
      // A's open case is assigned and its other closed: only B's open case waits for an officer.
      unassignedOpen: 1,
    });
    const byLimit = Object.fromEntries(stats.overdue.map((o) => [o.limit, o]));
    expect(byLimit.register).toEqual({ limit: 'register', started: 3, overdue: 1, rate: 0.3333 });
    expect(byLimit.file).toEqual({ limit: 'file', started: 3, overdue: 1, rate: 0.3333 });
    expect(byLimit.handle).toEqual({ limit: 'handle', started: 1, overdue: 0, rate: 0 });
    expect(byLimit.transfer).toEqual({ limit: 'transfer', started: 0, overdue: 0, rate: null });
    const times = Object.fromEntries(stats.stageTimes.map((t) => [t.stage, t]));
    expect(times.reported).toEqual({ stage: 'reported', stays: 3, medianMs: 20 });
    expect(times.review).toEqual({ stage: 'review', stays: 2, medianMs: 5 });
    expect(times.handling).toEqual({ stage: 'handling', stays: 0, medianMs: null });
    expect(stats.stageTimes.map((t) => t.stage)).not.toContain('closed');
    expect(stats.stations).toEqual([
      { rank: 1, station: 'A', received: 2, closed: 1, disposalRate: 0.5, overdueCases: 1, overdueRate: 0.5, unassignedOpen: 0 },
      { rank: 2, station: 'B', received: 1, closed: 0, disposalRate: 0, overdueCases: 1, overdueRate: 1, unassignedOpen: 1 },
    ]);
  });

  it('stations tied on disposal rank by fewer overdue, then by more cases, then by name', () => {
    const records = [
      { station: 'Z', figures: fig({ closed: true }) },
      { station: 'Y', figures: fig({ closed: true, late: ['register'] }) },
      { station: 'X', figures: fig({ closed: true }) },
      { station: 'W', figures: fig({}) },
      { station: 'X', figures: fig({ closed: true }) },
    ];
    expect(aggregate(records, {}, NOW).stations.map((s) => `${s.rank}:${s.station}`)).toEqual(['1:X', '2:Z', '3:Y', '4:W']);
  });

  it('nothing in the window: zero counts, null rates, no stations', () => {
    const stats = aggregate([], { station: 'S9' }, NOW);
    expect(stats).toMatchObject({ station: 'S9', received: 0, disposalRate: null, postFilingCheckRate: null, overdueRate: null, stations: [], declines: 0, noticesToFile: 0 });
  });

  it('sums the remedies\' steps over the cases; a case indexed before remedies existed adds none', () => {
    const remedies = (over: Partial<NonNullable<CaseFigures['remedies']>>) => ({
      declines: 0, reconsiderationsRequested: 0, reconsiderationsRevoked: 0, reviewsRequested: 0, reviewsRevoked: 0, filingExplanationsAsked: 0, noticesToFile: 0, ...over,
    });
    const records = [
      { station: 'A', figures: fig({ remedies: remedies({ declines: 1, reconsiderationsRequested: 1, reconsiderationsRevoked: 1 }) }) },
      { station: 'A', figures: fig({ remedies: remedies({ declines: 2, reconsiderationsRequested: 1, reviewsRequested: 1, reviewsRevoked: 1 }) }) },
      { station: 'B', figures: fig({ remedies: remedies({ filingExplanationsAsked: 2, noticesToFile: 1 }) }) },
      { station: 'B', figures: fig({}) },
    ];
    expect(aggregate(records, {}, NOW)).toMatchObject({
      received: 4, declines: 3, reconsiderationsRequested: 2, reconsiderationsRevoked: 1, reviewsRequested: 1, reviewsRevoked: 1, filingExplanationsAsked: 2, noticesToFile: 1,
    });
  });

  it('hand-off figures: transfers, returns and the share of transferred cases returned, median days in review, arrests', () => {
    const DAY = 86_400_000;
    const records = [
      { station: 'A', figures: fig({ handoff: { transfers: 1, returns: 2, arrestsRequested: 1, arrestsApproved: 1 }, stays: [['prosecution_review', 6 * DAY], ['prosecution_review', 2 * DAY], ['prosecution_review', 9 * DAY]] }) },
      { station: 'A', figures: fig({ handoff: { transfers: 1, returns: 0, arrestsRequested: 1, arrestsApproved: 0 }, stays: [['prosecution_review', 3.5 * DAY]] }) },
      { station: 'B', figures: fig({ handoff: { transfers: 0, returns: 0, arrestsRequested: 1, arrestsApproved: 1 } }) },
      { station: 'B', figures: fig({}) },
    ];
    // Review stays 2, 3.5, 6, 9 days: median 4.75.
    expect(aggregate(records, {}, NOW).handoff).toEqual({
      transfers: 2, returns: 2, casesReturned: 1, returnRate: 0.5, medianDaysInReview: 4.75, arrestsRequested: 3, arrestsApproved: 2,
    });
    expect(aggregate([{ station: 'A', figures: fig({}) }], {}, NOW).handoff).toEqual({
      transfers: 0, returns: 0, casesReturned: 0, returnRate: null, medianDaysInReview: null, arrestsRequested: 0, arrestsApproved: 0,
    });
  });
});

describe('the rectifications\' figures (pure)', () => {
  type R = NonNullable<Parameters<typeof aggregate>[0][number]['rectifications']>[number];
  const at = (h: number) => new Date(NOW + h * 3_600_000).toISOString();
  const r = (id: string, model: string, status: R['status'], openedH: number, dueH: number, steps: [R['history'][number]['action'], number][] = []): R => ({
    id, caseId: id, station: 'A', model, severity: 'high', openedAt: at(openedH), dueAt: at(dueH), status, answer: null,
    history: [{ action: 'opened', at: at(openedH), by: 'system', note: null }, ...steps.map(([action, h]) => ({ action, at: at(h), by: 'x', note: null }))],
  });

  it('counts by status now, overdue as open past due, the median from opening to the last confirmation, per model by id', () => {
    const records = [
      { station: 'A', figures: fig({}), rectifications: [
        r('1', 'm-b', 'open', -50, -2), // overdue
        r('2', 'm-b', 'open', -10, 5), // open in time
        r('3', 'm-b', 'confirmed', -30, -20, [['answered', -29], ['confirmed', -20]]), // 10 h
      ] },
      { station: 'B', figures: fig({}), rectifications: [
        r('6', 'm-a', 'open', -20, -3), // overdue
        r('4', 'm-a', 'answered', -40, -30, [['answered', -35]]), // answered past due: not overdue
        r('5', 'm-a', 'confirmed', -40, -1, [['answered', -39], ['confirmed', -38], ['reopened', -37], ['answered', -36], ['confirmed', -35.5]]), // 4.5 h
      ] },
      { station: 'B', figures: fig({}) },
    ];
    expect(aggregate(records, {}, NOW).rectifications).toEqual({
      opened: 6, answered: 1, confirmed: 2, overdue: 2, medianHoursToConfirm: 7.25,
      models: [
        { model: 'm-a', opened: 3, answered: 1, confirmed: 1, overdue: 1, medianHoursToConfirm: 4.5 },
        { model: 'm-b', opened: 3, answered: 0, confirmed: 1, overdue: 1, medianHoursToConfirm: 10 },
      ],
    });
  });

  it('none: zero counts, a null median, no models', () => {
    expect(aggregate([], {}, NOW).rectifications).toEqual({ opened: 0, answered: 0, confirmed: 0, overdue: 0, medianHoursToConfirm: null, models: [] });
  });
});
