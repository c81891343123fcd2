// Events and reports that arrive at the same moment: the case takes exactly one, the others are refused
// as they would be one after the other, and the history shows one.
import { describe, expect, it } from 'vitest';
import { tokens } from '../support/stack';
import { caseBody, createCase, deadline, getCase, neverFailingStack, send, sendEvent } from './helpers';

const stack = neverFailingStack();

const sorted = (statuses: number[]) => [...statuses].sort((a, b) => a - b);

describe.concurrent('simultaneous requests', () => {
  it.each([1, 2, 3])('two identical REGISTERs at once: one 200, one 409, one REGISTER in the history (round %i)', async () => {
    const { caseId } = await createCase(stack);
    const answers = await Promise.all([sendEvent(stack, caseId, { type: 'REGISTER' }), sendEvent(stack, caseId, { type: 'REGISTER' })]);
    expect(sorted(answers.map((a) => a.status))).toEqual([200, 409]);
    const refusal = answers.find((a) => a.status === 409)!.body;
    expect(refusal).toMatchObject({ error: 'event_not_allowed', stage: 'registered', reason: expect.any(String) });
    const view = await getCase(stack, caseId);
    expect(view.stage).toBe('registered');
    expect(view.history.map((h: { type: string }) => h.type)).toEqual(['REGISTER']);
    expect(view).toEqual(answers.find((a) => a.status === 200)!.body);
  });

  it('five NOTIFYs at once: exactly one is taken', async () => {
    const { caseId } = await createCase(stack);
    await send(stack, caseId, { type: 'REGISTER' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => sendEvent(stack, caseId, { type: 'NOTIFY' })));
    expect(sorted(answers.map((a) => a.status))).toEqual([200, 409, 409, 409, 409]);
    const view = await getCase(stack, caseId);
    expect(view.history.map((h: { type: string }) => h.type)).toEqual(['REGISTER', 'NOTIFY']);
  });

  it('two EXTENDs at once where the policy allows one: one 200, one 409, extended once', async () => {
    const { caseId } = await createCase(stack, { category: 'administrative' });
    const registered = await send(stack, caseId, { type: 'REGISTER' });
    const due = Date.parse(deadline(registered, 'file').dueAt);
    const answers = await Promise.all([
      sendEvent(stack, caseId, { type: 'EXTEND', limit: 'file' }, tokens.supervisor),
      sendEvent(stack, caseId, { type: 'EXTEND', limit: 'file' }, tokens.supervisor),
    ]);
    expect(sorted(answers.map((a) => a.status))).toEqual([200, 409]);
    const view = await getCase(stack, caseId);
    expect(deadline(view, 'file')).toMatchObject({ extensions: 1, dueAt: new Date(due + 48 * 3600_000).toISOString() });
    expect(view.history.filter((h: { type: string }) => h.type === 'EXTEND')).toHaveLength(1);
  });

  it('the same report twice at once: one 201, one 200, one case', async () => {
    const body = caseBody();
    const answers = await Promise.all([stack.call('POST', '/cases', body), stack.call('POST', '/cases', body)]);
    expect(sorted(answers.map((a) => a.status))).toEqual([200, 201]);
    for (const a of answers) expect(a.body).toMatchObject({ caseId: body.caseId, stage: 'reported' });
    expect((await getCase(stack, body.caseId)).history).toEqual([]);
  });

  it('two different reports under one caseId at once: one 201, one 409 case_exists', async () => {
    const body = caseBody();
    const answers = await Promise.all([
      stack.call('POST', '/cases', body),
      stack.call('POST', '/cases', { ...body, summary: 'a different report' }),
    ]);
    expect(sorted(answers.map((a) => a.status))).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)!.body).toMatchObject({ error: 'case_exists' });
    const winner = answers.find((a) => a.status === 201)!.body;
    expect(await getCase(stack, body.caseId)).toEqual(winner);
  });
});
