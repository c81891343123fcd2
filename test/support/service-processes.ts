// caseflow's two deployable halves as separate OS processes (`npm run worker`, `npm run api`), as a cluster runs them.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditStore } from '../../audit/store';
import { freePort, waitFor, type Proc } from './processes';
import { runEntry } from './processes';

const startedOrExited = (proc: Proc, banner: string) => () => proc.output().includes(banner) || proc.child.exitCode !== null;

/**
 * worker/main.ts, resolved once it polls (it bundles the workflows first, which takes a few seconds); or, given a
 * prebuilt bundle, its twin test/support/bundled-worker.ts, which starts without that cost.
 */
export async function startWorkerProcess(env: Record<string, string>, workflowBundlePath?: string): Promise<Proc> {
  const proc = workflowBundlePath
    ? runEntry('test/support/bundled-worker.ts', { ...env, CASEFLOW_TEST_WORKFLOW_BUNDLE: workflowBundlePath })
    : runEntry('worker/main.ts', env);
  await waitFor(startedOrExited(proc, 'polling'), 'a worker process to poll', 90_000);
  if (proc.child.exitCode !== null) throw new Error(`worker exited: ${proc.output()}`);
  return proc;
}

let auditTemplate: Promise<string> | undefined;

/**
 * A data folder holding an initialised embedded audit database: made once per test file and copied, since a fresh
 * one costs about 12 s on an idle 2-core machine (a copy opens in under a second).
 */
async function apiDataDir(): Promise<string> {
  auditTemplate ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'caseflow-audit-template-'));
    await (await AuditStore.open({ dataDir: dir })).close();
    return dir;
  })();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'caseflow-api-'));
  cpSync(path.join(await auditTemplate, 'audit'), path.join(dataDir, 'audit'), { recursive: true });
  return dataDir;
}

/** server/main.ts on a free loopback port, its embedded audit database in a data folder of its own. */
export async function startApiProcess(env: Record<string, string>): Promise<{ proc: Proc; url: string }> {
  const port = await freePort();
  const dataDir = env.CASEFLOW_DATA_DIR ?? (await apiDataDir());
  const proc = runEntry('server/main.ts', { HOST: '127.0.0.1', PORT: String(port), CASEFLOW_DATA_DIR: dataDir, ...env });
  await waitFor(startedOrExited(proc, 'caseflow API on'), 'an API process to listen', 90_000);
  if (proc.child.exitCode !== null) throw new Error(`API exited: ${proc.output()}`);
  return { proc, url: `http://127.0.0.1:${port}` };
}

export const alive = (proc: Proc) => proc.child.exitCode === null && proc.child.signalCode === null;
