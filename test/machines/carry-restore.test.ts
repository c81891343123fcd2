import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  carry,
  decide,
  isOverdue,
  markDelivered,
  nextDueAt,
  nextWakeAt,
  restoreCase,
  stageOf,
  tick,
  toView,
  type CaseSnapshot,
} from '../../machines/case-engine';
import { apply, applyAll, cmd, open, toHandling, toNotified, walk } from './fixtures';

/** What continue-as-new does: the carried state crosses a JSON payload boundary into a new run. */
const continueAsNew = (s: CaseSnapshot) => restoreCase(JSON.parse(JSON.stringify(carry(s))));

const points: Array<[string, () => CaseSnapshot]> = [
  ['reported, with warnings and overdues pending in the outbox', () => tick(open(), '2026-03-04T12:00:00Z')],
  ['registered, with a notice queued', () => apply(open(), walk.register)],
  ['review on the fast track', () => applyAll(open(), [...toNotified, walk.fast])],
  ['awaiting transfer, overdue', () => tick(applyAll(open({ offense: 'homicide' }), toHandling), '2026-03-12T00:00:00Z')],
  ['handling, suspended', () => apply(applyAll(open(), toHandling), { type: 'SUSPEND_CLOCK', reason: 'witness abroad', at: '2026-03-05T09:00:00+08:00' })],
  ['handling, extended', () => apply(applyAll(open({ category: 'administrative' }), toHandling), { type: 'EXTEND', limit: 'handle', at: '2026-03-05T09:00:00+08:00' })],
  ['decline_notice', () => applyAll(open(), [...toNotified, walk.decline, walk.approve])],
  ['closed', () => applyAll(open(), [...toHandling, walk.close])],
];

describe.each(points)('carry() then restoreCase() at %s', (_name, build) => {
  const original = build();
  const restored = continueAsNew(original);

  it('keeps the stage, the view, the outbox and what is allowed next', () => {
    expect(stageOf(restored)).toBe(stageOf(original));
    expect(toView(restored)).toEqual(toView(original));
    expect(restored.context.outbox).toEqual(original.context.outbox);
    expect(allowedEvents(restored)).toEqual(allowedEvents(original));
  });

  it('keeps the timers the workflow arms', () => {
    expect(nextWakeAt(restored.context)).toBe(nextWakeAt(original.context));
    expect(nextDueAt(restored.context)).toBe(nextDueAt(original.context));
    expect(isOverdue(restored.context)).toBe(isOverdue(original.context));
  });

  it('does not replay entry notices', () => {
    expect(restored.context.outbox.filter((d) => d.kind === 'notice')).toHaveLength(original.context.outbox.filter((d) => d.kind === 'notice').length);
  });

  it('goes on exactly as the original would: ticks, deliveries and events', () => {
    const later = '2026-06-01T00:00:00Z';
    expect(toView(tick(restored, later))).toEqual(toView(tick(original, later)));
    expect(tick(restored, later).context.outbox).toEqual(tick(original, later).context.outbox);
    const first = original.context.outbox[0];
    if (first) expect(markDelivered(restored, first.id).context.outbox).toEqual(markDelivered(original, first.id).context.outbox);
    for (const step of [
      { type: 'RESUME_CLOCK', at: later },
      { type: 'SUSPEND_CLOCK', reason: 'r', at: later },
      { type: 'CLOSE', outcome: 'dismissed', at: later },
    ] as const) {
      const a = decide(original, cmd(step));
      const b = decide(restored, cmd(step));
      expect(b.ok).toBe(a.ok);
      expect(b.ok ? toView(b.snapshot) : b.refusal).toEqual(a.ok ? toView(a.snapshot) : a.refusal);
    }
  });

  it('survives a second continue-as-new unchanged', () => {
    expect(carry(continueAsNew(restored))).toEqual(carry(original));
  });
});
