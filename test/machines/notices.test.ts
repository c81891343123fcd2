import { describe, expect, it } from 'vitest';
import { markDelivered, tick, type CaseSnapshot } from '../../machines/case-engine';
import { apply, applyAll, open, toHandling, toNotified, toReview, walk, type Step } from './fixtures';

const notices = (s: CaseSnapshot) => s.context.outbox.filter((d) => d.kind === 'notice');

describe('notices to the reporter', () => {
  it('none while the case is only reported', () => {
    expect(notices(open())).toEqual([]);
  });

  it('entering registered queues a notice to the reporter, due with the notify limit', () => {
    const s = apply(open(), walk.register);
    expect(notices(s)).toEqual([
      {
        id: expect.any(String),
        kind: 'notice',
        caseId: 'C-1',
        station: 'S01',
        limit: 'notify',
        level: null,
        target: 'reporter',
        // REGISTER 02:00Z Mon 2 March + PT24H.
        dueAt: '2026-03-03T02:00:00.000Z',
        raisedAt: '2026-03-02T02:00:00.000Z',
      },
    ]);
  });

  it('entering decline_notice queues a second notice, due with the declineNotice limit', () => {
    const s = applyAll(open(), [...toNotified, walk.decline, walk.approve]);
    const [registration, decline] = notices(s);
    expect(decline).toMatchObject({
      kind: 'notice',
      target: 'reporter',
      caseId: 'C-1',
      station: 'S01',
      limit: 'declineNotice',
      // APPROVE 09:00 local Wed 4 March: Thu 5, Fri 6, Sat 7 → 24:00 Mon 9.
      dueAt: '2026-03-09T16:00:00.000Z',
      raisedAt: '2026-03-04T01:00:00.000Z',
      // Contract v2: the decision and the reason the decline gave.
      decision: 'decline',
      reason: 'no offence was committed',
    });
    expect(decline!.id).not.toBe(registration!.id);
    expect(registration).not.toHaveProperty('decision');
  });

  it('a decline refiled as a decline tells the reporter the reason the case was finally declined for', () => {
    const reject: Step = { type: 'REJECT', at: '2026-03-04T09:00:00+08:00' };
    const again: Step = { type: 'FILE', decision: 'decline', reason: 'the complainant withdrew', at: '2026-03-05T09:00:00+08:00' };
    const approve: Step = { type: 'APPROVE', at: '2026-03-06T09:00:00+08:00' };
    const s = applyAll(open(), [...toNotified, walk.decline, reject, again, approve]);
    expect(notices(s).at(-1)).toMatchObject({ limit: 'declineNotice', decision: 'decline', reason: 'the complainant withdrew' });
  });

  it('a decline from a case started before reasons were required tells the reporter the decision alone', () => {
    const { reason: _none, ...unexplained } = walk.decline as Step & { reason?: string };
    const s = applyAll(open(), [...toNotified, unexplained as Step, walk.approve]);
    const decline = notices(s).at(-1)!;
    expect(decline).toMatchObject({ limit: 'declineNotice', decision: 'decline' });
    expect(decline).not.toHaveProperty('reason');
  });

  it('no other stage tells the reporter anything', () => {
    const reject: Step = { type: 'REJECT', at: '2026-03-04T09:00:00+08:00' };
    const refile: Step = { type: 'FILE', decision: 'file', at: '2026-03-05T09:00:00+08:00' };
    const approve: Step = { type: 'APPROVE', at: '2026-03-06T09:00:00+08:00' };
    const s = applyAll(open(), [...toReview, reject, refile, approve, walk.close]);
    expect(notices(s)).toHaveLength(1);
    expect(notices(applyAll(open({ offense: 'homicide' }), toHandling))).toHaveLength(1);
  });

  it('stays queued through ticks until delivered, then leaves only the outbox', () => {
    const s = apply(open(), walk.register);
    const [notice] = notices(s);
    const ticked = tick(s, '2026-03-02T03:00:00Z');
    expect(notices(ticked)).toEqual([notice]);
    const delivered = markDelivered(ticked, notice!.id);
    expect(notices(delivered)).toEqual([]);
    expect(delivered.context.escalations).toEqual(ticked.context.escalations);
  });
});
