import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { testEncryptionKeysFile } from './test-keys';

export const projectRoot = path.resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export type Proc = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/**
 * Runs one of the project's entry points as the Node process itself, tsx loaded as a hook, capturing what it prints.
 * Not through tsx's CLI: that forks a child which outlives a SIGKILLed parent, so a "killed" worker would go on polling.
 */
export function runEntry(entry: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    // The test file's payload key, so a child worker or API reads what the in-process stack wrote, and back.
    env: { ...process.env, CASEFLOW_ENCRYPTION_KEYS: testEncryptionKeysFile(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** State and parent of a Linux process from /proc, or undefined once it is gone. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    // The command name in parentheses may hold spaces and parentheses itself: the fields follow its last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: state!, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Every process below `pid` (children, their children, ...), as /proc lists them now. */
export function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const child = Number(name);
    const stat = Number.isInteger(child) ? procStat(child) : undefined;
    if (stat) parents.set(child, stat.ppid);
  }
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length > 0; ) {
    frontier = [...parents].filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...frontier);
  }
  return found;
}

/** Whether `pid` still runs: a zombie has exited and only waits to be reaped. */
export const isRunning = (pid: number): boolean => {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z';
};
