import type { PayloadCodec } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../contracts/http';
import { httpError } from '../http-errors';

// Temporal's codec-server protocol: payloads in proto3 JSON, bytes as base64. A case's largest payload is its view
// (128 KiB, docs/bounds.md); the UI sends a page of them at a time.
const PAYLOAD_MAX_BASE64 = 1024 * 1024;
const PAYLOADS_MAX = 100;
const base64 = z.base64().max(PAYLOAD_MAX_BASE64);
const payloadJson = z.strictObject({ metadata: z.record(z.string().max(256), base64).default({}), data: base64.default('') });
const payloadsBody = z.strictObject({ payloads: z.array(payloadJson).max(PAYLOADS_MAX) });
/** Room for the longest payload and a page one too long, so what the schema refuses gets its 400, not a 413. */
const CODEC_BODY_LIMIT = 16 * PAYLOAD_MAX_BASE64;
const errors = { 400: errorBody, 401: errorBody, 403: errorBody };

type PayloadJson = z.infer<typeof payloadJson>;
const fromJson = (p: PayloadJson) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data, 'base64'),
});
const toJson = (p: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }): PayloadJson => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** What the Temporal UI sends with a codec call: the admin's token, the JSON body, the namespace it shows. */
const CORS_ALLOW_HEADERS = 'authorization, content-type, x-namespace';
const CORS_MAX_AGE_S = 600;

/**
 * The codec server the Temporal UI and CLI call to show (and send) case payloads in clear; admin tokens only. The UI
 * calls it from the browser, from its own origin: `corsOrigins` (CASEFLOW_CODEC_CORS_ORIGINS) are the origins it may
 * call from, answered on these two routes alone; the rest of the API sends no CORS headers.
 */
export const codecRoutes: FastifyPluginAsyncZod<{ codec: PayloadCodec; corsOrigins?: readonly string[] }> = async (app, { codec, corsOrigins = [] }) => {
  const allowed = (origin: string | undefined): origin is string => origin !== undefined && corsOrigins.includes(origin);
  // In this plugin's scope only, and on errors too (a 401 or 400 the UI must be able to read).
  app.addHook('onSend', async (request, reply, payload) => {
    if (corsOrigins.length > 0) reply.header('vary', 'Origin');
    if (allowed(request.headers.origin)) reply.headers({ 'access-control-allow-origin': request.headers.origin, 'access-control-allow-credentials': 'true' });
    return payload;
  });
  for (const direction of ['encode', 'decode'] as const) {
    // The browser's preflight carries no token; it learns only whether its origin may call.
    app.options(`/codec/${direction}`, { schema: { hide: true } }, async (request, reply) => {
      if (!allowed(request.headers.origin)) throw httpError(403, 'forbidden', `origin ${request.headers.origin ?? '(none)'} may not call the codec server`);
      return reply.code(204).headers({
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': CORS_ALLOW_HEADERS,
        'access-control-max-age': String(CORS_MAX_AGE_S),
      }).send();
    });
    app.post(`/codec/${direction}`, {
      bodyLimit: CODEC_BODY_LIMIT,
      config: { roles: ['admin'] },
      schema: { tags: ['codec'], summary: `Temporal codec server: ${direction} payloads`, body: payloadsBody, response: { 200: payloadsBody, ...errors } },
    }, async (request) => {
      try {
        return { payloads: (await codec[direction](request.body.payloads.map(fromJson))).map(toJson) };
      } catch (err) {
        throw httpError(400, 'invalid_request', `payloads cannot be ${direction}d: ${(err as Error).message}`);
      }
    });
  }
};
