// One refusal path: the machine's `permitted` guard is the only place an event is judged, and decide() asks the
// rules again only to explain a refusal. The rules are spied on (called through, never replaced) to count the asks.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as rules from '../../machines/rules';
import { decide } from '../../machines/case-engine';
import { cmd, open, walk, type CaseSpec, type Step } from './fixtures';

vi.mock('../../machines/rules', async (importOriginal) => {
  const actual = await importOriginal<typeof rules>();
  return { ...actual, refusal: vi.fn(actual.refusal) };
});

const asks = vi.mocked(rules.refusal);
afterEach(() => asks.mockClear());

/** Walks the case through `steps` and counts, per step, how often the rules were asked. */
function asksPerStep(spec: CaseSpec, steps: readonly Step[]) {
  let snapshot = open(spec);
  return steps.map((step) => {
    asks.mockClear();
    const d = decide(snapshot, cmd(step));
    if (d.ok) snapshot = d.snapshot;
    return { type: step.type, ok: d.ok, asks: asks.mock.calls.length, reason: d.ok ? null : d.refusal.reason };
  });
}

describe('one refusal path', () => {
  it.each([
    ['to handling', {}, walk.file],
    ['declined, to the decline notice', {}, walk.decline],
    ['on the negative list at a station, to transfer', { offense: 'homicide' }, walk.file],
  ] as const)('an accepted event asks the rules once, APPROVE %s included', (_name, spec, filing) => {
    const steps = asksPerStep(spec, [walk.register, walk.notify, filing, walk.approve]);
    expect(steps).toEqual(steps.map((s) => ({ ...s, ok: true, asks: 1 })));
  });

  it('a refused event is judged by the guard and explained by the same rules: twice, with their reason', () => {
    const [, late] = asksPerStep({}, [walk.register, { ...walk.notify, at: '2026-03-02T09:00:00+08:00' }]);
    expect(late).toMatchObject({ ok: false, asks: 2, reason: expect.stringMatching(/earlier than the case's last event/) });
  });

  it('an event the stage has no transition for never reaches the rules', () => {
    const [approve] = asksPerStep({}, [walk.approve]);
    expect(approve).toMatchObject({ ok: false, asks: 0, reason: 'APPROVE is not allowed in stage reported' });
  });
});
