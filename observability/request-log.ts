import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

const bound = new WeakSet<FastifyRequest>();
const quiet = new Set(['/metrics', '/healthz', '/readyz']);

/** Every later line of this request, the error handler's included, carries the case it is about. */
function bindCaseId(request: FastifyRequest, reply: FastifyReply, caseId: unknown): void {
  if (typeof caseId !== 'string' || bound.has(request)) return;
  bound.add(request);
  request.log = request.log.child({ caseId });
  reply.log = request.log;
}

/**
 * One JSON line per request with reqId (Fastify's request id, from X-Request-Id when given) and caseId.
 * Replaces Fastify's own incoming/completed lines, which are written before the route's params are known.
 */
export const requestLogPlugin = fp(async (app) => {
  app.addHook('onRequest', async (request, reply) => bindCaseId(request, reply, (request.params as { caseId?: unknown })?.caseId));
  // POST /cases names its case in the body.
  app.addHook('preHandler', async (request, reply) => bindCaseId(request, reply, (request.body as { caseId?: unknown } | undefined)?.caseId));
  app.addHook('onResponse', async (request, reply) => {
    // Scrapes and probes arrive every few seconds; at info they would drown the requests that matter.
    const level = quiet.has(request.routeOptions.url ?? '') ? 'debug' : 'info';
    reply.log[level](
      { method: request.method, url: request.url, route: request.routeOptions.url, statusCode: reply.statusCode, responseTimeMs: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });
});
