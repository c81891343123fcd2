// Temporal unreachable for 20 s under a running API and worker: every answer that needs Temporal is a 503 with
// Retry-After (the API's own answer, not the client giving up), liveness stays 200, nothing crashes, and both pick up
// where they were once the server is back. How fast the 503 comes is a figure printed here, not asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureSearchAttributes } from '../../config/search-attributes';
import { startCliDevServer, type CliDevServer } from '../support/cli-dev-server';
import { apiAt, newCase, sleep, type Answer, type Call } from '../support/http-client';
import { stopGently } from '../support/node-process';
import { freePort, waitFor, type Proc } from '../support/processes';
import { alive, startApiProcess, startWorkerProcess } from '../support/service-processes';
import { uniqueId } from '../support/stack';

const OUTAGE_MS = 20_000;
const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-outage-'));
const dbFile = path.join(dir, 'temporal.sqlite');
let port: number;
let server: CliDevServer;
let worker: Proc;
let api: { proc: Proc; url: string };
let call: Call;

beforeAll(async () => {
  port = await freePort();
  server = await startCliDevServer(port, dbFile);
  const connection = await Connection.connect({ address: server.address });
  await ensureSearchAttributes(connection, 'default');
  await connection.close();
  const env = { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', CASEFLOW_TASK_QUEUE: 'outage', CASEFLOW_RATE_LIMIT: '0' };
  [worker, api] = await Promise.all([startWorkerProcess(env, inject('workflowBundlePath')), startApiProcess(env)]);
  call = apiAt(api.url);
}, 120_000);

afterAll(async () => {
  await Promise.all([stopGently(api?.proc), stopGently(worker)]);
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

function expectUnavailable(res: Answer, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(503);
  expect(res.body).toMatchObject({ error: 'temporal_unavailable' });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('Temporal unreachable for 20 s', () => {
  it('answers 503 with Retry-After throughout, never crashes, and recovers when the server is back', async () => {
    const caseId = uniqueId('OUTAGE');
    expect((await call('POST', '/cases', newCase(caseId))).status).toBe(201);
    expect((await call('POST', `/cases/${caseId}/events`, { type: 'REGISTER' })).status).toBe(200);

    await server.kill();
    const downUntil = Date.now() + OUTAGE_MS;
    let rounds = 0;
    let slowest = 0;
    while (Date.now() < downUntil) {
      const started = Date.now();
      expectUnavailable(await call('GET', `/cases/${caseId}`), 'GET case');
      expectUnavailable(await call('POST', `/cases/${caseId}/events`, { type: 'NOTIFY' }), 'NOTIFY');
      expectUnavailable(await call('POST', '/cases', newCase(uniqueId('OUTAGE-NEW'))), 'POST case');
      expectUnavailable(await call('GET', '/cases'), 'list');
      expectUnavailable(await call('GET', '/readyz', undefined, null), 'readyz');
      expect((await call('GET', '/healthz', undefined, null)).status).toBe(200);
      slowest = Math.max(slowest, Date.now() - started);
      rounds += 1;
      await sleep(1_000);
    }
    expect(alive(api.proc) && alive(worker)).toBe(true);

    server = await startCliDevServer(port, dbFile);
    const back = Date.now();
    await waitFor(async () => (await call('GET', `/cases/${caseId}`)).status === 200, 'the API and worker to recover', 90_000);
    const recoveredMs = Date.now() - back;
    expect((await call('GET', `/cases/${caseId}`)).body).toMatchObject({ stage: 'registered' });
    // The NOTIFY refused during the outage changed nothing; sent now, it is applied exactly once.
    const notified = await call('POST', `/cases/${caseId}/events`, { type: 'NOTIFY' });
    expect(notified.status, JSON.stringify(notified.body)).toBe(200);
    expect(notified.body.history.map((h: { type: string }) => h.type)).toEqual(['REGISTER', 'NOTIFY']);
    expect((await call('POST', '/cases', newCase(uniqueId('OUTAGE-AFTER')))).status).toBe(201);
    expect((await call('GET', '/readyz', undefined, null)).status).toBe(200);
    expect(alive(api.proc) && alive(worker)).toBe(true);
    console.log(`temporal outage: ${rounds} rounds of 503s (slowest round ${slowest} ms); recovered ${recoveredMs} ms after restart`);
  }, 180_000);
});
