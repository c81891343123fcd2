import { describe, expect, it } from 'vitest';
import { allowedEvents, stageOf, tick, toView } from '../../machines/case-engine';
import { apply, applyAll, deadline, frozen, open, refused, remedyWalk, toDeclined, toNotified, toReconsideration, walk, type Step } from './fixtures';

// Contract section 12, the procuratorate's half: REQUEST_FILING_EXPLANATION, EXPLAIN_NOT_FILING, NOTIFY_TO_FILE.

const ask = (at: string): Step => ({ type: 'REQUEST_FILING_EXPLANATION', reason: 'the reporter says a crime was committed', procuratorate: 'P01', at });
const explain = (at: string): Step => ({
  type: 'EXPLAIN_NOT_FILING', reason: 'the loss was a civil debt', at,
  documents: [{ kind: 'explanation', title: '不立案理由说明书', sha256: 'ab'.repeat(32) }],
});
const notice = (at: string): Step => ({ type: 'NOTIFY_TO_FILE', reason: 'the facts meet the filing standard', procuratorate: 'P01', at });

const declined = applyAll(open(), toDeclined);

describe('a filing explanation asked of a declined case', () => {
  const asked = apply(declined, ask('2026-03-16T09:00:00+08:00'));

  it('keeps the stage, starts filingExplanation (P7D, legal clock), and lets the procuratorate see the case', () => {
    expect(toView(asked)).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'not_filed' });
    // Asked Mon 16 March: 7 days to 24:00 Mon 23 March.
    expect(deadline(asked, 'filingExplanation')).toMatchObject({ startedAt: '2026-03-16T01:00:00.000Z', dueAt: '2026-03-23T16:00:00.000Z', status: 'pending' });
    expect(asked.context.orgs).toEqual(['P01']);
    expect(toView(asked).history.at(-1)).toMatchObject({ type: 'REQUEST_FILING_EXPLANATION', from: 'closed', to: 'closed', reason: 'the reporter says a crime was committed' });
    // The reconsideration window closed on 11 March: what remains is supervision, and the running limit's own events.
    expect(allowedEvents(asked, '2026-03-16T10:00:00+08:00')).toEqual(['EXTEND', 'ACK_ESCALATION', 'EXPLAIN_NOT_FILING', 'NOTIFY_TO_FILE']);
  });

  it('is not asked twice while pending, and the refusal changes nothing', () => {
    const before = frozen(asked);
    expect(refused(asked, ask('2026-03-17T09:00:00+08:00')).reason).toBe(
      'a filing explanation was already asked at 2026-03-16T01:00:00.000Z, due 2026-03-23T16:00:00.000Z',
    );
    expect(frozen(asked)).toEqual(before);
  });

  it('is met by the police\'s explanation, which nothing else asked for is', () => {
    const explained = apply(asked, explain('2026-03-18T09:00:00+08:00'));
    expect(deadline(explained, 'filingExplanation')).toMatchObject({ status: 'met', metAt: '2026-03-18T01:00:00.000Z' });
    expect(stageOf(explained)).toBe('closed');
    expect(refused(explained, explain('2026-03-19T09:00:00+08:00')).reason).toBe('no filing explanation is asked of this case');
    expect(refused(declined, explain('2026-03-19T09:00:00+08:00')).reason).toBe('no filing explanation is asked of this case');
  });

  it('escalates up the chain when the police do not explain in time, closed as the case is', () => {
    const late = tick(asked, '2026-03-23T16:00:00Z');
    expect(late.context.escalations.filter((e) => e.limit === 'filingExplanation').map((e) => [e.level, e.target])).toEqual([
      ['warning', 'handler'], ['overdue', 'station-leader'],
    ]);
  });

  it('outlives a reconsideration upheld meanwhile: the close does not answer the procuratorate', () => {
    const s = applyAll(open(), [...toReconsideration, ask('2026-03-06T09:00:00+08:00'), remedyWalk.uphold]);
    expect(stageOf(s)).toBe('closed');
    expect(deadline(s, 'reconsideration').status).toBe('met');
    expect(deadline(s, 'filingExplanation').status).toBe('pending');
  });
});

