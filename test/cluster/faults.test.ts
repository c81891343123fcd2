// Faults on the real engine (issue 14): the cluster of `npm run cluster` (PostgreSQL, the Temporal server built from
// its module, two workers, two API processes), started here in-process so a test can kill, stop and start one of its
// services alone. A load of new cases runs through both API processes while the fault lasts: every answer is a 2xx or
// a 503 with Retry-After (never a 500), every acknowledged event is in its case's history exactly once, the
// escalations that fell due meanwhile are delivered under stable ids, and the time to recover is printed.
// The policy is the shipped one but for a criminal case's register limit (45 s) and the overdue repeat (2 s), so
// escalations fall due within a test; the load's administrative cases keep the shipped 24 h and raise none.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DEFAULT_POLICY_FILE } from '../../config/policy';
import { startCluster, type Cluster } from '../../scripts/cluster/start-cluster';
import type { Service } from '../../scripts/cluster/service';
import { apiAt, sleep, type Call } from '../support/http-client';
import { waitFor } from '../support/processes';
import { tokens, uniqueId } from '../support/stack';
import { testEncryptionKeysFile } from '../support/test-keys';
import { startReceiver } from '../support/webhook-receiver';
import { caughtUp, expectDelivered, foldedEscalation, overdueInstants } from './escalations';
import { expectEachAcknowledgedEventOnce, expectOnlyAllowedAnswers, expectUnavailableBetween, lanesMovingSince, recovery, startLoad } from './load';

const SECRET = 'cluster-faults-secret';
const REGISTER_MS = 45_000;
const REPEAT_MS = 2_000;
const CHAIN = ['station-leader', 'legal-officer', 'bureau-supervision'];
const dataDir = mkdtempSync(path.join(tmpdir(), 'caseflow-cluster-faults-'));
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let cluster: Cluster;
let apis: Call[];

function writePolicy(): string {
  const policy = parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  policy.escalation.repeatOverdueEvery = `PT${REPEAT_MS / 1000}S`;
  policy.limits.criminal.ordinary.register = `PT${REGISTER_MS / 1000}S`;
  const file = path.join(dataDir, 'policy.yaml');
  writeFileSync(file, stringify(policy));
  return file;
}

beforeAll(async () => {
  // PostgreSQL runs as the postgres user, which must reach its data folder inside this one (mkdtemp makes it 0700).
  chmodSync(dataDir, 0o755);
  receiver = await startReceiver(SECRET);
  cluster = await startCluster({
    clusterDir: path.join(dataDir, 'cluster'),
    log: (line) => console.log(`fault cluster: ${line}`),
    env: {
      CASEFLOW_DATA_DIR: dataDir,
      CASEFLOW_ENCRYPTION_KEYS: testEncryptionKeysFile(),
      CASEFLOW_POLICY: writePolicy(),
      CASEFLOW_WEBHOOK_URL: receiver.url,
      CASEFLOW_WEBHOOK_SECRET: SECRET,
      CASEFLOW_RATE_LIMIT: '0',
    },
  });
  apis = cluster.apis.map((a) => apiAt(a.url));
}, 20 * 60_000);

