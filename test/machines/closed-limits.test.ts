import { describe, expect, it } from 'vitest';
import { allowedEvents, stageOf, tick, toView } from '../../machines/case-engine';
import type { Policy } from '../../contracts/policy';
import { apply, applyAll, deadline, frozen, open, refused, shipped, toDeclined, toNotified, walk, remedyWalk, type Step } from './fixtures';

// A limit that outlives the close (a filing explanation the police owe, contract section 12) escalates as any other:
// its escalations are acknowledged and it is extended on the closed case; nothing else is.

const ask = (at: string): Step => ({ type: 'REQUEST_FILING_EXPLANATION', reason: 'the reporter says a crime was committed', procuratorate: 'P01', at });
const explain = (at: string): Step => ({
  type: 'EXPLAIN_NOT_FILING', reason: 'the loss was a civil debt', at,
  documents: [{ kind: 'explanation', title: '不立案理由说明书', sha256: 'ab'.repeat(32) }],
});
const ack = (escalationId: string, at: string): Step => ({ type: 'ACK_ESCALATION', escalationId, note: 'the station leader will call', at });
const extendExplanation = (at: string): Step => ({ type: 'EXTEND', limit: 'filingExplanation', at });

/** The shipped policy with one 3-day extension of the filing explanation (the shipped one has none). */
const extendable: Policy = { ...shipped, extensions: { ...shipped.extensions, criminal: { ...shipped.extensions.criminal, filingExplanation: ['P3D'] } } };

// Asked Mon 16 March: due 24:00 Mon 23 March (16:00Z); the tick at the due raises the warning and the overdue.
const late = (policy: Policy = shipped) => tick(apply(applyAll(open({}, policy), toDeclined), ask('2026-03-16T09:00:00+08:00')), '2026-03-23T16:00:00Z');
const explanationEscalations = (s: ReturnType<typeof late>) => s.context.escalations.filter((e) => e.limit === 'filingExplanation');

describe('a closed case whose filing explanation is overdue', () => {
  const overdue = late();

  it('offers the running limit\'s EXTEND and ACK_ESCALATION beside supervision', () => {
    expect(stageOf(overdue)).toBe('closed');
    expect(allowedEvents(overdue, '2026-03-24T09:00:00+08:00')).toEqual(['EXTEND', 'ACK_ESCALATION', 'EXPLAIN_NOT_FILING', 'NOTIFY_TO_FILE']);
  });

  it('takes the acknowledgement of its escalations, closed as it stays', () => {
    const [warning, missed] = explanationEscalations(overdue);
    const acked = apply(overdue, ack(missed!.id, '2026-03-24T09:00:00+08:00'));
    expect(stageOf(acked)).toBe('closed');
    expect(explanationEscalations(acked)).toEqual([
      warning,
      { ...missed, acknowledged: true, acknowledgedBy: 'officer-7', note: 'the station leader will call' },
    ]);
    expect(toView(acked).history.at(-1)).toMatchObject({ type: 'ACK_ESCALATION', from: 'closed', to: 'closed' });
    expect(refused(acked, ack(missed!.id, '2026-03-24T10:00:00+08:00')).reason).toBe(`escalation ${missed!.id} is already acknowledged`);
  });

  it('is extended where the policy gives the limit an extension, and moves its due', () => {
    const extended = apply(late(extendable), extendExplanation('2026-03-24T09:00:00+08:00'));
    expect(stageOf(extended)).toBe('closed');
    // 3 more days from 24:00 Mon 23 March: 24:00 Thu 26 March.
    expect(deadline(extended, 'filingExplanation')).toMatchObject({ extensions: 1, dueAt: '2026-03-26T16:00:00.000Z', status: 'pending' });
  });

  it('refuses the extension the policy does not give, and an extension of a limit the close met', () => {
    const before = frozen(overdue);
    expect(refused(overdue, extendExplanation('2026-03-24T09:00:00+08:00')).reason).toBe('the filingExplanation limit allows 0 extension(s), all used');
    expect(refused(overdue, { type: 'EXTEND', limit: 'declineNotice', at: '2026-03-24T09:00:00+08:00' }).reason).toBe('no declineNotice limit is running');
    expect(frozen(overdue)).toEqual(before);
  });
});

describe('a closed case refuses EXTEND and ACK_ESCALATION as before', () => {
  it('once its filing explanation is given, its escalations left unacknowledged', () => {
    const explained = apply(late(extendable), explain('2026-03-24T09:00:00+08:00'));
    const [, missed] = explanationEscalations(explained);
    expect(allowedEvents(explained, '2026-03-24T10:00:00+08:00')).toEqual(['REQUEST_FILING_EXPLANATION', 'NOTIFY_TO_FILE']);
    for (const step of [ack(missed!.id, '2026-03-24T10:00:00+08:00'), extendExplanation('2026-03-24T10:00:00+08:00')]) {
      expect(refused(explained, step)).toEqual({ stage: 'closed', allowed: ['REQUEST_FILING_EXPLANATION', 'NOTIFY_TO_FILE'], reason: `${step.type} is not allowed in stage closed` });
    }
  });

  it('for an escalation of a limit the close met, while the explanation still runs', () => {
    // The file limit overdue on Fri 6 March raises its escalations; the case is then asked about, declined and closed.
    const overdueFile = tick(applyAll(open(), toNotified), '2026-03-06T00:00:00Z');
    const fileEscalation = overdueFile.context.escalations.find((e) => e.limit === 'file' && e.level === 'overdue')!;
    const closed = applyAll(overdueFile, [
      ask('2026-03-06T09:00:00+08:00'),
      { ...walk.decline, at: '2026-03-06T10:00:00+08:00' },
      { ...walk.approve, at: '2026-03-06T11:00:00+08:00' },
      { ...remedyWalk.declineNotice, at: '2026-03-06T12:00:00+08:00' },
    ]);
    expect(stageOf(closed)).toBe('closed');
    expect(deadline(closed, 'filingExplanation').status).toBe('pending');
    const before = frozen(closed);
    expect(refused(closed, ack(fileEscalation.id, '2026-03-09T09:00:00+08:00')).reason).toBe(
      `escalation ${fileEscalation.id} is of the file limit, which no longer runs on the closed case`,
    );
    expect(frozen(closed)).toEqual(before);
  });

  it('with no limit left running on it', () => {
    const closed = applyAll(open(), [...toNotified, walk.decline, walk.approve, remedyWalk.declineNotice]);
    expect(refused(closed, extendExplanation('2026-03-05T09:00:00+08:00')).reason).toBe('EXTEND is not allowed in stage closed');
  });
});
