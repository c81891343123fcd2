import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { httpError, JSON_HEADERS } from './http-errors';

/** Longest X-Request-Id kept: it is written into every log line of the request. */
export const MAX_REQUEST_ID_LENGTH = 128;

/** The caller's X-Request-Id, capped, or a fresh one. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && given.length > 0 ? given.slice(0, MAX_REQUEST_ID_LENGTH) : randomUUID();
}

const hasBody = (req: IncomingMessage) => (req.headers['content-length'] ?? '0') !== '0' || req.headers['transfer-encoding'] !== undefined;

/**
 * What is refused before anything reads the request: two Authorization headers (Node keeps only the first, so the
 * auth, the rate limit and a proxy could each see another token), and a compressed body, which would otherwise be
 * parsed as if it were plain JSON. Bodies are JSON only: Fastify's text/plain parser goes, so text/plain is a 415.
 */
export function registerHygiene(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request) => {
    const raw = request.raw.rawHeaders;
    let authorizations = 0;
    for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'authorization') authorizations += 1;
    if (authorizations > 1) {
      throw httpError(400, 'invalid_request', 'more than one Authorization header', { issues: [{ path: 'headers.authorization', message: 'sent more than once' }] });
    }
    const encoding = request.headers['content-encoding'];
    if (encoding && encoding.trim().toLowerCase() !== 'identity' && hasBody(request.raw)) {
      throw httpError(415, 'unsupported_media_type', 'a Content-Encoding is not accepted: send the body uncompressed');
    }
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.headers(JSON_HEADERS);
    return payload;
  });
}
