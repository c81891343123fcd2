import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPolicy } from '../../config/policy';
import { ensureSweepSchedules, scheduleId } from '../../config/schedules';
import { policySchema } from '../../contracts/policy';
import { SWEEP_WORKFLOW_TYPE, sweepKinds } from '../../contracts/sweeps';
import type { sweepWorkflow } from '../../workflows/sweep-workflow';
import { stopGently } from '../support/node-process';
import { testDataConverter } from '../support/test-keys';
import { waitFor, type Proc } from '../support/processes';
import { startWorkerProcess } from '../support/service-processes';

const policy = loadPolicy();
const taskQueue = `test-${randomUUID()}`;
let connection: Connection;
let client: Client;
let worker: Proc | undefined;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, dataConverter: testDataConverter });
});
afterAll(async () => {
  await stopGently(worker);
  for (const kind of sweepKinds) await client.schedule.getHandle(scheduleId(kind, taskQueue)).delete().catch(() => undefined);
  await connection?.close();
});

describe('sweep schedules', () => {
  it('exist once a worker has started, in the policy time zone, each starting a sweep workflow', async () => {
    // `npm run worker` itself, as `npm start` runs it (it bundles the workflows first, hence the time).
    worker = await startWorkerProcess({ TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: 'default', CASEFLOW_TASK_QUEUE: taskQueue });
    for (const kind of sweepKinds) {
      const d = await client.schedule.getHandle(scheduleId(kind, taskQueue)).describe();
      expect(d.spec.timezone).toBe('Asia/Shanghai');
      expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: SWEEP_WORKFLOW_TYPE, taskQueue });
      expect(d.action.args).toEqual([{ kind, timezone: 'Asia/Shanghai', backlogAge: 'P90D' }]);
    }
    const quarterly = await client.schedule.getHandle(scheduleId('quarterly', taskQueue)).describe();
    expect(quarterly.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 8, end: 8, step: 1 }], dayOfMonth: [{ start: 1, end: 1, step: 1 }] });
    expect(quarterly.spec.calendars?.[0]?.month?.map((m) => m.start)).toEqual(['JANUARY', 'APRIL', 'JULY', 'OCTOBER']);

    // Each schedule, triggered now instead of at its calendar time, starts a sweep that the worker runs to a report.
    for (const kind of sweepKinds) {
      const schedule = client.schedule.getHandle(scheduleId(kind, taskQueue));
      await schedule.trigger();
      let started: string | undefined;
      await waitFor(async () => (started = (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId) !== undefined, `the ${kind} sweep to start`);
      const sweep = client.workflow.getHandle<typeof sweepWorkflow>(started!);
      expect((await sweep.describe()).type).toBe(SWEEP_WORKFLOW_TYPE);
      await waitFor(async () => (await sweep.describe()).status.name === 'COMPLETED', `the ${kind} sweep to complete`);
      expect(await sweep.result()).toMatchObject({ id: started, kind, timezone: 'Asia/Shanghai', cases: 0, rows: [] });
    }
    await stopGently(worker);
  }, 120_000);

  it('creating them again changes nothing', async () => {
    const before = await client.schedule.getHandle(scheduleId('daily', taskQueue)).describe();
    expect(await ensureSweepSchedules(client, taskQueue, policy)).toEqual({ daily: 'unchanged', monthly: 'unchanged', quarterly: 'unchanged' });
    const after = await client.schedule.getHandle(scheduleId('daily', taskQueue)).describe();
    expect(after.info.lastUpdatedAt).toEqual(before.info.lastUpdatedAt);
  });

  it('follow a policy change at the next start, keeping a pause an operator set', async () => {
    await client.schedule.getHandle(scheduleId('daily', taskQueue)).pause('maintenance');
    const changed = policySchema.parse({ ...policy, backlogAge: 'P60D' });
    expect(await ensureSweepSchedules(client, taskQueue, changed)).toEqual({ daily: 'updated', monthly: 'updated', quarterly: 'updated' });
    const daily = await client.schedule.getHandle(scheduleId('daily', taskQueue)).describe();
    expect(daily.action.args).toEqual([{ kind: 'daily', timezone: 'Asia/Shanghai', backlogAge: 'P60D' }]);
    expect(daily.state).toMatchObject({ paused: true, note: 'maintenance' });
    expect(await ensureSweepSchedules(client, taskQueue, changed)).toEqual({ daily: 'unchanged', monthly: 'unchanged', quarterly: 'unchanged' });
  });
});
