// `npm start` stopped while a limit runs, and started again after it fell due: every case is still there, and the
// timer that came due while nothing ran fires on restart, for the instant it was due.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PolicyInput } from '../../contracts/policy';
import { apiAt, newCase, sleep } from '../support/http-client';
import { stopGently } from '../support/node-process';
import { runEntry } from '../support/processes';
import { freePort, waitFor, type Proc } from '../support/processes';
import { startReceiver } from '../support/webhook-receiver';

const SECRET = 'restart-secret';
const ordinary = { register: 'PT6S', notify: 'PT1H', file: 'PT1H', review: 'PT1H', handle: 'PT1H', declineNotice: 'PT1H', transfer: 'PT1H' };
const policy: PolicyInput = {
  timezone: 'Asia/Shanghai',
  escalation: { warnAt: [], repeatOverdueEvery: 'PT1H', chain: ['station-leader', 'legal-officer'] },
  limits: { criminal: { ordinary }, administrative: { ordinary } },
};

const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-restart-'));
const policyFile = path.join(dir, 'policy.json');
writeFileSync(policyFile, JSON.stringify(policy));
let running: Proc | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

async function startService(ports: { api: number; temporal: number; ui: number }) {
  running = runEntry('scripts/start.ts', {
    PORT: String(ports.api),
    CASEFLOW_TEMPORAL_PORT: String(ports.temporal),
    CASEFLOW_TEMPORAL_UI_PORT: String(ports.ui),
    CASEFLOW_DATA_DIR: path.join(dir, 'data'),
    CASEFLOW_POLICY: policyFile,
    CASEFLOW_WEBHOOK_URL: receiver.url,
    CASEFLOW_WEBHOOK_SECRET: SECRET,
    TEMPORAL_ADDRESS: '',
  });
  const proc = running;
  await waitFor(() => proc.output().includes('caseflow is up') || proc.child.exitCode !== null, 'caseflow to start', 90_000);
  expect(proc.output()).toContain('caseflow is up');
  return apiAt(`http://127.0.0.1:${ports.api}`);
}

async function stop() {
  running!.child.kill('SIGINT');
  expect(await running!.exited).toBe(0);
  running = undefined;
}

afterAll(async () => {
  await stopGently(running);
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the embedded server restarted', () => {
  it('keeps every case, and fires the timers that came due while it was down', async () => {
    receiver = await startReceiver(SECRET);
    const ports = { api: await freePort(), temporal: await freePort(), ui: await freePort() };
    let call = await startService(ports);
    const ids = ['RESTART-A', 'RESTART-B', 'RESTART-C'];
    const dueAt = new Map<string, string>();
    for (const id of ids) {
      const created = await call('POST', '/cases', { ...newCase(id), reportedAt: new Date().toISOString() });
      expect(created.status).toBe(201);
      dueAt.set(id, created.body.deadlines.find((d: { limit: string }) => d.limit === 'register').dueAt);
    }
    // One case is moved on, so its register limit is met and must stay quiet.
    expect((await call('POST', '/cases/RESTART-C/events', { type: 'REGISTER' })).status).toBe(200);
    await stop();

    await sleep(Math.max(0, Date.parse(dueAt.get('RESTART-B')!) - Date.now()) + 1_000);
    call = await startService(ports);

    const listed = await call('GET', '/cases?limit=10');
    expect(listed.body.items.map((c: { caseId: string }) => c.caseId).sort()).toEqual(ids);
    for (const id of ['RESTART-A', 'RESTART-B']) {
      await waitFor(() => receiver.accepted().some((r) => r.caseId === id && r.level === 'overdue'), `the overdue escalation of ${id}`, 30_000);
      const view = (await call('GET', `/cases/${id}`)).body;
      const overdue = view.escalations.filter((e: { level: string }) => e.level === 'overdue');
      // Raised once, for the instant the limit fell due, not for whenever the service came back.
      expect(overdue).toEqual([expect.objectContaining({ limit: 'register', target: 'station-leader', raisedAt: dueAt.get(id) })]);
    }
    const quiet = (await call('GET', '/cases/RESTART-C')).body;
    expect(quiet).toMatchObject({ stage: 'registered', escalations: [] });
    await stop();
  }, 180_000);
});
