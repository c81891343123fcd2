// Contract section 9, signed hand-offs over HTTP on real Temporal: each hand-off in the view carries the deployment's
// JWS, /verify checks it against /.well-known/jwks.json, a changed document hash is not valid, and the `handoff`
// webhook carries the same JWS.
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, tokens, type Stack } from '../support/stack';
import { startReceiver } from '../support/webhook-receiver';
import { waitFor } from '../support/processes';
import { createCase, neverFailing, send, sendAll, until } from './helpers';

const SECRET = 'handoff-secret';
let raw: Stack;
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  raw = await startStack({ webhook: { url: receiver.url, secret: SECRET } });
  stack = neverFailing(raw);
});
afterAll(async () => {
  await raw?.close();
  await receiver?.close();
});

const documents = [{ kind: 'indictment-opinion', title: 'opinion', sha256: 'c'.repeat(64), uri: 'https://docs.example/opinion.pdf' }];

describe('signed hand-offs', () => {
  it('the view keeps a JWS the JWKS verifies, /verify agrees, and a changed hash is valid: false', async () => {
    const { caseId } = await createCase(stack);
    const view = await sendAll(stack, caseId, [
      { type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' },
      { type: 'TRANSFER_FOR_PROSECUTION', procuratorate: 'P01', documents, by: 'officer-9' },
    ]);
    const [handoff] = view.handoffs;
    expect(handoff.jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const jwks = await stack.call('GET', '/.well-known/jwks.json', undefined, null);
    expect(jwks.status).toBe(200);
    const { payload } = await compactVerify(handoff.jws, createLocalJWKSet(jwks.body));
    const signed = JSON.parse(new TextDecoder().decode(payload));
    expect(signed).toEqual({ caseId, type: 'TRANSFER_FOR_PROSECUTION', from: 'S01', to: 'P01', at: handoff.at, by: 'officer-9', documents });

    const verified = await stack.call('POST', '/verify', { jws: handoff.jws }, tokens.prosecutor);
    expect(verified.body).toEqual({ valid: true, payload: signed });

    const [header, , signature] = handoff.jws.split('.');
    const changed = { ...signed, documents: [{ ...documents[0], sha256: 'd'.repeat(64) }] };
    const tampered = [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.');
    const refused = await stack.call('POST', '/verify', { jws: tampered }, tokens.prosecutor);
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual({ valid: false, payload: changed });
    expect((await stack.call('POST', '/verify', { jws: tampered }, null)).status).toBe(401);

    // Each later hand-off is signed too, with its own route.
    const returned = await send(stack, caseId, { type: 'RETURN_FOR_SUPPLEMENTARY', reason: 'witness', documents }, tokens.prosecutor);
    const second = (await stack.call('POST', '/verify', { jws: returned.handoffs[1].jws }, tokens.caseSystem)).body;
    expect(second).toMatchObject({ valid: true, payload: { type: 'RETURN_FOR_SUPPLEMENTARY', from: 'P01', to: 'S01', by: 'dev-procuratorate' } });

    // The handoff webhook carries the same JWS.
    await waitFor(() => receiver.accepted().some((r) => r.caseId === caseId && r.kind === 'handoff'), 'a handoff webhook', 15_000);
    const hook = receiver.accepted().find((r) => r.caseId === caseId && r.kind === 'handoff') as unknown as { jws: string; target: string; limit: string };
    expect(hook).toMatchObject({ jws: handoff.jws, target: 'P01', limit: 'prosecutionReview' });

    // /stats counts the hand-off: this stack's only case, transferred once and returned once.
    const stats = await until(() => stack.call('GET', '/stats', undefined, tokens.supervisor), (r) => r.body.handoff?.returns === 1);
    expect(stats.body.handoff).toMatchObject({ transfers: 1, returns: 1, casesReturned: 1, returnRate: 1, arrestsRequested: 0, arrestsApproved: 0 });
    expect(stats.body.handoff.medianDaysInReview).toBeGreaterThanOrEqual(0);
  });
});
