import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { readEnv, type Env } from '../config/env';
import { loadPolicy } from '../config/policy';
import { temporalTarget, type TemporalTarget } from '../config/temporal-connection';
import { DEV_TOKENS_FILE, loadTokens } from '../config/tokens';
import { createLogger } from '../observability/logger';
import { startTracing } from '../observability/tracing';
import type { Policy } from '../contracts/policy';
import type { TokensFile } from '../contracts/tokens';
import { AuditStore } from '../audit/store';
import { ClosedCaseArchive } from '../audit/closed-cases';
import { buildApp } from './app';
import { loadEncryptionKeys } from '../config/encryption-keys';
import { AesGcmCodec } from '../temporal/encryption-codec';
import { createCaseGateway } from './case-gateway';
import { createSigner } from './signing';
import { loadSigningKeys } from '../config/signing-keys';

/** The HTTP API alone, against the Temporal cluster the environment names, with config its caller already read. */
/** `audit`: a store the process already opened (`npm start` shares one with its worker); closed with the API. */
export async function startApi(env: Env, target: TemporalTarget, { policy, tokens, audit: opened }: { policy: Policy; tokens: TokensFile; audit?: AuditStore }) {
  const signer = createSigner(await loadSigningKeys(env.CASEFLOW_SIGNING_KEY, env.production, env.CASEFLOW_DATA_DIR));
  // Lazy: the API comes up even while Temporal is down, answers 503, and recovers when it is back.
  // Few retries: a client waiting 20 s for an unreachable cluster is worse off than one told 503 and Retry-After.
  // A 3 s connect timeout, not the SDK's 10 s: while Temporal has never been reachable, each read would wait twice
  // that (describe, then the query) before its 503.
  const connection = Connection.lazy({
    connectTimeout: '3s',
    ...target.connectionOptions,
    tls: target.connectionOptions.tls ?? undefined,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 3 }))],
  });
  const tracing = startTracing(env);
  const codec = new AesGcmCodec(loadEncryptionKeys(env.CASEFLOW_ENCRYPTION_KEYS, env.production, env.CASEFLOW_DATA_DIR));
  const client = new Client({ connection, namespace: target.namespace, dataConverter: { payloadCodecs: [codec] }, ...(tracing ? { plugins: [tracing.plugin] } : {}) });
  const audit = opened ?? (await AuditStore.open({ url: env.CASEFLOW_DATABASE_URL, dataDir: env.CASEFLOW_DATA_DIR }));
  const gateway = createCaseGateway({ client, connection, taskQueue: env.CASEFLOW_TASK_QUEUE, policy, archive: new ClosedCaseArchive(audit.database) });
  const app = await buildApp({ gateway, tokens, signer, oidc: env.oidc, audit, codec, codecCorsOrigins: env.CASEFLOW_CODEC_CORS_ORIGINS, bodyLimit: env.CASEFLOW_BODY_LIMIT, rateLimit: env.CASEFLOW_RATE_LIMIT, loggerInstance: createLogger({ level: env.logLevel }) });
  // SIGHUP re-reads the tokens file; a file that no longer parses keeps the tokens in force and says why.
  const rereadTokens = () => {
    try {
      app.tokens.replace(loadTokens(env.CASEFLOW_AUTH_FILE, env.production));
      app.log.info({ file: env.CASEFLOW_AUTH_FILE ?? DEV_TOKENS_FILE }, 'tokens file re-read');
    } catch (err) {
      app.log.error({ err }, `tokens file not re-read, the previous tokens stay: ${(err as Error).message}`);
    }
  };
  process.on('SIGHUP', rereadTokens);
  const url = await app.listen({ port: env.PORT, host: env.HOST });
  for (const warning of gateway.readinessWarnings()) app.log.warn(warning);
  return {
    url,
    async close() {
      process.off('SIGHUP', rereadTokens);
      await app.close();
      await tracing?.shutdown();
    },
  };
}

if (require.main === module) {
  const env = readEnv();
  Promise.resolve()
    .then(() => startApi(env, temporalTarget(), { policy: loadPolicy(env.CASEFLOW_POLICY), tokens: loadTokens(env.CASEFLOW_AUTH_FILE, env.production) }))
    .then((api) => {
      console.log(`caseflow API on ${api.url} (docs ${api.url}/docs)`);
      const stop = () => void api.close().then(() => process.exit(0));
      process.once('SIGINT', stop).once('SIGTERM', stop);
    })
    .catch((err: Error) => {
      console.error(`caseflow API failed to start: ${err.message}`);
      process.exit(1);
    });
}
