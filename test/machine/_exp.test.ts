import { it } from 'vitest';
import { tick, toView, nextWakeAt } from '../../machines/case-engine';
import { apply, applyAll, open, toNotified, walk } from './fixtures';
it('exp', () => {
  let s = applyAll(open({ category: 'administrative' }), [...toNotified, walk.fast, walk.approve]);
  s = apply(s, { type: 'SUSPEND_CLOCK', reason: 'r', at: '2026-03-04T02:00:00Z' });
  s = apply(s, { type: 'RESUME_CLOCK', at: '2026-03-05T02:00:00Z' });
  console.log(toView(s).deadlines.at(-1));
  s = apply(s, { type: 'CONVERT_TO_ORDINARY', at: '2026-03-05T03:00:00Z' });
  console.log(toView(s).deadlines.at(-1));
  // overdue, then suspend/resume
  let t = open({}, );
  t = tick(t, '2026-03-03T02:00:00Z'); // register overdue at 01:00Z
  console.log(toView(t).escalations.map(e => [e.level, e.target, e.raisedAt]));
  t = apply(t, { type: 'SUSPEND_CLOCK', reason: 'r', at: '2026-03-03T03:00:00Z' });
  t = apply(t, { type: 'RESUME_CLOCK', at: '2026-03-03T05:00:00Z' });
  console.log(toView(t).deadlines, nextWakeAt(t.context));
  t = tick(t, '2026-03-03T05:00:01Z');
  console.log(toView(t).escalations.map(e => [e.level, e.target, e.raisedAt]));
});
