import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../contracts/http';
import { InvalidCursorError } from './case-search';
import { CaseExistsError, CaseNotFoundError, EventRefusedError, ReportTooOldError, TemporalUnavailableError } from './errors';

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
  if (err instanceof InvalidCursorError) return httpError(400, 'invalid_request', err.message, { issues: [{ path: 'cursor', message: err.message }] });
  if (err instanceof ReportTooOldError) return httpError(400, 'invalid_request', err.message, { issues: [{ path: 'reportedAt', message: err.message }] });
  if (err instanceof TemporalUnavailableError) return httpError(503, 'temporal_unavailable', err.message);
  const status = (err as FastifyError).statusCode;
  if (status === 413) return httpError(413, 'payload_too_large', err.message);
  if (status === 415) return httpError(415, 'unsupported_media_type', err.message);
  if (status === 429) return httpError(429, 'rate_limited', err.message);
  if (status && status >= 400 && status < 500) return httpError(status, 'invalid_request', err.message, { issues: [] });
  return httpError(500, 'internal', 'internal error');
}

/** Every failure becomes `{ error, message, ... }` here, and only here. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const mapped = toHttp(err as Error);
    if (mapped.statusCode === 503) request.log.warn({ cause: String((err as Error).cause ?? err) }, 'temporal unavailable');
    else if (mapped.statusCode >= 500) request.log.error({ err }, 'request failed');
    if (mapped.statusCode === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return reply.status(mapped.statusCode).send(mapped.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
