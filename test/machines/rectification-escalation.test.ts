import { describe, expect, it } from 'vitest';
import type { RectifyCommand } from '../../contracts/rectifications';
import { applyRectification, tick, toView, type CaseSnapshot } from '../../machines/case-engine';
import { nextRectificationWakeAt } from '../../machines/rectification-escalation';
import { applyAll, open, toHandling } from './fixtures';

// A homicide approved at a station (Wed 4 March 2026, 09:00 Shanghai) opens the negative-list rectification C-1:r:0,
// due at the end of Monday 9 March (2026-03-09T16:00Z). The shipped policy warns at 0.8 of a span, repeats overdue
// escalations every day (P1D: the next local day, same local time) along station-leader, legal-officer,
// bureau-supervision. The span is 135 h, so the warning falls 108 h in: 2026-03-08T13:00Z.
const atStation = () => applyAll(open({ offense: 'homicide' }), toHandling);
const RID = 'C-1:r:0';
const step = (s: CaseSnapshot, action: RectifyCommand['action'], at: string) => {
  const d = applyRectification(s, { rid: RID, action, at, by: action === 'answer' ? 'station-S01' : 'supervisor-1', note: 'x' });
  if (!d?.ok) expect.fail(`refused: ${JSON.stringify(d)}`);
  return d.snapshot;
};
const raised = (s: CaseSnapshot) =>
  s.context.outbox.filter((d) => d.kind === 'escalation' && d.limit === 'rectification').map((d) => [d.id, d.level, d.target, d.raisedAt, d.missed]);

describe('an open rectification escalates like a limit (pure engine, shipped policy)', () => {
  it('warns the handler at 0.8 of its span, then at its due and every day after goes one rung up the police chain', () => {
    let s = atStation();
    expect(raised(tick(s, '2026-03-08T12:59:59Z'))).toEqual([]);
    s = tick(s, '2026-03-08T13:00:00Z');
    expect(raised(s)).toEqual([[`${RID}:escalation:0`, 'warning', 'handler', '2026-03-08T13:00:00.000Z', 0]]);
    s = tick(tick(s, '2026-03-09T16:00:00Z'), '2026-03-10T16:00:00Z');
    expect(raised(s).slice(1)).toEqual([
      [`${RID}:escalation:1`, 'overdue', 'station-leader', '2026-03-09T16:00:00.000Z', 0],
      [`${RID}:escalation:2`, 'overdue', 'legal-officer', '2026-03-10T16:00:00.000Z', 0],
    ]);
    const delivery = s.context.outbox.find((d) => d.id === `${RID}:escalation:1`)!;
    expect(delivery).toMatchObject({ kind: 'escalation', caseId: 'C-1', station: 'S01', limit: 'rectification', dueAt: '2026-03-09T16:00:00.000Z' });
    expect(delivery.rectification).toMatchObject({ id: RID, status: 'open' });
    // The case view lists them with the limits' escalations, to be acknowledged like them.
    expect(toView(s).escalations.filter((e) => e.limit === 'rectification').map((e) => [e.id, e.level, e.target])).toEqual([
      [`${RID}:escalation:0`, 'warning', 'handler'],
      [`${RID}:escalation:1`, 'overdue', 'station-leader'],
      [`${RID}:escalation:2`, 'overdue', 'legal-officer'],
    ]);
  });

  it('stops once answered, and a reopen starts it again from the reopen\'s due, numbering on', () => {
    let s = step(tick(atStation(), '2026-03-09T16:00:00Z'), 'answer', '2026-03-09T20:00:00Z');
    expect(raised(s).map((r) => r[0])).toEqual([`${RID}:escalation:0`, `${RID}:escalation:1`]);
    // Answered: nothing more to wake for on its account, and the day's repeat is not raised.
    expect(nextRectificationWakeAt(s.context)).toBeNull();
    expect(raised(tick(s, '2026-03-10T16:00:00Z'))).toHaveLength(2);
    // Reopened at 10:00 on Tue 10 March: due at the end of Fri 13 March; the span is 86 h, its warning 68.8 h in.
    s = step(s, 'reopen', '2026-03-10T02:00:00Z');
    expect(toView(s).rectifications![0]!.dueAt).toBe('2026-03-13T16:00:00.000Z');
    expect(raised(tick(s, '2026-03-12T22:47:59Z'))).toHaveLength(2);
    // Three days late and no worker ran: the warning, then one overdue folding the four days, at the last rung reached.
    s = tick(s, '2026-03-16T16:00:00Z');
    expect(raised(s).slice(2)).toEqual([
      [`${RID}:escalation:2`, 'warning', 'handler', '2026-03-12T22:48:00.000Z', 0],
      [`${RID}:escalation:3`, 'overdue', 'bureau-supervision', '2026-03-16T16:00:00.000Z', 3],
    ]);
  });

  it('raises nothing for a case of a generation before rectifications escalated', () => {
    const s = atStation();
    expect(nextRectificationWakeAt(s.context)).toBe('2026-03-08T13:00:00.000Z');
    const late = tick(s, '2026-03-20T00:00:00Z', 'fold', false);
    expect(raised(late)).toEqual([]);
    expect(late.context.rectificationClocks).toBeUndefined();
    // Its limits still escalate as they always did.
    expect(late.context.outbox.some((d) => d.kind === 'escalation' && d.limit !== 'rectification')).toBe(true);
  });
});
