import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { workerMetricsText } from '../observability/runtime';

let processRegistry: Registry | undefined;

/** CPU, heap and event-loop lag once per process, however many apps it builds (tests build several). */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

function metrics(registry: Registry) {
  const registers = [registry];
  return {
    duration: new Histogram({
      name: 'caseflow_http_request_duration_seconds',
      help: 'HTTP request latency by route template and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    started: new Counter({ name: 'caseflow_cases_started_total', help: 'Cases started (201 on POST /cases)', labelNames: ['category'], registers }),
    applied: new Counter({ name: 'caseflow_events_applied_total', help: 'Events a case took', labelNames: ['type'], registers }),
    refused: new Counter({ name: 'caseflow_events_refused_total', help: 'Events refused with 409 event_not_allowed', labelNames: ['type'], registers }),
  };
}

const field = (request: FastifyRequest, name: string): string => {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : 'unknown';
};

/**
 * Prometheus text at GET /metrics (public, not in the OpenAPI document). Starts and refusals are counted here,
 * at the edge that answers them; closes and escalations are the workflow's, and arrive with the worker's
 * metrics when the worker shares this process (`npm start`).
 */
export const metricsPlugin = fp(async (app) => {
  const registry = new Registry();
  const m = metrics(registry);

  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url;
    if (route === '/metrics') return;
    const status = reply.statusCode;
    // The route template, never the raw URL: a label per caseId would grow without bound.
    m.duration.observe({ method: request.method, route: route ?? 'unmatched', status_code: status }, reply.elapsedTime / 1000);
    if (request.method !== 'POST') return;
    if (route === '/cases' && status === 201) m.started.inc({ category: field(request, 'category') });
    if (route === '/cases/:caseId/events' && status === 200) m.applied.inc({ type: field(request, 'type') });
    if (route === '/cases/:caseId/events' && status === 409) m.refused.inc({ type: field(request, 'type') });
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const parts = await Promise.all([registry.metrics(), processMetrics().metrics(), workerMetricsText()]);
    return reply.type(registry.contentType).send(parts.filter(Boolean).join('\n'));
  });
});
