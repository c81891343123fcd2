// A Temporal dev server run as a plain child process on a port of our choosing, so a test can kill it and start it
// again on the same address (the SDK's test environment picks its own port and cannot restart).
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../../config/embedded-temporal';
import { devServerExecutable } from '../../config/temporal-binaries';
import { waitFor } from './processes';

export type CliDevServer = { address: string; child: ChildProcess; output: () => string; kill(): Promise<void> };

async function answers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: '1s' });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

/**
 * `temporal server start-dev` on `port`, persisted to `dbFile` so cases outlive a kill. Resolves once it answers.
 * `dynamicConfig`: more `key=value` settings, after caseflow's own (a test throttling the server, say).
 */
export async function startCliDevServer(port: number, dbFile: string, dynamicConfig: readonly string[] = []): Promise<CliDevServer> {
  const binary = devServerExecutable();
  if (binary.type !== 'existing-path') throw new Error(`no local Temporal CLI (${binary.describe}); run scripts/fetch-temporal.ts`);
  const child = spawn(
    binary.path,
    ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--db-filename', dbFile, '--log-level', 'error',
      // The same switches the SDK's test environment passes (caseflow moves cases by Workflow Update).
      '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
      '--dynamic-config-value', 'frontend.enableServerVersionCheck=false',
      ...DEV_SERVER_DYNAMIC_CONFIG,
      ...dynamicConfig.flatMap((setting) => ['--dynamic-config-value', setting])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;
  await waitFor(async () => child.exitCode !== null || (await answers(address)), `the dev server on ${address}`, 60_000);
  if (child.exitCode !== null) throw new Error(`dev server exited: ${out}`);
  return {
    address,
    child,
    output: () => out,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
