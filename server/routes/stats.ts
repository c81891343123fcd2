import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody } from '../../contracts/http';
import { statsQuery, statsResponse } from '../../contracts/stats';

/** The bureau's figures over the cases reported in a window, from visibility and each case's memo. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/stats', {
    config: { roles: ['case-system', 'supervisor', 'admin'] },
    schema: {
      tags: ['supervision'],
      summary: 'Figures over the cases reported in [from, to): counts, disposal and post-filing check rates, overdue rates, stage medians, stations ranked',
      querystring: statsQuery,
      response: { 200: statsResponse, 400: errorBody, 401: errorBody, 403: errorBody, 503: errorBody },
    },
  }, async (request) => {
    // A station outside the token's has no cases for it, as in GET /cases.
    return app.gateway.stats(request.query, request.principal!.stations);
  });
};
