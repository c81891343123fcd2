// Contract section 9 in the pure machine: the limits each hand-off step starts and meets, custody counting, the
// extension steps, who holds the case, and each agency's own escalation chain. Dates hand-checked on the shipped
// 2026 calendar (Asia/Shanghai; a due at 00:00 local is 16:00Z of the day before).
import { describe, expect, it } from 'vitest';
import { tick, toView } from '../../machines/case-engine';
import { apply, applyAll, deadline, doc, frozen, handoffWalk as h, open, refused, shipped, toHandling, walk } from './fixtures';

const handling = applyAll(open(), toHandling);
const detained = apply(handling, h.detain);
const endOf = (lastDay: string) => `${lastDay}T16:00:00.000Z`;

describe('detention and the arrest', () => {
  it('DETAIN starts arrestRequest, 3 days under custody: a Sunday last day stands', () => {
    // Thu 5 March + 3 days = Sun 8 March; custody: no move to Monday.
    expect(deadline(detained, 'arrestRequest')).toMatchObject({ startedAt: '2026-03-05T01:00:00.000Z', dueAt: endOf('2026-03-08'), status: 'pending' });
    // DETAIN sets the case's custody flag (contract section 9).
    expect(toView(handling).custody).toBe(false);
    expect(toView(detained)).toMatchObject({ stage: 'handling', agency: 'police', arrest: null, custody: true });
  });

  it('extends arrestRequest once by 4 days, or to 30 days for a roaming, repeated or gang suspect', () => {
    const at = '2026-03-06T09:00:00+08:00';
    const once = apply(detained, { type: 'EXTEND', limit: 'arrestRequest', at });
    expect(deadline(once, 'arrestRequest').dueAt).toBe(endOf('2026-03-12'));
    expect(refused(once, { type: 'EXTEND', limit: 'arrestRequest', at }).reason).toBe('the arrestRequest limit allows 1 extension(s), all used');
    const roaming = applyAll(handling, [{ ...h.detain, roaming: true }, { type: 'EXTEND', limit: 'arrestRequest', at }, { type: 'EXTEND', limit: 'arrestRequest', at }]);
    // 3 + 4 + 23 = 30 days from Thu 5 March: Sat 4 April, custody.
    expect(deadline(roaming, 'arrestRequest').dueAt).toBe(endOf('2026-04-04'));
  });

  it('REQUEST_ARREST meets arrestRequest and starts arrestDecision, 7 days under custody, owned by the procuratorate', () => {
    const asked = apply(detained, h.requestArrest);
    expect(deadline(asked, 'arrestRequest')).toMatchObject({ status: 'met', metAt: '2026-03-06T01:00:00.000Z' });
    expect(deadline(asked, 'arrestDecision')).toMatchObject({ dueAt: endOf('2026-03-13'), status: 'pending' });
    expect(toView(asked)).toMatchObject({ arrest: { status: 'requested', procuratorate: 'P01', requestedAt: '2026-03-06T01:00:00.000Z', decidedAt: null }, orgs: ['P01'] });
    // Unmet, it escalates along the procuratorate's chain, not the police one.
    const late = tick(asked, '2026-03-14T00:00:00Z');
    const overdue = toView(late).escalations.find((e) => e.limit === 'arrestDecision' && e.level === 'overdue');
    expect(overdue?.target).toBe(shipped.escalation.chains.procuratorate[0]);
  });

  it('APPROVE_ARREST and DENY_ARREST meet arrestDecision; a second request waits for no decision', () => {
    const asked = apply(detained, h.requestArrest);
    const approved = apply(asked, h.approveArrest);
    expect(toView(approved).arrest).toMatchObject({ status: 'approved', decidedAt: '2026-03-09T01:00:00.000Z' });
    expect(deadline(approved, 'arrestDecision').status).toBe('met');
    expect(refused(approved, { ...h.requestArrest, at: '2026-03-09T10:00:00+08:00' }).reason).toMatch(/already approved/);
    const denied = apply(asked, h.denyArrest);
    expect(toView(denied).arrest?.status).toBe('denied');
    expect(toView(denied).history.at(-1)).toMatchObject({ type: 'DENY_ARREST', reason: 'no need for arrest' });
    expect(refused(asked, { ...h.requestArrest, at: '2026-03-07T09:00:00+08:00' }).reason).toMatch(/awaits its decision/);
  });

  it('an arrest decision without a request, or a second detention, is refused and changes nothing', () => {
    const before = frozen(detained);
    expect(refused(detained, h.approveArrest).reason).toBe('no arrest request awaits a decision');
    expect(refused(detained, { ...h.detain, at: '2026-03-06T09:00:00+08:00' }).reason).toMatch(/already detained since/);
    expect(frozen(detained)).toEqual(before);
  });
});

