import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hourPolicy } from '../machines/fixtures';
import { waitFor } from '../support/processes';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const admitted = { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 };
const station = uniqueId('ST');
let stack: Stack;
let t0: number;

type Step = [type: string, hoursAfterReport: number, extra?: object];
const file = (decision: string) => ({ decision, facts: admitted, ...(decision === 'decline' ? { reason: 'no offence was committed' } : {}) });

/**
 * Five cases reported three days ago under clock-time limits (register, notify, file, review 10 h; handle 100 h),
 * with events back-dated so every figure can be worked out by hand; a sixth reported long before the window.
 */
const cases: Record<string, Step[]> = {
  // In time throughout; closed after 48 h.
  c1: [['REGISTER', 1], ['NOTIFY', 2], ['FILE', 4, file('file')], ['APPROVE', 5], ['CLOSE', 48, { outcome: 'penalty' }]],
  // Filed at 6 h and never reviewed: review overdue since 16 h.
  c2: [['REGISTER', 3], ['NOTIFY', 4], ['FILE', 6, file('file')]],
  // Registered late (20 h > 10 h) and never notified: register, notify and file late.
  c3: [['REGISTER', 20]],
  // Never registered: register late.
  c4: [],
  // A declined filing sent back, filed again and approved: two filings, two reviews, in handling.
  c5: [['REGISTER', 1], ['NOTIFY', 2], ['FILE', 3, file('decline')], ['REJECT', 4], ['FILE', 5, file('file')], ['APPROVE', 6]],
};

