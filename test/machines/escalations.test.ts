import { describe, expect, it } from 'vitest';
import { CASE_MAX_ESCALATIONS } from '../../contracts/bounds';
import type { EscalationView } from '../../contracts/case';
import { markDelivered, nextWakeAt, tick, toView, type CaseSnapshot } from '../../machines/case-engine';
import { apply, applyAll, hourPolicy, open, toHandling, walk } from './fixtures';

// Shipped policy: warnAt [0.8], repeat every P1D, chain station-leader → legal-officer → bureau-supervision.
// The case is reported at 09:00 Mon 2 March 2026 local (01:00Z); register is PT24H, due 01:00Z Tue 3.
// 0.8 × 24 h = 19 h 12 min → the warning falls at 20:12Z on Mon 2.

const brief = (e: EscalationView) => ({ limit: e.limit, level: e.level, target: e.target, raisedAt: e.raisedAt });
const ofLimit = (s: CaseSnapshot, limit: string) => toView(s).escalations.filter((e) => e.limit === limit);
const ticks = (s: CaseSnapshot, instants: string[]) => instants.reduce((x, at) => tick(x, at), s);

const registerRungs = [
  { limit: 'register', level: 'warning', target: 'handler', raisedAt: '2026-03-02T20:12:00.000Z' },
  { limit: 'register', level: 'overdue', target: 'station-leader', raisedAt: '2026-03-03T01:00:00.000Z' },
  { limit: 'register', level: 'overdue', target: 'legal-officer', raisedAt: '2026-03-04T01:00:00.000Z' },
  { limit: 'register', level: 'overdue', target: 'bureau-supervision', raisedAt: '2026-03-05T01:00:00.000Z' },
  { limit: 'register', level: 'overdue', target: 'bureau-supervision', raisedAt: '2026-03-06T01:00:00.000Z' },
];

