import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { agencyRoles, role, type Principal } from '../contracts/tokens';

export type OidcSettings = { issuer: string; audience: string; jwks: string };

/** Larger bearer JWTs are refused before any parsing: no identity needs 8 KB, and a flood of big ones costs CPU. */
export const MAX_JWT_BYTES = 8 * 1024;

/** Asymmetric only: never `none`, never HS* (a public key used as an HMAC secret would let anyone sign). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_SKEW_SECONDS = 30;

const codes = z.array(z.string().min(1)).min(1);
const claims = z
  .object({
    sub: z.string().min(1),
    name: z.string().min(1).optional(),
    caseflow_role: role,
    caseflow_stations: codes.optional(),
    caseflow_orgs: codes.optional(),
  })
  .refine((c) => (agencyRoles.has(c.caseflow_role) ? c.caseflow_orgs : c.caseflow_stations), {
    message: 'caseflow_orgs for a prosecutor or court, caseflow_stations for any other role',
  });

export class IdentityProviderUnavailableError extends Error {
  override name = 'IdentityProviderUnavailableError';
}

/** A bearer token that is not a valid JWT of the configured issuer; the message says what failed, never the token. */
export class InvalidJwtError extends Error {
  override name = 'InvalidJwtError';
}

/** The issuer's side failed (unreachable, slow, not a key set): not the client's fault, so not a 401. */
const providerFailed = (err: unknown) =>
  err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC') || (err instanceof TypeError);

const looksLikeJwt = (token: string) => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);

function keySet(jwks: string): JWTVerifyGetKey {
  if (/^https?:\/\//.test(jwks)) return createRemoteJWKSet(new URL(jwks), { timeoutDuration: 3000 });
  return createLocalJWKSet(JSON.parse(readFileSync(jwks, 'utf8')));
}

/** Verifies OIDC bearer JWTs (contract section 10) against the issuer's JWKS, fetched and cached by jose. */
export function oidcVerifier(settings: OidcSettings) {
  const keys = keySet(settings.jwks);
  return {
    looksLikeJwt,
    async verify(token: string): Promise<Principal> {
      if (Buffer.byteLength(token) > MAX_JWT_BYTES) throw new InvalidJwtError(`a bearer JWT over ${MAX_JWT_BYTES} bytes`);
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: ALGORITHMS,
          clockTolerance: CLOCK_SKEW_SECONDS,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (err) {
        if (providerFailed(err)) {
          throw new IdentityProviderUnavailableError(`the identity provider's key set cannot be fetched: ${(err as Error).message}`);
        }
        throw new InvalidJwtError(err instanceof errors.JOSEError ? `${err.code}: ${err.message}` : 'not a valid JWT');
      }
      const parsed = claims.safeParse(payload);
      if (!parsed.success) throw new InvalidJwtError(`claims: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const { sub, name, caseflow_role, caseflow_stations, caseflow_orgs } = parsed.data;
      const scope = agencyRoles.has(caseflow_role) ? { stations: [], orgs: caseflow_orgs! } : { stations: caseflow_stations! };
      return { name: name ?? sub, role: caseflow_role, sub, ...scope };
    },
  };
}
export type OidcVerifier = ReturnType<typeof oidcVerifier>;