afterAll(async () => {
  await cluster?.stop();
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

/** Criminal cases whose register limit falls due `inMs` from now (reported that much less than 45 s ago). */
async function casesFallingDue(count: number, inMs: number): Promise<string[]> {
  const reportedAt = new Date(Date.now() - REGISTER_MS + inMs).toISOString();
  const ids = Array.from({ length: count }, () => uniqueId('C-due'));
  for (const caseId of ids) {
    const res = await apis[0]!('POST', '/cases', { caseId, category: 'criminal', station: 'S02', reportedAt });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  return ids;
}

/**
 * After the fault: every overdue instant of the due cases raised once, at its rung, and delivered under the id the case
 * shows; then met. With `folded`, the instants of [from, to] (the engine down) all raised by one escalation; without,
 * as they fell due or folded, whichever the surviving processes managed.
 */
async function expectDueEscalationsDelivered(ids: string[], from: number, to: number, folded = true) {
  for (const caseId of ids) {
    const view = await caughtUp(apis[1]!, caseId, to, REPEAT_MS);
    if (folded) foldedEscalation(view, REPEAT_MS, CHAIN, from, to);
    else expect(overdueInstants(view, REPEAT_MS, CHAIN).length, caseId).toBeGreaterThan(0);
    await expectDelivered(receiver, view);
    // Met, so its repeats stop loading the cluster for the tests after this one.
    expect((await apis[0]!('POST', `/cases/${caseId}/events`, { type: 'REGISTER' })).status).toBe(200);
  }
}

/**
 * Stops `service` under load (or SIGKILLs it) for `outageMs`, starts it again, and waits for the load to move on every
 * lane; returns the load and the instants of the fault.
 */
async function underLoad(service: Service, ready: () => Promise<void>, outageMs: number, how: 'stop' | 'kill' = 'stop') {
  const load = startLoad(apis);
  await sleep(8_000);
  const faultAt = Date.now();
  await (how === 'kill' ? service.kill() : service.stop());
  const stoppedAt = Date.now();
  await sleep(outageMs);
  const restartAt = Date.now();
  service.start();
  await ready();
  const back = Date.now();
  await waitFor(() => lanesMovingSince(load, back), 'every lane of the load to move again', 180_000);
  await sleep(8_000);
  const end = Date.now();
  return { load: await load.stop(), faultAt, stoppedAt, restartAt, back, end };
}

/** Reads each case and its station's list through both APIs, over and over until stopped; every status kept. */
function readThroughout(ids: string[], station: string) {
  const statuses: number[] = [];
  let stopping = false;
  const reads = [...ids.map((id) => `/cases/${id}`), `/cases?station=${station}`, `/cases/count?station=${station}`];
  const running = (async () => {
    for (let i = 0; !stopping; i++) {
      const res = await apis[i % apis.length]!('GET', reads[i % reads.length]!, undefined, tokens.supervisor).catch(() => ({ status: 0 }));
      statuses.push(res.status);
      await sleep(50);
    }
  })();
  return async () => {
    stopping = true;
    await running;
    return statuses;
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('the cluster under load', () => {
  it('SIGKILLs a worker: the other takes its cases on, every acknowledged event once, escalations due delivered', async () => {
    const worker = cluster.workers[0]!.service;
    const polls = () => worker.log().split('caseflow worker polling').length;
    const before = polls();
    const due = await casesFallingDue(3, 6_000);
    const t = await underLoad(worker, () => waitFor(() => polls() > before, 'worker 1 to poll again', 120_000), 15_000, 'kill');
    expectOnlyAllowedAnswers(t.load);
    await expectEachAcknowledgedEventOnce(t.load, apis[0]!);
    await expectDueEscalationsDelivered(due, t.stoppedAt, t.restartAt, false);
    const r = recovery(t.load, { ...t, back: t.stoppedAt });
    console.log(
      `cluster, worker 1 SIGKILLed under load and restarted ${seconds(t.restartAt - t.stoppedAt)} later: ` +
        `from the kill, first 2xx after ${seconds(r.toFirstOkMs)}, every lane moving after ${seconds(r.toAllLanesMs)}; ` +
        `2xx/s ${r.okPerSecondBefore.toFixed(1)} before, ${r.okPerSecondAfter.toFixed(1)} after; answers since the kill ${r.statuses}; ` +
        `${t.load.acknowledged.size} cases, each acknowledged event once`,
    );
  }, 6 * 60_000);

  it('SIGKILLs an API process: the other answers, every acknowledged event once, escalations due delivered', async () => {
    const api = cluster.apis[1]!;
    const due = await casesFallingDue(3, 6_000);
    const t = await underLoad(api.service, api.ready, 10_000, 'kill');
    // Only a request to the killed process may go unanswered, and the load sends it again to the other.
    expectOnlyAllowedAnswers(t.load, (a) => a.api === 1 && a.at >= t.faultAt && a.sentAt <= t.back);
    await expectEachAcknowledgedEventOnce(t.load, apis[0]!);
    await expectDueEscalationsDelivered(due, t.stoppedAt, t.restartAt, false);
    const r = recovery(t.load, { ...t, back: t.stoppedAt });
    const lost = t.load.answers.filter((a) => a.status === 0).length;
    console.log(
      `cluster, API 2 SIGKILLed under load and restarted ${seconds(t.restartAt - t.stoppedAt)} later (ready ${seconds(t.back - t.restartAt)} after): ` +
        `from the kill, first 2xx after ${seconds(r.toFirstOkMs)}, every lane moving after ${seconds(r.toAllLanesMs)}; ` +
        `${lost} requests lost with the process and sent again; answers since the kill ${r.statuses}; ` +
        `${t.load.acknowledged.size} cases, each acknowledged event once`,
    );
  }, 6 * 60_000);

  it('stops and restarts the Temporal server: 503 with Retry-After while down, every acknowledged event once, escalations delivered', async () => {
    const due = await casesFallingDue(3, 6_000);
    const t = await underLoad(cluster.temporal.service, cluster.temporal.ready, 20_000);
    expectOnlyAllowedAnswers(t.load);
    const refused = expectUnavailableBetween(t.load, t.stoppedAt, t.restartAt, ['temporal_unavailable']);
    await expectEachAcknowledgedEventOnce(t.load, apis[0]!);
    await expectDueEscalationsDelivered(due, t.stoppedAt, t.restartAt);
    const r = recovery(t.load, t);
    console.log(
      `cluster, Temporal server stopped under load: stop took ${seconds(t.stoppedAt - t.faultAt)}, down ${seconds(t.restartAt - t.stoppedAt)} ` +
        `(${refused}); start to frontend answering ${seconds(t.back - t.restartAt)}; ` +
        `then first 2xx after ${seconds(r.toFirstOkMs)}, every lane moving after ${seconds(r.toAllLanesMs)}; ` +
        `2xx/s ${r.okPerSecondBefore.toFixed(1)} before, ${r.okPerSecondAfter.toFixed(1)} after; answers since the stop ${r.statuses}; ` +
        `${t.load.acknowledged.size} cases, each acknowledged event once`,
    );
  }, 6 * 60_000);

  it('restarts PostgreSQL: 503 with Retry-After while the audit trail and Temporal cannot write, every acknowledged event once', async () => {
    const due = await casesFallingDue(3, 6_000);
    const t = await underLoad(cluster.postgres.service, cluster.postgres.ready, 15_000);
    expectOnlyAllowedAnswers(t.load);
    // No audit write, no command (contract section 10): the audit trail is asked first, so most say so.
    const refused = expectUnavailableBetween(t.load, t.stoppedAt, t.restartAt, ['audit_unavailable', 'temporal_unavailable']);
    expect(cluster.temporal.service.running(), 'the Temporal server outlives its database going away').toBe(true);
    await expectEachAcknowledgedEventOnce(t.load, apis[1]!);
    await expectDueEscalationsDelivered(due, t.stoppedAt, t.restartAt);
    const r = recovery(t.load, t);
    console.log(
      `cluster, PostgreSQL restarted under load: fast shutdown took ${seconds(t.stoppedAt - t.faultAt)}, down ${seconds(t.restartAt - t.stoppedAt)} ` +
        `(${refused}); start to accepting connections ${seconds(t.back - t.restartAt)}; ` +
        `then first 2xx after ${seconds(r.toFirstOkMs)}, every lane moving after ${seconds(r.toAllLanesMs)}; ` +
        `2xx/s ${r.okPerSecondBefore.toFixed(1)} before, ${r.okPerSecondAfter.toFixed(1)} after; answers since the stop ${r.statuses}; ` +
        `${t.load.acknowledged.size} cases, each acknowledged event once`,
    );
  }, 6 * 60_000);
});

// A week stopped, simulated: the real engine cannot skip time, so a policy "day" is the 2 s overdue repeat here. Cases
// are reported backdated 15 s, so their 45 s register limit falls due 30 s later, after the whole cluster (APIs and
// workers, Temporal, PostgreSQL) has stopped; it stays stopped until seven more repeats (a week of days) have fallen
// due, then starts again service by service, the APIs before the workers, so reads meet the catch-up.
describe('the whole cluster stopped for a (simulated) week', () => {
  it('raises one folded overdue escalation per limit on restart, delivers each once, and answers reads throughout', async () => {
    const station = uniqueId('WEEK');
    const reportedAt = Date.now() - 15_000;
    const ids = Array.from({ length: 8 }, () => uniqueId('C-week'));
    for (const caseId of ids) {
      const res = await apis[0]!('POST', '/cases', { caseId, category: 'criminal', station, reportedAt: new Date(reportedAt).toISOString() }, tokens.admin);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const { postgres, temporal, workers } = cluster;
    const everything = [postgres.service, temporal.service, ...workers.map((w) => w.service), ...cluster.apis.map((a) => a.service)];
    for (const service of [...everything].reverse()) await service.stop();
    const stoppedAt = Date.now();
    const dueAt = reportedAt + REGISTER_MS;
    await sleep(Math.max(dueAt, stoppedAt) + 7 * REPEAT_MS + 1_000 - Date.now());

    const restartAt = Date.now();
    postgres.service.start();
    await postgres.ready();
    temporal.service.start();
    await temporal.ready();
    for (const api of cluster.apis) api.service.start();
    await Promise.all(cluster.apis.map((api) => api.ready()));
    const apisBack = Date.now();
    const stopReading = readThroughout(ids, station);
    const workersAt = Date.now();
    for (const worker of workers) worker.service.start();
    const views = [];
    for (const [i, caseId] of ids.entries()) views.push(await caughtUp(apis[i % apis.length]!, caseId, workersAt, REPEAT_MS));
    const caughtUpAt = Date.now();
    const reads = await stopReading();
    expect(reads.filter((status) => status !== 200), 'reads during the catch-up').toEqual([]);

    for (const view of views) {
      const folded = foldedEscalation(view, REPEAT_MS, CHAIN, stoppedAt, workersAt);
      // A week of days fell due while everything was stopped: one escalation for all of them.
      expect(folded.missed, view.caseId).toBeGreaterThanOrEqual(7);
      expect(view.escalations.filter((e) => e.limit === 'register' && e.level === 'warning')).toHaveLength(1);
      await expectDelivered(receiver, view);
      for (const e of view.escalations) expect(receiver.deliveriesOf(e.id), `${view.caseId} ${e.level} ${e.raisedAt}`).toHaveLength(1);
      expect((await apis[0]!('POST', `/cases/${view.caseId}/events`, { type: 'REGISTER' }, tokens.admin)).status).toBe(200);
    }
    const missed = views.map((v) => foldedEscalation(v, REPEAT_MS, CHAIN, stoppedAt, workersAt).missed ?? 0);
    console.log(
      `cluster, stopped whole for a simulated week: ${ids.length} cases, each one folded overdue escalation (missed ${Math.min(...missed)}–${Math.max(...missed)}), ` +
        `each delivered once; down ${seconds(restartAt - stoppedAt)}; PostgreSQL, Temporal and APIs up again in ${seconds(apisBack - restartAt)}; ` +
        `workers started to every case caught up ${seconds(caughtUpAt - workersAt)}; ${reads.length} reads meanwhile, all 200`,
    );
  }, 6 * 60_000);
});
