import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TokensFile } from '../contracts/tokens';
import { authPlugin } from './auth';
import type { CaseGateway } from './case-gateway';
import { registerErrorHandling } from './http-errors';
import { caseRoutes, healthRoutes } from './routes/cases';
import { warningRoutes } from './routes/warnings';

export type AppOptions = {
  gateway: CaseGateway;
  tokens: TokensFile;
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
};

export async function buildApp({ gateway, tokens, bodyLimit = 64 * 1024, logger = false }: AppOptions) {
  const app = Fastify({ logger, bodyLimit, requestIdHeader: 'x-request-id' }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'caseflow', version: '1.0.0', description: 'Case-lifecycle orchestration under legal time limits (contract v1).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin, { tokens });
  await app.register(healthRoutes, { gateway });
  await app.register(caseRoutes, { gateway });
  await app.register(warningRoutes, { gateway });
  return app;
}
