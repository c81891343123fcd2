// Contract section 10: an event is the signed-in person's, or a machine client's acting for a named officer (`via`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIssuer } from '../support/oidc-issuer';
import { startStack, tokens, type Stack } from '../support/stack';
import { createCase, getCase, send, sendEvent } from './helpers';

let stack: Stack;
let officerJwt: string;
beforeAll(async () => {
  const idp = await localIssuer();
  officerJwt = await idp.sign({ sub: 'officer-1024', name: 'Officer Li', caseflow_role: 'case-system', caseflow_stations: ['S01'] });
  stack = await startStack({ oidc: idp.settings });
});
afterAll(() => stack?.close());

const last = (view: { history: object[] }) => view.history.at(-1);

describe('who an event is recorded as', () => {
  it('a signed-in officer is `by`, their sub, with no `via`', async () => {
    const { caseId } = await createCase(stack, { station: 'S01' });
    const view = await send(stack, caseId, { type: 'REGISTER' }, officerJwt);
    expect(last(view)).toEqual({ type: 'REGISTER', at: expect.any(String), by: 'officer-1024', from: 'reported', to: 'registered' });
    const same = await send(stack, caseId, { type: 'NOTIFY', by: 'officer-1024' }, officerJwt);
    expect(last(same)).toMatchObject({ type: 'NOTIFY', by: 'officer-1024' });
    expect(last(same)).not.toHaveProperty('via');
  });

  it('a signed-in officer naming someone else in `by` is refused (400) and leaves no trace', async () => {
    const { caseId } = await createCase(stack, { station: 'S01' });
    const answer = await sendEvent(stack, caseId, { type: 'REGISTER', by: 'officer-9999' }, officerJwt);
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([{ path: 'by', message: 'not the signed-in person' }]);
    expect((await getCase(stack, caseId)).history).toEqual([]);
  });

  it('a machine client naming an officer records the officer as `by` and itself as `via`', async () => {
    const { caseId } = await createCase(stack, { station: 'S01' });
    const view = await send(stack, caseId, { type: 'REGISTER', by: 'officer-2048' }, tokens.caseSystem);
    expect(last(view)).toEqual({ type: 'REGISTER', at: expect.any(String), by: 'officer-2048', via: 'dev-case-system', from: 'reported', to: 'registered' });
    const itself = await send(stack, caseId, { type: 'NOTIFY' }, tokens.caseSystem);
    expect(last(itself)).toEqual({ type: 'NOTIFY', at: expect.any(String), by: 'dev-case-system', from: 'registered', to: expect.any(String) });
  });
});
