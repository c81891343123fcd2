import { describe, expect, it } from 'vitest';
import { isOverdue, nextWakeAt, tick, toView, type CaseSnapshot } from '../../machines/case-engine';
import { apply, applyAll, open, toHandling, toNotified, walk, type CaseSpec, type Step } from './fixtures';

// Expected instants are worked out by hand from contract section 5 and the shipped policy (Asia/Shanghai, UTC+8).
// After REGISTER at 10:00 local Mon 2 March (02:00Z): notify due 02:00Z Tue 3, file due 24:00 Thu 5 (16:00Z Thu 5).

const view = (s: CaseSnapshot, limit: string, nth = 0) => {
  const found = toView(s).deadlines.filter((d) => d.limit === limit)[nth];
  if (!found) throw new Error(`no ${limit} #${nth}`);
  return found;
};

const suspendAt = (at: string): Step => ({ type: 'SUSPEND_CLOCK', reason: 'awaiting forensic report', at });
const resumeAt = (at: string): Step => ({ type: 'RESUME_CLOCK', at });
const registered = (spec: CaseSpec = {}) => apply(open(spec), walk.register);

describe('SUSPEND_CLOCK', () => {
  const s = apply(registered(), suspendAt('2026-03-02T14:00:00+08:00'));

  it('stops every running limit and leaves met ones met', () => {
    expect(toView(s).deadlines.map((d) => [d.limit, d.status])).toEqual([
      ['register', 'met'],
      ['notify', 'suspended'],
      ['file', 'suspended'],
    ]);
    expect(toView(s).suspended).toEqual({ since: '2026-03-02T06:00:00.000Z', reason: 'awaiting forensic report' });
  });

  it('does not move any due while suspended', () => {
    expect(view(s, 'notify').dueAt).toBe('2026-03-03T02:00:00.000Z');
    expect(view(s, 'file').dueAt).toBe('2026-03-05T16:00:00.000Z');
  });

  it('a limit is not overdue while suspended, even past its due', () => {
    const late = tick(s, '2026-03-10T00:00:00Z');
    expect(view(late, 'notify').status).toBe('suspended');
    expect(isOverdue(late.context)).toBe(false);
  });
});

describe('RESUME_CLOCK', () => {
  it('moves each limit by exactly the suspended time; whole days then re-apply the working-day rule', () => {
    // 48 h stopped: notify 02:00Z Tue 3 → 02:00Z Thu 5 (clock time, exact);
    // file 24:00 Thu 5 + 48 h = 24:00 Sat 7, not a working day → 24:00 Mon 9.
    const s = applyAll(registered(), [suspendAt('2026-03-02T14:00:00+08:00'), resumeAt('2026-03-04T14:00:00+08:00')]);
    expect(view(s, 'notify')).toMatchObject({ dueAt: '2026-03-05T02:00:00.000Z', status: 'pending' });
    expect(view(s, 'file')).toMatchObject({ dueAt: '2026-03-09T16:00:00.000Z', status: 'pending' });
    expect(toView(s).suspended).toBeNull();
  });

  it('a move that lands on a working day stays exact', () => {
    // 24 h stopped: file 24:00 Thu 5 → 24:00 Fri 6.
    const s = applyAll(registered(), [suspendAt('2026-03-02T14:00:00+08:00'), resumeAt('2026-03-03T14:00:00+08:00')]);
    expect(view(s, 'file').dueAt).toBe('2026-03-06T16:00:00.000Z');
  });

  it('with custody the moved due stays on the Saturday', () => {
    const s = applyAll(registered({ custody: true }), [suspendAt('2026-03-02T14:00:00+08:00'), resumeAt('2026-03-04T14:00:00+08:00')]);
    expect(view(s, 'file').dueAt).toBe('2026-03-07T16:00:00.000Z');
  });

  it('a limit started while suspended runs only from the resume', () => {
    // Suspended 12:00 local Mon 2; FILE 09:00 local Tue 3 starts review (due 24:00 Fri 6) already stopped;
    // resumed 4 h later at 13:00 local: 24:00 Fri 6 + 4 h = 04:00 Sat 7 local, so the last day is Sat 7 → 24:00 Mon 9.
    const s1 = applyAll(open(), [...toNotified, suspendAt('2026-03-02T12:00:00+08:00'), walk.file]);
    expect(view(s1, 'review')).toMatchObject({ startedAt: '2026-03-03T01:00:00.000Z', dueAt: '2026-03-06T16:00:00.000Z', status: 'suspended' });
    const s2 = apply(s1, resumeAt('2026-03-03T13:00:00+08:00'));
    expect(view(s2, 'review')).toMatchObject({ dueAt: '2026-03-09T16:00:00.000Z', status: 'pending' });
  });

  it('two suspensions add up', () => {
    // 2 h + 3 h stopped: notify 02:00Z Tue 3 → 07:00Z Tue 3.
    const s = applyAll(registered(), [
      suspendAt('2026-03-02T12:00:00+08:00'),
      resumeAt('2026-03-02T14:00:00+08:00'),
      suspendAt('2026-03-02T15:00:00+08:00'),
      resumeAt('2026-03-02T18:00:00+08:00'),
    ]);
    expect(view(s, 'notify').dueAt).toBe('2026-03-03T07:00:00.000Z');
  });

  it('escalation picks up from the moved due', () => {
    // register (PT24H from 01:00Z Mon 2) warns at 20:12Z; stopped 21:00Z–23:00Z, it is due 03:00Z Tue 3.
    const warned = tick(open(), '2026-03-02T21:00:00Z');
    const s = applyAll(warned, [suspendAt('2026-03-02T21:00:00Z'), resumeAt('2026-03-02T23:00:00Z')]);
    expect(view(s, 'register').dueAt).toBe('2026-03-03T03:00:00.000Z');
    expect(nextWakeAt(s.context)).toBe('2026-03-03T03:00:00.000Z');
    expect(toView(tick(s, '2026-03-03T02:59:59Z')).escalations).toHaveLength(1);
    const overdue = tick(s, '2026-03-03T03:00:00Z');
    expect(toView(overdue).escalations.map((e) => [e.level, e.target, e.raisedAt])).toEqual([
      ['warning', 'handler', '2026-03-02T20:12:00.000Z'],
      ['overdue', 'station-leader', '2026-03-03T03:00:00.000Z'],
    ]);
  });
});

