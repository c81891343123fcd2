// Health, readiness and the API's own documentation: public, no token needed.
import { createServer } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { loadTokens } from '../../config/tokens';
import { buildApp } from '../../server/app';
import { createCaseGateway } from '../../server/case-gateway';
import { startStack, tokens, type Stack } from '../support/stack';
import { caseBody } from './helpers';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe.concurrent('public endpoints', () => {
  it('GET /healthz answers 200 without a token', async () => {
    const res = await stack.call('GET', '/healthz', undefined, null);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 while Temporal is reachable, without a token', async () => {
    const res = await stack.call('GET', '/readyz', undefined, null);
    expect(res.status).toBe(200);
    // The shipped calendar covers 2026, so from November 2026 on it is ready with the calendar's warning.
    expect(res.body).toEqual({ status: 'ready', ...(Date.now() >= Date.parse('2026-11-01T16:00:00Z') ? { warnings: [expect.stringContaining('the policy calendar')] } : {}) });
    // A token, even an unknown one, changes nothing on public routes.
    expect((await stack.call('GET', '/readyz', undefined, 'some-unknown-token')).status).toBe(200);
  });

  it('GET /openapi.json is an OpenAPI 3 document of the case routes', async () => {
    const res = await stack.call('GET', '/openapi.json', undefined, null);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.paths['/cases']).toHaveProperty('get');
    expect(doc.paths['/cases']).toHaveProperty('post');
    expect(doc.paths['/cases/{caseId}']).toHaveProperty('get');
    expect(doc.paths['/cases/{caseId}/events']).toHaveProperty('post');
    expect(doc.paths['/healthz']).toHaveProperty('get');
    expect(doc.paths['/readyz']).toHaveProperty('get');
    // The documented answers include the errors of contract section 3.
    const responses = Object.keys(doc.paths['/cases/{caseId}/events'].post.responses);
    expect(responses).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409']));
    expect(JSON.stringify(doc.components?.securitySchemes ?? {})).toMatch(/bearer/i);
  });

  it('GET /docs serves browsable HTML without a token', async () => {
    const res = await fetch(`${stack.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/<html/i);
  });
});

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('when Temporal cannot be reached', () => {
  it('answers 503 temporal_unavailable with Retry-After; liveness stays 200', async () => {
    // The real API, pointed at an address where no Temporal listens (and without the client's retries, to stay quick).
    const connection = Connection.lazy({ address: `127.0.0.1:${await deadPort()}`, interceptors: [], connectTimeout: '2s' });
    const gateway = createCaseGateway({ client: new Client({ connection }), connection, taskQueue: 'unreachable', policy: loadPolicy() });
    const app = await buildApp({ gateway, tokens: loadTokens(undefined, false) });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const auth = { authorization: `Bearer ${tokens.caseSystem}`, 'content-type': 'application/json' };
      const requests: [string, string, unknown][] = [
        ['GET', '/readyz', undefined],
        ['GET', '/cases/C-1', undefined],
        ['GET', '/cases', undefined],
        ['POST', '/cases', caseBody()],
        ['POST', '/cases/C-1/events', { type: 'REGISTER' }],
      ];
      for (const [method, path, body] of requests) {
        const res = await fetch(url + path, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await res.text();
        expect(res.status, `${method} ${path}: ${text}`).toBe(503);
        expect(JSON.parse(text)).toMatchObject({ error: 'temporal_unavailable', message: expect.any(String) });
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      // What the client got wrong is still said first.
      expect((await fetch(`${url}/cases?stage=bogus`, { headers: auth })).status).toBe(400);
      expect((await fetch(`${url}/cases`)).status).toBe(401);
    } finally {
      await app.close();
      connection.close().catch(() => undefined);
    }
  });
});
