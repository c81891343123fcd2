import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, tokens, type Stack } from '../support/stack';
import { createCase, DAY, deadline, getCase, HOUR, iso, refused, send, sendAll, sendEvent, until, type View } from './helpers';

// Contract section 12, the procuratorate's filing supervision, over HTTP on the real dev server: a declined case
// whose run ended long ago is asked why, explained, and notified to file, all in one case and one history.

const prosecutor = 'dev-prosecutor-token';
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const types = (view: { history: Array<{ type: string }> }) => view.history.map((h) => h.type);
const explanation = { kind: 'explanation', title: '不立案理由说明书', sha256: 'ab'.repeat(32) };

/** Declined and its reporter told ten days ago (or more): the reconsideration window has passed and the run has ended. */
async function declinedLongAgo(daysAgo = 12): Promise<string> {
  const t0 = Date.now() - daysAgo * DAY;
  const { caseId } = await createCase(stack, { category: 'criminal', reportedAt: iso(t0) });
  await sendAll(stack, caseId, [
    { type: 'REGISTER', at: iso(t0 + HOUR) },
    { type: 'NOTIFY', at: iso(t0 + 2 * HOUR) },
    { type: 'FILE', decision: 'decline', reason: 'a civil debt', at: iso(t0 + 3 * HOUR) },
    { type: 'APPROVE', at: iso(t0 + 4 * HOUR) },
    { type: 'NOTIFY', at: iso(t0 + 2 * DAY) },
  ]);
  const handle = stack.client.workflow.getHandle(caseId);
  expect((await until(() => handle.describe(), (d) => d.status.name === 'COMPLETED')).status.name).toBe('COMPLETED');
  return caseId;
}