describe('prosecution review, supplementary investigation and trial', () => {
  const reviewing = applyAll(detained, [h.requestArrest, h.approveArrest, h.transfer]);

  it('TRANSFER_FOR_PROSECUTION meets handle and starts prosecutionReview, one month: Tue 10 March to Fri 10 April', () => {
    expect(deadline(reviewing, 'handle').status).toBe('met');
    expect(deadline(reviewing, 'prosecutionReview')).toMatchObject({ dueAt: endOf('2026-04-10'), status: 'pending' });
    const view = toView(reviewing);
    expect(view).toMatchObject({ stage: 'prosecution_review', agency: 'procuratorate', orgs: ['P01'] });
    expect(view.handoffs).toEqual([
      { type: 'TRANSFER_FOR_PROSECUTION', from: 'S01', to: 'P01', at: '2026-03-10T01:00:00.000Z', by: 'officer-7', documents: [doc('indictment-opinion')], jws: null },
    ]);
  });

  it('extends prosecutionReview by half a month once', () => {
    const at = '2026-03-11T09:00:00+08:00';
    const extended = apply(reviewing, { type: 'EXTEND', limit: 'prosecutionReview', at });
    // Fri 10 April + 15 days = Sat 25 April; detained, so custody: it stands.
    expect(deadline(extended, 'prosecutionReview').dueAt).toBe(endOf('2026-04-25'));
    expect(refused(extended, { type: 'EXTEND', limit: 'prosecutionReview', at }).reason).toMatch(/allows 1 extension/);
  });

  it('a return starts supplementary (one month) and a retransfer starts the review afresh', () => {
    const returned = apply(reviewing, h.returnForMore);
    expect(deadline(returned, 'prosecutionReview', 0).status).toBe('met');
    expect(deadline(returned, 'supplementary')).toMatchObject({ dueAt: endOf('2026-04-16'), status: 'pending' });
    expect(toView(returned)).toMatchObject({ stage: 'supplementary_investigation', agency: 'police' });
    expect(toView(returned).handoffs?.at(-1)).toMatchObject({ from: 'P01', to: 'S01', reason: 'the witness was not heard' });
    const back = apply(returned, h.retransfer);
    expect(deadline(back, 'supplementary').status).toBe('met');
    expect(deadline(back, 'prosecutionReview', 1)).toMatchObject({ startedAt: '2026-03-23T01:00:00.000Z', dueAt: endOf('2026-04-23'), status: 'pending' });
    expect(toView(back)).toMatchObject({ stage: 'prosecution_review', agency: 'procuratorate' });
    expect(toView(back).handoffs?.at(-1)).toMatchObject({ type: 'RETRANSFER', from: 'S01', to: 'P01' });
  });

  it('PROSECUTE starts trial (two months) along the court\'s chain, and JUDGE closes the case judged', () => {
    const atCourt = apply(reviewing, h.prosecute);
    expect(deadline(atCourt, 'trial')).toMatchObject({ dueAt: endOf('2026-05-30'), status: 'pending' });
    expect(toView(atCourt)).toMatchObject({ stage: 'at_court', agency: 'court', orgs: ['P01', 'C01'] });
    const late = toView(tick(atCourt, '2026-05-31T00:00:00Z')).escalations.find((e) => e.limit === 'trial' && e.level === 'overdue');
    expect(late?.target).toBe(shipped.escalation.chains.court[0]);
    const judged = toView(apply(atCourt, h.judge));
    expect(judged).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'judged', agency: 'court' });
    expect(judged.deadlines.every((d) => d.status === 'met')).toBe(true);
    expect(judged.handoffs?.map((x) => `${x.type} ${x.from}→${x.to}`)).toEqual(['TRANSFER_FOR_PROSECUTION S01→P01', 'PROSECUTE P01→C01', 'JUDGE C01→P01']);
    expect(judged.handoffs?.at(-1)?.reason).toBe('guilty: 1 year');
  });

  it('a hand-off signed for a route the case no longer has is refused; one signed for its route keeps the JWS', () => {
    const signed = { ...h.prosecute, jws: 'h.p.s', signedRoute: { from: 'P01', to: 'C01' } };
    expect(toView(apply(reviewing, signed)).handoffs?.at(-1)).toMatchObject({ from: 'P01', to: 'C01', jws: 'h.p.s' });
    const before = frozen(reviewing);
    const stale = refused(reviewing, { ...signed, signedRoute: { from: 'P02', to: 'C01' } });
    expect(stale.reason).toBe('the case changed hands while the hand-off was signed (P02→C01, now P01→C01); send it again');
    expect(frozen(reviewing)).toEqual(before);
  });

  it('NOT_PROSECUTE closes the case not_prosecuted', () => {
    expect(toView(apply(reviewing, h.notProsecute))).toMatchObject({ stage: 'closed', outcome: 'not_prosecuted' });
  });

  it('without detention the review limit follows the holiday rule: 1 month from Tue 1 Sep ends Thu 8 Oct, after National Day', () => {
    const autumn = applyAll(open({ reportedAt: '2026-08-31T09:00:00+08:00' }), [
      { ...walk.register, at: '2026-08-31T10:00:00+08:00' }, { ...walk.notify, at: '2026-08-31T11:00:00+08:00' },
      { ...walk.file, at: '2026-08-31T12:00:00+08:00' }, { ...walk.approve, at: '2026-08-31T13:00:00+08:00' },
      { ...h.transfer, at: '2026-09-01T09:00:00+08:00' },
    ]);
    // Oct 1 is a holiday (Oct 1–7 off): Thu Oct 8.
    expect(deadline(autumn, 'prosecutionReview').dueAt).toBe(endOf('2026-10-08'));
  });

  it('a police limit still escalates along the police chain', () => {
    const late = toView(tick(detained, '2026-03-10T00:00:00Z')).escalations.find((e) => e.limit === 'arrestRequest' && e.level === 'overdue');
    expect(shipped.escalation.chain).toContain(late?.target);
    expect(shipped.escalation.chains.procuratorate).not.toContain(late?.target);
  });

  it('an administrative case has no hand-off', () => {
    const admin = applyAll(open({ category: 'administrative', offense: 'affray' }), toHandling);
    expect(refused(admin, h.detain).reason).toMatch(/criminal cases; this case is administrative/);
    expect(refused(admin, h.transfer).reason).toMatch(/criminal cases/);
  });
});
