import { describe, expect, it } from 'vitest';
import type { Facts } from '../../contracts/case';
import { stageOf, tick, toView } from '../../machines/case-engine';
import { admittedFacts, apply, applyAll, deadline, frozen, open, refused, toHandling, toNotified, toReview, walk, type CaseSpec, type Step } from './fixtures';

const fileFast = (facts?: Partial<Facts>): Step => ({
  type: 'FILE',
  decision: 'file',
  track: 'fast',
  ...(facts ? { facts: { ...admittedFacts, ...facts } } : {}),
  at: '2026-03-03T09:00:00+08:00',
});

describe('fast track eligibility, administrative', () => {
  const notified = applyAll(open({ category: 'administrative', offense: 'affray' }), toNotified);

  it.each([
    ['admitted, nothing against it', {}],
    ['detention of 9 days', { detentionDays: 9 }],
  ] as const)('%s: allowed', (_name, facts) => {
    const s = apply(notified, fileFast(facts));
    expect(toView(s)).toMatchObject({ stage: 'review', track: 'fast' });
  });

  it.each([
    ['not admitted', { admitted: false }],
    ['a minor', { minor: true }],
    ['blind, deaf or mute', { disabled: true }],
    ['mentally ill', { mentallyIll: true }],
    ['a hearing required', { hearingRequired: true }],
    ['detention of 10 days', { detentionDays: 10 }],
    ['detention of 15 days', { detentionDays: 15 }],
  ] as const)('%s: refused', (_name, facts) => {
    const r = refused(notified, fileFast(facts));
    expect(r.stage).toBe('notified');
    expect(r.allowed).toContain('FILE');
    expect(r.reason).toMatch(/fast/i);
  });

  it('no facts at all: refused, since nothing is admitted', () => {
    expect(refused(notified, fileFast()).reason).toMatch(/fast/i);
  });

  it('the same filing on the ordinary track is accepted whatever the facts', () => {
    const s = apply(notified, { type: 'FILE', decision: 'file', track: 'ordinary', facts: { ...admittedFacts, minor: true, detentionDays: 15 }, at: '2026-03-03T09:00:00+08:00' });
    expect(toView(s)).toMatchObject({ stage: 'review', track: 'ordinary' });
  });
});

describe('fast track eligibility, criminal', () => {
  const at = (spec: CaseSpec) => applyAll(open(spec), toNotified);

  it('admitted, offense not on the negative list: allowed', () => {
    expect(toView(apply(at({ offense: 'theft' }), fileFast({}))).track).toBe('fast');
  });

  it('the administrative-only conditions do not apply to a criminal case', () => {
    const s = apply(at({ offense: 'theft' }), fileFast({ minor: true, hearingRequired: true, detentionDays: 30 }));
    expect(toView(s).track).toBe('fast');
  });

  it('not admitted: refused', () => {
    expect(refused(at({ offense: 'theft' }), fileFast({ admitted: false })).reason).toMatch(/fast/i);
  });

  it.each(['homicide', 'drug_trafficking'])('offense %s on the negative list: refused, even at a specialized unit', (offense) => {
    for (const unitType of ['station', 'specialized'] as const) {
      const r = refused(at({ offense, unitType }), fileFast({}));
      expect(r.stage).toBe('notified');
      expect(r.reason).toMatch(/fast/i);
    }
  });
});

