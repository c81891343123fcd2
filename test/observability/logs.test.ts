// The API's JSON log lines, captured from a pino destination: each carries the request id and, when the request is
// about a case, its caseId. The API runs on the shared dev server; for the 503 a second API's real gateway dials a
// port where no Temporal listens.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { loadTokens } from '../../config/tokens';
import { createLogger } from '../../observability/logger';
import { buildApp } from '../../server/app';
import { createCaseGateway } from '../../server/case-gateway';
import { freePort } from '../support/processes';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { captureLines } from './prometheus';

type Line = Record<string, unknown>;
const capture = captureLines();
let stack: Stack;
let down: { app: Awaited<ReturnType<typeof buildApp>>; lines: Line[]; close: () => Promise<void> };

/** An API whose Temporal is unreachable: nothing listens on the port its real gateway dials. */
async function apiWithoutTemporal() {
  const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  const gateway = createCaseGateway({ client: new Client({ connection }), connection, taskQueue: 'logs-down', policy: loadPolicy() });
  const own = captureLines();
  const app = await buildApp({ gateway, tokens: loadTokens(undefined, false), loggerInstance: createLogger({ level: 'info', destination: own.destination }) });
  return { app, lines: own.lines, close: async () => { await app.close(); await connection.close(); } };
}

beforeAll(async () => {
  stack = await startStack({ loggerInstance: createLogger({ level: 'info', destination: capture.destination }) });
  down = await apiWithoutTemporal();
});
afterAll(async () => {
  await stack?.close();
  await down?.close();
});

const auth = (token: string = tokens.supervisor) => ({ authorization: `Bearer ${token}` });
const reqIdOf = () => `req-${randomUUID()}`;
const linesOf = (reqId: string) => capture.lines.filter((l) => l.reqId === reqId);

describe('request log lines', () => {
  it('carry reqId (from X-Request-Id) and the caseId of the route', async () => {
    const reqId = reqIdOf();
    const caseId = uniqueId('C-LOG');
    const res = await fetch(`${stack.url}/cases/${caseId}`, { headers: { ...auth(), 'x-request-id': reqId } });
    expect(res.status).toBe(404);
    expect(linesOf(reqId)).toEqual([
      expect.objectContaining({ level: 'info', reqId, caseId, route: '/cases/:caseId', statusCode: 404, msg: 'request completed', time: expect.any(String) }),
    ]);
  });

  it('keep at most 128 characters of X-Request-Id', async () => {
    const caseId = uniqueId('C-RID');
    const long = `r-${randomUUID()}`.padEnd(10_000, 'r');
    const res = await fetch(`${stack.url}/cases/${caseId}`, { headers: { ...auth(), 'x-request-id': long } });
    expect(res.status).toBe(404);
    const lines = capture.lines.filter((l) => l.caseId === caseId);
    expect(lines).toEqual([expect.objectContaining({ reqId: long.slice(0, 128), caseId })]);
    expect(JSON.stringify(lines)).not.toContain(long.slice(0, 129));
  });

  it('put the caseId on every line of the request, the error handler included, and on refusals before auth', async () => {
    const res = await down.app.inject({ method: 'GET', url: '/cases/C-DOWN', headers: auth() });
    expect(res.statusCode).toBe(503);
    const downLines = down.lines.filter((l) => l.caseId === 'C-DOWN');
    expect(downLines.map((l) => l.msg)).toEqual(['temporal unavailable', 'request completed']);
    expect(new Set(downLines.map((l) => l.reqId)).size).toBe(1);

    const reqId = reqIdOf();
    expect((await fetch(`${stack.url}/cases/C-ANON`, { headers: { 'x-request-id': reqId } })).status).toBe(401);
    expect(linesOf(reqId)).toEqual([expect.objectContaining({ caseId: 'C-ANON', statusCode: 401 })]);
  });

  it('take the caseId of POST /cases from its body', async () => {
    const caseId = uniqueId('C-BODY');
    const body = { caseId, category: 'criminal', station: 'S01', reportedAt: new Date().toISOString() };
    expect((await stack.call('POST', '/cases', body)).status).toBe(201);
    const reqId = reqIdOf();
    // The same caseId with another report: refused as a conflict, so the id can only have come from the body.
    const res = await fetch(`${stack.url}/cases`, {
      method: 'POST',
      headers: { ...auth(tokens.caseSystem), 'content-type': 'application/json', 'x-request-id': reqId },
      body: JSON.stringify({ ...body, station: 'S02' }),
    });
    expect(res.status).toBe(409);
    expect(linesOf(reqId).at(-1)).toMatchObject({ caseId, route: '/cases', statusCode: 409 });
    // Every line but Fastify's one at start-up is about a request.
    const requestLines = capture.lines.filter((l) => !String(l.msg).startsWith('Server listening at'));
    expect(requestLines.length).toBeGreaterThan(3);
    expect(requestLines.filter((l) => typeof l.reqId !== 'string')).toEqual([]);
  });

  it('keep scrapes and probes below info', async () => {
    const before = capture.lines.length;
    expect((await fetch(`${stack.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    expect(capture.lines.slice(before)).toEqual([]);
  });
});
