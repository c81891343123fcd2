import type { PayloadCodec } from '@temporalio/common';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { MAX_PARAM_LENGTH } from '../contracts/http';
import type { TokensFile } from '../contracts/tokens';
import { requestLogPlugin } from '../observability/request-log';
import type { AuditStore } from '../audit/store';
import { auditPlugin } from './audit-plugin';
import { authPlugin } from './auth';
import type { CaseGateway } from './case-gateway';
import { gatewayPlugin } from './gateway-plugin';
import { answerError, registerErrorHandling } from './http-errors';
import { registerHygiene, requestId } from './http-hygiene';
import { metricsPlugin } from './metrics';
import { caseRoutes, healthRoutes } from './routes/cases';
import { dashboardRoutes } from './routes/dashboard';
import { meRoutes } from './routes/me';
import { rectificationRoutes } from './routes/rectifications';
import { warningRoutes } from './routes/warnings';
import { sweepRoutes } from './routes/sweeps';
import { bulkRoutes } from './routes/bulk';
import { statsRoutes } from './routes/stats';
import { handoffRoutes } from './routes/handoff';
import { createSigner, type Signer } from './signing';
import { ephemeralSigningKey } from '../config/signing-keys';
import { auditRoutes } from './routes/audit';
import { codecRoutes } from './routes/codec';
import { oidcVerifier, type OidcSettings } from './oidc';
import { TokenBook } from './token-book';

declare module 'fastify' {
  interface FastifyInstance {
    /** The static tokens; `replace` them to take a re-read tokens file without a restart. */
    tokens: TokenBook;
  }
}

export type AppOptions = {
  /** Closed with the app. */
  gateway: CaseGateway;
  tokens: TokensFile;
  /** Signs hand-offs (contract section 9); unset: a key of the process's own, for tests and the benchmark. */
  signer?: Signer;
  /** OIDC bearer JWTs are accepted beside the static tokens when set. */
  oidc?: OidcSettings;
  /** The audit trail every authenticated request is written to; closed with the app. Unset only in tests of other layers. */
  audit?: AuditStore;
  /** The payload codec of the Temporal client; served to the Temporal UI at /codec/encode and /codec/decode. */
  codec?: PayloadCodec;
  /** Origins the Temporal UI may call the codec routes from (CASEFLOW_CODEC_CORS_ORIGINS); none by default. */
  codecCorsOrigins?: readonly string[];
  bodyLimit?: number;
  /** Requests per minute per token (per client IP without a known token); unset or 0: no limit. */
  rateLimit?: number;
  logger?: FastifyServerOptions['logger'];
  /** A pino logger of the process's own (observability/logger.ts); takes the place of `logger`. */
  loggerInstance?: FastifyBaseLogger;
};

/** Probes are never throttled: an orchestrator must always be able to tell whether the process lives. */
const UNTHROTTLED = new Set(['/healthz', '/readyz']);

export async function buildApp({ gateway, tokens, signer, oidc, audit, codec, codecCorsOrigins, bodyLimit = 64 * 1024, rateLimit: perMinute = 0, logger = false, loggerInstance }: AppOptions) {
  const tokenBook = new TokenBook(tokens);
  // Request lines come from requestLogPlugin, which knows the caseId; Fastify's own are written before it is.
  const app = Fastify({ ...(loggerInstance ? { loggerInstance } : { logger }), bodyLimit, genReqId: requestId, frameworkErrors: answerError, routerOptions: { maxParamLength: MAX_PARAM_LENGTH }, logController: new LogController({ disableRequestLogging: true }) }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerHygiene(app);
  await app.register(requestLogPlugin);
  await app.register(metricsPlugin);

  if (perMinute > 0) {
    // A root hook added before auth, so floods of unknown tokens are throttled too; the 429 goes through the error mapper.
    await app.register(rateLimit, { global: false });
    app.addHook('onRequest', app.rateLimit({
      max: perMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => {
        const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const name = bearer === undefined ? undefined : tokenBook.find(bearer)?.name;
        return name ? `token:${name}` : `ip:${req.ip}`;
      },
      allowList: (req) => UNTHROTTLED.has(req.routeOptions.url ?? ''),
    }));
  }

  await app.register(swagger, {
    openapi: {
      info: { title: 'caseflow', version: '1.0.0', description: 'Case-lifecycle orchestration under legal time limits (contract v1).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Its own script and style hashes, no framing by another site, and no upgrade to https a plain-http deployment lacks.
    staticCSP: true,
    transformStaticCSP: (csp) => csp.replace("frame-ancestors 'self'", "frame-ancestors 'none'").replace(' upgrade-insecure-requests;', ''),
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.decorate('tokens', tokenBook);
  await app.register(authPlugin, { tokens: tokenBook, ...(oidc ? { oidc: oidcVerifier(oidc) } : {}) });
  await app.register(auditPlugin, { audit: audit ?? null });
  await app.register(gatewayPlugin, { gateway });
  app.decorate('signer', signer ?? createSigner([await ephemeralSigningKey()]));
  await app.register(handoffRoutes);
  await app.register(healthRoutes);
  await app.register(caseRoutes);
  await app.register(meRoutes);
  await app.register(rectificationRoutes);
  await app.register(warningRoutes);
  await app.register(dashboardRoutes);
  await app.register(sweepRoutes);
  await app.register(bulkRoutes);
  await app.register(statsRoutes);
  await app.register(auditRoutes);
  if (codec) await app.register(codecRoutes, { codec, corsOrigins: codecCorsOrigins ?? [] });
  return app;
}
