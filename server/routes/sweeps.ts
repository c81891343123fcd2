import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody } from '../../contracts/http';
import { startSweepBody, sweepIdParams, sweepListQueryString, sweepPage, sweepReport, sweepStarted } from '../../contracts/sweeps';
import { httpError } from '../http-errors';
import { scopeReport, scopeSummary } from '../sweep-gateway';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 503: errorBody };
const readers = ['case-system', 'supervisor', 'admin'] as const;

/** 日清、月结、季清积案: scheduled sweeps' reports, kept in the sweep ledger, and sweeps on demand. */
export const sweepRoutes: FastifyPluginAsyncZod = async (app) => {
  const { sweeps } = app.gateway;

  app.post('/sweeps', {
    config: { roles: ['supervisor', 'admin'] },
    schema: { tags: ['supervision'], summary: 'Run a sweep now; its report follows at /sweeps/:id', body: startSweepBody, response: { 202: sweepStarted, ...errors } },
  }, async (request, reply) => reply.status(202).send(await sweeps.start(request.body.kind)));

  app.get('/sweeps', {
    config: { roles: readers },
    schema: { tags: ['supervision'], summary: 'Sweep reports, newest first, counted over the caller\'s stations', querystring: sweepListQueryString, response: { 200: sweepPage, ...errors } },
  }, async (request) => {
    const { kind, limit } = request.query;
    const items = (await sweeps.list()).filter((s) => !kind || s.kind === kind).slice(0, limit);
    return { items: items.map((s) => scopeSummary(s, request.principal!)) };
  });

  app.get('/sweeps/:id', {
    config: { roles: readers },
    schema: { tags: ['supervision'], summary: 'One sweep report, with the rows of the caller\'s stations', params: sweepIdParams, response: { 200: sweepReport, ...errors } },
  }, async (request) => {
    const report = await sweeps.get(request.params.id);
    if (!report) throw httpError(404, 'not_found', `sweep ${request.params.id} not found; a sweep just started appears once it has run`);
    return scopeReport(report, request.principal!);
  });
};
