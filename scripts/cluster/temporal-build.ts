// The Temporal server and temporal-sql-tool for `npm run cluster`, built from their Go module at a pinned version,
// because no package registry this project may use ships them as binaries. Built once into .tools/temporal-server.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/temporal-binaries';

export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
export const TEMPORAL_SERVER_VERSION = '1.32.2';

const binDir = path.join(projectRoot, '.tools', 'temporal-server');
// The module asks for a newer Go than Debian's; `auto` lets go fetch that toolchain through the module proxy.
const goEnv = { ...process.env, GOTOOLCHAIN: 'auto', GOBIN: binDir };

export type TemporalServerBuild = { server: string; sqlTool: string; moduleDir: string };

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

function builtVersionMatches(server: string): boolean {
  if (!executable(server)) return false;
  const out = spawnSync(server, ['--version'], { encoding: 'utf8' });
  return out.status === 0 && out.stdout.includes(TEMPORAL_SERVER_VERSION);
}

/** `go install` of both commands, its package lines shown as they come since a cold build takes minutes. */
async function goInstall(log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const packages = ['cmd/server', 'cmd/tools/sql'].map((cmd) => `${TEMPORAL_SERVER_MODULE}/${cmd}@v${TEMPORAL_SERVER_VERSION}`);
  log(`temporal server: building ${packages.join(' and ')} into ${path.relative(projectRoot, binDir)} (about 5 minutes the first time)`);
  const child = spawn('go', ['install', '-v', ...packages], { env: goEnv, stdio: ['ignore', 'inherit', 'pipe'] });
  let lines = 0;
  let tail = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4000);
    for (const line of chunk.split('\n').filter(Boolean)) {
      // `-v` names every package compiled (thousands): one line in fifty, with the elapsed time, is progress enough.
      if (line.startsWith('go: ') || ++lines % 50 === 0) log(`  [${Math.round((Date.now() - started) / 1000)}s] ${line}`);
    }
  });
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve));
  if (code !== 0) throw new Error(`go install failed (exit ${code}):\n${tail}`);
  log(`temporal server: built in ${Math.round((Date.now() - started) / 1000)}s`);
}

function moduleSourceDir(): string {
  const out = spawnSync('go', ['mod', 'download', '-json', `${TEMPORAL_SERVER_MODULE}@v${TEMPORAL_SERVER_VERSION}`], { env: goEnv, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`go mod download ${TEMPORAL_SERVER_MODULE}: ${out.stderr || out.stdout}`);
  return (JSON.parse(out.stdout) as { Dir: string }).Dir;
}

/** The binaries (built when missing or of another version) and the module's source, which holds schemas and configs. */
export async function ensureTemporalServer(log: (line: string) => void): Promise<TemporalServerBuild> {
  const server = path.join(binDir, 'server');
  const sqlTool = path.join(binDir, 'sql');
  if (builtVersionMatches(server) && executable(sqlTool)) log(`temporal server: v${TEMPORAL_SERVER_VERSION} already in ${path.relative(projectRoot, binDir)}`);
  else await goInstall(log);
  return { server, sqlTool, moduleDir: moduleSourceDir() };
}
