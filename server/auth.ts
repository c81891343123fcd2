import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Principal, Role } from '../contracts/tokens';
import { covers } from '../contracts/scope';
import { httpError } from './http-errors';
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

/** Bearer tokens of contract sections 7 and 10: unknown or expired is 401, a role that may not act is 403. */
export const authPlugin = fp<{ tokens: TokenBook }>(async (app, { tokens }) => {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const roles = request.routeOptions.config.roles;
    if (!roles) return;
    const match = /^bearer (.+)$/i.exec(request.headers.authorization ?? '');
    const principal = match ? tokens.find(match[1]!) : undefined;
    if (!principal) throw httpError(401, 'unauthenticated', 'a valid Authorization: Bearer <token> header is required');
    if (!roles.includes(principal.role)) throw httpError(403, 'forbidden', `role ${principal.role} may not do this`);
    request.principal = principal;
  });
});
