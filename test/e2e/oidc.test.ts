// OIDC bearer JWTs (contract section 10) against the real stack: an issuer's key pair made here, its JWKS served on
// loopback as an identity provider would, and every forgery a client could try.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

const ISSUER = 'https://idp.example.test/realms/bureau';
const AUDIENCE = 'caseflow';
const officer = { sub: 'officer-1024', name: '李警官', caseflow_role: 'case-system', caseflow_stations: ['S01'] };

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
let issuerKey: KeyPair;
let otherKey: KeyPair;
let publicJwk: object;
let jwks: string;

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

async function sign(claims: JWTPayload = officer, options: { key?: KeyPair['privateKey']; kid?: string; iss?: string; aud?: string; exp?: number; nbf?: number } = {}) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? 'bureau-1' })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? now() + 600);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(options.key ?? issuerKey.privateKey);
}

let jwksServer: Server;
let jwksFetches = 0;
let stack: Stack;
beforeAll(async () => {
  issuerKey = await generateKeyPair('ES256', { extractable: true });
  otherKey = await generateKeyPair('ES256');
  publicJwk = { ...(await exportJWK(issuerKey.publicKey)), kid: 'bureau-1', alg: 'ES256', use: 'sig' };
  jwks = JSON.stringify({ keys: [publicJwk] });
  jwksServer = createServer((_req, res) => {
    jwksFetches++;
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(jwks);
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const { port } = jwksServer.address() as { port: number };
  stack = await startStack({ worker: false, oidc: { issuer: ISSUER, audience: AUDIENCE, jwks: `http://127.0.0.1:${port}/certs` } });
});
afterAll(async () => {
  await stack?.close();
  jwksServer?.close();
});

const listWith = (jwt: string) => stack.call('GET', '/cases?limit=1', undefined, jwt);

describe('OIDC bearer JWTs', () => {
  it('accepts a JWT of the issuer, with its role and stations, fetching the key set once', async () => {
    const jwt = await sign();
    expect((await listWith(jwt)).status).toBe(200);
    expect((await listWith(jwt)).status).toBe(200);
    expect(jwksFetches).toBe(1);
    const asSupervisor = await stack.call('POST', '/cases/any/events', { type: 'EXTEND', limit: 'file' }, jwt);
    expect(asSupervisor.status, 'a case-system officer may not send a supervisor event').toBe(403);
  });

  it('takes a prosecutor by the orgs it acts for', async () => {
    const prosecutor = { sub: 'prosecutor-7', caseflow_role: 'prosecutor', caseflow_orgs: ['P01'] };
    expect((await listWith(await sign(prosecutor))).status).toBe(200);
  });

  it('keeps a JWT to its stations: reporting a case at another station is refused', async () => {
    const created = await stack.call('POST', '/cases', { caseId: `oidc-S02-${Date.now()}`, category: 'administrative', station: 'S02', reportedAt: new Date().toISOString() }, await sign());
    expect(created.status).toBe(403);
    expect(created.body.message).toContain('station S02');
  });

  const forgeries: [string, () => Promise<string>][] = [
    ['expired', () => sign(officer, { exp: now() - 120 })],
    ['not yet valid (nbf)', () => sign(officer, { nbf: now() + 600 })],
    ['for another audience', () => sign(officer, { aud: 'another-service' })],
    ['from another issuer', () => sign(officer, { iss: 'https://evil.example.test' })],
    ['signed by a key the issuer does not publish (unknown kid)', () => sign(officer, { key: otherKey.privateKey, kid: 'stranger' })],
    ['signed by another key under the issuer\'s kid', () => sign(officer, { key: otherKey.privateKey })],
    ['re-signed: claims changed after signing', async () => {
      const [header, , signature] = (await sign()).split('.');
      return `${header}.${b64({ ...officer, caseflow_role: 'admin', caseflow_stations: ['*'], iss: ISSUER, aud: AUDIENCE, exp: now() + 600 })}.${signature}`;
    }],
    ['alg none', async () => `${b64({ alg: 'none', kid: 'bureau-1' })}.${b64({ ...officer, iss: ISSUER, aud: AUDIENCE, exp: now() + 600 })}.`],
    ['HS256 with the public key as the secret', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
      return new SignJWT(officer).setProtectedHeader({ alg: 'HS256', kid: 'bureau-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(now() + 600).sign(secret);
    }],
    ['without a caseflow role', () => sign({ sub: 'officer-1024', caseflow_stations: ['S01'] })],
    ['with a role caseflow does not know', () => sign({ ...officer, caseflow_role: 'root' })],
    ['of a prosecutor scoped by stations instead of orgs', () => sign({ ...officer, caseflow_role: 'prosecutor' })],
    ['over 8 KB, otherwise valid', () => sign({ ...officer, padding: 'x'.repeat(8 * 1024) })],
  ];
  it.each(forgeries)('refuses a JWT %s: 401', async (_what, forge) => {
    const answer = await listWith(await forge());
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('unauthenticated');
  });

  it('answers 503, not 401, while the issuer\'s key set cannot be fetched', async () => {
    const unreachable = await startStack({ worker: false, oidc: { issuer: ISSUER, audience: AUDIENCE, jwks: `http://127.0.0.1:${await freePort()}/certs` } });
    try {
      const answer = await unreachable.call('GET', '/cases?limit=1', undefined, await sign());
      expect(answer.status).toBe(503);
      expect(answer.body.error).toBe('identity_provider_unavailable');
    } finally {
      await unreachable.close();
    }
  });

  it('reads the key set from a file as well', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'caseflow-jwks-')), 'jwks.json');
    writeFileSync(file, jwks);
    const fromFile = await startStack({ worker: false, oidc: { issuer: ISSUER, audience: AUDIENCE, jwks: file } });
    try {
      expect((await fromFile.call('GET', '/cases?limit=1', undefined, await sign())).status).toBe(200);
      expect((await fromFile.call('GET', '/cases?limit=1', undefined, await sign(officer, { key: otherKey.privateKey }))).status).toBe(401);
    } finally {
      await fromFile.close();
    }
  });
});