describe('EXTEND', () => {
  const extend = (limit: 'file' | 'handle', at: string): Step => ({ type: 'EXTEND', limit, at });

  it('criminal file: 3 → 7 → 30 days from REGISTER, then no more', () => {
    // Due 24:00 Thu 5 March; +P4D → 24:00 Mon 9 (= Mon 2 + 7); +P23D → 24:00 Wed 1 April (= Mon 2 + 30).
    const once = apply(registered(), extend('file', '2026-03-02T12:00:00+08:00'));
    expect(view(once, 'file')).toMatchObject({ dueAt: '2026-03-09T16:00:00.000Z', extensions: 1, status: 'pending' });
    const twice = apply(once, extend('file', '2026-03-02T13:00:00+08:00'));
    expect(view(twice, 'file')).toMatchObject({ dueAt: '2026-04-01T16:00:00.000Z', extensions: 2 });
  });

  it('an extension of whole days re-applies the working-day rule to the new last day', () => {
    // Without custody the file limit from Mon 28 Sept already sits at 24:00 Thu 8 Oct; +P4D → 24:00 Mon 12 Oct.
    // With custody it sits at 24:00 Thu 1 Oct; +P4D → 24:00 Mon 5 Oct, a holiday that custody ignores.
    const from28 = (custody: boolean) =>
      apply(apply(open({ reportedAt: '2026-09-28T09:00:00+08:00', custody }), { type: 'REGISTER', at: '2026-09-28T10:00:00+08:00' }), extend('file', '2026-09-28T11:00:00+08:00'));
    expect(view(from28(false), 'file').dueAt).toBe('2026-10-12T16:00:00.000Z');
    expect(view(from28(true), 'file').dueAt).toBe('2026-10-05T16:00:00.000Z');
  });

  it('administrative file: PT24H + PT48H, exact', () => {
    const s = apply(registered({ category: 'administrative' }), extend('file', '2026-03-02T12:00:00+08:00'));
    expect(view(s, 'file')).toMatchObject({ dueAt: '2026-03-05T02:00:00.000Z', extensions: 1 });
  });

  it('administrative handle: +P30D onto 24:00 Fri 3 April lands on Labour Day and moves to Wed 6 May', () => {
    // 24:00 Fri 3 April + 30 days = 24:00 Sun 3 May; 3–5 May are holidays; Wed 6 May is a working day.
    const s = apply(applyAll(open({ category: 'administrative' }), toHandling), extend('handle', '2026-03-05T09:00:00+08:00'));
    expect(view(s, 'handle')).toMatchObject({ startedAt: '2026-03-04T01:00:00.000Z', dueAt: '2026-05-06T16:00:00.000Z', extensions: 1 });
  });

  it('an overdue limit that is extended is pending again', () => {
    const late = tick(registered({ category: 'administrative' }), '2026-03-03T03:00:00Z');
    expect(view(late, 'file').status).toBe('overdue');
    const s = apply(late, extend('file', '2026-03-03T04:00:00Z'));
    expect(view(s, 'file')).toMatchObject({ dueAt: '2026-03-05T02:00:00.000Z', status: 'pending' });
    expect(view(s, 'notify').status).toBe('overdue');
  });

  it('an extension while suspended adds to the due, and the resume adds the stopped time on top', () => {
    // Administrative file due 02:00Z Tue 3; +48 h → 02:00Z Thu 5; stopped 06:00Z–18:00Z Mon 2 (12 h) → 14:00Z Thu 5.
    const s = applyAll(registered({ category: 'administrative' }), [
      suspendAt('2026-03-02T06:00:00Z'),
      extend('file', '2026-03-02T07:00:00Z'),
      resumeAt('2026-03-02T18:00:00Z'),
    ]);
    expect(view(s, 'file')).toMatchObject({ dueAt: '2026-03-05T14:00:00.000Z', status: 'pending', extensions: 1 });
  });
});

