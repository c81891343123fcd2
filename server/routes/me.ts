import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventsFor, extendableBy } from '../../contracts/event-roles';
import { errorBody, me } from '../../contracts/http';
import { rectifyActions, rectifyRoles } from '../../contracts/rectifications';
import { roles } from '../../contracts/tokens';

/** `GET /me`: any valid token learns its own name, role, scope and permitted actions, from the tables the routes enforce. */
export const meRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/me', {
    config: { roles },
    schema: { tags: ['people'], summary: 'Who this token is and which actions it may take', querystring: z.strictObject({}), response: { 200: me, 400: errorBody, 401: errorBody, 503: errorBody } },
  }, async (request) => {
    const principal = request.principal!;
    return {
      name: principal.name,
      role: principal.role,
      sub: principal.sub ?? null,
      stations: principal.stations,
      orgs: principal.orgs ?? [],
      events: eventsFor(principal),
      extends: extendableBy(principal.role),
      rectifications: rectifyActions.filter((action) => rectifyRoles[action].includes(principal.role)),
    };
  });
};
