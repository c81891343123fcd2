import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../contracts/names';

const port = z.coerce.number().int().min(0).max(65535);
const optional = z.string().trim().min(1).optional().catch(undefined);
const positive = z.coerce.number().int().positive().optional();

const OIDC_SETTINGS = ['CASEFLOW_OIDC_ISSUER', 'CASEFLOW_OIDC_AUDIENCE', 'CASEFLOW_OIDC_JWKS'] as const;

export const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: port.default(3000),
  HOST: z.string().default('127.0.0.1'),
  TEMPORAL_ADDRESS: optional,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  CASEFLOW_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  CASEFLOW_TEMPORAL_PORT: port.default(7233),
  CASEFLOW_TEMPORAL_UI_PORT: port.default(8233),
  CASEFLOW_DATA_DIR: z.string().default('.caseflow'),
  /**
   * `--sqlite-pragma` settings of the embedded server, comma-separated. WAL with synchronous=NORMAL survives a
   * crash of the process and loses at most the last commits on a power cut; empty: SQLite's defaults (full sync).
   */
  CASEFLOW_TEMPORAL_SQLITE_PRAGMAS: z.string().default('journal_mode=WAL,synchronous=NORMAL'),
  /** Cases a worker keeps in memory (the SDK sizes it from the heap when unset); the memory knob of a worker. */
  CASEFLOW_WORKER_MAX_CACHED_WORKFLOWS: positive,
  /** Workflow tasks a worker runs at once (SDK default when unset). */
  CASEFLOW_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positive,
  /** Webhook deliveries and sweeps a worker runs at once (SDK default when unset). */
  CASEFLOW_WORKER_MAX_CONCURRENT_ACTIVITIES: positive,
  /** A workflow bundle built by `npm run build:bundle`; unset: the worker bundles the workflows at start. */
  CASEFLOW_WORKFLOW_BUNDLE: optional,
  CASEFLOW_POLICY: optional,
  CASEFLOW_AUTH_FILE: optional,
  /** PKCS#8 PEM file of the Ed25519 key(s) hand-offs are signed with, newest first; unset outside production: one generated into the data folder. */
  CASEFLOW_SIGNING_KEY: optional,
  /** OIDC issuer whose bearer JWTs are accepted beside the static tokens (its `iss`); with the two below, or none. */
  CASEFLOW_OIDC_ISSUER: optional,
  /** The `aud` a JWT must carry to be accepted here. */
  CASEFLOW_OIDC_AUDIENCE: optional,
  /** The issuer's public keys: a JWKS URL (fetched and cached) or a JWKS file. */
  CASEFLOW_OIDC_JWKS: optional,
  /** File of payload encryption keys (key id → base64 AES-256 key, newest first); required in production, else generated into the data folder. */
  CASEFLOW_ENCRYPTION_KEYS: optional,
  /** PostgreSQL of the audit trail (`postgres://user:pass@host:port/db`); unset: an embedded PGlite in the data folder. */
  CASEFLOW_DATABASE_URL: optional,
  /**
   * Origins (`https://temporal-ui.bureau.example`, comma-separated) the Temporal UI may call the codec routes from,
   * in the browser; unset: none, the UI then needs the API under its own origin.
   */
  CASEFLOW_CODEC_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin is scheme://host[:port], without a path or a trailing slash'))),
  CASEFLOW_WEBHOOK_URL: z.url().optional().catch(undefined),
  CASEFLOW_WEBHOOK_SECRET: optional,
  CASEFLOW_BODY_LIMIT: z.coerce.number().int().positive().default(64 * 1024),
  /** Requests per minute per token (per client IP without a known token); 0 turns the limit off. */
  CASEFLOW_RATE_LIMIT: z.coerce.number().int().min(0).default(1200),
  /** pino level of the JSON logs; unset: info in production, warn otherwise. */
  CASEFLOW_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
  /** host:port where the worker's Temporal Runtime serves Prometheus metrics; unset: off (`npm start` picks a free loopback port and merges them into /metrics). */
  CASEFLOW_WORKER_METRICS_ADDRESS: optional,
  /** OTLP/HTTP collector base URL (the OpenTelemetry standard variable); unset: no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional().catch(undefined),
  OTEL_SERVICE_NAME: z.string().min(1).default('caseflow'),
});

export type Env = ReturnType<typeof readEnv>;

/** The process environment, parsed once at the edge; nothing else reads `process.env`. */
export function readEnv(source: NodeJS.ProcessEnv = process.env) {
  const env = envSchema.parse(source);
  const oidcSet = OIDC_SETTINGS.filter((name) => env[name] !== undefined);
  if (oidcSet.length > 0 && oidcSet.length < OIDC_SETTINGS.length) {
    throw new Error(`OIDC needs all of ${OIDC_SETTINGS.join(', ')}; missing: ${OIDC_SETTINGS.filter((n) => !oidcSet.includes(n)).join(', ')}`);
  }
  const oidc = env.CASEFLOW_OIDC_ISSUER && env.CASEFLOW_OIDC_AUDIENCE && env.CASEFLOW_OIDC_JWKS
    ? { issuer: env.CASEFLOW_OIDC_ISSUER, audience: env.CASEFLOW_OIDC_AUDIENCE, jwks: env.CASEFLOW_OIDC_JWKS }
    : undefined;
  const production = env.NODE_ENV === 'production';
  const logLevel = env.CASEFLOW_LOG_LEVEL ?? (production ? 'info' : 'warn');
  const sqlitePragmas = env.CASEFLOW_TEMPORAL_SQLITE_PRAGMAS.split(',').map((p) => p.trim()).filter(Boolean);
  const workerTuning = {
    maxCachedWorkflows: env.CASEFLOW_WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: env.CASEFLOW_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: env.CASEFLOW_WORKER_MAX_CONCURRENT_ACTIVITIES,
  };
  return {
    ...env,
    CASEFLOW_DATA_DIR: resolve(env.CASEFLOW_DATA_DIR),
    CASEFLOW_WORKFLOW_BUNDLE: env.CASEFLOW_WORKFLOW_BUNDLE && resolve(env.CASEFLOW_WORKFLOW_BUNDLE),
    production,
    oidc,
    logLevel,
    sqlitePragmas,
    workerTuning: Object.fromEntries(Object.entries(workerTuning).filter(([, v]) => v !== undefined)) as Partial<typeof workerTuning>,
  };
}
