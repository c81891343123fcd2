import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { caseView } from '../../contracts/case';
import { errorBody } from '../../contracts/http';
import {
  answerBody,
  confirmBody,
  rectificationCount,
  rectificationParams,
  rectificationsCountQuery,
  rectificationsPage,
  rectificationsQuery,
  reopenBody,
  rectifyRoles,
  type RectifyAction,
} from '../../contracts/rectifications';
import type { Principal } from '../../contracts/tokens';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 503: errorBody };

/** Contract section 8: the unit answers a rectification, a supervisor confirms it or reopens it. */
export const rectificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { gateway } = app;
  const step = (caseId: string, rid: string, action: RectifyAction, note: string | undefined, principal: Principal) =>
    gateway.rectify(caseId, { rid, action, ...(note === undefined ? {} : { note }), at: new Date().toISOString(), by: principal.name }, principal);

  app.post('/cases/:caseId/rectifications/:rid/answer', {
    config: { roles: rectifyRoles.answer },
    schema: { tags: ['rectifications'], summary: 'The unit answers a rectification', params: rectificationParams, body: answerBody, response: { 200: caseView, ...errors } },
  }, async (request) => step(request.params.caseId, request.params.rid, 'answer', request.body.note, request.principal!));

  app.post('/cases/:caseId/rectifications/:rid/confirm', {
    config: { roles: rectifyRoles.confirm },
    schema: { tags: ['rectifications'], summary: 'A supervisor confirms an answered rectification', params: rectificationParams, body: confirmBody, response: { 200: caseView, ...errors } },
  }, async (request) => step(request.params.caseId, request.params.rid, 'confirm', request.body.note, request.principal!));

  app.post('/cases/:caseId/rectifications/:rid/reopen', {
    config: { roles: rectifyRoles.reopen },
    schema: { tags: ['rectifications'], summary: 'A supervisor sends an answered rectification back to the unit', params: rectificationParams, body: reopenBody, response: { 200: caseView, ...errors } },
  }, async (request) => step(request.params.caseId, request.params.rid, 'reopen', request.body.reason, request.principal!));

  // Scoped like GET /cases, in the visibility query itself: a station outside the token's simply matches nothing.
  app.get('/rectifications', {
    config: { roles: ['case-system', 'supervisor', 'admin'] },
    schema: { tags: ['rectifications'], summary: 'Rectifications across the caller\'s stations, oldest opening first', querystring: rectificationsQuery, response: { 200: rectificationsPage, ...errors } },
  }, async (request) => gateway.rectifications({ ...request.query, scope: request.principal!.stations }));

  app.get('/rectifications/count', {
    config: { roles: ['case-system', 'supervisor', 'admin'] },
    schema: { tags: ['rectifications'], summary: 'Count rectifications with the filters of GET /rectifications', querystring: rectificationsCountQuery, response: { 200: rectificationCount, ...errors } },
  }, async (request) => ({ count: await gateway.countRectifications({ ...request.query, scope: request.principal!.stations }) }));
};
