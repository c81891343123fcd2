import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type BulkFilter, bulkDryRun, bulkParams, bulkRequest, bulkStarted, bulkStatus, calendarRequest, MAX_BULK_CASES } from '../../contracts/bulk';
import { levelAboveEvents, maySend } from '../../contracts/event-roles';
import { errorBody } from '../../contracts/http';
import type { Scope } from '../../contracts/scope';
import type { BulkGateway } from '../bulk-gateway';
import { httpError } from '../http-errors';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 503: errorBody };
const roles = ['supervisor', 'admin'] as const;
const MAX_CLOCK_LEAD_MS = 5 * 60_000;

/** The ids of the cases `filter` matches for `scope`, refused (400) past MAX_BULK_CASES. */
async function matchingAtMost(bulk: BulkGateway, filter: BulkFilter, scope: Scope): Promise<string[]> {
  const caseIds = await bulk.matching(filter, scope, MAX_BULK_CASES);
  if (caseIds.length <= MAX_BULK_CASES) return caseIds;
  const message = `more than ${MAX_BULK_CASES} cases match; narrow the filter`;
  throw httpError(400, 'invalid_request', message, { issues: [{ path: 'filter', message }] });
}

/** Bulk operations (contract section 11): one event to every case a filter of GET /cases matches. */
export const bulkRoutes: FastifyPluginAsyncZod = async (app) => {
  const { bulk } = app.gateway;
  const notFound = (id: string) => httpError(404, 'not_found', `bulk operation ${id} not found`);

  app.post('/bulk', {
    config: { roles },
    schema: {
      tags: ['supervision'],
      summary: 'Send one event to every case a filter matches (dryRun: only count them)',
      body: bulkRequest,
      response: { 200: bulkDryRun, 202: bulkStarted, ...errors },
    },
  }, async (request, reply) => {
    const principal = request.principal!;
    const { filter, event, dryRun } = request.body;
    // As if sent alone: a role that may not send the event to one case may not send it to many.
    if (!maySend(principal.role, event)) throw httpError(403, 'forbidden', `role ${principal.role} may not send ${event.type}${'limit' in event ? ` of the ${event.limit} limit` : ''}`);
    if (levelAboveEvents.has(event.type) && !principal.stations.includes('*')) throw httpError(403, 'forbidden', `${event.type} is the level above's`);
    if (event.at && Date.parse(event.at) > Date.now() + MAX_CLOCK_LEAD_MS) {
      throw httpError(400, 'invalid_request', 'event.at is more than 5 minutes ahead of now', { issues: [{ path: 'event.at', message: 'more than 5 minutes ahead of now' }] });
    }
    const caseIds = await matchingAtMost(bulk, filter, principal);
    if (dryRun) return reply.status(200).send({ matched: caseIds.length });
    return reply.status(202).send(await bulk.start(caseIds, { event: { ...event, by: event.by ?? principal.name } }, principal));
  });

  app.post('/admin/calendar', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['supervision'],
      summary: 'Add a year\'s calendar to every open case; its progress is a bulk operation',
      body: calendarRequest,
      response: { 202: bulkStarted, ...errors },
    },
  }, async (request, reply) => {
    // No cap: the workflow pages through the open cases itself, however many there are.
    return reply.status(202).send(await bulk.startOverAll({ status: 'open' }, { calendar: request.body }, request.principal!));
  });

  app.get('/bulk/:id', {
    config: { roles },
    schema: { tags: ['supervision'], summary: 'A bulk operation\'s progress and refusals', params: bulkParams, response: { 200: bulkStatus, ...errors } },
  }, async (request) => (await bulk.status(request.params.id, request.principal!)) ?? Promise.reject(notFound(request.params.id)));

  app.delete('/bulk/:id', {
    config: { roles },
    schema: { tags: ['supervision'], summary: 'Cancel a bulk operation: cases not yet taken are left as they are', params: bulkParams, response: { 200: bulkStatus, ...errors } },
  }, async (request) => (await bulk.cancel(request.params.id, request.principal!)) ?? Promise.reject(notFound(request.params.id)));
};
