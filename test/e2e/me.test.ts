// GET /me on the real stack: each dev token and an officer's OIDC JWT learn who they are and which actions the API
// would take from them, and those lists match what the events and rectification routes then accept or refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIssuer } from '../support/oidc-issuer';
import { startStack, tokens, type Stack } from '../support/stack';
import { createCase, sendEvent } from './helpers';

let stack: Stack;
let officer: string;
beforeAll(async () => {
  const idp = await localIssuer();
  officer = await idp.sign({ sub: 'officer-1024', name: '李警官', caseflow_role: 'case-system', caseflow_stations: ['S01'] });
  stack = await startStack({ oidc: idp.settings });
}, 120_000);
afterAll(() => stack?.close());

const me = async (token: string | null) => stack.call('GET', '/me', undefined, token);

describe('GET /me', () => {
  it('names a machine token, its role and stations, and no officer', async () => {
    const { status, body } = await me(tokens.supervisor);
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'dev-legal-office', role: 'supervisor', sub: null, stations: ['*'], orgs: [] });
    expect([...body.events].sort()).toEqual(['ACK_ESCALATION', 'ASSIGN', 'EXTEND', 'RECONSIDER', 'REVIEW_DECISION']);
    expect(body.rectifications).toEqual(['confirm', 'reopen']);
    expect(body.extends).toEqual(expect.arrayContaining(['register', 'file', 'handle', 'arrestDecision', 'trial']));
  });

  it('names the officer of an OIDC sign-in', async () => {
    const { status, body } = await me(officer);
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: '李警官', role: 'case-system', sub: 'officer-1024', stations: ['S01'], orgs: [] });
    expect(body.events).toEqual(expect.arrayContaining(['REGISTER', 'ASSIGN', 'CLOSE']));
    expect(body.events).not.toContain('EXTEND');
    expect(body.extends).toEqual([]);
    expect(body.rectifications).toEqual(['answer']);
  });

  it('gives an agency its orgs and its own events only', async () => {
    const { body } = await me(tokens.court);
    expect(body).toMatchObject({ role: 'court', stations: [], orgs: ['C01'], events: ['JUDGE'], extends: [], rectifications: [] });
    const prosecutor = (await me(tokens.prosecutor)).body;
    expect(prosecutor).toMatchObject({ role: 'prosecutor', orgs: ['P01'], extends: ['arrestDecision', 'prosecutionReview'] });
    expect(prosecutor.events).toContain('EXTEND');
  });

  it('refuses no token and an unknown one (401), and a query it does not take (400)', async () => {
    expect((await me(null)).status).toBe(401);
    expect((await me('not-a-token')).status).toBe(401);
    const extra = await stack.call('GET', '/me?role=admin', undefined, tokens.caseSystem);
    expect(extra.status).toBe(400);
    expect(extra.body.error).toBe('invalid_request');
  });

  it('lists what the events route accepts: EXTEND is refused to the case system and taken from a supervisor', async () => {
    const { caseId } = await createCase(stack, { category: 'administrative' }, tokens.caseSystem);
    await sendEvent(stack, caseId, { type: 'REGISTER' }, tokens.caseSystem);
    expect((await me(tokens.caseSystem)).body.events).not.toContain('EXTEND');
    expect((await sendEvent(stack, caseId, { type: 'EXTEND', limit: 'file' }, tokens.caseSystem)).status).toBe(403);
    expect((await me(tokens.supervisor)).body.events).toContain('EXTEND');
    expect((await sendEvent(stack, caseId, { type: 'EXTEND', limit: 'file' }, tokens.supervisor)).status).toBe(200);
  });

  it('is in the OpenAPI document with its schema', async () => {
    const doc = (await (await fetch(`${stack.url}/openapi.json`)).json()) as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    expect(Object.keys(doc.paths['/me']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '503']));
  });
});
