import { Agent, request } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { loadPolicy } from '../config/policy';
import { loadTokens } from '../config/tokens';
import { createLogger } from '../observability/logger';
import { buildApp } from '../server/app';
import { createCaseGateway } from '../server/case-gateway';

export const CASE_SYSTEM = 'Bearer dev-case-system-token';
export const SUPERVISOR = 'Bearer dev-supervisor-token';

/**
 * The HTTP API as `npm run api` builds it, minus what a benchmark must not measure: no rate limit (it would
 * cap the run at 20 requests a second) and only error lines in the log, so a 500 says why.
 */
export async function startBenchApi(address: string, taskQueue: string) {
  // Its own connection, as `npm run api` has: the app closes it.
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const gateway = createCaseGateway({ client, connection, taskQueue, policy: loadPolicy() });
  const app = await buildApp({ gateway, tokens: loadTokens(undefined, false), loggerInstance: createLogger({ level: 'error', name: 'caseflow-bench-api' }) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

  // node:http with kept-alive connections, not fetch: the load shares the API's process and cores, and fetch's web
  // streams cost the load side about as much CPU as Fastify spends answering (measured in the HTTP lane's profile).
  const agent = new Agent({ keepAlive: true });

  /** One request; anything but the expected status stops the bench, since its figures would be wrong. */
  function call(method: string, path: string, body?: unknown, token = CASE_SYSTEM, expected = [200, 201]): Promise<string> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { authorization: token, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) };
    return new Promise((resolve, reject) => {
      const req = request(url + path, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (expected.includes(res.statusCode ?? 0)) resolve(text);
          else reject(new Error(`${method} ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`));
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  return {
    url,
    call,
    close: async () => {
      agent.destroy();
      await app.close();
    },
  };
}

export type BenchApi = Awaited<ReturnType<typeof startBenchApi>>;

/** A fresh administrative case reported now, at one of the case-system token's stations. */
export function caseBody(caseId: string, i: number) {
  return { caseId, category: 'administrative', station: i % 2 ? 'S02' : 'S01', reportedAt: new Date().toISOString() };
}

/** Report to close along the main path: five events after the report. */
export const lifecycle = [
  { type: 'REGISTER' },
  { type: 'NOTIFY' },
  { type: 'FILE', decision: 'file' },
  { type: 'APPROVE' },
  { type: 'CLOSE', outcome: 'penalty' },
] as const;