describe('filing supervision', () => {
  it('reopens a declined case whose run ended: asked why, explained, notified to file, filed; one case, one history', async () => {
    const caseId = await declinedLongAgo();
    const handle = stack.client.workflow.getHandle(caseId);
    const endedRun = (await handle.describe()).runId;
    // Not yet the procuratorate's: it cannot read the case, but may ask about any case of the deployment.
    expect((await stack.call('GET', `/cases/${caseId}`, undefined, prosecutor)).status).toBe(404);
    expect((await sendEvent(stack, caseId, { type: 'REQUEST_FILING_EXPLANATION', reason: 'x' })).status).toBe(403);

    const asked = await send(stack, caseId, { type: 'REQUEST_FILING_EXPLANATION', reason: 'the reporter says it was fraud' }, prosecutor);
    expect(asked).toMatchObject({ caseId, stage: 'closed', status: 'closed', outcome: 'not_filed', orgs: ['P01'] });
    expect(deadline(asked, 'filingExplanation')).toMatchObject({ status: 'pending' });
    expect((await handle.describe()).runId).not.toBe(endedRun);
    expect((await getCase(stack, caseId, prosecutor)).caseId).toBe(caseId);
    // And lists it: the case now carries P01 in CaseOrgs.
    const listed = await until(
      async () => (await stack.call('GET', '/cases?limit=100', undefined, prosecutor)).body.items.map((c: { caseId: string }) => c.caseId),
      (ids: string[]) => ids.includes(caseId),
    );
    expect(listed).toContain(caseId);

    const long = await sendEvent(stack, caseId, { type: 'EXPLAIN_NOT_FILING', reason: 'x'.repeat(2001), documents: [explanation] });
    expect(long.status).toBe(400);
    expect((await sendEvent(stack, caseId, { type: 'EXPLAIN_NOT_FILING', reason: 'no documents', documents: [] })).status).toBe(400);
    const explained = await send(stack, caseId, { type: 'EXPLAIN_NOT_FILING', reason: 'the loss was a civil debt', documents: [explanation] });
    expect(deadline(explained, 'filingExplanation').status).toBe('met');

    expect((await sendEvent(stack, caseId, { type: 'NOTIFY_TO_FILE', reason: 'x' })).status).toBe(403);
    const noticed = await send(stack, caseId, { type: 'NOTIFY_TO_FILE', reason: 'the facts meet the filing standard' }, prosecutor);
    expect(noticed).toMatchObject({ stage: 'notified', status: 'open', outcome: null });
    expect(deadline(noticed, 'filingOnNotice')).toMatchObject({ status: 'pending' });

    const decline = await refused(stack, caseId, { type: 'FILE', decision: 'decline', reason: 'still a civil debt' });
    expect(decline.reason).toMatch(/^a decline is no longer open to this case: procuratorate P01 notified the police to file/);
    expect((await sendEvent(stack, caseId, { type: 'FILE', decision: 'file' }, prosecutor)).status).toBe(403);
    const filed = await send(stack, caseId, { type: 'FILE', decision: 'file' });
    expect(filed.stage).toBe('review');
    expect(deadline(filed, 'filingOnNotice').status).toBe('met');

    expect(types(await getCase(stack, caseId))).toEqual([
      'REGISTER', 'NOTIFY', 'FILE', 'APPROVE', 'NOTIFY', 'REQUEST_FILING_EXPLANATION', 'EXPLAIN_NOT_FILING', 'NOTIFY_TO_FILE', 'FILE',
    ]);
  });

  it('refuses supervision of a filed case whose run ended, starting nothing', async () => {
    const { caseId } = await createCase(stack, { category: 'criminal' });
    await sendAll(stack, caseId, [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }, { type: 'CLOSE', outcome: 'penalty' }]);
    const handle = stack.client.workflow.getHandle(caseId);
    const ended = await until(() => handle.describe(), (d) => d.status.name === 'COMPLETED');
    const r = await refused(stack, caseId, { type: 'REQUEST_FILING_EXPLANATION', reason: 'why?' }, prosecutor);
    expect(r).toMatchObject({ stage: 'closed', reason: 'the case was filed' });
    const after = await handle.describe();
    expect([after.runId, after.status.name]).toEqual([ended.runId, 'COMPLETED']);
    expect((await stack.call('GET', `/cases/${caseId}`, undefined, prosecutor)).status).toBe(404);
  });

  it('takes the acknowledgement of an overdue explanation\'s escalation on the closed case, and nothing once it is given', async () => {
    const caseId = await declinedLongAgo(20);
    // Asked 17 days ago: its 7 days (moved past any holiday) have run out, and the closed case's new run escalates.
    const asked = await send(stack, caseId, { type: 'REQUEST_FILING_EXPLANATION', reason: 'why not filed?', at: iso(Date.now() - 17 * DAY) }, prosecutor);
    expect(asked).toMatchObject({ stage: 'closed', status: 'closed' });
    const ofExplanation = (v: View) => v.escalations.filter((e: View) => e.limit === 'filingExplanation' && e.level === 'overdue');
    const overdue = await until(() => getCase(stack, caseId), (v) => ofExplanation(v).length > 0, 60_000);
    const [escalation] = ofExplanation(overdue);

    const acked = await send(stack, caseId, { type: 'ACK_ESCALATION', escalationId: escalation.id, note: 'calling the station' }, tokens.supervisor);
    expect(acked).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'not_filed' });
    expect(acked.escalations.find((e: View) => e.id === escalation.id)).toMatchObject({ acknowledged: true, note: 'calling the station' });
    expect(acked.history.at(-1)).toMatchObject({ type: 'ACK_ESCALATION', from: 'closed', to: 'closed' });
    // The shipped policy gives the explanation no extension; the limits the close met take none.
    const noStep = await refused(stack, caseId, { type: 'EXTEND', limit: 'filingExplanation' }, tokens.supervisor);
    expect(noStep).toMatchObject({ stage: 'closed', reason: 'the filingExplanation limit allows 0 extension(s), all used' });
    expect(noStep.allowed).toEqual(expect.arrayContaining(['EXTEND', 'ACK_ESCALATION', 'EXPLAIN_NOT_FILING']));
    expect((await refused(stack, caseId, { type: 'EXTEND', limit: 'declineNotice' }, tokens.supervisor)).reason).toBe('no declineNotice limit is running');

    await send(stack, caseId, { type: 'EXPLAIN_NOT_FILING', reason: 'the loss was a civil debt', documents: [explanation] });
    const other = (await getCase(stack, caseId)).escalations.find((e: View) => !e.acknowledged);
    const after = await refused(stack, caseId, { type: 'ACK_ESCALATION', escalationId: other.id }, tokens.supervisor);
    // Refused by the run, or by the gateway once the run, with nothing left to wait for, has ended.
    expect(after.stage).toBe('closed');
    expect(after.reason).toMatch(/^(ACK_ESCALATION is not allowed in stage closed|the case is closed)$/);
    expect(after.allowed).not.toContain('ACK_ESCALATION');
    expect(types(await getCase(stack, caseId)).slice(-3)).toEqual(['REQUEST_FILING_EXPLANATION', 'ACK_ESCALATION', 'EXPLAIN_NOT_FILING']);
  });

  it('asks about a report whose file limit is overdue, in a case still running', async () => {
    const t0 = Date.now() - 5 * DAY;
    const { caseId } = await createCase(stack, { category: 'criminal', reportedAt: iso(t0) });
    await sendAll(stack, caseId, [{ type: 'REGISTER', at: iso(t0 + HOUR) }, { type: 'NOTIFY', at: iso(t0 + 2 * HOUR) }]);
    const overdue = await until(() => getCase(stack, caseId), (v) => deadline(v, 'file').status === 'overdue');
    expect(deadline(overdue, 'file').status).toBe('overdue');
    const asked = await send(stack, caseId, { type: 'REQUEST_FILING_EXPLANATION', reason: 'why is it not decided?' }, prosecutor);
    expect(asked).toMatchObject({ stage: 'notified', orgs: ['P01'] });
    // A procuratorate the policy does not know: 400; one it knows but the token does not act for: 403.
    expect((await sendEvent(stack, caseId, { type: 'NOTIFY_TO_FILE', reason: 'file it', procuratorate: 'P99' }, prosecutor)).status).toBe(400);
    expect((await sendEvent(stack, caseId, { type: 'NOTIFY_TO_FILE', reason: 'file it', procuratorate: 'P02' }, prosecutor)).status).toBe(403);
    expect(types(await getCase(stack, caseId)).at(-1)).toBe('REQUEST_FILING_EXPLANATION');
    // The running case takes the notice from the procuratorate that now holds it, and stays at its filing decision.
    const noticed = await send(stack, caseId, { type: 'NOTIFY_TO_FILE', reason: 'decide and file' }, prosecutor);
    expect(noticed).toMatchObject({ stage: 'notified', status: 'open' });
    expect(deadline(noticed, 'filingOnNotice').status).toBe('pending');
  });
});
