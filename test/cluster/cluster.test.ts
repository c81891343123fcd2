// `npm run cluster` as an operator runs it (PostgreSQL, the Temporal server built from its module, two workers, two
// API processes), then the README's walk against both API processes, then Ctrl-C. Not in `npm test`: a clean clone
// builds the server first (minutes); `npm run test:cluster` runs this folder alone (vitest.cluster.config.ts).
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAt, pool, type Call } from '../support/http-client';
import { runEntry, waitFor, type Proc } from '../support/processes';
import { tokens, uniqueId } from '../support/stack';

const DAY = 24 * 3600 * 1000;
const dataDir = mkdtempSync(path.join(tmpdir(), 'caseflow-cluster-'));
let cluster: Proc;
let one: Call;
let two: Call;
/** The README walk's case, looked for again after a restart. */
let caseId: string;

/** Every process below `root` now, from /proc: what Ctrl-C must leave nothing of. */
function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name in parentheses may hold spaces; the parent pid is the second field after it.
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone between the listing and the read.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parentOf) if (parent === tree[i]) tree.push(pid);
  return tree;
}

/** A zombie (state Z: dead, not yet reaped) counts as gone. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
};

beforeAll(async () => {
  // PostgreSQL runs as the postgres user, which must reach its data folder inside this one (mkdtemp makes it 0700).
  chmodSync(dataDir, 0o755);
  cluster = runEntry('scripts/cluster.ts', { CASEFLOW_DATA_DIR: dataDir });
  // A clean clone builds the Temporal server first, about 5 minutes on 2 cores.
  await waitFor(() => cluster.output().includes('Ctrl-C stops everything') || cluster.child.exitCode !== null, 'the cluster to come up', 20 * 60_000);
  expect(cluster.child.exitCode, cluster.output()).toBeNull();
  const urls = [...cluster.output().matchAll(/API \d\s+(http:\/\/\S+)/g)].map((m) => m[1]!);
  expect(urls).toHaveLength(2);
  [one, two] = urls.map(apiAt) as [Call, Call];
}, 21 * 60_000);

afterAll(async () => {
  if (cluster && cluster.child.exitCode === null) {
    cluster.child.kill('SIGINT');
    await cluster.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run cluster, interrupted while it starts', () => {
  it('leaves no process behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-cluster-'));
    chmodSync(dir, 0o755);
    const starting = runEntry('scripts/cluster.ts', { CASEFLOW_DATA_DIR: dir });
    try {
      // PostgreSQL and Temporal run by now, and the workers and APIs are on their way.
      await waitFor(() => /temporal server: v[\d.]+ answering/.test(starting.output()) || starting.child.exitCode !== null, 'Temporal to answer', 20 * 60_000);
      const tree = processTree(starting.child.pid!);
      expect(tree.length, starting.output()).toBeGreaterThan(2);
      starting.child.kill('SIGINT');
      await starting.exited;
      await waitFor(() => tree.filter(alive).length === 0, 'every process of the cluster to be gone', 10_000).catch(() => undefined);
      expect(tree.filter(alive)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 21 * 60_000);
});


describe('npm run cluster', () => {
  it('prints where everything is', () => {
    const out = cluster.output();
    expect(out).toMatch(/Temporal\s+127\.0\.0\.1:\d+\s+namespace caseflow/);
    expect(out).toMatch(/PostgreSQL\s+127\.0\.0\.1:\d+/);
    expect(out).toMatch(/worker 1 .*\n.*worker 2 /);
    expect(out).toContain(`Data folder  ${path.join(dataDir, 'cluster')}`);
    expect(out).toContain('temporal.log');
  });

  it('runs Temporal v1.32.2 on PostgreSQL, archiving closed histories into its data folder', async () => {
    const address = /Temporal\s+(127\.0\.0\.1:\d+)/.exec(cluster.output())![1]!;
    const connection = await Connection.connect({ address });
    try {
      const info = await connection.workflowService.getClusterInfo({});
      expect(info).toMatchObject({ serverVersion: '1.32.2', persistenceStore: 'postgres12', visibilityStore: 'postgres12' });
      const { config } = await connection.workflowService.describeNamespace({ namespace: 'caseflow' });
      expect(config).toMatchObject({
        historyArchivalState: temporal.api.enums.v1.ArchivalState.ARCHIVAL_STATE_ENABLED,
        historyArchivalUri: `file://${path.join(dataDir, 'cluster', 'archival', 'history')}`,
      });
    } finally {
      await connection.close();
    }
  });

  it('takes one case from report to close through both API processes, as the README walks it', async () => {
    caseId = uniqueId('C-2026');
    const report = { caseId, category: 'administrative', station: 'S01', reportedAt: new Date().toISOString(), reporter: { name: 'Li', phone: '13800000000' } };
    const created = await one('POST', '/cases', report);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ caseId, stage: 'reported', status: 'open' });
    expect((await two('POST', '/cases', report)).status).toBe(200);
    const clash = await two('POST', '/cases', { ...report, station: 'S02' });
    expect([clash.status, clash.body.error]).toEqual([409, 'case_exists']);

    const steps = [
      [two, { type: 'REGISTER', by: 'officer-7' }, 'registered'],
      [one, { type: 'NOTIFY' }, 'notified'],
      [two, { type: 'FILE', decision: 'file', track: 'fast', facts: { admitted: true, minor: false, disabled: false, mentallyIll: false, hearingRequired: false, detentionDays: 0 } }, 'review'],
      [one, { type: 'APPROVE', by: 'legal-officer-2' }, 'handling'],
    ] as const;
    for (const [api, event, stage] of steps) {
      const res = await api('POST', `/cases/${caseId}/events`, event);
      expect(res.status, `${event.type}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body.stage).toBe(stage);
    }

    const [viaOne, viaTwo] = await Promise.all([one, two].map((api) => api('GET', `/cases/${caseId}`, undefined, tokens.supervisor)));
    expect(viaOne!.status).toBe(200);
    expect(viaOne!.body).toEqual(viaTwo!.body);
    expect(viaOne!.body).toMatchObject({ stage: 'handling', track: 'fast', status: 'open' });
    expect(viaOne!.body.history.map((h: { type: string }) => h.type)).toEqual(['REGISTER', 'NOTIFY', 'FILE', 'APPROVE']);

    const closed = await two('POST', `/cases/${caseId}/events`, { type: 'CLOSE', outcome: 'penalty' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ stage: 'closed', status: 'closed', outcome: 'penalty' });

    const refused = await one('POST', `/cases/${caseId}/events`, { type: 'NOTIFY' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'event_not_allowed', stage: 'closed', allowed: [] });
    const after = await one('GET', `/cases/${caseId}`, undefined, tokens.supervisor);
    expect(after.body.history.map((h: { type: string }) => h.type)).toEqual(['REGISTER', 'NOTIFY', 'FILE', 'APPROVE', 'CLOSE']);
  });

  it('keeps the walk\'s closed case whole after retention deletes its workflow: read, listed and refused from the database', async () => {
    const address = /Temporal\s+(127\.0\.0\.1:\d+)/.exec(cluster.output())![1]!;
    const connection = await Connection.connect({ address });
    const client = new Client({ connection, namespace: 'caseflow' });
    try {
      const before = await one('GET', `/cases/${caseId}`, undefined, tokens.supervisor);
      // Raw, since its memo is sealed by the payload codec, which this client lacks.
      const status = async () =>
        (await connection.workflowService.describeWorkflowExecution({ namespace: 'caseflow', execution: { workflowId: caseId } })).workflowExecutionInfo?.status;
      await waitFor(async () => (await status()) === temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED, 'the closed case\'s run to end', 60_000);
      // Temporal's own file archival of the history is not awaited: it runs up to 5 minutes after the close
      // (history.archivalProcessorArchiveDelay); caseflow's reads use the archive the case wrote before it ended.
      // Retention's deletion, now: Temporal no longer holds the case, caseflow still reads, lists and counts it.
      await connection.workflowService.deleteWorkflowExecution({ namespace: 'caseflow', workflowExecution: { workflowId: caseId } });
      await waitFor(async () => (await client.workflow.count(`WorkflowId = '${caseId}'`)).count === 0, 'visibility to forget the run', 60_000);
      for (const api of [one, two]) {
        const view = await api('GET', `/cases/${caseId}`, undefined, tokens.supervisor);
        expect([view.status, view.body]).toEqual([200, before.body]);
        const listed = await api('GET', `/cases?station=S01&status=closed&limit=200`, undefined, tokens.supervisor);
        expect(listed.body.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);
      }
      expect((await two('POST', `/cases/${caseId}/events`, { type: 'NOTIFY' })).status).toBe(409);
    } finally {
      await connection.close();
    }
  });

  it('lists what is overdue and counts cases, the same from either API process', async () => {
    const station = uniqueId('ST');
    const late = { caseId: uniqueId('C-late'), category: 'criminal', station, reportedAt: new Date(Date.now() - 2 * DAY).toISOString() };
    const onTime = { caseId: uniqueId('C-now'), category: 'criminal', station, reportedAt: new Date().toISOString() };
    for (const [api, body] of [[one, late], [two, onTime]] as const) expect((await api('POST', '/cases', body, tokens.admin)).status).toBe(201);

    for (const api of [one, two]) {
      // Visibility follows the workflows a moment later.
      let overdue: string[] = [];
      await waitFor(async () => {
        const res = await api('GET', `/cases?overdue=true&station=${station}`, undefined, tokens.supervisor);
        overdue = res.body.items.map((c: { caseId: string }) => c.caseId);
        return overdue.length > 0;
      }, 'the overdue case to be listed', 15_000);
      expect(overdue).toEqual([late.caseId]);
      const count = await api('GET', `/cases/count?station=${station}`, undefined, tokens.supervisor);
      expect(count.body).toEqual({ count: 2 });
    }
  });

  it('takes 100 reports with a phone, 16 in flight through both API processes, and refuses none', async () => {
    // Each report with a phone once counted the reporter's earlier cases over visibility before it was registered: at
    // the server's default of 10 visibility requests/s per frontend some were answered 503. The case counts them
    // itself now, after its start; deploy/dynamicconfig.yaml still raises the rate for the supervisors' reads.
    const at = new Date().toISOString();
    const answers = await pool(Array.from({ length: 100 }, (_, i) => i), 16, async (i) => {
      const report = { caseId: uniqueId(`C-load-${i}`), category: 'administrative', station: 'S02', reportedAt: at, reporter: { phone: `1380013${String(i).padStart(4, '0')}` } };
      const res = await (i % 2 ? one : two)('POST', '/cases', report);
      return `${res.status} ${res.status === 201 ? '' : JSON.stringify(res.body)}`.trim();
    });
    expect(answers.filter((a) => a !== '201')).toEqual([]);
  });

  it('stops every one of its processes on Ctrl-C', async () => {
    const tree = processTree(cluster.child.pid!);
    const printed = [...cluster.output().matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    // PostgreSQL, Temporal, 2 workers and 2 APIs, each printed; PostgreSQL's own helpers besides.
    expect(printed).toHaveLength(6);
    // Worker 1 was SIGKILLed by the fault test above: every printed process still alive is in the tree.
    expect(tree).toEqual(expect.arrayContaining(printed.filter(alive)));

    cluster.child.kill('SIGINT');
    expect(await cluster.exited).toBe(0);
    expect(cluster.output()).toContain('caseflow cluster: stopped');
    // Helpers such as tsx's esbuild service leave on their own once their parent has gone: a moment, not never.
    await waitFor(() => tree.filter(alive).length === 0, 'every process of the cluster to be gone', 10_000).catch(() => undefined);
    expect(tree.filter(alive)).toEqual([]);
  }, 60_000);

  it('starts again on the same data folder with the cases it had', async () => {
    cluster = runEntry('scripts/cluster.ts', { CASEFLOW_DATA_DIR: dataDir });
    await waitFor(() => cluster.output().includes('Ctrl-C stops everything') || cluster.child.exitCode !== null, 'the cluster to come up again', 5 * 60_000);
    expect(cluster.output()).toContain('namespace caseflow exists');
    const api = apiAt(/API 1\s+(http:\/\/\S+)/.exec(cluster.output())![1]!);
    const view = await api('GET', `/cases/${caseId}`, undefined, tokens.supervisor);
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    expect(view.body).toMatchObject({ stage: 'closed', outcome: 'penalty' });
    cluster.child.kill('SIGINT');
    expect(await cluster.exited).toBe(0);
  }, 6 * 60_000);
});
