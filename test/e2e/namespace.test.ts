// An API configured for a namespace the Temporal server does not have (a typo in TEMPORAL_NAMESPACE, a namespace not
// registered yet): every answer that needs Temporal is a 503 with Retry-After, never a 404 that says a case does not
// exist nor a 500, and a log line names the namespace so an operator sees what to fix.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { loadTokens } from '../../config/tokens';
import { createLogger } from '../../observability/logger';
import { buildApp } from '../../server/app';
import { createCaseGateway } from '../../server/case-gateway';
import { captureLines } from '../observability/prometheus';
import { tokens } from '../support/stack';

const namespace = `missing-${randomUUID().slice(0, 8)}`;
const logs = captureLines();
let app: Awaited<ReturnType<typeof buildApp>>;
let connection: Connection;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  const gateway = createCaseGateway({ client: new Client({ connection, namespace }), connection, taskQueue: 'no-namespace', policy: loadPolicy() });
  app = await buildApp({ gateway, tokens: loadTokens(undefined, false), loggerInstance: createLogger({ level: 'info', destination: logs.destination }) });
});
afterAll(async () => {
  await app?.close();
});

const report = { caseId: 'NS-1', category: 'criminal', station: 'S01', reportedAt: new Date(Date.now() - 60_000).toISOString() };
const requests = [
  ['POST', '/cases', report, tokens.caseSystem],
  ['GET', '/cases/NS-1', undefined, tokens.caseSystem],
  ['POST', '/cases/NS-1/events', { type: 'REGISTER' }, tokens.caseSystem],
  ['GET', '/cases?station=S01', undefined, tokens.supervisor],
  ['GET', '/cases/count', undefined, tokens.supervisor],
  ['GET', '/warnings', undefined, tokens.supervisor],
] as const;

describe('a namespace the server does not have', () => {
  it.each(requests)('%s %s answers 503 with Retry-After, and the log names the namespace', async (method, url, body, token) => {
    const before = logs.lines.length;
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body ? { payload: body } : {}) });
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json()).toMatchObject({ error: 'temporal_unavailable' });
    expect(res.json().message).toContain(namespace);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const lines = logs.lines.slice(before);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', namespace, msg: expect.stringContaining(`namespace ${namespace} does not exist`) }));
  });

  it('is not ready: /readyz answers 503 naming the namespace', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain(namespace);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
