import { describe, expect, it } from 'vitest';
import { getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import { stages, type StartCaseRequest } from '../../contracts/case';
import type { CaseInput, MachineEvent } from '../../machines/case-context';
import { caseMachine } from '../../machines/case-machine';
import { decide, openCase, stageOf, toView, type CaseSnapshot } from '../../machines/case-engine';
import { returnsOf } from '../../machines/handoff';
import { admittedFacts, doc, request, shipped } from './fixtures';

// No single case can walk every edge: the negative list decides between APPROVE → handling and
// APPROVE → awaiting_transfer, and it also closes the fast track to criminal cases. These four cases
// together can, and each also proves that the edges closed to it stay closed.
const cases: Record<string, StartCaseRequest> = {
  'criminal theft at a station': request({ caseId: 'P-theft' }),
  'criminal homicide at a station': request({ caseId: 'P-homicide', offense: 'homicide' }),
  'criminal homicide at a specialized unit': request({ caseId: 'P-homicide-spec', offense: 'homicide', unitType: 'specialized' }),
  'administrative at a station': request({ caseId: 'P-admin', category: 'administrative', offense: 'affray' }),
};

const HOUR = 3_600_000;

/** One hour after anything the case has seen, so every generated path carries strictly increasing business times. */
function nextAt(s: CaseSnapshot): string {
  const c = s.context;
  const seen = [c.lastEventAt, ...c.deadlines.flatMap((d) => [d.startedAt, d.metAt ?? d.startedAt])].map(Date.parse);
  return new Date(Math.max(...seen) + HOUR).toISOString();
}

/** Every lifecycle command of contract section 2, in each variant that may lead somewhere different. */
function lifecycleEvents(s: CaseSnapshot): MachineEvent[] {
  const at = nextAt(s);
  const by = 'officer-7';
  return [
    { type: 'REGISTER', at, by },
    { type: 'NOTIFY', at, by },
    { type: 'FILE', decision: 'file', at, by },
    { type: 'FILE', decision: 'decline', at, by },
    { type: 'FILE', decision: 'file', track: 'fast', facts: admittedFacts, at, by },
    { type: 'APPROVE', at, by },
    { type: 'REJECT', reason: 'facts unclear', at, by },
    { type: 'TRANSFER', toUnit: 'SPEC-1', toUnitType: 'specialized', at, by },
    { type: 'TRANSFER', toUnit: 'S02', toUnitType: 'station', at, by },
    { type: 'CONVERT_TO_ORDINARY', at, by },
    { type: 'CLOSE', outcome: 'penalty', at, by },
    { type: 'REQUEST_RECONSIDERATION', reason: 'please look again', at, by },
    { type: 'RECONSIDER', decision: 'uphold', reason: 'looked again', at, by },
    { type: 'RECONSIDER', decision: 'revoke', reason: 'looked again', at, by },
    { type: 'REQUEST_REVIEW', reason: 'please look again', at, by },
    { type: 'REVIEW_DECISION', decision: 'uphold', reason: 'looked again', at, by },
    { type: 'REVIEW_DECISION', decision: 'revoke', reason: 'looked again', at, by },
    { type: 'REQUEST_FILING_EXPLANATION', reason: 'why not filed?', procuratorate: 'P01', at, by },
    { type: 'EXPLAIN_NOT_FILING', reason: 'no offence', documents: [doc('explanation')], at, by },
    { type: 'NOTIFY_TO_FILE', reason: 'file it', procuratorate: 'P01', at, by },
    // Contract section 9: the hand-off to prosecutors and courts.
    { type: 'DETAIN', at, by },
    { type: 'REQUEST_ARREST', procuratorate: 'P01', at, by },
    { type: 'APPROVE_ARREST', at, by },
    { type: 'DENY_ARREST', reason: 'no need', at, by },
    { type: 'TRANSFER_FOR_PROSECUTION', procuratorate: 'P01', documents: [doc('indictment-opinion')], at, by },
    { type: 'RETURN_FOR_SUPPLEMENTARY', reason: 'witness not heard', documents: [doc('decision')], at, by },
    { type: 'RETRANSFER', documents: [doc('witness-record')], at, by },
    { type: 'PROSECUTE', court: 'C01', documents: [doc('indictment')], at, by },
    { type: 'NOT_PROSECUTE', reason: 'insufficient evidence', documents: [doc('decision')], at, by },
    { type: 'JUDGE', verdict: 'guilty', documents: [doc('judgment')], at, by },
  ];
}

// Deadlines and times differ on every visit; the lifecycle only cares about where the case is, what it was filed
// as, which remedy its reporter may still ask and whether a decline is still open to it, which keeps the loops finite.
const key = (s: CaseSnapshot) =>
  JSON.stringify({
    stage: stageOf(s), track: s.context.track, decision: s.context.decision, unitType: s.context.unitType,
    window: s.context.remedyWindow?.name ?? null, mustFile: Boolean(s.context.mustFile),
    explaining: s.context.deadlines.some((d) => d.limit === 'filingExplanation' && d.status !== 'met'),
    onNotice: s.context.deadlines.some((d) => d.limit === 'filingOnNotice' && d.status !== 'met'),
    detained: Boolean(s.context.detained), arrest: s.context.arrest?.status ?? null, returns: returnsOf(s.context),
  });

const traversal = (req: StartCaseRequest) => ({
  input: { request: req, policy: shipped } satisfies CaseInput,
  events: lifecycleEvents,
  serializeState: key,
});

function label(e: MachineEvent): string {
  if (e.type === 'FILE') return `FILE ${e.decision}${e.track === 'fast' ? ' fast' : ''}`;
  if (e.type === 'TRANSFER') return `TRANSFER to ${e.toUnitType}`;
  if (e.type === 'RECONSIDER' || e.type === 'REVIEW_DECISION') return `${e.type} ${e.decision}`;
  return e.type;
}

function edgesOf(req: StartCaseRequest): Set<string> {
  const edges = new Set<string>();
  for (const { state, transitions } of Object.values(getAdjacencyMap(caseMachine, traversal(req)))) {
    // The map is keyed by a branded string that Object.values cannot see through.
    for (const { event, state: next } of Object.values(transitions) as Array<{ event: MachineEvent; state: CaseSnapshot }>) {
      // An event the machine refused leaves the case as it was: not an edge.
      if (key(next) !== key(state)) edges.add(`${stageOf(state)} --${label(event)}--> ${stageOf(next)}`);
    }
  }
  return edges;
}

const contractEdges = [
  'reported --REGISTER--> registered',
  'registered --NOTIFY--> notified',
  'notified --FILE file--> review',
  'notified --FILE decline--> review',
  'notified --FILE file fast--> review',
  'review --APPROVE--> handling',
  'review --APPROVE--> awaiting_transfer',
  'review --APPROVE--> decline_notice',
  'review --REJECT--> notified',
  'awaiting_transfer --TRANSFER to specialized--> handling',
  'handling --CONVERT_TO_ORDINARY--> handling',
  'handling --CLOSE--> closed',
  'decline_notice --NOTIFY--> closed',
  // Contract section 12: the reporter's remedies after a decline.
  'closed --REQUEST_RECONSIDERATION--> reconsideration',
  'reconsideration --RECONSIDER uphold--> closed',
  'reconsideration --RECONSIDER revoke--> notified',
  'closed --REQUEST_REVIEW--> superior_review',
  'superior_review --REVIEW_DECISION uphold--> closed',
  'superior_review --REVIEW_DECISION revoke--> notified',
  // The procuratorate's filing supervision: an explanation asked and given in the same stage, a notice to file.
  ...['decline_notice', 'closed', 'reconsideration', 'superior_review', 'notified'].flatMap((stage) => [
    `${stage} --REQUEST_FILING_EXPLANATION--> ${stage}`,
    `${stage} --EXPLAIN_NOT_FILING--> ${stage}`,
  ]),
  'closed --NOTIFY_TO_FILE--> notified',
  'notified --NOTIFY_TO_FILE--> notified',
  // Contract section 9: the hand-off to prosecutors and courts.
  'handling --DETAIN--> handling',
  'handling --REQUEST_ARREST--> handling',
  'handling --APPROVE_ARREST--> handling',
  'handling --DENY_ARREST--> handling',
  'handling --TRANSFER_FOR_PROSECUTION--> prosecution_review',
  'prosecution_review --RETURN_FOR_SUPPLEMENTARY--> supplementary_investigation',
  'supplementary_investigation --RETRANSFER--> prosecution_review',
  'prosecution_review --PROSECUTE--> at_court',
  'prosecution_review --NOT_PROSECUTE--> closed',
  'at_court --JUDGE--> closed',
];

describe('the lifecycle graph', () => {
  it('has exactly the transitions of contract section 2', () => {
    const all = new Set(Object.values(cases).flatMap((req) => [...edgesOf(req)]));
    expect([...all].sort()).toEqual([...contractEdges].sort());
  });

  it('opens each edge only to the cases the rules allow', () => {
    const theft = edgesOf(cases['criminal theft at a station']!);
    const homicide = edgesOf(cases['criminal homicide at a station']!);
    const homicideSpec = edgesOf(cases['criminal homicide at a specialized unit']!);
    const admin = edgesOf(cases['administrative at a station']!);

    expect(theft).toContain('review --APPROVE--> handling');
    expect(theft).not.toContain('review --APPROVE--> awaiting_transfer');
    expect(theft).toContain('notified --FILE file fast--> review');

    expect(homicide).toContain('review --APPROVE--> awaiting_transfer');
    expect(homicide).not.toContain('review --APPROVE--> handling');
    expect(homicide).not.toContain('notified --FILE file fast--> review');
    expect(homicide).toContain('awaiting_transfer --TRANSFER to specialized--> handling');
    expect(homicide).not.toContain('awaiting_transfer --TRANSFER to station--> handling');

    expect(homicideSpec).toContain('review --APPROVE--> handling');
    expect(homicideSpec).not.toContain('review --APPROVE--> awaiting_transfer');

    expect(admin).toContain('notified --FILE file fast--> review');
    expect(admin).toContain('handling --CONVERT_TO_ORDINARY--> handling');

    expect(theft).toContain('closed --REQUEST_RECONSIDERATION--> reconsideration');
    expect(theft).toContain('superior_review --REVIEW_DECISION revoke--> notified');
    expect(admin).toContain('decline_notice --NOTIFY--> closed');
    expect([...admin].filter((e) => /RECONSIDER|REVIEW/.test(e))).toEqual([]);
    expect(theft).toContain('at_court --JUDGE--> closed');
    expect([...admin].filter((e) => /DETAIN|ARREST|PROSECUT|JUDGE/.test(e))).toEqual([]);
  });

  it('no path returns a case for supplementary investigation a third time, or judges it before PROSECUTE', () => {
    const paths = getShortestPaths(caseMachine, traversal(cases['criminal theft at a station']!));
    const returns = (p: (typeof paths)[number]) => p.steps.filter((s) => s.event.type === 'RETURN_FOR_SUPPLEMENTARY').length;
    expect(Math.max(...paths.map(returns))).toBe(2);
    for (const p of paths) {
      const types = p.steps.map((s) => s.event.type as string);
      if (types.includes('JUDGE')) expect(types.indexOf('PROSECUTE')).toBeLessThan(types.indexOf('JUDGE'));
    }
    const twiceReturned = paths.find((p) => returns(p) === 2 && stageOf(p.state) === 'supplementary_investigation');
    expect(twiceReturned, 'a path returning twice').toBeDefined();
    const back = decide(twiceReturned!.state, { type: 'RETRANSFER', documents: [doc('record')], at: nextAt(twiceReturned!.state), by: 'officer-7' });
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const third = decide(back.snapshot, { type: 'RETURN_FOR_SUPPLEMENTARY', reason: 'again', documents: [doc('d')], at: nextAt(back.snapshot), by: 'officer-7' });
    expect(third).toMatchObject({ ok: false, refusal: { stage: 'prosecution_review', reason: expect.stringMatching(/already returned .* 2 times/) } });
  });

  it('after a revoke, no path declines again', () => {
    const revoked = (s: CaseSnapshot) => Boolean(s.context.mustFile);
    const paths = getShortestPaths(caseMachine, traversal(cases['criminal theft at a station']!)).filter((p) => revoked(p.state));
    expect(paths.length).toBeGreaterThan(0);
    const declinedAfterRevoke = paths.flatMap((p) => p.steps).some((step, i, steps) =>
      i > 0 && revoked(steps[i - 1]!.state) && step.event.type === 'FILE' && step.event.decision === 'decline');
    expect(declinedAfterRevoke).toBe(false);
  });

  it('reaches every stage of the contract, and nothing else', () => {
    const reached = new Set(
      Object.values(cases).flatMap((req) => getShortestPaths(caseMachine, traversal(req)).map((p) => stageOf(p.state))),
    );
    expect([...reached].sort()).toEqual([...stages].sort());
  });
});

describe.each(Object.entries(cases))('%s: every shortest path, replayed through decide()', (_name, req) => {
  const paths = getShortestPaths(caseMachine, traversal(req));

  it.each(paths.map((p) => [p.steps.slice(1).map((s) => label(s.event)).join(' → ') || '(start)', p] as const))('%s', (_route, path) => {
    let snapshot = openCase({ request: req, policy: shipped });
    let lastAt = req.reportedAt;
    // Step 0 is the machine's own start; the rest are the commands the case system would send.
    for (const step of path.steps.slice(1)) {
      const event = step.event;
      if (event.type === 'TICK' || event.type === 'DELIVERED' || event.type === 'REPORTS_COUNTED') throw new Error(`unexpected ${event.type} in a lifecycle path`);
      expect(Date.parse(event.at)).toBeGreaterThan(Date.parse(lastAt));
      lastAt = event.at;
      const from = stageOf(snapshot);
      const d = decide(snapshot, event);
      if (!d.ok) expect.fail(`${event.type} refused in ${from}: ${d.refusal.reason}`);
      snapshot = d.snapshot;
      expect(stageOf(snapshot)).toBe(stageOf(step.state));
      const stated = 'reason' in event && event.type !== 'REJECT' && event.type !== 'CONVERT_TO_ORDINARY' ? { reason: event.reason } : {};
      const decided = event.type === 'RECONSIDER' || event.type === 'REVIEW_DECISION' ? { decision: event.decision } : {};
      expect(snapshot.context.history.at(-1)).toEqual({ type: event.type, at: new Date(event.at).toISOString(), by: 'officer-7', from, to: stageOf(snapshot), ...stated, ...decided });
    }
    const view = toView(snapshot);
    expect(view.stage).toBe(stageOf(path.state));
    expect(view.status).toBe(view.stage === 'closed' ? 'closed' : 'open');
    expect(view.history).toHaveLength(path.steps.length - 1);
  });
});

describe('named walks through the lifecycle', () => {
  const by = 'officer-7';
  const at = (h: number) => new Date(Date.parse('2026-03-02T02:00:00Z') + h * HOUR).toISOString();
  const run = (req: StartCaseRequest, events: MachineEvent[]) =>
    events.reduce((s, e) => {
      const d = decide(s, e as Parameters<typeof decide>[1]);
      if (!d.ok) expect.fail(`${e.type} refused: ${d.refusal.reason}`);
      return d.snapshot;
    }, openCase({ request: req, policy: shipped }));

  it('a declined filing is closed by telling the reporter, with outcome not_filed', () => {
    const s = run(cases['criminal theft at a station']!, [
      { type: 'REGISTER', at: at(1), by },
      { type: 'NOTIFY', at: at(2), by },
      { type: 'FILE', decision: 'decline', at: at(3), by },
      { type: 'APPROVE', at: at(4), by },
      { type: 'NOTIFY', at: at(5), by },
    ]);
    const view = toView(s);
    expect(view).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'not_filed' });
    expect(view.history.map((h) => `${h.from}→${h.to}`)).toEqual([
      'reported→registered',
      'registered→notified',
      'notified→review',
      'review→decline_notice',
      'decline_notice→closed',
    ]);
  });

  it('REJECT sends the filing back, and it can be filed again and closed', () => {
    const s = run(cases['criminal theft at a station']!, [
      { type: 'REGISTER', at: at(1), by },
      { type: 'NOTIFY', at: at(2), by },
      { type: 'FILE', decision: 'file', at: at(3), by },
      { type: 'REJECT', reason: 'evidence list missing', at: at(4), by },
      { type: 'FILE', decision: 'file', at: at(5), by },
      { type: 'REJECT', at: at(6), by },
      { type: 'FILE', decision: 'file', at: at(7), by },
      { type: 'APPROVE', at: at(8), by },
      { type: 'CLOSE', outcome: 'prosecution', at: at(9), by },
    ]);
    expect(toView(s)).toMatchObject({ stage: 'closed', outcome: 'prosecution' });
    expect(toView(s).history.filter((h) => h.type === 'REJECT').map((h) => h.to)).toEqual(['notified', 'notified']);
  });

  it('a negative-list case is handed to the specialized unit and closed there', () => {
    const s = run(cases['criminal homicide at a station']!, [
      { type: 'REGISTER', at: at(1), by },
      { type: 'NOTIFY', at: at(2), by },
      { type: 'FILE', decision: 'file', at: at(3), by },
      { type: 'APPROVE', at: at(4), by },
      { type: 'TRANSFER', toUnit: 'SPEC-1', toUnitType: 'specialized', at: at(5), by },
      { type: 'CLOSE', outcome: 'prosecution', at: at(6), by },
    ]);
    expect(toView(s)).toMatchObject({ stage: 'closed', station: 'SPEC-1', unitType: 'specialized', outcome: 'prosecution' });
    expect(toView(s).history.map((h) => h.to)).toEqual(['registered', 'notified', 'review', 'awaiting_transfer', 'handling', 'closed']);
  });

  it('a fast-tracked case converted to ordinary stays in handling on the ordinary track', () => {
    const fastInHandling: MachineEvent[] = [
      { type: 'REGISTER', at: at(1), by },
      { type: 'NOTIFY', at: at(2), by },
      { type: 'FILE', decision: 'file', track: 'fast', facts: admittedFacts, at: at(3), by },
      { type: 'APPROVE', at: at(4), by },
    ];
    const req = cases['administrative at a station']!;
    expect(toView(run(req, fastInHandling))).toMatchObject({ stage: 'handling', track: 'fast' });
    const converted = run(req, [...fastInHandling, { type: 'CONVERT_TO_ORDINARY', reason: 'a hearing was requested', at: at(5), by }]);
    expect(toView(converted)).toMatchObject({ stage: 'handling', track: 'ordinary', status: 'open' });
    expect(converted.context.history.at(-1)).toMatchObject({ type: 'CONVERT_TO_ORDINARY', from: 'handling', to: 'handling' });
  });
});
