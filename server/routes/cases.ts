import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseEvent, caseView, startCaseRequest, type CaseCommand, type CaseEventRequest } from '../../contracts/case';
import type { Principal } from '../../contracts/tokens';
import { isHandoff, routeOf, type HandoffEvent } from '../../machines/handoff';
import type { Policy } from '../../contracts/policy';
import { deploymentWideEvents, levelAboveEvents, maySend } from '../../contracts/event-roles';
import { caseCount, caseParams, casePage, countQuery, errorBody, listQuery, myCasesPage } from '../../contracts/http';
import { actorOf, canSee } from '../auth';
import { httpError } from '../http-errors';

const MAX_CLOCK_LEAD_MS = 5 * 60_000;
/** Every role reads; a procuratorate or court sees only the cases its orgs hold or have held. */
const readers = ['case-system', 'supervisor', 'admin', 'prosecutor', 'court'] as const;
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 503: errorBody };

/** Any case of the deployment, whichever station or org holds it. */
const deploymentWide = { stations: ['*'] };

/**
 * The procuratorate a supervision step acts for: the one named, which must be one of the sender's, or the sender's
 * only one. The case records it as having held the case, so the procuratorate sees it from then on.
 */
function actingFor(principal: Principal, named: string | undefined): string | undefined {
  const orgs = principal.orgs ?? [];
  if (named !== undefined) {
    if (principal.role === 'prosecutor' && !orgs.includes(named)) throw httpError(403, 'forbidden', `procuratorate ${named} is outside this token's orgs`);
    return named;
  }
  if (orgs.length > 1) {
    throw httpError(400, 'invalid_request', 'name the procuratorate this token acts for', { issues: [{ path: 'procuratorate', message: `one of ${orgs.join(', ')}` }] });
  }
  return orgs[0];
}

function notAhead(at: string, now: number, path: string) {
  if (Date.parse(at) > now + MAX_CLOCK_LEAD_MS) {
    throw httpError(400, 'invalid_request', `${path} is more than 5 minutes ahead of now`, { issues: [{ path, message: 'more than 5 minutes ahead of now' }] });
  }
}

/** A hand-off or a supervision step may name only the procuratorates and courts of the policy's `orgs` (contract section 9). */
function refuseUnknownOrg(event: CaseEventRequest, orgs: Policy['orgs']) {
  const named =
    event.type === 'REQUEST_ARREST' || event.type === 'TRANSFER_FOR_PROSECUTION'
      ? { path: 'procuratorate', code: event.procuratorate, known: orgs.procuratorates }
      : (event.type === 'REQUEST_FILING_EXPLANATION' || event.type === 'NOTIFY_TO_FILE') && event.procuratorate !== undefined
        ? { path: 'procuratorate', code: event.procuratorate, known: orgs.procuratorates }
      : event.type === 'PROSECUTE'
        ? { path: 'court', code: event.court, known: orgs.courts }
        : null;
  if (!named || named.known.includes(named.code)) return;
  const message = `${named.path} ${named.code} is not one of the policy's orgs (${named.known.join(', ') || 'none'})`;
  throw httpError(400, 'invalid_request', message, { issues: [{ path: named.path, message }] });
}

