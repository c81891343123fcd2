// The deployment's own scripts against a real server: the one-shot setup of a namespace and its search attributes
// (run twice, as a restarted compose stack would), and the worker's container health check.
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { searchAttributes } from '../../contracts/names';
import { createCaseWorker } from '../../worker/create-worker';
import { runEntry } from '../support/processes';

const namespace = `caseflow-setup-${randomUUID().slice(0, 8)}`;
const env = { TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: namespace, CASEFLOW_SETUP_TIMEOUT_SECONDS: '60' };
let connection: Connection;

beforeAll(async () => {
  connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
});
afterAll(() => connection?.close());

async function run(entry: string, extra: Record<string, string> = {}) {
  const proc = runEntry(entry, { ...env, ...extra });
  return { code: await proc.exited, output: proc.output() };
}

describe('deploy/setup-temporal.ts', () => {
  it('registers the namespace and every search attribute, and is a no-op the second time', async () => {
    const first = await run('deploy/setup-temporal.ts');
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`namespace ${namespace} registered`);
    const described = await connection.workflowService.describeNamespace({ namespace });
    expect(tsToMs(described.config?.workflowExecutionRetentionTtl)).toBe(90 * 24 * 3600 * 1000);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(Object.values(searchAttributes).map((k) => k.name)));

    const again = await run('deploy/setup-temporal.ts');
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain(`namespace ${namespace} exists`);
  }, 90_000);
});

describe('deploy/worker-health.ts', () => {
  let worker: Worker | undefined;
  let native: NativeConnection | undefined;
  afterAll(async () => {
    worker?.shutdown();
    await native?.close().catch(() => undefined);
  });

  it('is healthy while a worker of this host polls the task queue, and not for a queue nobody polls', async () => {
    const taskQueue = `health-${randomUUID()}`;
    native = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
    worker = await createCaseWorker({ connection: native, namespace: 'default', taskQueue, webhook: {}, workflowBundlePath: inject('workflowBundlePath') });
    const running = worker.run();
    const ok = await run('deploy/worker-health.ts', { TEMPORAL_NAMESPACE: 'default', CASEFLOW_TASK_QUEUE: taskQueue });
    expect(ok.code, ok.output).toBe(0);
    const nobody = await run('deploy/worker-health.ts', { TEMPORAL_NAMESPACE: 'default', CASEFLOW_TASK_QUEUE: `${taskQueue}-idle` });
    expect(nobody.code).toBe(1);
    expect(nobody.output).toContain('has polled the task queue');
    worker.shutdown();
    await running;
    worker = undefined;
  }, 60_000);
});
