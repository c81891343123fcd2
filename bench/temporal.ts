import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../config/embedded-temporal';
import { ensureSearchAttributes } from '../config/search-attributes';
import { pidWith } from './cpu';
import { devServerExecutable } from '../config/temporal-binaries';
import { bundleCaseWorkflows } from '../worker/bundle';

export type BenchServer = Awaited<ReturnType<typeof startBenchServer>>;

const running = new Set<BenchServer>();

/** Ctrl-C: no dev server may outlive the bench (the worker processes leave on their own when it goes). */
export async function shutdownAll(): Promise<void> {
  await Promise.allSettled([...running].map((server) => server.shutdown()));
}

/**
 * A dev server persisted to SQLite in a fresh temp folder, as `npm start` runs it (not the in-memory one of
 * the tests), so the figures include the disk. `pragmas` go to `--sqlite-pragma` (e.g. synchronous=NORMAL).
 */
export async function startBenchServer(pragmas: string[] = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-bench-'));
  const dbFilename = path.join(dir, 'temporal.sqlite');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: devServerExecutable(),
      ip: '127.0.0.1',
      dbFilename,
      ui: false,
      log: { format: 'text', level: 'error' },
      extraArgs: [...pragmas.flatMap((p) => ['--sqlite-pragma', p]), ...DEV_SERVER_DYNAMIC_CONFIG],
    },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  const server = {
    address: env.address,
    /** The dev server's process, found by its database path, for its CPU time; undefined without /proc. */
    pid: pidWith(dbFilename),
    connection: env.connection,
    client: env.client,
    async shutdown() {
      running.delete(server);
      await env.teardown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(server);
  return server;
}

/** Both bundles once per run, written to a temp folder the worker processes load: caseflow's as a worker bundling at start would build it. */
export async function bundles() {
  const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-bench-bundles-'));
  const logger = new DefaultLogger('WARN');
  const write = async (name: string, code: Promise<{ code: string }>) => {
    const file = path.join(dir, name);
    writeFileSync(file, (await code).code);
    return file;
  };
  return {
    casePath: await write('case.js', bundleCaseWorkflows().then((code) => ({ code }))),
    floorPath: await write('floor.js', bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'floor-workflow.ts'), logger })),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
