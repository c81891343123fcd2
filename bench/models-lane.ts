// `npm run bench:models`: what the early-warning models cost, all shipped models against none, alone (no API).
//  - CPU per event: the pure engine (what each Update's validator and handler run) over a case lifecycle.
//  - bundle size: caseflow's workflow bundle, and the same bundle with @bufbuild/cel left out.
//  - memory per cached case: a case worker process holding BENCH_MODEL_CASES open cases in its cache, on a dev
//    server: the bundle without @bufbuild/cel (cases without models), and the bundle with it, for cases started
//    with no models and with every shipped model.
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPolicy } from '../config/policy';
import type { CaseCommand } from '../contracts/case';
import { CASE_WORKFLOW_TYPE } from '../contracts/names';
import type { Policy } from '../contracts/policy';
import { decide, openCase } from '../machines/case-engine';
import { workflowInterceptorModules } from '../observability/worker-options';
import { lifecycle } from './api';
import { shutdownAll, startBenchServer } from './temporal';
import { startWorkerProcess } from './workers';

const shipped = loadPolicy();
const none: Policy = { ...shipped, models: [] };
const CASES = Number(process.env.BENCH_MODEL_CASES ?? 200);
const MS = Number(process.env.BENCH_MACHINE_MS ?? 5000);

/** CPU microseconds per event: open a case, decide the lifecycle's events, for `MS` of this process's CPU. */
function cpuPerEvent(policy: Policy): number {
  const reportedAt = Date.parse('2026-03-02T01:00:00Z');
  let events = 0;
  const cpu = process.cpuUsage();
  const spent = () => { const u = process.cpuUsage(cpu); return (u.user + u.system) / 1000; };
  for (let n = 0; spent() < MS; n += 1) {
    const request = { caseId: `M-${n}`, category: 'criminal' as const, station: 'S01', unitType: 'station' as const, reportedAt: new Date(reportedAt).toISOString(), custody: false };
    let snapshot = openCase({ request, policy });
    lifecycle.forEach((event, i) => {
      const decision = decide(snapshot, { ...event, at: new Date(reportedAt + (i + 1) * 60_000).toISOString(), by: 'bench' } as CaseCommand);
      if (!decision.ok) throw new Error(`machine refused ${event.type}: ${decision.refusal.reason}`);
      snapshot = decision.snapshot;
      events += 1;
    });
    // Opening the case evaluates the models too: it counts as an event.
    events += 1;
  }
  return (spent() * 1000) / events;
}

async function bundleBytes(withoutCel: boolean): Promise<{ bytes: number; code: string }> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, '..', 'workflows'),
    workflowInterceptorModules,
    logger: new DefaultLogger('WARN'),
    ...(withoutCel ? { webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, alias: { ...config.resolve?.alias, '@bufbuild/cel': false } } }) } : {}),
  });
  return { bytes: Buffer.byteLength(code), code };
}

/** MB of worker RSS per case held in its cache: `CASES` open cases started with `policy`, their first task run. */
async function memoryPerCase(address: string, client: Client, bundlePath: string, policy: Policy, label: string): Promise<number> {
  const taskQueue = `bench-models-${label}-${Date.now()}`;
  const worker = await startWorkerProcess({ address, taskQueue, kind: 'case', bundlePath, tuning: { maxCachedWorkflows: CASES + 50 } });
  try {
    const before = await worker.memory();
    const now = new Date().toISOString();
    for (let i = 0; i < CASES; i += 1) {
      const request = { caseId: `${label}-${i}`, category: 'criminal' as const, station: 'S01', unitType: 'station' as const, reportedAt: now, custody: false };
      await client.workflow.start(CASE_WORKFLOW_TYPE, { taskQueue, workflowId: `${taskQueue}-${i}`, args: [{ request, policy }] });
    }
    let after = await worker.memory();
    for (let waited = 0; after.cached < CASES && waited < 300; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      after = await worker.memory();
    }
    if (after.cached < CASES) throw new Error(`only ${after.cached} of ${CASES} cases cached`);
    return (after.rss - before.rss) / 2 ** 20 / CASES;
  } finally {
    await worker.stop();
  }
}

async function main() {
  const cpuNone = cpuPerEvent(none);
  const cpuAll = cpuPerEvent(shipped);
  const withCel = await bundleBytes(false);
  const withoutCel = await bundleBytes(true);
  const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-bench-models-'));
  const bundlePath = path.join(dir, 'case.js');
  writeFileSync(bundlePath, withCel.code);
  // Runs only cases without models: the library it leaves out is then never called.
  const bareBundlePath = path.join(dir, 'case-without-cel.js');
  writeFileSync(bareBundlePath, withoutCel.code);
  const server = await startBenchServer();
  try {
    const client = new Client({ connection: server.connection });
    const memBare = await memoryPerCase(server.address, client, bareBundlePath, none, 'bare');
    const memNone = await memoryPerCase(server.address, client, bundlePath, none, 'none');
    const memAll = await memoryPerCase(server.address, client, bundlePath, shipped, 'all');
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
    console.log(`models lane (${shipped.models.length} shipped models vs none; ${CASES} cached cases; ${MS} ms of CPU per engine figure)`);
    console.log(`  engine CPU per event: none ${cpuNone.toFixed(0)} µs, all ${cpuAll.toFixed(0)} µs (+${(cpuAll - cpuNone).toFixed(0)} µs, ${(cpuAll / cpuNone).toFixed(2)}x)`);
    console.log(`  workflow bundle: ${mb(withCel.bytes)} MB with @bufbuild/cel, ${mb(withoutCel.bytes)} MB without (+${mb(withCel.bytes - withoutCel.bytes)} MB)`);
    console.log(`  worker memory per cached case: bundle without @bufbuild/cel ${memBare.toFixed(2)} MB; with it, no models ${memNone.toFixed(2)} MB, all models ${memAll.toFixed(2)} MB`);
  } finally {
    await server.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.once('SIGINT', () => void shutdownAll().then(() => process.exit(130)));
main().catch(async (err: Error) => {
  console.error(err.stack ?? err.message);
  await shutdownAll();
  process.exit(1);
});