describe('warning and overdue rungs', () => {
  const reported = open();

  it('nothing before 80 % of the span', () => {
    expect(toView(tick(reported, '2026-03-02T20:11:59.999Z')).escalations).toEqual([]);
  });

  it('a warning to the handler at 80 %', () => {
    const [warning, ...rest] = toView(tick(reported, '2026-03-02T20:12:00Z')).escalations;
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({
      limit: 'register', level: 'warning', target: 'handler', dueAt: '2026-03-03T01:00:00.000Z', raisedAt: '2026-03-02T20:12:00.000Z', acknowledged: false,
    });
  });

  it('an overdue to the first rung at dueAt, then one a day, climbing and staying at the top', () => {
    const s = ticks(reported, ['2026-03-02T20:12:00Z', '2026-03-03T00:59:59Z', '2026-03-03T01:00:00Z', '2026-03-04T01:00:00Z', '2026-03-05T01:00:00Z', '2026-03-06T01:00:00Z']);
    expect(toView(s).escalations.map(brief)).toEqual(registerRungs);
  });

  it('a tick long after folds the missed overdue rungs into one, at the rung the last reached, dated when it fell due', () => {
    const late = tick(reported, '2026-03-06T01:00:00Z');
    expect(toView(late).escalations.map((e) => ({ ...brief(e), missed: e.missed }))).toEqual([
      { ...registerRungs[0], missed: 0 },
      { ...registerRungs[4], missed: 3 },
    ]);
    // The cadence goes on from the folded rung as a punctual worker's would, at the top of the chain.
    const next = tick(late, '2026-03-07T01:00:00Z');
    expect(toView(next).escalations.at(-1)).toMatchObject({ level: 'overdue', target: 'bureau-supervision', raisedAt: '2026-03-07T01:00:00.000Z', missed: 0 });
    const punctual = ticks(reported, [...registerRungs.map((r) => r.raisedAt), '2026-03-07T01:00:00Z']);
    expect(nextWakeAt(next.context)).toBe(nextWakeAt(punctual.context));
  });

  it('a tick of a case whose generation predates folding still raises every missed rung, dated and numbered as a punctual one', () => {
    const punctual = ticks(reported, registerRungs.map((r) => r.raisedAt));
    const late = tick(reported, '2026-03-06T01:00:00Z', 'each');
    expect(toView(late).escalations.map(brief)).toEqual(registerRungs);
    expect(toView(late).escalations.map((e) => e.id)).toEqual(toView(punctual).escalations.map((e) => e.id));
  });

  it('after a very long outage one tick raises one overdue escalation per limit, and the next wake-up is the next repeat', () => {
    // Overdue daily from 01:00Z Tue 3 March to 01:00Z Fri 1 May: 29 in March + 30 in April + 1 = 60 rungs, 59 folded.
    const at = '2026-05-01T01:00:00Z';
    const s = tick(reported, at);
    const raised = toView(s).escalations;
    expect(raised.map((e) => [e.level, e.target, e.missed])).toEqual([['warning', 'handler', 0], ['overdue', 'bureau-supervision', 59]]);
    expect(raised.at(-1)).toMatchObject({ raisedAt: '2026-05-01T01:00:00.000Z' });
    expect(s.context.outbox).toHaveLength(2);
    expect(nextWakeAt(s.context)).toBe('2026-05-02T01:00:00.000Z');
  });

  it('a report backdated a year folds a year of daily repeats into one escalation', () => {
    // Daily at 01:00Z from Tue 3 March 2026 to Tue 2 March 2027: 365 rungs, 364 of them folded.
    const s = tick(reported, '2027-03-03T00:59:59Z');
    expect(toView(s).escalations.map((e) => [e.level, e.missed, e.raisedAt])).toEqual([
      ['warning', 0, '2026-03-02T20:12:00.000Z'],
      ['overdue', 364, '2027-03-02T01:00:00.000Z'],
    ]);
  });

  it('keeps the newest CASE_MAX_ESCALATIONS escalations of a limit left overdue for months, still raising each day', () => {
    const days = CASE_MAX_ESCALATIONS + 50;
    const instants = Array.from({ length: days }, (_, i) => new Date(Date.parse('2026-03-03T01:00:00Z') + i * 86_400_000).toISOString());
    const s = ticks(reported, instants);
    const kept = toView(s).escalations;
    expect(kept).toHaveLength(CASE_MAX_ESCALATIONS);
    expect(kept.at(-1)).toMatchObject({ raisedAt: instants.at(-1), level: 'overdue' });
    expect(new Set(kept.map((e) => e.id)).size).toBe(CASE_MAX_ESCALATIONS);
    // Every day's escalation was still raised for delivery.
    expect(s.context.outbox).toHaveLength(days + 1);
    // Cases of the generations before folding kept them all.
    const each = instants.reduce((x, at) => tick(x, at, 'each'), reported);
    expect(toView(each).escalations).toHaveLength(days + 1);
  });

  it('folds to the same last rung, instant and count as raising each, for day and clock-time cadences alike', () => {
    const hourly = open({}, hourPolicy({ escalation: { warnAt: [0.8], repeatOverdueEvery: 'PT90M', chain: ['a', 'b', 'c', 'd'] } }));
    const cases = [
      { s: reported, ats: ['2026-03-03T01:00:00Z', '2026-03-04T00:59:59Z', '2026-03-09T13:00:00Z', '2026-03-31T01:00:00Z'] },
      { s: hourly, ats: ['2026-03-02T11:00:00Z', '2026-03-02T12:29:59Z', '2026-03-02T14:00:00Z', '2026-03-03T23:59:00Z'] },
    ];
    for (const { s, ats } of cases) {
      for (const at of ats) {
        const each = toView(tick(s, at, 'each')).escalations.filter((e) => e.level === 'overdue');
        const [folded, ...more] = toView(tick(s, at)).escalations.filter((e) => e.level === 'overdue');
        expect(more).toEqual([]);
        expect(folded).toMatchObject({ target: each.at(-1)!.target, raisedAt: each.at(-1)!.raisedAt, missed: each.length - 1 });
      }
    }
  });

  it('ids are unique, and ticking again at the same instant raises nothing new', () => {
    const s = tick(reported, '2026-03-06T01:00:00Z');
    const ids = toView(s).escalations.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(tick(s, '2026-03-06T01:00:00Z').context.escalations).toEqual(s.context.escalations);
    expect(tick(s, '2026-03-06T12:00:00Z').context.escalations).toEqual(s.context.escalations);
  });

  it('acknowledging does not stop the climb: only meeting the limit does', () => {
    const overdue = tick(reported, '2026-03-03T01:00:00Z');
    const first = toView(overdue).escalations.find((e) => e.level === 'overdue')!;
    const acked = apply(overdue, { type: 'ACK_ESCALATION', escalationId: first.id, at: '2026-03-03T02:00:00Z' });
    const next = tick(acked, '2026-03-04T01:00:00Z');
    expect(ofLimit(next, 'register').map((e) => [e.target, e.acknowledged])).toEqual([
      ['handler', false],
      ['station-leader', true],
      ['legal-officer', false],
    ]);
  });
});

