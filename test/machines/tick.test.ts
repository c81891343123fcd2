// `tick` skips the machine before the next wake-up. That is only right if the machine itself, run with TICK at
// such a time, would change nothing: this drives random cases along random paths and random times and checks it.
import fc from 'fast-check';
import { transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { decide, nextWakeAt, tick, type CaseSnapshot } from '../../machines/case-engine';
import { caseMachine } from '../../machines/case-machine';
import type { CaseEventRequest } from '../../contracts/case';
import { admittedFacts, cmd, hourPolicy, open, shipped, type Step } from './fixtures';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T09:00:00+08:00');

const events: CaseEventRequest[] = [
  { type: 'REGISTER' },
  { type: 'NOTIFY' },
  { type: 'FILE', decision: 'file' },
  { type: 'FILE', decision: 'decline' },
  { type: 'FILE', decision: 'file', track: 'fast', facts: admittedFacts },
  { type: 'APPROVE' },
  { type: 'REJECT', reason: 'again' },
  { type: 'SUSPEND_CLOCK', reason: 'expert opinion' },
  { type: 'RESUME_CLOCK' },
  { type: 'EXTEND', limit: 'handle' },
  { type: 'EXTEND', limit: 'register' },
  { type: 'CLOSE', outcome: 'penalty' },
];

type Walk = { hourly: boolean; category: 'criminal' | 'administrative'; custody: boolean; steps: Array<{ gapHours: number; event?: CaseEventRequest }>; probe: number };

/** A step is an event (refused ones leave the case as it was) or a plain passing of time, after a gap. */
const step = fc.record({ gapHours: fc.integer({ min: 0, max: 400 }), event: fc.option(fc.constantFrom(...events), { nil: undefined }) });
const walk: fc.Arbitrary<Walk> = fc.record({
  hourly: fc.boolean(),
  category: fc.constantFrom('criminal' as const, 'administrative' as const),
  custody: fc.boolean(),
  steps: fc.array(step, { maxLength: 12 }),
  probe: fc.double({ min: 0, max: 1, noNaN: true }),
});


function play(w: Walk) {
  let s: CaseSnapshot = open({ category: w.category, reportedAt: new Date(START).toISOString(), custody: w.custody }, w.hourly ? hourPolicy() : shipped);
  let now = START;
  for (const { gapHours, event } of w.steps) {
    now += gapHours * HOUR;
    s = tick(s, new Date(now).toISOString());
    if (event) {
      const d = decide(s, cmd({ ...event, at: new Date(now).toISOString() } as Step));
      if (d.ok) s = d.snapshot;
    }
  }
  return { s, now };
}

const contextOf = (s: CaseSnapshot) => JSON.parse(JSON.stringify({ value: s.value, context: s.context }));

describe('tick before the next wake-up', () => {
  it('is what the machine would do: nothing', () => {
    fc.assert(
      fc.property(walk, (w) => {
        const { s, now } = play(w);
        const wake = nextWakeAt(s.context);
        const until = wake === null ? now + 1000 * HOUR : Date.parse(wake);
        if (until <= now) return;
        const at = new Date(now + Math.floor(w.probe * (until - now - 1))).toISOString();
        const machine = transition(caseMachine, s, { type: 'TICK', at })[0];
        expect(contextOf(machine)).toEqual(contextOf(s));
        expect(tick(s, at)).toBe(s);
      }),
      { numRuns: 400 },
    );
  });

  it('still runs the machine once the wake-up is due', () => {
    const s = open({ reportedAt: new Date(START).toISOString() }, hourPolicy());
    const wake = nextWakeAt(s.context)!;
    const after = tick(s, wake);
    expect(after).not.toBe(s);
    expect(after.context.escalations.length).toBeGreaterThan(s.context.escalations.length);
  });
});
