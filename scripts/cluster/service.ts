// One long-running process of the cluster: its output in a log file, stopped with the signal it shuts down cleanly on.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freeLoopbackAddress } from '../../observability/runtime';

export type Service = {
  name: string;
  /** The pid of the current process: a new one after `start`. */
  readonly pid: number;
  logFile: string;
  log: () => string;
  running: () => boolean;
  /** Settles when the current process exits. */
  readonly exited: Promise<void>;
  stop: (graceMs?: number) => Promise<void>;
  /** SIGKILL, no shutdown at all: as an OOM killer or a pulled plug would end it. */
  kill: () => Promise<void>;
  /**
   * Runs the same command again once stopped (same arguments, environment and ports, its log appended to): the
   * service alone restarted while the rest of the cluster runs on, as an operator restarts one unit.
   */
  start: () => void;
};

const running = new Set<ChildProcess>();
// Each service has a process group of its own, so a terminal's Ctrl-C reaches only the orchestrator, which stops them
// in order (APIs and workers before Temporal, Temporal before PostgreSQL). Should the orchestrator die of an error
// instead, nothing is left behind either.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startService(
  name: string,
  command: string,
  args: string[],
  { logFile, stopSignal = 'SIGTERM', ...options }: SpawnOptions & { logFile: string; stopSignal?: NodeJS.Signals },
): Service {
  let child: ChildProcess;
  let exited: Promise<void>;
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const spawnIt = () => {
    const fd = openSync(logFile, 'a');
    const current = spawn(command, args, { ...options, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    running.add(current);
    exited = new Promise<void>((resolve) =>
      current.once('exit', () => {
        running.delete(current);
        resolve();
      }),
    );
    child = current;
  };
  spawnIt();
  return {
    name,
    get pid() {
      return child.pid!;
    },
    logFile,
    log: () => readFileSync(logFile, 'utf8'),
    running: isRunning,
    get exited() {
      return exited;
    },
    async stop(graceMs = 15_000) {
      if (!isRunning()) return;
      child.kill(stopSignal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!isRunning()) return;
      child.kill('SIGKILL');
      await exited;
    },
    start() {
      if (isRunning()) throw new Error(`${name} is running (pid ${child.pid}): stop it first`);
      spawnIt();
    },
  };
}

export const freeLoopbackPort = async () => Number((await freeLoopbackAddress()).split(':')[1]);

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

/**
 * A free loopback port below 32768, for Temporal's services: it keeps their membership ports in a SMALLINT column
 * (cluster_membership.rpc_port), and the kernel's free ports are above that (the server died on 34697).
 */
export async function freeLowPort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_768);
    if (await bindable(port)) return port;
  }
  throw new Error('no free loopback port between 20000 and 32767');
}

/** Polls `ready` until it holds; gives up early with the service's log when the process has died. */
export async function waitUntil(service: Service, what: string, ready: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await Promise.resolve().then(ready).catch(() => false)) return;
    if (!service.running()) throw new Error(`${service.name} exited before ${what}; its log (${service.logFile}):\n${service.log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}; see ${service.logFile}`);
}
