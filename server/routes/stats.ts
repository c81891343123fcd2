import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody } from '../../contracts/http';
import { statsQuery, statsResponse } from '../../contracts/stats';
import { guarded, type CaseGateway } from '../case-gateway';
import { aggregate } from '../stats-figures';
import { listCaseRecords } from '../stats-search';

/** The bureau's figures over the cases reported in a window, from visibility and each case's memo. */
export const statsRoutes: FastifyPluginAsyncZod<{ gateway: CaseGateway }> = async (app, { gateway }) => {
  const { client, taskQueue } = gateway.temporal;
  app.get('/stats', {
    config: { roles: ['case-system', 'supervisor', 'admin'] },
    schema: {
      tags: ['supervision'],
      summary: 'Figures over the cases reported in [from, to): counts, disposal and post-filing check rates, overdue rates, stage medians, stations ranked',
      querystring: statsQuery,
      response: { 200: statsResponse, 400: errorBody, 401: errorBody, 403: errorBody, 503: errorBody },
    },
  }, async (request) => {
    const q = request.query;
    // Scoped in the visibility query: a station outside the token's has no cases for it, as in GET /cases.
    return aggregate(await guarded('', () => listCaseRecords(client, taskQueue, request.principal!.stations, q)), q);
  });
};
