// Contract section 9 over HTTP on real Temporal: each path of the hand-off, as the police case system, the
// procuratorate and the court would send it, and the bad input each must refuse without a trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokens } from '../../config/tokens';
import { startStack, tokens, type Stack } from '../support/stack';
import { allowedIn, createCase, neverFailing, refused, send, sendAll, sendEvent, settledHistoryLength, until } from './helpers';

const otherProsecutor = 'p02-prosecutor-token-for-tests';
let raw: Stack;
let stack: Stack;
beforeAll(async () => {
  const shipped = loadTokens(undefined, false);
  raw = await startStack({ tokens: { tokens: [...shipped.tokens, { token: otherProsecutor, name: 'p02', role: 'prosecutor', stations: [], orgs: ['P02'] }] } });
  stack = neverFailing(raw);
});
afterAll(() => raw?.close());

const doc = (kind: string, n = 1) => ({ kind, title: `${kind} ${n}`, sha256: n.toString(16).padStart(64, '0') });
const toHandling = [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }];
const transfer = { type: 'TRANSFER_FOR_PROSECUTION', procuratorate: 'P01', documents: [doc('indictment-opinion')] };
const returnForMore = { type: 'RETURN_FOR_SUPPLEMENTARY', reason: 'the witness was not heard', documents: [doc('supplementary-decision')] };
const retransfer = { type: 'RETRANSFER', documents: [doc('witness-record', 2)] };
const prosecute = { type: 'PROSECUTE', court: 'C01', documents: [doc('indictment', 3)] };

async function inReview(): Promise<string> {
  const kase = await createCase(stack);
  await sendAll(stack, kase.caseId, [...toHandling, transfer]);
  return kase.caseId;
}

describe.concurrent('hand-off paths', () => {
  it('detention, arrest, transfer, a return, retransfer, prosecution and judgment, each agency sending its own', async () => {
    const { caseId } = await createCase(stack);
    await sendAll(stack, caseId, [...toHandling, { type: 'DETAIN' }]);
    expect((await stack.call('GET', `/cases/${caseId}`, undefined, tokens.prosecutor)).status).toBe(404);
    const asked = await send(stack, caseId, { type: 'REQUEST_ARREST', procuratorate: 'P01' });
    expect(asked).toMatchObject({ custody: true, agency: 'police', orgs: ['P01'], arrest: { status: 'requested', procuratorate: 'P01', decidedAt: null } });
    expect(asked.deadlines.map((d: { limit: string; status: string }) => `${d.limit}:${d.status}`)).toEqual(expect.arrayContaining(['arrestRequest:met', 'arrestDecision:pending']));

    const approved = await send(stack, caseId, { type: 'APPROVE_ARREST' }, tokens.prosecutor);
    expect(approved.arrest).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    expect(approved.history.at(-1)).toMatchObject({ type: 'APPROVE_ARREST', by: 'dev-procuratorate' });

    const reviewing = await send(stack, caseId, transfer);
    expect(reviewing).toMatchObject({ stage: 'prosecution_review', agency: 'procuratorate' });
    expect(reviewing.handoffs).toHaveLength(1);
    expect(reviewing.handoffs[0]).toMatchObject({ type: 'TRANSFER_FOR_PROSECUTION', from: 'S01', to: 'P01', documents: transfer.documents });

    const returned = await send(stack, caseId, returnForMore, tokens.prosecutor);
    expect(returned).toMatchObject({ stage: 'supplementary_investigation', agency: 'police' });
    const back = await send(stack, caseId, retransfer);
    expect(back.deadlines.filter((d: { limit: string }) => d.limit === 'prosecutionReview').map((d: { status: string }) => d.status)).toEqual(['met', 'pending']);

    const atCourt = await send(stack, caseId, prosecute, tokens.prosecutor);
    expect(atCourt).toMatchObject({ stage: 'at_court', agency: 'court', orgs: ['P01', 'C01'] });
    const judged = await send(stack, caseId, { type: 'JUDGE', verdict: 'guilty: one year', documents: [doc('judgment', 5)] }, tokens.court);
    expect(judged).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'judged' });
    expect(judged.handoffs.map((x: { type: string; from: string; to: string }) => `${x.type} ${x.from}→${x.to}`)).toEqual([
      'TRANSFER_FOR_PROSECUTION S01→P01', 'RETURN_FOR_SUPPLEMENTARY P01→S01', 'RETRANSFER S01→P01', 'PROSECUTE P01→C01', 'JUDGE C01→P01',
    ]);

    // Both agencies now see the case, in a read and in their lists (search attribute CaseOrgs).
    for (const token of [tokens.prosecutor, tokens.court]) {
      expect((await stack.call('GET', `/cases/${caseId}`, undefined, token)).body.outcome).toBe('judged');
      const listed = await until(() => stack.call('GET', '/cases?limit=100', undefined, token), (r) => r.body.items.some((i: { caseId: string }) => i.caseId === caseId));
      expect(listed.body.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);
    }
    expect((await stack.call('GET', `/cases/${caseId}`, undefined, otherProsecutor)).status).toBe(404);
  });

  it('a denied arrest, then a decision not to prosecute', async () => {
    const { caseId } = await createCase(stack);
    await sendAll(stack, caseId, [...toHandling, { type: 'DETAIN' }, { type: 'REQUEST_ARREST', procuratorate: 'P01' }]);
    const denied = await send(stack, caseId, { type: 'DENY_ARREST', reason: 'no need for arrest' }, tokens.prosecutor);
    expect(denied.arrest.status).toBe('denied');
    await send(stack, caseId, transfer);
    const closed = await send(stack, caseId, { type: 'NOT_PROSECUTE', reason: 'the evidence is insufficient', documents: [doc('decision', 4)] }, tokens.prosecutor);
    expect(closed).toMatchObject({ stage: 'closed', outcome: 'not_prosecuted' });
    expect(closed.handoffs.at(-1)).toMatchObject({ type: 'NOT_PROSECUTE', from: 'P01', to: 'S01', reason: 'the evidence is insufficient' });
  });

  it('CLOSE { outcome: "prosecution" } of v1 still closes a case whose procuratorate is not online', async () => {
    const { caseId } = await createCase(stack);
    const closed = await sendAll(stack, caseId, [...toHandling, { type: 'CLOSE', outcome: 'prosecution' }]);
    expect(closed).toMatchObject({ stage: 'closed', outcome: 'prosecution', agency: 'police', handoffs: [] });
  });
});

