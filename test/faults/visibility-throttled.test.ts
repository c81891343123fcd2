// Finding 2 of issue 14: a report is never refused because a supervision query failed or was throttled. The server
// here lets the namespace make one visibility request a second; reports pour in, some from one phone, while a
// supervisor counts. Every report answers 201, and the repeat-reporter warning still opens once the case has
// counted the phone's earlier reports (a retried activity after the start).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureSearchAttributes } from '../../config/search-attributes';
import { startCliDevServer, type CliDevServer } from '../support/cli-dev-server';
import { apiAt, newCase, pool, type Call } from '../support/http-client';
import { stopGently } from '../support/node-process';
import { freePort, waitFor, type Proc } from '../support/processes';
import { startApiProcess, startWorkerProcess } from '../support/service-processes';
import { tokens, uniqueId } from '../support/stack';

const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-visibility-'));
let server: CliDevServer;
let worker: Proc;
let api: { proc: Proc; url: string };
let call: Call;

beforeAll(async () => {
  server = await startCliDevServer(await freePort(), path.join(dir, 'temporal.sqlite'), [
    'frontend.namespaceRPS.visibility=1',
    'frontend.namespaceBurstRatio.visibility=1',
  ]);
  const connection = await Connection.connect({ address: server.address });
  await ensureSearchAttributes(connection, 'default');
  await connection.close();
  const env = { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', CASEFLOW_TASK_QUEUE: 'throttled', CASEFLOW_RATE_LIMIT: '0' };
  [worker, api] = await Promise.all([startWorkerProcess(env, inject('workflowBundlePath')), startApiProcess(env)]);
  call = apiAt(api.url);
}, 120_000);

afterAll(async () => {
  await Promise.all([stopGently(api?.proc), stopGently(worker)]);
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('visibility throttled to one request a second', () => {
  it('registers every report (201), and the repeat-reporter warning still opens', async () => {
    // A fresh server: S01, a station of the case system's token, holds these reports alone.
    const station = 'S01';
    const repeated = Array.from({ length: 3 }, () => uniqueId('REPEAT'));
    const others = Array.from({ length: 20 }, () => uniqueId('OTHER'));
    const reports = [
      ...repeated.map((caseId) => ({ ...newCase(caseId, station), reporter: { phone: '+86 139-0000-2222' } })),
      ...others.map((caseId, n) => ({ ...newCase(caseId, station), reporter: { phone: `1380000${String(n).padStart(4, '0')}` } })),
    ];
    const counts = Array.from({ length: 10 }, () => () => call('GET', `/cases/count?station=${station}`, undefined, tokens.supervisor));
    const [created, counted] = await Promise.all([
      pool(reports, 8, (body) => call('POST', '/cases', body)),
      pool(counts, 10, (count) => count()),
    ]);

    expect(created.map((r) => r.status), JSON.stringify(created.find((r) => r.status !== 201)?.body)).toEqual(reports.map(() => 201));
    // The throttle bites: a supervisor's count over the same store was refused meanwhile.
    expect(counted.map((r) => r.status)).toContain(503);

    for (const caseId of repeated) {
      await waitFor(async () => {
        const view = (await call('GET', `/cases/${caseId}`)).body;
        return view.warnings?.some((w: { rule: string }) => w.rule === 'repeat-reporter');
      }, `the repeat-reporter warning on ${caseId}`, 120_000);
    }
    for (const caseId of others.slice(0, 3)) {
      const view = (await call('GET', `/cases/${caseId}`)).body;
      expect(view.warnings.map((w: { rule: string }) => w.rule)).not.toContain('repeat-reporter');
    }
  }, 240_000);
});