describe('meeting the limit stops escalation', () => {
  it('met before its warning: never escalated', () => {
    const s = tick(apply(open(), walk.register), '2026-03-20T00:00:00Z');
    expect(ofLimit(s, 'register')).toEqual([]);
  });

  it('met after going overdue: what was raised stays, nothing more comes', () => {
    const overdue = tick(open(), '2026-03-03T01:00:00Z');
    const met = apply(overdue, { type: 'REGISTER', at: '2026-03-03T02:00:00Z' });
    const later = tick(met, '2026-03-10T00:00:00Z');
    expect(ofLimit(later, 'register').map(brief)).toEqual(registerRungs.slice(0, 2));
  });

  it('a closed case raises nothing', () => {
    const closed = applyAll(open(), [...toHandling, walk.close]);
    expect(tick(closed, '2026-12-31T00:00:00Z').context.escalations).toEqual(closed.context.escalations);
  });
});

describe('suspension', () => {
  const suspended = apply(applyAll(open(), [walk.register, walk.notify]), { type: 'SUSPEND_CLOCK', reason: 'suspect in hospital', at: '2026-03-02T12:00:00+08:00' });

  it('nothing is raised while the clock is stopped, however long', () => {
    const s = tick(suspended, '2026-06-01T00:00:00Z');
    expect(s.context.escalations).toEqual([]);
    expect(s.context.outbox.filter((d) => d.kind === 'escalation')).toEqual([]);
  });

  it('no wake-up is needed while every running limit is suspended', () => {
    expect(nextWakeAt(suspended.context)).toBeNull();
  });
});

describe('the outbox', () => {
  const s = tick(apply(open(), walk.register), '2026-03-03T02:00:00Z');
  const escalations = s.context.outbox.filter((d) => d.kind === 'escalation');

  it('holds one delivery per raised escalation, in the webhook’s shape', () => {
    expect(escalations.map((d) => d.id)).toEqual(toView(s).escalations.map((e) => e.id));
    for (const d of escalations) {
      expect(Object.keys(d).sort()).toEqual(['caseId', 'dueAt', 'id', 'kind', 'level', 'limit', 'missed', 'raisedAt', 'station', 'target'].sort());
      expect(d).toMatchObject({ caseId: 'C-1', station: 'S01' });
    }
    // REGISTER at 02:00Z: notify (PT24H) warns at 21:12Z and is overdue at 02:00Z on Tue 3; file (P3D, due 16:00Z Thu 5) has not warned yet.
    expect(escalations.map((d) => [d.limit, d.level, d.target, d.raisedAt, d.dueAt])).toEqual([
      ['notify', 'warning', 'handler', '2026-03-02T21:12:00.000Z', '2026-03-03T02:00:00.000Z'],
      ['notify', 'overdue', 'station-leader', '2026-03-03T02:00:00.000Z', '2026-03-03T02:00:00.000Z'],
    ]);
  });

  it('keeps a delivery until it is marked delivered; the view keeps the escalation', () => {
    const [first, second] = escalations;
    const after = markDelivered(s, first!.id);
    expect(after.context.outbox.map((d) => d.id)).not.toContain(first!.id);
    expect(after.context.outbox.map((d) => d.id)).toContain(second!.id);
    expect(toView(after).escalations).toEqual(toView(s).escalations);
  });

  it('marking an unknown or already delivered id changes nothing', () => {
    const once = markDelivered(s, escalations[0]!.id);
    expect(markDelivered(once, escalations[0]!.id).context).toEqual(once.context);
    expect(markDelivered(s, 'nope').context).toEqual(s.context);
  });

  it('an escalation after a transfer names the unit that holds the case now', () => {
    const waiting = applyAll(open({ offense: 'homicide' }), toHandling);
    const moved = apply(waiting, { type: 'TRANSFER', toUnit: 'SPEC-1', toUnitType: 'specialized', at: '2026-03-05T09:00:00+08:00' });
    const late = tick(moved, '2026-04-08T00:00:00Z');
    const handle = late.context.outbox.filter((d) => d.limit === 'handle');
    expect(handle.length).toBeGreaterThan(0);
    expect(handle.every((d) => d.station === 'SPEC-1')).toBe(true);
  });
});

