// Rate and body limits: on by default, per token (per IP without a known token), never on the probes, answered
// through the one error mapper as 429 rate_limited with Retry-After, and 413 for a body over the limit.
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../config/env';
import { loadPolicy } from '../../config/policy';
import { loadTokens } from '../../config/tokens';
import { buildApp } from '../../server/app';
import { createCaseGateway } from '../../server/case-gateway';
import { apiAt } from '../support/http-client';
import { stopGently } from '../support/node-process';
import { freePort, type Proc } from '../support/processes';
import { startApiProcess } from '../support/service-processes';
import { tokens } from '../support/stack';

// Nothing here reaches Temporal: every request is refused or answered before the gateway is asked anything.
const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: [], connectTimeout: '1s' });
const gateway = createCaseGateway({ client: new Client({ connection }), connection, taskQueue: 'limits', policy: loadPolicy() });
const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
let proc: Proc | undefined;

async function listen(options: { rateLimit?: number; bodyLimit?: number }) {
  const app = await buildApp({ gateway, tokens: loadTokens(undefined, false), ...options });
  apps.push(app);
  return apiAt(await app.listen({ port: 0, host: '127.0.0.1' }));
}

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await stopGently(proc);
  await connection.close().catch(() => undefined);
});

describe('limits', () => {
  it('have sane defaults in the environment config', () => {
    expect(readEnv({})).toMatchObject({ CASEFLOW_RATE_LIMIT: 1200, CASEFLOW_BODY_LIMIT: 65536 });
    expect(readEnv({ CASEFLOW_RATE_LIMIT: '0' }).CASEFLOW_RATE_LIMIT).toBe(0);
    expect(() => readEnv({ CASEFLOW_RATE_LIMIT: 'lots' })).toThrow();
  });

  it('throttle each token on its own, unknown callers by IP, and never the probes', async () => {
    const call = await listen({ rateLimit: 5 });
    const badQuery = '/cases?stage=bogus'; // a 400 still counts: the budget is for requests, not successes
    for (let i = 0; i < 5; i += 1) expect((await call('GET', badQuery)).status).toBe(400);
    const limited = await call('GET', badQuery);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'rate_limited', message: expect.any(String) });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('5');

    expect((await call('GET', badQuery, undefined, tokens.supervisor)).status).toBe(400);
    for (let i = 0; i < 5; i += 1) expect((await call('GET', '/cases', undefined, `guess-${i}`)).status).toBe(401);
    expect((await call('GET', '/cases', undefined, 'guess-6')).status).toBe(429);
    for (let i = 0; i < 10; i += 1) {
      expect((await call('GET', '/healthz', undefined, null)).status).toBe(200);
      expect((await call('GET', '/readyz', undefined, null)).status).not.toBe(429);
    }
  });

  it('are off when the limit is 0', async () => {
    const call = await listen({ rateLimit: 0 });
    for (let i = 0; i < 30; i += 1) expect((await call('GET', '/cases?stage=bogus')).status).toBe(400);
  });

  it('refuse a body over the limit with 413 payload_too_large', async () => {
    const byDefault = await listen({});
    const body = { caseId: 'C-1', category: 'criminal', station: 'S01', reportedAt: new Date().toISOString(), summary: 'x'.repeat(70_000) };
    const res = await byDefault('POST', '/cases', body);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'payload_too_large' });
    const small = await listen({ bodyLimit: 1024 });
    expect((await small('POST', '/cases', { ...body, summary: 'x'.repeat(2_000) })).status).toBe(413);
  });

  it('are wired from the environment in the real API process', async () => {
    const deadTemporal = `127.0.0.1:${await freePort()}`;
    const api = await startApiProcess({ TEMPORAL_ADDRESS: deadTemporal, CASEFLOW_RATE_LIMIT: '3', CASEFLOW_BODY_LIMIT: '2048' });
    proc = api.proc;
    const call = apiAt(api.url);
    for (let i = 0; i < 3; i += 1) expect((await call('GET', '/cases?stage=bogus')).status).toBe(400);
    expect((await call('GET', '/cases?stage=bogus')).status).toBe(429);
    expect((await call('POST', '/cases', { summary: 'x'.repeat(3_000) }, tokens.admin)).status).toBe(413);
  }, 150_000);
});
