import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { MAX_PARAM_LENGTH } from '../contracts/http';
import type { TokensFile } from '../contracts/tokens';
import { requestLogPlugin } from '../observability/request-log';
import { authPlugin } from './auth';
import type { CaseGateway } from './case-gateway';
import { gatewayPlugin } from './gateway-plugin';
import { answerError, registerErrorHandling } from './http-errors';
import { registerHygiene, requestId } from './http-hygiene';
import { metricsPlugin } from './metrics';
import { caseRoutes, healthRoutes } from './routes/cases';
import { dashboardRoutes } from './routes/dashboard';
import { warningRoutes } from './routes/warnings';
import { sweepRoutes } from './routes/sweeps';
import { bulkRoutes } from './routes/bulk';
import { statsRoutes } from './routes/stats';

export type AppOptions = {
  /** Closed with the app. */
  gateway: CaseGateway;
  tokens: TokensFile;
  bodyLimit?: number;
  /** Requests per minute per token (per client IP without a known token); unset or 0: no limit. */
  rateLimit?: number;
  logger?: FastifyServerOptions['logger'];
  /** A pino logger of the process's own (observability/logger.ts); takes the place of `logger`. */
  loggerInstance?: FastifyBaseLogger;
};

/** Probes are never throttled: an orchestrator must always be able to tell whether the process lives. */
const UNTHROTTLED = new Set(['/healthz', '/readyz']);

export async function buildApp({ gateway, tokens, bodyLimit = 64 * 1024, rateLimit: perMinute = 0, logger = false, loggerInstance }: AppOptions) {
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
    const nameOf = new Map(tokens.tokens.map((t) => [t.token, t.name]));
    await app.register(rateLimit, { global: false });
    app.addHook('onRequest', app.rateLimit({
      max: perMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => {
        const name = nameOf.get(/^bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');
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

  await app.register(authPlugin, { tokens });
  await app.register(gatewayPlugin, { gateway });
  await app.register(healthRoutes);
  await app.register(caseRoutes);
  await app.register(warningRoutes);
  await app.register(dashboardRoutes);
  await app.register(sweepRoutes);
  await app.register(bulkRoutes);
  await app.register(statsRoutes);
  return app;
}