describe.concurrent('bad hand-off input changes nothing', () => {
  it('a sha256 that is not 64 hex, more than 50 documents, none, or an unknown org code: 400 naming the field', async () => {
    const caseId = await inReview();
    const before = await settledHistoryLength(raw, caseId);
    const bad = [
      { body: { ...prosecute, documents: [{ ...doc('indictment'), sha256: 'abc' }] }, path: 'documents.0.sha256' },
      { body: { ...prosecute, documents: Array.from({ length: 51 }, (_, i) => doc('page', i + 1)) }, path: 'documents' },
      { body: { ...prosecute, documents: [] }, path: 'documents' },
      { body: { ...prosecute, court: 'C99' }, path: 'court' },
    ];
    for (const { body, path } of bad) {
      const res = await sendEvent(stack, caseId, body, tokens.prosecutor);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      expect(JSON.stringify(res.body)).toContain(path);
    }
    const unknownProcuratorate = await sendEvent(stack, (await createCase(stack)).caseId, { type: 'REQUEST_ARREST', procuratorate: 'P99' });
    expect(unknownProcuratorate.status).toBe(400);
    expect(unknownProcuratorate.body.message).toMatch(/procuratorate P99 is not one of the policy's orgs/);
    expect(await settledHistoryLength(raw, caseId)).toBe(before);
  });

  it('a third return is 409 with the allowed events, and leaves no trace', async () => {
    const caseId = await inReview();
    await sendAll(stack, caseId, [returnForMore], tokens.prosecutor);
    await sendAll(stack, caseId, [retransfer]);
    await sendAll(stack, caseId, [returnForMore], tokens.prosecutor);
    await sendAll(stack, caseId, [retransfer]);
    const before = await settledHistoryLength(raw, caseId);
    const refusal = await refused(stack, caseId, returnForMore, tokens.prosecutor);
    expect(refusal.stage).toBe('prosecution_review');
    expect(refusal.reason).toMatch(/already returned for supplementary investigation 2 times/);
    expect([...refusal.allowed].sort()).toEqual(allowedIn('prosecution_review'));
    expect(await settledHistoryLength(raw, caseId)).toBe(before);
  });

  it('JUDGE before PROSECUTE is 409 (the court cannot even see the case yet: 404)', async () => {
    const caseId = await inReview();
    expect((await sendEvent(stack, caseId, { type: 'JUDGE', verdict: 'x', documents: [doc('j')] }, tokens.court)).status).toBe(404);
    const refusal = await refused(stack, caseId, { type: 'JUDGE', verdict: 'x', documents: [doc('j')] }, tokens.admin);
    expect(refusal).toMatchObject({ stage: 'prosecution_review', reason: 'JUDGE is not allowed in stage prosecution_review' });
  });

  it('a procuratorate that once held the case reads it, but may not decide the step another holds: 409, no trace', async () => {
    const { caseId } = await createCase(stack);
    await sendAll(stack, caseId, [...toHandling, { type: 'DETAIN' }, { type: 'REQUEST_ARREST', procuratorate: 'P02' }]);
    // The dev prosecutor (P01) was not asked; P02 was.
    expect((await sendEvent(stack, caseId, { type: 'APPROVE_ARREST' }, tokens.prosecutor)).status).toBe(404);
    await send(stack, caseId, { type: 'DENY_ARREST', reason: 'no need' }, otherProsecutor);
    await send(stack, caseId, transfer);
    expect((await stack.call('GET', `/cases/${caseId}`, undefined, otherProsecutor)).body.orgs).toEqual(['P02', 'P01']);
    const before = await settledHistoryLength(raw, caseId);
    const refusal = await refused(stack, caseId, prosecute, otherProsecutor);
    expect(refusal.reason).toBe('PROSECUTE is for P01, which holds this step, not for this token\'s orgs');
    expect(await settledHistoryLength(raw, caseId)).toBe(before);
    expect((await send(stack, caseId, prosecute, tokens.prosecutor)).stage).toBe('at_court');
  });

  it('a procuratorate extends the limits it owns (200), never a police limit (403, no trace)', async () => {
    const { caseId } = await createCase(stack);
    await sendAll(stack, caseId, [...toHandling, { type: 'DETAIN' }, { type: 'REQUEST_ARREST', procuratorate: 'P01' }]);
    const before = await settledHistoryLength(raw, caseId);
    const police = await sendEvent(stack, caseId, { type: 'EXTEND', limit: 'handle' }, tokens.prosecutor);
    expect(police.status).toBe(403);
    expect(police.body.message).toBe('role prosecutor may not send EXTEND of the handle limit');
    expect((await sendEvent(stack, caseId, { type: 'EXTEND', limit: 'trial' }, tokens.prosecutor)).status).toBe(403);
    expect(await settledHistoryLength(raw, caseId)).toBe(before);
    // Its own arrest decision passes the role check; the shipped policy gives that limit no extension.
    const arrest = await refused(stack, caseId, { type: 'EXTEND', limit: 'arrestDecision' }, tokens.prosecutor);
    expect(arrest.reason).toBe('the arrestDecision limit allows 0 extension(s), all used');

    await send(stack, caseId, { type: 'APPROVE_ARREST' }, tokens.prosecutor);
    const reviewing = await send(stack, caseId, transfer);
    const due = reviewing.deadlines.find((d: { limit: string }) => d.limit === 'prosecutionReview').dueAt;
    const extended = await send(stack, caseId, { type: 'EXTEND', limit: 'prosecutionReview' }, tokens.prosecutor);
    const review = extended.deadlines.find((d: { limit: string }) => d.limit === 'prosecutionReview');
    expect(review).toMatchObject({ status: 'pending', extensions: 1 });
    expect(Date.parse(review.dueAt)).toBeGreaterThan(Date.parse(due));
    expect(extended.history.at(-1)).toMatchObject({ type: 'EXTEND', by: 'dev-procuratorate', from: 'prosecution_review', to: 'prosecution_review' });
    // Another procuratorate never held it, and the case's own police limits stay the supervisors'.
    expect((await sendEvent(stack, caseId, { type: 'EXTEND', limit: 'prosecutionReview' }, otherProsecutor)).status).toBe(404);
    expect((await stack.call('GET', '/me', undefined, tokens.prosecutor)).body.events).toContain('EXTEND');
  });

  it('each side sends only its own events: 403 both ways; another procuratorate that never held the case: 404', async () => {
    const caseId = await inReview();
    const before = await settledHistoryLength(raw, caseId);
    expect((await sendEvent(stack, caseId, prosecute)).status).toBe(403);
    expect((await sendEvent(stack, caseId, retransfer, tokens.prosecutor)).status).toBe(403);
    expect((await sendEvent(stack, caseId, { type: 'JUDGE', verdict: 'x', documents: [doc('j')] }, tokens.prosecutor)).status).toBe(403);
    expect((await sendEvent(stack, caseId, prosecute, otherProsecutor)).status).toBe(404);
    expect(await settledHistoryLength(raw, caseId)).toBe(before);
  });
});
