// Records the bulk-operation histories test/workflows/bulk-replay.test.ts replays, on a dev server (real visibility),
// with the workflow code of `workflowsDir` (default: this tree's), into test/fixtures/bulk-histories/<generation>/.
// 'id-list' was recorded from the workflows before calendars paged (main at 7930a35), 'paged' from this tree:
//
//   npx tsx scripts/record-bulk-histories.ts id-list /path/to/old/checkout/workflows
//   npx tsx scripts/record-bulk-histories.ts paged
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { loadPolicy } from '../config/policy';
import { projectRoot } from '../config/temporal-binaries';
import { bulkWorkflowId, type BulkStatus } from '../contracts/bulk';
import { createCaseGateway } from '../server/case-gateway';
import { startDevServer } from '../test/support/temporal-env';
import { quietRuntime, registerSearchAttributes } from '../test/workflows/test-server';
import { createCaseWorker } from '../worker/create-worker';

const admin = { stations: ['*'], orgs: [] };
const calendar = { holidays: [`${new Date().getUTCFullYear() + 1}-01-02`], workdays: [] };
type Gateway = ReturnType<typeof createCaseGateway>;
type Scenario = { name: string; generations: string[]; run(gateway: Gateway, caseIds: string[]): Promise<string> };

const scenarios: Scenario[] = [
  {
    name: 'events-with-refusal',
    generations: ['id-list'],
    async run(gateway, caseIds) {
      await gateway.apply(caseIds[0]!, { type: 'SUSPEND_CLOCK', reason: 'already', by: 'ops', at: new Date().toISOString() }, admin);
      return (await gateway.bulk.start(caseIds, { event: { type: 'SUSPEND_CLOCK', reason: 'audit', by: 'ops' } }, admin)).id;
    },
  },
  { name: 'calendar', generations: ['id-list'], run: async (gateway, caseIds) => (await gateway.bulk.start(caseIds, { calendar }, admin)).id },
  {
    name: 'cancelled',
    generations: ['id-list'],
    async run(gateway, caseIds) {
      const { id } = await gateway.bulk.start(caseIds, { event: { type: 'ASSIGN', to: 'officer-2', by: 'ops' } }, admin);
      await gateway.bulk.cancel(id, admin);
      return id;
    },
  },
  { name: 'calendar', generations: ['paged'], run: async (gateway) => (await gateway.bulk.startOverAll({ status: 'open' }, { calendar }, admin)).id },
];

/** Every run of the operation, oldest first, each as its own history: a paged one continues as new. */
async function writeRuns(client: Client, workflowId: string, dir: string, name: string): Promise<void> {
  const runs = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  for (const [i, run] of runs.entries()) {
    const file = path.join(dir, runs.length === 1 ? `${name}.json` : `${name}-run${i + 1}.json`);
    writeFileSync(file, `${historyToJSON(await client.workflow.getHandle(workflowId, run.runId).fetchHistory())}\n`);
    console.log(`${path.relative(projectRoot, file)}: ${run.status.name}`);
  }
}

async function main(): Promise<void> {
  const [generation, workflowsDir = path.join(projectRoot, 'workflows')] = process.argv.slice(2);
  const chosen = scenarios.filter((s) => s.generations.includes(generation ?? ''));
  if (!chosen.length) throw new Error('usage: record-bulk-histories.ts <id-list|paged> [workflowsDir]');
  quietRuntime();
  const dir = path.join(projectRoot, 'test', 'fixtures', 'bulk-histories', generation!);
  mkdirSync(dir, { recursive: true });
  const bundlePath = path.join(mkdtempSync(path.join(tmpdir(), 'caseflow-bulk-')), 'workflows.js');
  writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: path.resolve(workflowsDir), logger: new DefaultLogger('WARN') })).code);

  const temporal = await startDevServer();
  const { env } = temporal;
  try {
    await registerSearchAttributes(env, 'default');
    const taskQueue = `record-bulk-${generation}`;
    const policy = loadPolicy();
    // Two cases a page, one page a run: a paged run of five cases continues as new twice.
    const gateway = createCaseGateway({ client: env.client, connection: env.connection, taskQueue, policy, bulkPaging: { pageSize: 2, pagesPerRun: 1 } });
    const worker = await createCaseWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, webhook: {}, workflowBundlePath: bundlePath });
    await worker.runUntil(async () => {
      for (const scenario of chosen) {
        const caseIds = [];
        for (let i = 0; i < 5; i += 1) {
          const caseId = `rec-bulk-${scenario.name}-${i}-${Date.now()}`;
          await gateway.start({ caseId, category: 'criminal', station: 'S01', unitType: 'station', reportedAt: new Date().toISOString(), custody: false }, admin);
          await gateway.apply(caseId, { type: 'REGISTER', by: 'ops', at: new Date().toISOString() }, admin);
          caseIds.push(caseId);
        }
        // A paged run lists the open cases from visibility: all of them first.
        while ((await gateway.count({ scope: ['*'], status: 'open' })) < caseIds.length) await new Promise((r) => setTimeout(r, 200));
        const id = await scenario.run(gateway, caseIds);
        const workflowId = bulkWorkflowId(id, taskQueue);
        const result: BulkStatus = await env.client.workflow.getHandle(workflowId).result();
        console.log(`${scenario.name}: ${JSON.stringify(result)}`);
        await writeRuns(env.client, workflowId, dir, scenario.name);
      }
    });
  } finally {
    await temporal.shutdown();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
