import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Principal, Role } from '../contracts/tokens';
import { covers } from '../contracts/scope';
import { httpError } from './http-errors';
import { IdentityProviderUnavailableError, InvalidJwtError, type OidcVerifier } from './oidc';
import type { TokenBook } from './token-book';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Routes without roles are public (health, docs). */
    roles?: readonly Role[];
  }
}

export function canSee(principal: Principal, station: string): boolean {
  return covers(principal.stations, station);
}

const UNAUTHENTICATED = 'a valid Authorization: Bearer <token> header is required';

/** A static token, else (with OIDC configured) a JWT of the issuer; the reason a JWT failed is told, never the token. */
async function principalOf(bearer: string, tokens: TokenBook, oidc: OidcVerifier | undefined): Promise<Principal> {
  const known = tokens.find(bearer);
  if (known) return known;
  if (!oidc?.looksLikeJwt(bearer)) throw httpError(401, 'unauthenticated', UNAUTHENTICATED);
  try {
    return await oidc.verify(bearer);
  } catch (err) {
    if (err instanceof InvalidJwtError) throw httpError(401, 'unauthenticated', `${UNAUTHENTICATED}: ${err.message}`);
    if (err instanceof IdentityProviderUnavailableError) throw httpError(503, 'identity_provider_unavailable', err.message);
    throw err;
  }
}

/**
 * Bearer tokens of contract sections 7 and 10: unknown, expired or an invalid JWT is 401, a role that may not act
 * is 403.
 */
export const authPlugin = fp<{ tokens: TokenBook; oidc?: OidcVerifier }>(async (app, { tokens, oidc }) => {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const roles = request.routeOptions.config.roles;
    if (!roles) return;
    const match = /^bearer (.+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw httpError(401, 'unauthenticated', UNAUTHENTICATED);
    const principal = await principalOf(match[1]!, tokens, oidc);
    if (!roles.includes(principal.role)) throw httpError(403, 'forbidden', `role ${principal.role} may not do this`);
    request.principal = principal;
  });
});

/**
 * Who an event is recorded as (contract section 10). A person is their `sub`, and may not name anyone else; a machine
 * client may name the officer it acts for, and is then recorded as `via`.
 */
export function actorOf(principal: Principal, named: string | undefined): { by: string; via?: string } {
  if (principal.sub !== undefined) {
    if (named !== undefined && named !== principal.sub) {
      throw httpError(400, 'invalid_request', `by must be the signed-in person (${principal.sub}) or absent`, { issues: [{ path: 'by', message: 'not the signed-in person' }] });
    }
    return { by: principal.sub };
  }
  return named === undefined || named === principal.name ? { by: principal.name } : { by: named, via: principal.name };
}
