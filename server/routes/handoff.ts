import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../contracts/http';
import type { Signer } from '../signing';

declare module 'fastify' {
  interface FastifyInstance {
    /** Signs and verifies hand-offs with the deployment's keys (contract section 9). */
    signer: Signer;
  }
}

const jwk = z.object({ kty: z.string(), crv: z.string().optional(), x: z.string().optional(), kid: z.string().optional(), alg: z.string().optional(), use: z.string().optional() });
/** Above the longest hand-off JWS: base64url of an event body at the 64 KiB default limit is under 88 KiB. */
const JWS_MAX_CHARS = 128 * 1024;
const everyRole = ['case-system', 'supervisor', 'admin', 'prosecutor', 'court'] as const;

/** The deployment's public keys and a verifier for the hand-offs it signed. */
export const handoffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/.well-known/jwks.json', {
    schema: { tags: ['hand-off'], summary: 'Public keys of the hand-off signatures (JWKS)', security: [], response: { 200: z.object({ keys: z.array(jwk) }) } },
  }, async () => app.signer.jwks());

  app.post('/verify', {
    // A JWS may outgrow the event body it was signed from (base64url of up to a whole body, plus header and
    // signature), and an over-long one must reach validation to get its 400: room for the longest string escaped.
    bodyLimit: 6 * JWS_MAX_CHARS + 1024,
    config: { roles: everyRole },
    schema: {
      tags: ['hand-off'],
      summary: 'Check a hand-off JWS against the deployment keys',
      body: z.strictObject({ jws: z.string().min(1).max(JWS_MAX_CHARS) }),
      response: { 200: z.object({ valid: z.boolean(), payload: z.unknown() }), 400: errorBody, 401: errorBody },
    },
  }, async (request) => app.signer.verify(request.body.jws));
};
