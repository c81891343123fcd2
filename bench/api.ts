import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import type { ApiSpec } from './api-process';
import { next } from './workers';

export const CASE_SYSTEM = 'Bearer dev-case-system-token';
export const SUPERVISOR = 'Bearer dev-supervisor-token';

/**
 * The HTTP API in a process of its own (bench/api-process.ts), and the load's HTTP client in this one: the CPU
 * the API spends is then caseflow's alone, not mixed with the load generator's.
 */
export async function startBenchApi(address: string, taskQueue: string) {
  const child = fork(join(__dirname, 'api-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_API: JSON.stringify({ address, taskQueue } satisfies ApiSpec) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url } = await next<{ url: string }>(child, 'ready');
  const { call, destroy } = httpCaller(url);
  return {
    url,
    pid: child.pid,
    call,
    close: async () => {
      destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

/** The load's HTTP client for one API at `url` (a bench API process, or a cluster's API process). */
export function httpCaller(url: string) {
  // node:http with kept-alive connections, not fetch: the load shares the machine's two cores with the API, and
  // fetch's web streams cost the load side about as much CPU as Fastify spends answering (measured in a profile).
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

  return { call, destroy: () => agent.destroy() };
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