export const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { gateway } = app;

  /**
   * Signing is I/O (a key, a clock-free but async crypto call), so it happens here and the workflow only keeps the
   * JWS. The route is read from the case as the caller sees it; a case the caller may not see is 404 before anything
   * is signed.
   */
  async function signHandoff(caseId: string, command: HandoffEvent, principal: Principal): Promise<Pick<CaseCommand, 'jws' | 'signedRoute'>> {
    const view = await gateway.get(caseId, principal);
    const holder = view.agency && view.agency !== 'police' ? view.handoffs?.at(-1)?.to : null;
    const route = routeOf({ station: view.station, holder, handoffs: view.handoffs }, command);
    const { type, at, by, documents } = command;
    const jws = await app.signer.sign({ caseId, type, ...route, at: new Date(at).toISOString(), by, documents });
    return { jws, signedRoute: route };
  }

  app.post('/cases', {
    config: { roles: ['case-system', 'admin'] },
    schema: { tags: ['cases'], summary: 'Report a case', body: startCaseRequest, response: { 200: caseView, 201: caseView, ...errors } },
  }, async (request, reply) => {
    const principal = request.principal!;
    notAhead(request.body.reportedAt, Date.now(), 'reportedAt');
    if (!canSee(principal, request.body.station)) {
      throw httpError(403, 'forbidden', `station ${request.body.station} is outside this token's stations`);
    }
    const { created, view } = await gateway.start(request.body, principal);
    return reply.status(created ? 201 : 200).send(view);
  });

  app.post('/cases/:caseId/events', {
    config: { roles: readers },
    schema: { tags: ['cases'], summary: 'Send a lifecycle or supervision event', params: caseParams, body: caseEvent, response: { 200: caseView, ...errors } },
  }, async (request) => {
    const principal = request.principal!;
    const event = request.body;
    if (!maySend(principal.role, event)) throw httpError(403, 'forbidden', `role ${principal.role} may not send ${event.type}${'limit' in event ? ` of the ${event.limit} limit` : ''}`);
    if (levelAboveEvents.has(event.type) && !principal.stations.includes('*')) {
      throw httpError(403, 'forbidden', `${event.type} is the level above's: only a token whose stations include * may send it`);
    }
    refuseUnknownOrg(event, gateway.policy.orgs);
    const now = Date.now();
    if (event.at) notAhead(event.at, now, 'at');
    const command: CaseCommand = { ...event, at: event.at ?? new Date(now).toISOString(), ...actorOf(principal, event.by) };
    if (command.type === 'REQUEST_FILING_EXPLANATION' || command.type === 'NOTIFY_TO_FILE') {
      const procuratorate = actingFor(principal, command.procuratorate);
      if (procuratorate) command.procuratorate = procuratorate;
    }
    if (isHandoff(command)) Object.assign(command, await signHandoff(request.params.caseId, command, principal));
    return gateway.apply(request.params.caseId, command, deploymentWideEvents.has(command.type) ? deploymentWide : principal);
  });

  app.get('/cases/:caseId', {
    config: { roles: readers },
    schema: { tags: ['cases'], summary: 'A case with its deadlines, escalations and history', params: caseParams, response: { 200: caseView, ...errors } },
  }, async (request) => gateway.get(request.params.caseId, request.principal!));

  app.get('/cases', {
    config: { roles: readers },
    schema: { tags: ['cases'], summary: 'Search cases (newest first)', querystring: listQuery, response: { 200: casePage, ...errors } },
  }, async (request) => {
    // The visibility query itself is scoped: a station outside the token's simply matches nothing.
    return gateway.list({ ...request.query, scope: request.principal!.stations, orgs: request.principal!.orgs });
  });

  app.get('/me/cases', {
    config: { roles: readers },
    schema: { tags: ['cases'], summary: "The signed-in officer's open cases, overdue first", querystring: z.strictObject({}), response: { 200: myCasesPage, ...errors } },
  }, async (request) => {
    const { sub, stations, orgs } = request.principal!;
    // Cases are assigned to officers, and only a person signed in by OIDC is one; a machine token holds no cases.
    if (sub === undefined) throw httpError(403, 'forbidden', 'GET /me/cases is a signed-in person\'s: this token names no officer (no sub)');
    return gateway.mine({ assignee: sub, scope: stations, orgs });
  });

  app.get('/cases/count', {
    config: { roles: readers },
    schema: { tags: ['cases'], summary: 'Count cases with the filters of GET /cases', querystring: countQuery, response: { 200: caseCount, ...errors } },
  }, async (request) => {
    return { count: await gateway.count({ ...request.query, scope: request.principal!.stations, orgs: request.principal!.orgs }) };
  });
};

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { gateway } = app;
  const status = z.object({ status: z.string() });
  /** Ready, and what an operator should see to before it stops being so (the calendar running out). */
  const ready = status.extend({ warnings: z.array(z.string()).optional() });
  app.get('/healthz', { schema: { tags: ['health'], security: [], response: { 200: status } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['health'], security: [], response: { 200: ready, 503: errorBody } } }, async () => {
    const warnings = gateway.readinessWarnings();
    if (await gateway.ready()) return { status: 'ready', ...(warnings.length ? { warnings } : {}) };
    throw httpError(503, 'temporal_unavailable', 'Temporal is not reachable');
  });
};
