// Assignment (contract section 10) on the real dev server: ASSIGN sets the view's assignee, GET /me/cases lists the
// signed-in officer's open cases overdue first, a warning goes to the assignee, /stats counts unassigned open cases
// per station, and POST /bulk carries ASSIGN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokensFile } from '../../contracts/tokens';
import { localIssuer } from '../support/oidc-issuer';
import { startStack, uniqueId, type Stack } from '../support/stack';
import { DAY, HOUR, SECOND, createCase, getCase, iso, refused, send, sendEvent, settledHistoryLength, until } from './helpers';

const station = uniqueId('AS');
const counted = uniqueId('AT');
const t = { caseSystem: 'assign-case-system', supervisor: 'assign-supervisor', prosecutor: 'assign-prosecutor', admin: 'assign-admin' };
const assignTokens = {
  tokens: [
    { token: t.caseSystem, name: 'case-system', role: 'case-system', stations: [station] },
    { token: t.supervisor, name: 'legal-office', role: 'supervisor', stations: [station, counted] },
    { token: t.admin, name: 'ops', role: 'admin', stations: ['*'] },
    { token: t.prosecutor, name: 'procuratorate', role: 'prosecutor', orgs: ['P01'] },
  ],
} as TokensFile;

let stack: Stack;
let wang: string;
let zhao: string;
beforeAll(async () => {
  const idp = await localIssuer();
  wang = await idp.sign({ sub: 'officer-wang', caseflow_role: 'case-system', caseflow_stations: [station] });
  // Holds only the cases of the /me/cases test, whatever the other tests assign.
  zhao = await idp.sign({ sub: 'officer-zhao', caseflow_role: 'supervisor', caseflow_stations: [station] });
  stack = await startStack({ tokens: assignTokens, oidc: idp.settings });
});
afterAll(() => stack?.close());

type Mine = { items: Array<{ caseId: string; overdue: boolean; status: string }>; truncated: boolean };
const mine = async (jwt: string) => (await stack.call('GET', '/me/cases', undefined, jwt)).body as Mine;

describe('ASSIGN', () => {
  it('the case system or a supervisor sets the assignee; the history records who assigned', async () => {
    const { caseId } = await createCase(stack, { station }, t.caseSystem);
    expect((await getCase(stack, caseId, t.caseSystem)).assignee).toBeNull();
    const assigned = await send(stack, caseId, { type: 'ASSIGN', to: 'officer-li' }, t.caseSystem);
    expect(assigned.assignee).toBe('officer-li');
    expect(assigned.history.at(-1)).toEqual({ type: 'ASSIGN', at: expect.any(String), by: 'case-system', from: 'reported', to: 'reported' });
    const reassigned = await send(stack, caseId, { type: 'ASSIGN', to: 'officer-wang' }, t.supervisor);
    expect(reassigned.assignee).toBe('officer-wang');
    expect(reassigned.history.at(-1)).toMatchObject({ type: 'ASSIGN', by: 'legal-office' });
  });

  it('bad input is 400, another role 403, the same officer again and a closed case 409: none leaves a trace', async () => {
    const { caseId } = await createCase(stack, { station }, t.caseSystem);
    await send(stack, caseId, { type: 'ASSIGN', to: 'officer-li' }, t.caseSystem);
    const length = await settledHistoryLength(stack, caseId);
    for (const to of ['', 'x'.repeat(65), 42]) {
      const answer = await sendEvent(stack, caseId, { type: 'ASSIGN', to }, t.caseSystem);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_request');
    }
    expect((await sendEvent(stack, caseId, { type: 'ASSIGN' }, t.caseSystem)).status).toBe(400);
    expect((await sendEvent(stack, caseId, { type: 'ASSIGN', to: 'officer-li' }, t.prosecutor)).status).toBe(403);
    const again = await refused(stack, caseId, { type: 'ASSIGN', to: 'officer-li' }, t.caseSystem);
    expect(again).toMatchObject({ stage: 'reported', reason: 'the case is already assigned to officer-li' });
    expect(again.allowed).toContain('ASSIGN');
    expect(await settledHistoryLength(stack, caseId)).toBe(length);
    expect((await getCase(stack, caseId, t.caseSystem)).assignee).toBe('officer-li');

    const closed = await createCase(stack, { station }, t.caseSystem);
    await send(stack, closed.caseId, { type: 'REGISTER' }, t.caseSystem);
    await send(stack, closed.caseId, { type: 'NOTIFY' }, t.caseSystem);
    await send(stack, closed.caseId, { type: 'FILE', decision: 'file' }, t.caseSystem);
    await send(stack, closed.caseId, { type: 'APPROVE' }, t.caseSystem);
    await send(stack, closed.caseId, { type: 'CLOSE', outcome: 'penalty' }, t.caseSystem);
    const atClose = await settledHistoryLength(stack, closed.caseId);
    const late = await sendEvent(stack, closed.caseId, { type: 'ASSIGN', to: 'officer-li' }, t.caseSystem);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ stage: 'closed', allowed: [] });
    expect(await settledHistoryLength(stack, closed.caseId)).toBe(atClose);
  });
});

