import { describe, expect, it } from 'vitest';
import { caseFigures } from '../../machines/case-figures';
import { allowedEvents, decide, stageOf, tick, toView } from '../../machines/case-engine';
import { apply, applyAll, cmd, frozen, open, refused, toHandling, walk } from './fixtures';

// Shipped policy: the register limit (PT24H from 01:00Z on 2 March) warns at 80 %, at 20:12Z.
const assign = (to: string, at = '2026-03-02T10:00:00+08:00') => ({ type: 'ASSIGN' as const, to, at });

describe('ASSIGN (contract section 10)', () => {
  it('sets the assignee, keeps the stage and records who assigned whom', () => {
    const s = apply(open(), assign('officer-1024'));
    const view = toView(s);
    expect(view.assignee).toBe('officer-1024');
    expect(view.stage).toBe('reported');
    expect(view.history.at(-1)).toMatchObject({ type: 'ASSIGN', by: 'officer-7', from: 'reported', to: 'reported' });
  });

  it('a case never assigned shows a null assignee', () => {
    expect(toView(open()).assignee).toBeNull();
  });

  it('reassigns to another officer; the same officer again is refused and leaves no trace', () => {
    const once = apply(open(), assign('officer-1024'));
    const twice = apply(once, assign('officer-2048', '2026-03-02T11:00:00+08:00'));
    expect(toView(twice).assignee).toBe('officer-2048');
    const before = frozen(twice);
    const refusal = refused(twice, assign('officer-2048', '2026-03-02T12:00:00+08:00'));
    expect(refusal).toMatchObject({ stage: 'reported', reason: 'the case is already assigned to officer-2048' });
    expect(refusal.allowed).toContain('ASSIGN');
    expect(frozen(twice)).toEqual(before);
    expect(toView(twice).history.filter((h) => h.type === 'ASSIGN')).toHaveLength(2);
  });

  it('is offered in every open stage and refused in a closed one, with what is allowed', () => {
    const handling = applyAll(open(), toHandling);
    expect(allowedEvents(handling)).toContain('ASSIGN');
    const closed = apply(handling, walk.close);
    expect(allowedEvents(closed)).not.toContain('ASSIGN');
    const d = decide(closed, cmd(assign('officer-1024', '2026-04-25T09:00:00+08:00')));
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.refusal).toMatchObject({ stage: 'closed', allowed: [], reason: 'ASSIGN is not allowed in stage closed' });
    expect(stageOf(closed)).toBe('closed');
  });
});

describe('warnings follow the assignee', () => {
  it('an unassigned case warns the handler', () => {
    const [warning] = toView(tick(open(), '2026-03-02T20:12:00Z')).escalations;
    expect(warning).toMatchObject({ level: 'warning', target: 'handler' });
  });

  it('an assigned case warns its officer, in the view and in the webhook delivery; overdue rungs keep the chain', () => {
    const s = tick(tick(apply(open(), assign('officer-1024')), '2026-03-02T20:12:00Z'), '2026-03-03T01:00:00Z');
    expect(toView(s).escalations.map((e) => [e.level, e.target])).toEqual([['warning', 'officer:officer-1024'], ['overdue', 'station-leader']]);
    expect(s.context.outbox.filter((d) => d.kind === 'escalation').map((d) => d.target)).toEqual(['officer:officer-1024', 'station-leader']);
  });
});

describe('figures', () => {
  it('an assigned case says so; an unassigned one carries no flag, as memos from before assignment', () => {
    expect(caseFigures(open().context, 'reported')).not.toHaveProperty('assigned');
    const s = apply(open(), assign('officer-1024'));
    expect(caseFigures(s.context, 'reported')).toMatchObject({ assigned: true });
  });
});