async function report(caseId: string, reportedAt: number, steps: Step[], at: string = station) {
  const created = await stack.call('POST', '/cases', { caseId, category: 'criminal', station: at, reportedAt: iso(reportedAt) }, tokens.admin);
  expect(created.status).toBe(201);
  for (const [type, hours, extra] of steps) {
    const res = await stack.call('POST', `/cases/${caseId}/events`, { type, at: iso(reportedAt + hours * HOUR), ...extra }, tokens.admin);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

/** Declined and its reporter told at 4 h; the remedies' steps follow, each an hour apart. */
const declined: Step[] = [['REGISTER', 1], ['NOTIFY', 2], ['FILE', 3, file('decline')], ['APPROVE', 4], ['NOTIFY', 5]];
const why = { reason: 'as the reporter says' };
const remedyStation = uniqueId('RS');
const remedyCases: Record<string, Step[]> = {
  // Reconsidered and revoked, then filed.
  r1: [...declined, ['REQUEST_RECONSIDERATION', 6, why], ['RECONSIDER', 7, { decision: 'revoke', ...why }], ['FILE', 8, file('file')]],
  // Reconsideration upheld, review revoked.
  r2: [...declined, ['REQUEST_RECONSIDERATION', 6, why], ['RECONSIDER', 7, { decision: 'uphold', ...why }], ['REQUEST_REVIEW', 8, why], ['REVIEW_DECISION', 9, { decision: 'revoke', ...why }]],
  // Declined, sent back, declined again: one decline approved, nobody contests it.
  r3: [['REGISTER', 1], ['NOTIFY', 2], ['FILE', 3, file('decline')], ['REJECT', 4], ['FILE', 5, file('decline')], ['APPROVE', 6], ['NOTIFY', 7]],
  // Filed and handled: no remedy.
  r4: [['REGISTER', 1], ['NOTIFY', 2], ['FILE', 3, file('file')], ['APPROVE', 4]],
};

const stats = (query: string, token: string = tokens.supervisor) => stack.call('GET', `/stats?${query}`, undefined, token);

beforeAll(async () => {
  stack = await startStack({ policy: hourPolicy() });
  t0 = Date.now() - 72 * HOUR;
  for (const [name, steps] of Object.entries(cases)) await report(uniqueId(name), t0, steps);
  await report(uniqueId('old'), t0 - 240 * HOUR, [['REGISTER', 1], ['NOTIFY', 2]]);
  for (const [name, steps] of Object.entries(remedyCases)) await report(uniqueId(name), t0, steps, remedyStation);
  // Visibility is eventually consistent: wait until every case's latest figures are there.
  await waitFor(async () => {
    const body = (await stats(`station=${station}&from=${iso(t0 - HOUR)}`)).body;
    return body.received === 5 && body.closed === 1 && body.overdueCases === 3 && body.reviewedFilings === 3;
  }, 'figures indexed', 30_000);
});
afterAll(() => stack?.close());

describe('GET /stats', () => {
  it('gives the counts, rates, overdue per limit and stage medians worked out by hand', async () => {
    const from = iso(t0 - HOUR);
    const to = iso(Date.now() + 60_000);
    const res = await stats(`station=${station}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      station, from, to,
      received: 5, registered: 4, notified: 3, filed: 3, closed: 1, unassignedOpen: 4,
      filings: 4, reviewedFilings: 3,
      disposalRate: 0.2, postFilingCheckRate: 0.75, overdueCases: 3, overdueRate: 0.6, withoutFigures: 0,
    });
    expect(res.body.overdue).toEqual([
      { limit: 'register', started: 5, overdue: 2, rate: 0.4 },
      { limit: 'notify', started: 4, overdue: 1, rate: 0.25 },
      { limit: 'file', started: 4, overdue: 1, rate: 0.25 },
      { limit: 'review', started: 3, overdue: 1, rate: 0.3333 },
      { limit: 'handle', started: 2, overdue: 0, rate: 0 },
      { limit: 'declineNotice', started: 0, overdue: 0, rate: null },
      { limit: 'transfer', started: 0, overdue: 0, rate: null },
      { limit: 'reconsideration', started: 0, overdue: 0, rate: null },
      { limit: 'superiorReview', started: 0, overdue: 0, rate: null },
      ...['arrestRequest', 'arrestDecision', 'prosecutionReview', 'supplementary', 'trial'].map((limit) => ({ limit, started: 0, overdue: 0, rate: null })),
      { limit: 'filingExplanation', started: 0, overdue: 0, rate: null },
      { limit: 'filingOnNotice', started: 0, overdue: 0, rate: null },
    ]);
    // reported: 1, 3, 20, 1 h; registered: 1, 1, 1 h; notified: 2, 2, 1, 1 h; review: 1, 1, 1 h; handling: 43 h.
    expect(res.body.stageTimes).toEqual([
      { stage: 'reported', stays: 4, medianMs: 2 * HOUR },
      { stage: 'registered', stays: 3, medianMs: HOUR },
      { stage: 'notified', stays: 4, medianMs: 1.5 * HOUR },
      { stage: 'review', stays: 3, medianMs: HOUR },
      { stage: 'handling', stays: 1, medianMs: 43 * HOUR },
      { stage: 'awaiting_transfer', stays: 0, medianMs: null },
      { stage: 'decline_notice', stays: 0, medianMs: null },
      { stage: 'reconsideration', stays: 0, medianMs: null },
      { stage: 'superior_review', stays: 0, medianMs: null },
      ...['prosecution_review', 'supplementary_investigation', 'at_court'].map((stage) => ({ stage, stays: 0, medianMs: null })),
    ]);
    expect(res.body.stations).toEqual([{ rank: 1, station, received: 5, closed: 1, disposalRate: 0.2, overdueCases: 3, overdueRate: 0.6, unassignedOpen: 4 }]);
  });

  it('from and to select by report time: without them the older case counts too', async () => {
    expect((await stats(`station=${station}`)).body.received).toBe(6);
    expect((await stats(`station=${station}&to=${encodeURIComponent(iso(t0))}`)).body.received).toBe(1);
  });

  it('a token without the station sees none of its cases', async () => {
    const scoped = await stats(`station=${station}`, tokens.caseSystem);
    expect(scoped.body).toMatchObject({ received: 0, disposalRate: null, stations: [] });
    const everything = await stats(`from=${encodeURIComponent(iso(t0 - HOUR))}`, tokens.caseSystem);
    expect(everything.body.stations.map((s: { station: string }) => s.station)).not.toContain(station);
  });

  it.each([
    ['from=yesterday', 'from'],
    [`from=${encodeURIComponent('2026-03-02T00:00:00Z')}&to=${encodeURIComponent('2026-03-01T00:00:00Z')}`, 'from'],
    ['station=no%20spaces', 'station'],
    ['stage=closed', ''],
  ])('bad filters are 400 invalid_request: %s', async (query, path) => {
    const res = await stats(query);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    if (path) expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});

describe('GET /stats: the reporter\'s remedies', () => {
  it('counts declines approved, reconsiderations and reviews asked and revoked, worked out by hand', async () => {
    await waitFor(async () => (await stats(`station=${remedyStation}`)).body.reviewsRevoked === 1 && (await stats(`station=${remedyStation}`)).body.filed === 4, 'remedies indexed', 30_000);
    expect((await stats(`station=${remedyStation}`)).body).toMatchObject({
      received: 4, filed: 4, filings: 6,
      declines: 3, reconsiderationsRequested: 2, reconsiderationsRevoked: 1, reviewsRequested: 1, reviewsRevoked: 1,
      filingExplanationsAsked: 0, noticesToFile: 0,
    });
  });
});
