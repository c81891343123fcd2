import fp from 'fastify-plugin';
import type { CaseGateway } from './case-gateway';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one way routes reach Temporal; closed with the app. */
    gateway: CaseGateway;
  }
}

/** Shares the gateway with every route as `app.gateway`, and closes its connection when the app closes. */
export const gatewayPlugin = fp<{ gateway: CaseGateway }>(async (app, { gateway }) => {
  app.decorate('gateway', gateway);
  app.addHook('onClose', () => gateway.close());
});