describe('what the procuratorate may supervise', () => {
  it('a report whose file limit is overdue, though not declined', () => {
    const overdue = tick(applyAll(open(), toNotified), '2026-03-06T00:00:00Z');
    expect(deadline(overdue, 'file').status).toBe('overdue');
    expect(stageOf(apply(overdue, ask('2026-03-06T09:00:00+08:00')))).toBe('notified');
  });

  it.each([
    ['a report whose file limit still runs', applyAll(open(), toNotified), 'the case was not declined, and its file limit is not overdue'],
    ['a filed case', applyAll(open(), [...toNotified, walk.file, walk.approve]), 'the case was filed'],
    ['an administrative decline', applyAll(open({ category: 'administrative', offense: 'affray' }), toDeclined), 'filing supervision is of criminal reports; this case is administrative'],
  ])('not %s', (_name, snapshot, reason) => {
    const before = frozen(snapshot);
    expect(refused(snapshot, ask('2026-03-25T09:00:00+08:00')).reason).toBe(reason);
    expect(refused(snapshot, notice('2026-03-25T09:00:00+08:00')).reason).toMatch(new RegExp(`^(${reason}|NOTIFY_TO_FILE is not allowed in stage \\w+)$`));
    expect(frozen(snapshot)).toEqual(before);
  });
});

describe('a notice to file', () => {
  const noticed = apply(apply(declined, ask('2026-03-16T09:00:00+08:00')), notice('2026-03-24T09:00:00+08:00'));

  it('reopens a declined case to filing, with filingOnNotice (P15D) running and its remedies gone', () => {
    expect(toView(noticed)).toMatchObject({ stage: 'notified', status: 'open', outcome: null, remedyWindow: null });
    // Noticed Tue 24 March: 15 days to Wed 8 April.
    expect(deadline(noticed, 'filingOnNotice')).toMatchObject({ startedAt: '2026-03-24T01:00:00.000Z', dueAt: '2026-04-08T16:00:00.000Z', status: 'pending' });
    expect(allowedEvents(noticed)).toEqual(expect.arrayContaining(['FILE', 'EXPLAIN_NOT_FILING']));
    expect(allowedEvents(noticed)).not.toContain('NOTIFY_TO_FILE');
  });

  it('refuses a decline from then on, saying who gave the notice', () => {
    const r = refused(noticed, { type: 'FILE', decision: 'decline', reason: 'still civil', at: '2026-03-25T09:00:00+08:00' });
    expect(r.reason).toBe('a decline is no longer open to this case: procuratorate P01 notified the police to file at 2026-03-24T01:00:00.000Z (officer-7); the case must be filed');
  });

  it('is met only by filing, which also answers a pending explanation', () => {
    const filed = apply(noticed, { ...walk.file, at: '2026-03-25T09:00:00+08:00' });
    expect(stageOf(filed)).toBe('review');
    expect(deadline(filed, 'filingOnNotice')).toMatchObject({ status: 'met', metAt: '2026-03-25T01:00:00.000Z' });
    expect(deadline(filed, 'filingExplanation')).toMatchObject({ status: 'met' });
  });

  it('in a case already at its filing decision, keeps the stage', () => {
    const overdue = tick(applyAll(open(), toNotified), '2026-03-06T00:00:00Z');
    const s = apply(overdue, notice('2026-03-06T09:00:00+08:00'));
    expect(stageOf(s)).toBe('notified');
    expect(deadline(s, 'filingOnNotice').status).toBe('pending');
    expect(refused(s, notice('2026-03-07T09:00:00+08:00')).reason).toMatch(/^the police were already notified to file at 2026-03-06T01:00:00.000Z/);
  });
});
