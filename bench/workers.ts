import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { MemoryReport, WorkerSpec } from './worker-process';

export type WorkerHandle = { pid: number | undefined; maxCachedWorkflows: number; memory(): Promise<MemoryReport>; stop(): Promise<void> };

/** The child's next IPC message of `type`; rejects if the child exits first. */
export function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string } & T) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => reject(new Error(`bench child exited with ${code} while waiting for ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts bench/worker-process.ts under tsx with an IPC channel, and waits until it polls. */
export async function startWorkerProcess(spec: WorkerSpec): Promise<WorkerHandle> {
  const child = fork(path.join(__dirname, 'worker-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_WORKER: JSON.stringify(spec) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { maxCachedWorkflows } = await next<{ maxCachedWorkflows: number }>(child, 'ready');
  return {
    pid: child.pid,
    maxCachedWorkflows,
    memory: () => {
      const answer = next<MemoryReport>(child, 'memory');
      child.send({ type: 'memory' });
      return answer;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}
