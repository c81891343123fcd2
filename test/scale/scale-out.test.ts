// Two workers and two API replicas on one task queue, 200 cases through both APIs, one worker SIGKILLed half-way:
// every case closes, and every history has the shape of an undisturbed run.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { caseWorkflow } from '../../workflows';
import { shapeOf, retriedWorkflowTasks, workerIdentities } from '../support/case-shape';
import { testDataConverter } from '../support/test-keys';
import { apiAt, newCase, plainLifecycle, pool, sleep, type Answer, type Call } from '../support/http-client';
import { killHard, stopGently } from '../support/node-process';
import type { Proc } from '../support/processes';
import { alive, startApiProcess, startWorkerProcess } from '../support/service-processes';

const CASES = 200;
const CONCURRENCY = 20;
const taskQueue = `scale-${randomUUID()}`;
const env = {
  TEMPORAL_ADDRESS: inject('temporalAddress'),
  TEMPORAL_NAMESPACE: 'default',
  CASEFLOW_TASK_QUEUE: taskQueue,
  // One case-system token drives 1,200 requests in well under a minute here; the limit is tested on its own.
  CASEFLOW_RATE_LIMIT: '0',
};

let workers: Proc[] = [];
let apis: { proc: Proc; url: string }[] = [];
let connection: Connection;
let client: Client;

beforeAll(async () => {
  [workers, apis] = await Promise.all([
    Promise.all([startWorkerProcess(env), startWorkerProcess(env)]),
    Promise.all([startApiProcess(env), startApiProcess(env)]),
  ]);
  connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  client = new Client({ connection, dataConverter: testDataConverter });
}, 200_000);

afterAll(async () => {
  await Promise.all([...workers, ...apis.map((a) => a.proc)].map((p) => stopGently(p)));
  await connection?.close();
});

/** A 503 is the contract's "retry shortly"; anything else is an answer. Counts the retries for the report. */
let retries503 = 0;
async function patiently(call: () => Promise<Answer>): Promise<Answer> {
  for (let attempt = 0; ; attempt += 1) {
    const res = await call();
    if (res.status !== 503 || attempt === 10) return res;
    retries503 += 1;
    await sleep(1000);
  }
}

/** Request k of case i goes to API (i + k) % 2, so every case is moved by both replicas. */
async function drive(caseId: string, i: number, calls: Call[]): Promise<void> {
  const via = (k: number) => calls[(i + k) % calls.length]!;
  const created = await patiently(() => via(0)('POST', '/cases', newCase(caseId)));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  for (const [k, event] of plainLifecycle.entries()) {
    const res = await patiently(() => via(k + 1)('POST', `/cases/${caseId}/events`, event));
    expect(res.status, `${caseId} ${event.type}: ${JSON.stringify(res.body)}`).toBe(200);
  }
}

const historyOf = (caseId: string) => client.workflow.getHandle(caseId).fetchHistory();

describe('scale-out: two workers, two API replicas, one worker killed half-way', () => {
  it('closes all 200 cases, each with the history shape of an undisturbed run', async () => {
    const calls = apis.map((a) => apiAt(a.url));
    const reference = `SCALE-REF-${randomUUID().slice(0, 8)}`;
    await drive(reference, 0, calls);
    await client.workflow.getHandle(reference).result();
    const expected = shapeOf(await historyOf(reference));
    expect(expected).toContain('completed');

    const victim = workers[0]!;
    const victimIdentity = `${victim.child.pid}@${hostname()}`;
    const ids = Array.from({ length: CASES }, (_, i) => `SCALE-${i}-${randomUUID().slice(0, 8)}`);
    let done = 0;
    let killedAt = 0;
    const started = Date.now();
    await pool(ids, CONCURRENCY, async (caseId, i) => {
      await drive(caseId, i, calls);
      done += 1;
      if (done === CASES / 2) {
        killedAt = Date.now();
        await killHard(victim);
      }
    });
    const drivenMs = Date.now() - started;

    // Closed cases complete once their last delivery is through; a delivery lost with the killed worker waits out
    // its activity timeout first.
    // The workflow's result is its final case view, so no query (and no replay on a worker) is needed to read it.
    const finals = await pool(ids, CONCURRENCY, (id) => client.workflow.getHandle<typeof caseWorkflow>(id).result());
    const histories = await pool(ids, CONCURRENCY, historyOf);
    for (const [i, id] of ids.entries()) {
      expect(shapeOf(histories[i]!), id).toEqual(expected);
      expect(finals[i]).toMatchObject({ caseId: id, stage: 'closed', status: 'closed' });
      expect(finals[i]!.history.map((h) => h.type)).toEqual(plainLifecycle.map((e) => e.type));
    }
    // And both replicas read the same closed case.
    for (const call of calls) expect((await call('GET', `/cases/${ids[0]}`)).body).toMatchObject({ stage: 'closed' });
    // The victim did real work before the kill, and none after it: the kill was real.
    const byVictim = histories.flatMap((h) => h.events ?? []).filter((e) => e.workflowTaskCompletedEventAttributes?.identity === victimIdentity);
    expect(byVictim.length).toBeGreaterThan(0);
    expect(byVictim.every((e) => tsToMs(e.eventTime) <= killedAt + 1000)).toBe(true);
    expect(new Set(histories.flatMap((h) => [...workerIdentities(h)])).size).toBe(2);
    expect(apis.every((a) => alive(a.proc))).toBe(true);
    expect(alive(workers[1]!)).toBe(true);
    console.log(
      `scale-out: ${CASES} cases x 6 requests in ${drivenMs} ms via 2 APIs; ${retries503} retried 503s; ` +
        `${histories.reduce((n, h) => n + retriedWorkflowTasks(h), 0)} workflow tasks retried after the kill`,
    );
  }, 240_000);
});