describe('regressions: moved due dates keep escalations right', () => {
  // resumeDeadlines() → moved() resets lastOverdueAt to null, so the next overdue falls "at dueAt", which for a limit
  // that was already overdue when stopped is behind the resume: the next tick climbs a rung at once, dated inside the suspension.
  it('resuming an overdue limit does not raise a new rung straight away', () => {
    const overdue = tick(open(), '2026-03-03T01:00:00Z'); // register overdue → station-leader at 01:00Z Tue 3
    const s = applyAll(overdue, [suspendAt('2026-03-03T03:00:00Z'), resumeAt('2026-03-03T05:00:00Z')]);
    // The next daily rung was 01:00Z Wed 4; two hours stopped put it at 03:00Z Wed 4, nowhere near 05:00Z Tue 3.
    const after = tick(s, '2026-03-03T05:00:01Z');
    expect(toView(after).escalations.map((e) => e.target)).toEqual(['handler', 'station-leader']);
  });

  // moved() counts a warning as already raised when its (moved) instant is behind the resume, whether or not it was
  // ever raised, so a limit stopped early in its span and resumed late goes overdue with no warning at all.
  it('a limit suspended before its warning still warns before it goes overdue', () => {
    // register: 01:00Z Mon 2 → 01:00Z Tue 3, stopped 03:00Z Mon 2 – 03:00Z Fri 6, so due 01:00Z Sat 7.
    const s = applyAll(open(), [suspendAt('2026-03-02T03:00:00Z'), resumeAt('2026-03-06T03:00:00Z')]);
    expect(view(s, 'register').dueAt).toBe('2026-03-07T01:00:00.000Z');
    const justBefore = tick(s, '2026-03-07T00:59:59Z');
    expect(toView(justBefore).escalations.map((e) => [e.limit, e.level, e.target])).toEqual([['register', 'warning', 'handler']]);
  });

  // recomputeOnTrack() recomputes the due from the APPROVE anchor and forgets the time the clock was stopped.
  it('CONVERT_TO_ORDINARY keeps the time the clock was suspended', () => {
    // Administrative fast: APPROVE 01:00Z Wed 4, stopped 24 h (02:00Z Wed 4 – 02:00Z Thu 5). Ordinary P30D from the
    // anchor is 24:00 Fri 3 April; the stopped day puts it at 24:00 Sat 4 April, Qingming → 24:00 Tue 7 April.
    const s = applyAll(open({ category: 'administrative' }), [
      ...toNotified,
      walk.fast,
      walk.approve,
      suspendAt('2026-03-04T02:00:00Z'),
      resumeAt('2026-03-05T02:00:00Z'),
      { type: 'CONVERT_TO_ORDINARY', at: '2026-03-05T03:00:00Z' },
    ]);
    expect(view(s, 'handle').dueAt).toBe('2026-04-07T16:00:00.000Z');
  });
});
