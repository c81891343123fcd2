// The API's JSON log lines, captured from a pino destination: each carries the request id and, when the
// request is about a case, its caseId. No Temporal needed: the gateway fails on cue.
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { loadTokens } from '../../config/tokens';
import { createLogger } from '../../observability/logger';
import { buildApp } from '../../server/app';
import { createCaseGateway, type CaseGateway } from '../../server/case-gateway';
import { CaseExistsError, CaseNotFoundError, TemporalUnavailableError } from '../../server/errors';
import { tokens } from '../support/stack';
import { captureLines } from './prometheus';

// A real gateway on a connection that never dials (so every route has what it needs), with get and start on cue.
const connection = Connection.lazy({ address: '127.0.0.1:1' });
const gateway: CaseGateway = {
  ...createCaseGateway({ client: new Client({ connection }), connection, taskQueue: 'logs-test', policy: loadPolicy() }),
  get: async (caseId: string) => {
    throw caseId === 'C-DOWN' ? new TemporalUnavailableError(new Error('UNAVAILABLE')) : new CaseNotFoundError(caseId);
  },
  start: async (request: { caseId: string }) => {
    throw new CaseExistsError(request.caseId);
  },
};

async function appWithCapturedLogs() {
  const capture = captureLines();
  const app = await buildApp({ gateway, tokens: loadTokens(undefined, false), loggerInstance: createLogger({ level: 'info', destination: capture.destination }) });
  return { app, lines: capture.lines };
}

const auth = { authorization: `Bearer ${tokens.supervisor}` };

describe('request log lines', () => {
  it('carry reqId (from X-Request-Id) and the caseId of the route', async () => {
    const { app, lines } = await appWithCapturedLogs();
    const res = await app.inject({ method: 'GET', url: '/cases/C-0001', headers: { ...auth, 'x-request-id': 'req-abc' } });
    expect(res.statusCode).toBe(404);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', reqId: 'req-abc', caseId: 'C-0001', route: '/cases/:caseId', statusCode: 404, msg: 'request completed' });
    expect(typeof lines[0]!.time).toBe('string');
    await app.close();
  });

  it('keep at most 128 characters of X-Request-Id', async () => {
    const { app, lines } = await appWithCapturedLogs();
    const res = await app.inject({ method: 'GET', url: '/cases/C-0002', headers: { ...auth, 'x-request-id': 'r'.repeat(10_000) } });
    expect(res.statusCode).toBe(404);
    expect(lines[0]).toMatchObject({ reqId: 'r'.repeat(128), caseId: 'C-0002' });
    expect(JSON.stringify(lines)).not.toContain('r'.repeat(129));
    await app.close();
  });

  it('put the caseId on every line of the request, the error handler included, and on refusals before auth', async () => {
    const { app, lines } = await appWithCapturedLogs();
    expect((await app.inject({ method: 'GET', url: '/cases/C-DOWN', headers: auth })).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/cases/C-ANON' })).statusCode).toBe(401);
    const down = lines.filter((l) => l.caseId === 'C-DOWN');
    expect(down.map((l) => l.msg)).toEqual(['temporal unavailable', 'request completed']);
    expect(new Set(down.map((l) => l.reqId)).size).toBe(1);
    expect(lines.find((l) => l.caseId === 'C-ANON')).toMatchObject({ statusCode: 401 });
    await app.close();
  });

  it('take the caseId of POST /cases from its body', async () => {
    const { app, lines } = await appWithCapturedLogs();
    const body = { caseId: 'C-BODY', category: 'criminal', station: 'S01', reportedAt: new Date().toISOString() };
    const res = await app.inject({ method: 'POST', url: '/cases', headers: { authorization: `Bearer ${tokens.caseSystem}` }, payload: body });
    expect(res.statusCode).toBe(409);
    expect(lines.at(-1)).toMatchObject({ caseId: 'C-BODY', route: '/cases', statusCode: 409 });
    expect(lines.every((l) => typeof l.reqId === 'string')).toBe(true);
    await app.close();
  });

  it('keep scrapes and probes below info', async () => {
    const { app, lines } = await appWithCapturedLogs();
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(lines).toEqual([]);
    await app.close();
  });
});