describe('nextWakeAt', () => {
  it('walks from warning to overdue to each daily repeat', () => {
    let s = open();
    expect(nextWakeAt(s.context)).toBe('2026-03-02T20:12:00.000Z');
    s = tick(s, '2026-03-02T20:12:00Z');
    expect(nextWakeAt(s.context)).toBe('2026-03-03T01:00:00.000Z');
    s = tick(s, '2026-03-03T01:00:00Z');
    expect(nextWakeAt(s.context)).toBe('2026-03-04T01:00:00.000Z');
  });

  it('is the earliest instant over all running limits', () => {
    const registered = apply(open(), walk.register);
    // notify warns at 02:00Z + 19 h 12 min; file spans 02:00Z Mon → 16:00Z Thu = 86 h, 80 % = 68 h 48 min → 22:48Z Wed.
    expect(nextWakeAt(registered.context)).toBe('2026-03-02T21:12:00.000Z');
    expect(nextWakeAt(apply(registered, walk.notify).context)).toBe('2026-03-04T22:48:00.000Z');
  });

  it('is null once nothing runs', () => {
    expect(nextWakeAt(applyAll(open(), [...toHandling, walk.close]).context)).toBeNull();
  });
});

describe('a policy with two warnings and a six-hour repeat', () => {
  const policy = hourPolicy({ escalation: { warnAt: [0.8, 0.5], repeatOverdueEvery: 'PT6H', chain: ['sergeant', 'captain'] } });

  it('warns at each fraction in order, then climbs a two-rung chain every six hours', () => {
    // register PT10H from 00:00Z: warnings at 05:00Z and 08:00Z, overdue at 10:00Z, 16:00Z, 22:00Z.
    const instants = ['05:00', '08:00', '10:00', '16:00', '22:00'].map((t) => `2026-03-02T${t}:00Z`);
    const s = ticks(open({ reportedAt: '2026-03-02T00:00:00Z' }, policy), instants);
    expect(toView(s).escalations.map((e) => [e.level, e.target, e.raisedAt])).toEqual([
      ['warning', 'handler', '2026-03-02T05:00:00.000Z'],
      ['warning', 'handler', '2026-03-02T08:00:00.000Z'],
      ['overdue', 'sergeant', '2026-03-02T10:00:00.000Z'],
      ['overdue', 'captain', '2026-03-02T16:00:00.000Z'],
      ['overdue', 'captain', '2026-03-02T22:00:00.000Z'],
    ]);
  });
});

describe('regressions: moved due dates keep escalations right', () => {
  // deadlines.ts moved() recounts warningsRaised from the new span, and the id is built from that count,
  // so a limit that warned, was extended, and warns again reuses the first warning's id.
  it('an extended limit that warns again gets a new escalation id', () => {
    const registered = apply(open({ category: 'administrative' }), walk.register);
    // administrative file: PT24H from 02:00Z → warning at 21:12Z; EXTEND +PT48H → due 02:00Z Thu 5,
    // 72 h span, 80 % = 57 h 36 min → a second warning at 11:36Z Wed 4.
    const warned = tick(registered, '2026-03-02T21:30:00Z');
    const extended = apply(warned, { type: 'EXTEND', limit: 'file', at: '2026-03-02T22:00:00Z' });
    const again = tick(extended, '2026-03-04T12:00:00Z');
    const fileWarnings = ofLimit(again, 'file').filter((e) => e.level === 'warning');
    expect(fileWarnings.map((e) => e.raisedAt)).toEqual(['2026-03-02T21:12:00.000Z', '2026-03-04T11:36:00.000Z']);
    expect(new Set(fileWarnings.map((e) => e.id)).size).toBe(2);
  });
});
