import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { errorCodes, MAX_PARAM_LENGTH, type ErrorBody } from '../contracts/http';
import { AuditCursorError, AuditUnavailableError } from '../audit/store';
import { InvalidCursorError } from './case-search';
import {
  CaseExistsError,
  CaseNotFoundError,
  EventRefusedError,
  NamespaceMissingError,
  RectificationNotFoundError,
  RectificationRefusedError,
  ReportTooOldError,
  TemporalUnavailableError,
} from './errors';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

export function httpError(statusCode: number, error: string, message: string, extra: Partial<ErrorBody> = {}): HttpError {
  return new HttpError(statusCode, { error, message, ...extra });
}

const RETRY_AFTER_SECONDS = 5;

// JSON answers carry case data: never sniffed into something a browser runs, never kept by a cache or proxy.
export const JSON_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

/** Fastify's own refusals that name the URL: answered without echoing it (it may be anything a client sent). */
const URL_ERRORS: Record<string, string> = {
  FST_ERR_BAD_URL: 'the URL is not validly percent-encoded',
  FST_ERR_MAX_PARAM_LENGTH: `a path segment is longer than ${MAX_PARAM_LENGTH} characters`,
};

function toHttp(err: FastifyError | Error): HttpError {
  if (err instanceof HttpError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      path: [v.instancePath.replace(/^\//, '').replace(/\//g, '.')].filter(Boolean).join('') || '(root)',
      message: v.message ?? 'invalid',
    }));
    const where = (err as FastifyError).validationContext ?? 'request';
    return httpError(400, 'invalid_request', `invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  if (err instanceof CaseNotFoundError) return httpError(404, 'not_found', err.message);
  if (err instanceof CaseExistsError) return httpError(409, 'case_exists', err.message);
  if (err instanceof EventRefusedError) return httpError(409, 'event_not_allowed', err.message, err.refusal);
  if (err instanceof RectificationNotFoundError) return httpError(404, 'not_found', err.message);
  if (err instanceof RectificationRefusedError) return httpError(409, 'rectification_not_allowed', err.message, err.refusal);
  if (err instanceof InvalidCursorError) return httpError(400, 'invalid_request', err.message, { issues: [{ path: 'cursor', message: err.message }] });
  if (err instanceof ReportTooOldError) return httpError(400, 'invalid_request', err.message, { issues: [{ path: 'reportedAt', message: err.message }] });
  if (err instanceof TemporalUnavailableError) return httpError(503, 'temporal_unavailable', err.message);
  if (err instanceof AuditUnavailableError) return httpError(503, 'audit_unavailable', 'the audit trail cannot be written; nothing was done, retry shortly');
  if (err instanceof AuditCursorError) return httpError(400, 'invalid_request', err.message, { issues: [{ path: 'cursor', message: err.message }] });
  const code = (err as FastifyError).code;
  const urlError = code ? URL_ERRORS[code] : undefined;
  if (urlError) return httpError(400, 'invalid_request', urlError, { issues: [{ path: '(url)', message: urlError }] });
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const error = errorCodes[status as keyof typeof errorCodes] ?? 'invalid_request';
    return httpError(status, error, err.message, error === 'invalid_request' ? { issues: [] } : {});
  }
  return httpError(500, 'internal', 'internal error');
}

/**
 * Answers any failure with its mapped status and body. Also Fastify's `frameworkErrors`: the router's own refusals
 * (a bad URL), which no error handler sees.
 */
export function answerError(err: Error, request: FastifyRequest, reply: FastifyReply) {
  const mapped = toHttp(err);
  if (err instanceof NamespaceMissingError) {
    // Not an outage that passes by itself: an operator has to register the namespace or fix TEMPORAL_NAMESPACE.
    request.log.error({ namespace: err.namespace }, `namespace ${err.namespace} does not exist on the Temporal server (TEMPORAL_NAMESPACE)`);
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  } else if (mapped.statusCode === 503) {
    request.log.warn({ cause: String(err.cause ?? err) }, mapped.body.error.replace(/_/g, ' '));
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  } else if (mapped.statusCode >= 500) request.log.error({ err }, 'request failed');
  // Router refusals are answered outside every route, so outside the hook that adds these.
  reply.headers(JSON_HEADERS);
  return reply.status(mapped.statusCode).send(mapped.body);
}

/** A route's URL pattern (`/cases/:caseId/events`, `/docs/*`) as a matcher of request paths. */
function pathMatcher(url: string): RegExp {
  const parts = url.split('/').map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}$`);
}

/**
 * Every failure becomes `{ error, message, ... }` here, and only here. A path that exists under other methods
 * answers 405 with `Allow`, not 404.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  const routes: { match: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    routes.push({ match: pathMatcher(route.url), methods: methods.includes('GET') ? [...methods, 'HEAD'] : methods });
  });
  app.setErrorHandler((err, request, reply) => answerError(err as Error, request, reply));
  const allowedAt = (url: string) => new Set(routes.filter((r) => r.match.test(url.split('?')[0]!)).flatMap((r) => r.methods));
  // Before the body is read: a method that takes a body (QUERY, PROPFIND) must not be answered about its body.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const allowed = allowedAt(request.url);
    // A route of this method sends requests to the not-found handler itself (a file the docs do not have).
    if (allowed.size === 0 || allowed.has(request.method)) return;
    const allow = [...allowed].sort().join(', ');
    reply.header('allow', allow);
    throw httpError(405, 'method_not_allowed', `${request.method} is not allowed here; allowed: ${allow}`);
  });
  app.setNotFoundHandler((request, reply) => answerError(httpError(404, 'not_found', 'no such route'), request, reply));
}
