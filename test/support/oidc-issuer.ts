import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import type { OidcSettings } from '../../server/oidc';

/** A stand-in identity provider: its own key pair, the public half as a JWKS file, and tokens it signs. */
export async function localIssuer(issuer = 'https://idp.example.test/realms/bureau', audience = 'caseflow') {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwks = path.join(mkdtempSync(path.join(tmpdir(), 'caseflow-idp-')), 'jwks.json');
  writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'ES256' }] }));
  const settings: OidcSettings = { issuer, audience, jwks };
  return {
    settings,
    sign: (claims: JWTPayload) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'idp-1' }).setIssuer(issuer).setAudience(audience).setExpirationTime('10m').sign(privateKey),
  };
}