describe('negative list and transfer', () => {
  it('at a station, APPROVE of a negative-list filing waits for transfer', () => {
    expect(stageOf(applyAll(open({ offense: 'homicide' }), toHandling))).toBe('awaiting_transfer');
  });

  it('at a specialized unit, the same filing goes straight to handling', () => {
    expect(stageOf(applyAll(open({ offense: 'homicide', unitType: 'specialized' }), toHandling))).toBe('handling');
  });

  it('an offense not on the list goes to handling at a station', () => {
    expect(stageOf(applyAll(open({ offense: 'theft' }), toHandling))).toBe('handling');
  });

  it('a declined negative-list filing is not held for transfer: the reporter is told', () => {
    const s = applyAll(open({ offense: 'homicide' }), [...toNotified, walk.decline, walk.approve]);
    expect(stageOf(s)).toBe('decline_notice');
  });

  describe('awaiting transfer', () => {
    const waiting = applyAll(open({ offense: 'homicide' }), toHandling);
    const later = '2026-03-05T09:00:00+08:00';

    it('a transfer to another station is refused', () => {
      const r = refused(waiting, { type: 'TRANSFER', toUnit: 'S02', toUnitType: 'station', at: later });
      expect(r.stage).toBe('awaiting_transfer');
      expect(r.allowed).toContain('TRANSFER');
    });

    it('nothing closes it at the station', () => {
      expect(refused(waiting, { type: 'CLOSE', outcome: 'dismissed', at: later }).allowed).not.toContain('CLOSE');
    });

    it('a transfer to a specialized unit moves it to handling there', () => {
      const s = apply(waiting, { type: 'TRANSFER', toUnit: 'SPEC-9', toUnitType: 'specialized', at: later });
      expect(toView(s)).toMatchObject({ stage: 'handling', station: 'SPEC-9', unitType: 'specialized' });
      expect(stageOf(apply(s, { type: 'CLOSE', outcome: 'prosecution', at: '2026-03-06T09:00:00+08:00' }))).toBe('closed');
    });
  });
});

describe('CONVERT_TO_ORDINARY', () => {
  const convert: Step = { type: 'CONVERT_TO_ORDINARY', reason: 'not so simple after all', at: '2026-03-05T09:00:00+08:00' };

  it('on the fast track: back to ordinary', () => {
    const s = apply(applyAll(open(), [...toNotified, walk.fast, walk.approve]), convert);
    expect(toView(s)).toMatchObject({ stage: 'handling', track: 'ordinary' });
  });

  it('already ordinary: refused', () => {
    const r = refused(applyAll(open(), toHandling), convert);
    expect(r).toMatchObject({ stage: 'handling' });
    expect(r.allowed).toContain('CONVERT_TO_ORDINARY');
  });
});

describe('the clock', () => {
  const registered = apply(open(), walk.register);
  const suspend: Step = { type: 'SUSPEND_CLOCK', reason: 'suspect abroad', at: '2026-03-02T12:00:00+08:00' };
  const resume: Step = { type: 'RESUME_CLOCK', at: '2026-03-02T13:00:00+08:00' };

  it('SUSPEND_CLOCK twice: the second is refused', () => {
    const s = apply(registered, suspend);
    expect(toView(s).suspended).toEqual({ since: '2026-03-02T04:00:00.000Z', reason: 'suspect abroad' });
    expect(refused(s, { ...suspend, at: '2026-03-02T12:30:00+08:00' }).reason).toMatch(/suspended/);
  });

  it('RESUME_CLOCK without a suspension is refused', () => {
    expect(refused(registered, resume).reason).toMatch(/not suspended/);
  });

  it('suspend, resume, suspend again is fine', () => {
    const s = applyAll(registered, [suspend, resume, { ...suspend, at: '2026-03-02T14:00:00+08:00' }]);
    expect(toView(s).suspended?.since).toBe('2026-03-02T06:00:00.000Z');
  });
});

