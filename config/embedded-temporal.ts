// Runs a Temporal dev server inside the caseflow process for local use, persisted to SQLite so
// cases survive restarts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerExecutable } from './temporal-binaries';

/**
 * Dynamic config for every dev server caseflow starts (npm start, the tests, the bench), as deploy/dynamicconfig.yaml
 * gives the compose server: a case's view in the memo is 1-4 KiB (up to its 24 KiB cap), over the default 2 KiB
 * warning, which would log a warning on nearly every change of every case.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: readonly string[] = ['--dynamic-config-value', 'limit.memoSize.warn=32768'];

export interface EmbeddedTemporalOptions {
  port: number;
  uiPort: number;
  dataDir: string;
  namespace: string;
  /** `--sqlite-pragma` key=value settings. */
  sqlitePragmas: string[];
  log: (line: string) => void;
}

export interface EmbeddedTemporal {
  address: string;
  uiUrl: string;
  connection: Connection;
  client: Client;
  shutdown(): Promise<void>;
}

export async function startEmbeddedTemporal({ port, uiPort, dataDir, namespace, sqlitePragmas, log }: EmbeddedTemporalOptions): Promise<EmbeddedTemporal> {
  const executable = devServerExecutable();
  const dbFilename = path.join(dataDir, 'temporal.sqlite');
  mkdirSync(dataDir, { recursive: true });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      ip: '127.0.0.1',
      port,
      ui: true,
      uiPort,
      dbFilename,
      namespace,
      // The SDK passes --log-level itself (default 'warn'); setting it here keeps that explicit
      // instead of adding a second --log-level through extraArgs.
      log: { format: 'text', level: 'warn' },
      extraArgs: [
        ...sqlitePragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]),
        ...DEV_SERVER_DYNAMIC_CONFIG,
      ],
    },
  });
  const address = `127.0.0.1:${port}`;
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  const pragmas = sqlitePragmas.length ? sqlitePragmas.join(', ') : 'SQLite defaults';
  log(`temporal: ${executable.describe} serving ${address} (namespace ${namespace}), UI ${uiUrl}, data ${dbFilename} (${pragmas})`);
  return { address, uiUrl, connection: env.connection, client: env.client, shutdown: () => env.teardown() };
}
