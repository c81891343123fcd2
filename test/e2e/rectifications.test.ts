// Rectifications over HTTP on real Temporal: a warning of a model with rectify opens one (a signed webhook), the unit
// answers, a supervisor confirms (each step in the rectification's history); wrong role, unknown id, a second confirm,
// an overlong answer, confirmation note or reason to reopen are refused and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../support/webhook-receiver';
import { startStack, tokens, type Stack } from '../support/stack';
import { waitFor } from '../support/processes';
import { createCase, getCase, sendAll } from './helpers';

const SECRET = 'rectification-secret';
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  stack = await startStack({ webhook: { url: receiver.url, secret: SECRET } });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

const toStation = [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }];
type Rectification = { id: string; status: string; model: string; answer: { note: string; by: string } | null; history: Array<{ action: string }> };
type Delivery = { kind: string; caseId: string; rectification?: Rectification };

describe('rectifications over HTTP (real Temporal)', () => {
  it('opens with the warning, is answered by the unit and confirmed by a supervisor, each step recorded and the open and confirm sent as signed webhooks', async () => {
    const { caseId } = await createCase(stack, { offense: 'homicide' }, tokens.admin);
    const held = await sendAll(stack, caseId, toStation, tokens.admin);
    const [opened] = held.rectifications as Rectification[];
    expect(opened).toMatchObject({ model: 'negative-list-at-station', status: 'open', answer: null });
    const rid = opened!.id;
    const path = (action: string) => `/cases/${caseId}/rectifications/${encodeURIComponent(rid)}/${action}`;

    // Wrong role: 403; unknown id: 404; an overlong note: 400. None leaves a trace.
    expect((await stack.call('POST', path('answer'), { note: 'x' }, tokens.supervisor)).status).toBe(403);
    expect((await stack.call('POST', path('confirm'), {}, tokens.caseSystem)).status).toBe(403);
    expect((await stack.call('POST', path('reopen'), { reason: 'x' }, tokens.caseSystem)).status).toBe(403);
    const unknown = await stack.call('POST', `/cases/${caseId}/rectifications/${encodeURIComponent(`${caseId}:r:7`)}/answer`, { note: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not_found');
    const long = await stack.call('POST', path('answer'), { note: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect((await stack.call('POST', `/cases/NO-SUCH-CASE/rectifications/${encodeURIComponent(rid)}/answer`, { note: 'x' })).status).toBe(404);
    const early = await stack.call('POST', path('confirm'), {}, tokens.supervisor);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'rectification_not_allowed', status: 'open', allowed: ['answer'] });
    expect((await getCase(stack, caseId)).history).toEqual(held.history);

    const answered = await stack.call('POST', path('answer'), { note: 'transfer papers sent to the criminal police' });
    expect(answered.status).toBe(200);
    expect(answered.body.rectifications[0]).toMatchObject({ status: 'answered', answer: { note: 'transfer papers sent to the criminal police', by: 'dev-case-system' } });
    // Answered, a supervisor may confirm or reopen; over 2,000 characters, the confirmation's note or the reason to
    // reopen is refused all the same (400, naming the field), and nothing changes.
    for (const [action, body, field] of [
      ['confirm', { note: 'x'.repeat(2001) }, 'note'],
      ['reopen', { reason: 'x'.repeat(2001) }, 'reason'],
    ] as const) {
      const refused = await stack.call('POST', path(action), body, tokens.supervisor);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_request', issues: [expect.objectContaining({ path: expect.stringContaining(field), message: 'at most 2,000 characters' })] });
    }
    const unchanged = await getCase(stack, caseId);
    expect(unchanged.rectifications).toEqual(answered.body.rectifications);
    expect(unchanged.history).toEqual(answered.body.history);

    // Exactly 2,000 characters is taken, and kept whole.
    const fullNote = 'checked on site: '.padEnd(2000, '.');
    const confirmed = await stack.call('POST', path('confirm'), { note: fullNote }, tokens.supervisor);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.rectifications[0].history.at(-1)).toMatchObject({ action: 'confirmed', note: fullNote });
    expect(confirmed.body.rectifications[0].history.map((h: { action: string }) => h.action)).toEqual(['opened', 'answered', 'confirmed']);
    expect(confirmed.body.rectifications[0].history.map((h: { by: string }) => h.by)).toEqual(['system', 'dev-case-system', 'dev-legal-office']);

    const twice = await stack.call('POST', path('confirm'), {}, tokens.supervisor);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: 'rectification_not_allowed', status: 'confirmed', allowed: [] });

    await waitFor(() => receiver.accepted().filter((d) => (d as Delivery).caseId === caseId && d.kind === 'rectification').length === 2, 'two rectification webhooks', 15_000);
    const sent = (receiver.accepted() as Delivery[]).filter((d) => d.caseId === caseId && d.kind === 'rectification').map((d) => d.rectification!.status);
    expect(sent.sort()).toEqual(['confirmed', 'open']);
  });
});
