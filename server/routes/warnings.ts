import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody } from '../../contracts/http';
import { warningsPage, warningsQuery } from '../../contracts/warnings';

export const warningRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/warnings', {
    config: { roles: ['case-system', 'supervisor', 'admin'] },
    schema: {
      tags: ['supervision'],
      summary: 'Open early warnings across the caller\'s stations',
      querystring: warningsQuery,
      response: { 200: warningsPage, 400: errorBody, 401: errorBody, 403: errorBody, 503: errorBody },
    },
  }, async (request) => {
    return app.gateway.warnings({ ...request.query, scope: request.principal!.stations });
  });
};