describe('EXTEND', () => {
  const extendFile = (at: string): Step => ({ type: 'EXTEND', limit: 'file', at });

  it('a criminal file limit takes the policy’s two extensions, and refuses a third', () => {
    const registered = apply(open(), walk.register);
    const once = apply(registered, extendFile('2026-03-02T12:00:00+08:00'));
    const twice = apply(once, extendFile('2026-03-02T13:00:00+08:00'));
    expect(deadline(twice, 'file').extensions).toBe(2);
    const before = frozen(twice);
    const r = refused(twice, extendFile('2026-03-02T14:00:00+08:00'));
    expect(r.stage).toBe('registered');
    expect(r.allowed).toContain('EXTEND');
    expect(frozen(twice)).toEqual(before);
  });

  it('a limit the policy gives no extension is refused on the first try', () => {
    const review = applyAll(open(), toReview);
    expect(refused(review, { type: 'EXTEND', limit: 'review', at: '2026-03-03T10:00:00+08:00' }).reason).toMatch(/review/);
  });

  it('a limit that is not running is refused: not started yet, or already met', () => {
    const registered = apply(open({ category: 'administrative' }), walk.register);
    expect(refused(registered, { type: 'EXTEND', limit: 'handle', at: '2026-03-02T12:00:00+08:00' }).reason).toMatch(/handle/);
    const review = applyAll(open(), toReview);
    expect(refused(review, extendFile('2026-03-03T10:00:00+08:00')).reason).toMatch(/file/);
  });

  it('an administrative handle limit extends once, on either track', () => {
    const handling = applyAll(open({ category: 'administrative' }), [...toNotified, walk.fast, walk.approve]);
    const once = apply(handling, { type: 'EXTEND', limit: 'handle', at: '2026-03-04T10:00:00+08:00' });
    expect(deadline(once, 'handle').extensions).toBe(1);
    refused(once, { type: 'EXTEND', limit: 'handle', at: '2026-03-04T11:00:00+08:00' });
  });
});

describe('ACK_ESCALATION', () => {
  // The register limit (PT24H from 09:00 local) warns at 80 %, i.e. 19 h 12 min in.
  const warned = tick(open(), '2026-03-03T05:00:00+08:00');
  const ack = (escalationId: string, at = '2026-03-03T06:00:00+08:00'): Step => ({ type: 'ACK_ESCALATION', escalationId, note: 'on it', at });

  it('an unknown escalation is refused', () => {
    expect(refused(warned, ack('no-such-escalation')).reason).toMatch(/no-such-escalation/);
  });

  it('a raised escalation is acknowledged once; the second acknowledgement is refused', () => {
    const [raised] = toView(warned).escalations;
    expect(raised).toBeDefined();
    const s = apply(warned, ack(raised!.id));
    expect(toView(s).escalations[0]).toMatchObject({ id: raised!.id, acknowledged: true, acknowledgedBy: 'officer-7', note: 'on it' });
    expect(refused(s, ack(raised!.id, '2026-03-03T07:00:00+08:00')).reason).toMatch(/already/);
  });
});

describe('business time', () => {
  const registered = apply(open(), walk.register); // REGISTER at 10:00 local = 02:00Z

  it('an event earlier than the last one is refused, whatever offset it is written in', () => {
    expect(refused(registered, { type: 'NOTIFY', at: '2026-03-02T09:59:59+08:00' }).reason).toMatch(/earlier/);
    expect(refused(registered, { type: 'NOTIFY', at: '2026-03-02T01:59:59Z' }).reason).toMatch(/earlier/);
  });

  it('the same instant as the last event, or later in another offset, is accepted', () => {
    expect(stageOf(apply(registered, { type: 'NOTIFY', at: '2026-03-02T02:00:00Z' }))).toBe('notified');
    expect(stageOf(apply(registered, { type: 'NOTIFY', at: '2026-03-01T20:30:00-06:00' }))).toBe('notified');
  });

  it('REGISTER before the case was reported is refused', () => {
    expect(refused(open(), { type: 'REGISTER', at: '2026-03-02T08:59:00+08:00' }).stage).toBe('reported');
  });

  it('a supervisor event is held to the same rule', () => {
    expect(refused(registered, { type: 'EXTEND', limit: 'file', at: '2026-03-02T09:00:00+08:00' }).reason).toMatch(/earlier/);
  });
});
