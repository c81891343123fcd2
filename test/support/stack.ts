import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { FastifyBaseLogger } from 'fastify';
import { inject } from 'vitest';
import type { BulkPaging } from '../../contracts/bulk';
import type { Policy } from '../../contracts/policy';
import type { TokensFile } from '../../contracts/tokens';
import { loadPolicy } from '../../config/policy';
import { loadTokens } from '../../config/tokens';
import type { AuditStore } from '../../audit/store';
import type { ClosedCaseArchive } from '../../audit/closed-cases';
import { buildApp } from '../../server/app';
import { AesGcmCodec, type EncryptionKey } from '../../temporal/encryption-codec';
import { testEncryptionKeys } from './test-keys';
import type { OidcSettings } from '../../server/oidc';
import { createCaseGateway } from '../../server/case-gateway';
import type { WebhookConfig } from '../../activities';
import { createCaseWorker } from '../../worker/create-worker';

export const tokens = {
  caseSystem: 'dev-case-system-token',
  supervisor: 'dev-supervisor-token',
  admin: 'dev-ops-admin-token',
  prosecutor: 'dev-prosecutor-token',
  court: 'dev-court-judge-token',
} as const;

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * The real thing on loopback: the shared dev server, a worker on a queue of its own, and the HTTP API
 * listening on a free port. Tests talk to it with fetch, as a case system would.
 */
export async function startStack(
  options: { policy?: Policy; webhook?: WebhookConfig; tokens?: TokensFile; oidc?: OidcSettings; audit?: AuditStore; archive?: ClosedCaseArchive; encryptionKeys?: EncryptionKey[]; codecCorsOrigins?: string[]; taskQueue?: string; worker?: boolean; loggerInstance?: FastifyBaseLogger; bulkPaging?: Partial<BulkPaging> } = {},
) {
  const address = inject('temporalAddress');
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const policy = options.policy ?? loadPolicy();
  // Encrypted as in production, so every test reads cases through the codec.
  const codec = new AesGcmCodec(options.encryptionKeys ?? testEncryptionKeys);
  const nativeConnection = await NativeConnection.connect({ address });
  // Without an in-process worker, the test runs its own (e.g. a child process it can SIGKILL).
  const worker =
    options.worker === false
      ? undefined
      : await createCaseWorker({
          connection: nativeConnection,
          namespace: 'default',
          taskQueue,
          webhook: options.webhook ?? {},
          workflowBundlePath: inject('workflowBundlePath'),
          payloadCodecs: [codec],
          archive: options.archive,
        });
  const running = worker?.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
  const gateway = createCaseGateway({ client, connection, taskQueue, policy, archive: options.archive, bulkPaging: options.bulkPaging });
  const app = await buildApp({ gateway, tokens: options.tokens ?? loadTokens(undefined, false), oidc: options.oidc, audit: options.audit, codec, codecCorsOrigins: options.codecCorsOrigins, loggerInstance: options.loggerInstance });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

  async function call(method: string, path: string, body?: unknown, token: string | null = tokens.caseSystem) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as any };
  }

  return {
    url,
    client,
    taskQueue,
    policy,
    call,
    async close() {
      await app.close();
      worker?.shutdown();
      await running;
      await nativeConnection.close();
    },
  };
}

/** A unique case id and station per test, so tests sharing one server never see each other's cases. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