describe('GET /me/cases', () => {
  it("lists the signed-in officer's open cases, overdue first, and nobody else's", async () => {
    // The overdue one started first: visibility's own order (newest first) would put it last.
    const overdue = await createCase(stack, { station, reportedAt: iso(Date.now() - 2 * DAY) }, t.caseSystem);
    const fresh = await createCase(stack, { station }, t.caseSystem);
    const others = await createCase(stack, { station }, t.caseSystem);
    const closing = await createCase(stack, { station, category: 'administrative' }, t.caseSystem);
    // And assigned last, so an order by assignment would not put it first either.
    await send(stack, fresh.caseId, { type: 'ASSIGN', to: 'officer-zhao' }, t.caseSystem);
    await send(stack, overdue.caseId, { type: 'ASSIGN', to: 'officer-zhao' }, t.supervisor);
    await send(stack, others.caseId, { type: 'ASSIGN', to: 'officer-wang' }, t.caseSystem);
    await send(stack, closing.caseId, { type: 'ASSIGN', to: 'officer-zhao' }, t.caseSystem);
    for (const type of ['REGISTER', 'NOTIFY']) await send(stack, closing.caseId, { type }, t.caseSystem);
    await send(stack, closing.caseId, { type: 'FILE', decision: 'file' }, t.caseSystem);
    await send(stack, closing.caseId, { type: 'APPROVE' }, t.caseSystem);
    await send(stack, closing.caseId, { type: 'CLOSE', outcome: 'penalty' }, t.caseSystem);

    const listed = await until(() => mine(zhao), (m) => m.items.length === 2 && m.items.every((i) => i.caseId !== closing.caseId), 20_000);
    expect(listed.items.map((i) => [i.caseId, i.overdue])).toEqual([[overdue.caseId, true], [fresh.caseId, false]]);
    expect(listed.truncated).toBe(false);
    expect((await mine(wang)).items.map((i) => i.caseId)).toContain(others.caseId);
    expect((await mine(wang)).items.map((i) => i.caseId)).not.toContain(fresh.caseId);
  });

  it('a machine token names no officer: 403', async () => {
    const answer = await stack.call('GET', '/me/cases', undefined, t.caseSystem);
    expect(answer.status).toBe(403);
    expect(answer.body.message).toContain('no sub');
  });
});

describe('warnings and figures', () => {
  it("a warning goes to the assignee as officer:<id>", async () => {
    // The register limit is PT24H and warns at 80 %: reported so that the warning falls a few seconds from now.
    const { caseId } = await createCase(stack, { station, reportedAt: iso(Date.now() - 0.8 * 24 * HOUR + 8 * SECOND) }, t.caseSystem);
    await send(stack, caseId, { type: 'ASSIGN', to: 'officer-li' }, t.caseSystem);
    const view = await until(() => getCase(stack, caseId, t.caseSystem), (v) => v.escalations.length > 0, 40_000);
    expect(view.escalations).toEqual([expect.objectContaining({ limit: 'register', level: 'warning', target: 'officer:officer-li' })]);
  });

  it('/stats counts open cases assigned to nobody, per station; POST /bulk assigns them', async () => {
    const here = counted;
    const tokens = { supervisor: t.supervisor, admin: t.admin };
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await createCase(stack, { station: here }, tokens.admin)).caseId);
    await send(stack, ids[0]!, { type: 'ASSIGN', to: 'officer-li' }, tokens.admin);
    const figures = async () => (await stack.call('GET', `/stats?station=${here}`, undefined, tokens.supervisor)).body;
    const before = await until(figures, (s) => s.received === 3 && s.unassignedOpen === 2, 20_000);
    expect(before.stations).toEqual([expect.objectContaining({ station: here, received: 3, unassignedOpen: 2 })]);

    const bulk = await stack.call('POST', '/bulk', { filter: { station: here }, event: { type: 'ASSIGN', to: 'officer-wang' } }, tokens.supervisor);
    expect(bulk.status).toBe(202);
    expect(bulk.body.matched).toBe(3);
    const done = await until(async () => (await stack.call('GET', `/bulk/${bulk.body.id}`, undefined, tokens.supervisor)).body, (b) => b.status !== 'running', 60_000);
    expect(done).toMatchObject({ status: 'done', matched: 3, applied: 3, refused: [] });
    for (const id of ids) expect((await getCase(stack, id, tokens.admin)).assignee).toBe('officer-wang');
    const after = await until(figures, (s) => s.unassignedOpen === 0, 20_000);
    expect(after.stations).toEqual([expect.objectContaining({ station: here, unassignedOpen: 0 })]);
  });
});
