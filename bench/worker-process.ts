// One worker in a process of its own, so its memory is its own and it gets a core of its own, as a deployed
// worker would. Driven over IPC by bench/workers.ts: 'memory' answers its RSS, 'stop' ends it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createLogger } from '../observability/logger';
import { installRuntime } from '../observability/runtime';
import { createCaseWorker, type CaseWorkerOptions } from '../worker/create-worker';
import { benchCodec } from './options';
import type { FloorActivities } from './floor-workflow';

export type WorkerSpec = { address: string; taskQueue: string; kind: 'case' | 'floor'; bundlePath: string; tuning?: CaseWorkerOptions['tuning'] };
export type MemoryReport = { rss: number; cached: number };

setFlagsFromString('--expose-gc');

// The case's notice activity without a webhook to call, as the bench's case worker runs it (no URL configured).
const floorActivities: FloorActivities = { notice: async () => undefined };

const gc = runInNewContext('gc') as () => void;

async function main() {
  const spec = JSON.parse(process.env.BENCH_WORKER ?? '') as WorkerSpec;
  installRuntime({ logger: createLogger({ level: 'error' }) });
  const connection = await NativeConnection.connect({ address: spec.address });
  const tuning = spec.tuning ?? {};
  const worker =
    spec.kind === 'case'
      ? await createCaseWorker({ connection, namespace: 'default', taskQueue: spec.taskQueue, webhook: {}, workflowBundlePath: spec.bundlePath, tuning, payloadCodecs: [benchCodec()] })
      : await Worker.create({ connection, taskQueue: spec.taskQueue, workflowBundle: { codePath: spec.bundlePath }, activities: floorActivities, ...tuning });
  const running = worker.run();
  process.on('message', (message: { type: string }) => {
    if (message.type === 'memory') {
      // RSS, not the heap: workflows run on the SDK's worker thread, whose heap process.memoryUsage() does not
      // show and this GC does not reach. The GC only keeps the main thread's garbage out of the figure.
      gc();
      process.send!({ type: 'memory', rss: process.memoryUsage().rss, cached: worker.getStatus().numCachedWorkflows } satisfies MemoryReport & { type: string });
    }
    if (message.type === 'stop') {
      worker.shutdown();
      void running.then(() => connection.close()).then(() => process.exit(0));
    }
  });
  // The bench died or was stopped with Ctrl-C: do not outlive it.
  process.once('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', maxCachedWorkflows: worker.options.maxCachedWorkflows });
}

main().catch((err: Error) => {
  console.error(`bench worker failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
