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
const everyRole = ['case-system', 'supervisor', 'admin', 'prosecutor', 'court'] as const;

/** The deployment's public keys and a verifier for the hand-offs it signed. */
export const handoffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/.well-known/jwks.json', {
    schema: { tags: ['hand-off'], summary: 'Public keys of the hand-off signatures (JWKS)', security: [], response: { 200: z.object({ keys: z.array(jwk) }) } },
  }, async () => app.signer.jwks());

  app.post('/verify', {
    config: { roles: everyRole },
    schema: {
      tags: ['hand-off'],
      summary: 'Check a hand-off JWS against the deployment keys',
      body: z.strictObject({ jws: z.string().min(1).max(512 * 1024) }),
      response: { 200: z.object({ valid: z.boolean(), payload: z.unknown() }), 400: errorBody, 401: errorBody },
    },
  }, async (request) => app.signer.verify(request.body.jws));
};
