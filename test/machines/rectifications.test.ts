import { describe, expect, it } from 'vitest';
import type { RectifyCommand } from '../../contracts/rectifications';
import { applyRectification, toView, type CaseSnapshot } from '../../machines/case-engine';
import { apply, applyAll, open, toHandling } from './fixtures';

// A homicide report approved at a station (Wed 4 March 2026, 09:00 Shanghai) holds negative-list-at-station, whose
// model carries rectify: P3D in the shipped policy: a rectification opens with the warning.
const atStation = () => applyAll(open({ offense: 'homicide' }), toHandling);
const transfer = { type: 'TRANSFER', toUnit: 'X1', toUnitType: 'specialized', at: '2026-03-05T09:00:00+08:00' } as const;
const step = (s: CaseSnapshot, rid: string, action: RectifyCommand['action'], at: string, note?: string) => {
  const d = applyRectification(s, { rid, action, at, by: action === 'answer' ? 'station-S01' : 'supervisor-1', ...(note ? { note } : {}) });
  if (!d?.ok) expect.fail(`refused: ${JSON.stringify(d)}`);
  return d.snapshot;
};
const only = (s: CaseSnapshot) => toView(s).rectifications![0]!;
const deliveries = (s: CaseSnapshot) => s.context.outbox.filter((d) => d.kind === 'rectification');

describe('rectifications (pure engine, shipped policy)', () => {
  it('opens with the warning of a model with rectify, due by the legal clock, as a webhook', () => {
    const s = atStation();
    expect(only(s)).toMatchObject({
      id: 'C-1:r:0', caseId: 'C-1', station: 'S01', model: 'negative-list-at-station', severity: 'high', status: 'open', answer: null,
      openedAt: '2026-03-04T01:00:00.000Z',
      // Three days from Wednesday end on Saturday, which is not a working day: the limit runs to the end of Monday.
      dueAt: '2026-03-09T16:00:00.000Z',
    });
    expect(deliveries(s)).toEqual([expect.objectContaining({ kind: 'rectification', limit: 'rectification', rectification: only(s) })]);
    expect(only(s).history).toEqual([{ action: 'opened', at: '2026-03-04T01:00:00.000Z', by: 'system', note: null }]);
  });

  it('is answered by the system when the condition clears first, and still needs a confirmation', () => {
    const s = apply(atStation(), transfer);
    expect(only(s)).toMatchObject({ status: 'answered', answer: { note: 'condition cleared', by: 'system', at: '2026-03-05T01:00:00.000Z' } });
    const confirmed = step(s, 'C-1:r:0', 'confirm', '2026-03-05T02:00:00Z');
    expect(only(confirmed)).toMatchObject({ status: 'confirmed' });
    expect(only(confirmed).history.map((h) => h.action)).toEqual(['opened', 'answered', 'confirmed']);
    expect(deliveries(confirmed)).toHaveLength(2);
  });

  it('goes open -> answered -> open (reopened, due afresh) -> answered -> confirmed', () => {
    let s = step(atStation(), 'C-1:r:0', 'answer', '2026-03-04T03:00:00Z', 'transfer papers sent');
    expect(only(s)).toMatchObject({ status: 'answered', answer: { note: 'transfer papers sent', by: 'station-S01' } });
    expect(deliveries(s)).toHaveLength(1);
    s = step(s, 'C-1:r:0', 'reopen', '2026-03-10T02:00:00Z', 'still at the station');
    expect(only(s)).toMatchObject({ status: 'open', answer: null, dueAt: '2026-03-13T16:00:00.000Z' });
    s = step(step(s, 'C-1:r:0', 'answer', '2026-03-10T03:00:00Z', 'handed over'), 'C-1:r:0', 'confirm', '2026-03-10T04:00:00Z');
    expect(only(s).history.map((h) => [h.action, h.by])).toEqual([
      ['opened', 'system'], ['answered', 'station-S01'], ['reopened', 'supervisor-1'], ['answered', 'station-S01'], ['confirmed', 'supervisor-1'],
    ]);
    expect(deliveries(s).map((d) => d.rectification!.status)).toEqual(['open', 'open', 'confirmed']);
  });

  it('refuses a step its status does not allow, naming the status and what it allows, and changes nothing', () => {
    const confirmed = step(step(atStation(), 'C-1:r:0', 'answer', '2026-03-04T03:00:00Z', 'done'), 'C-1:r:0', 'confirm', '2026-03-04T04:00:00Z');
    expect(applyRectification(confirmed, { rid: 'C-1:r:0', action: 'confirm', at: '2026-03-04T05:00:00Z', by: 'supervisor-1' })).toEqual({
      ok: false,
      refusal: { status: 'confirmed', allowed: [], reason: 'rectification C-1:r:0 is confirmed: confirm is not allowed' },
    });
    const opened = atStation();
    expect(applyRectification(opened, { rid: 'C-1:r:0', action: 'confirm', at: '2026-03-04T05:00:00Z', by: 'supervisor-1' })).toMatchObject({
      ok: false, refusal: { status: 'open', allowed: ['answer'] },
    });
    expect(applyRectification(opened, { rid: 'C-1:r:9', action: 'answer', at: '2026-03-04T05:00:00Z', by: 'x' })).toBeNull();
  });

  it('opens none for a model without rectify', () => {
    expect(toView(applyAll(open(), toHandling)).rectifications).toBeUndefined();
  });
});
