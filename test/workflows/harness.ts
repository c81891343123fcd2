// Shared set-up for the workflow tests: one time-skipping server per test file, a worker per test
// running from the bundle global-setup built, and helpers that speak in the case's own terms.
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { inject } from 'vitest';
import type { WebhookConfig } from '../../activities';
import { loadPolicy } from '../../config/policy';
import type { CaseCommand, CaseEventRequest, CaseView, StartCaseRequest } from '../../contracts/case';
import { applyEventUpdate, caseViewQuery, type CarriedState } from '../../contracts/messages';
import { CASE_WORKFLOW_TYPE } from '../../contracts/names';
import { policySchema, type Policy, type PolicyInput } from '../../contracts/policy';
import type { caseWorkflow } from '../../workflows/case-workflow';
import { createCaseWorker, type CaseWorkerOptions } from '../../worker/create-worker';
import { startTimeSkipping, type TestTemporal } from '../support/temporal-env';
import { registerSearchAttributes } from './test-server';

export type CaseHandle = WorkflowHandle<typeof caseWorkflow>;
export type HistoryEvent = NonNullable<History['events']>[number];
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

export const shippedPolicy: Policy = loadPolicy();

/** The shipped policy with some fields replaced, validated like a policy file would be. */
export function policyWith(overrides: Partial<PolicyInput>): Policy {
  return policySchema.parse({ ...shippedPolicy, ...overrides });
}

export type Harness = {
  temporal: TestTemporal;
  env: TestWorkflowEnvironment;
  client: Client;
  taskQueue: string;
  /**
   * Runs `fn` while a fresh worker (from the prebuilt bundle) polls this file's task queue. Finish (or `stop`) a case
   * within one call: the test server never moves a task from a stopped worker's sticky queue back to the normal one,
   * so a case left open and woken later under the next worker hangs.
   */
  withWorker<T>(fn: () => Promise<T>, webhook?: WebhookConfig, tuning?: CaseWorkerOptions['tuning']): Promise<T>;
  /** The server's virtual time, as the ISO instant to put in an event's `at`. */
  now(): Promise<string>;
  /** Starts a case whose `reportedAt` is the server's current time unless given. */
  startCase(request?: Partial<StartCaseRequest>, options?: { policy?: Policy; carried?: CarriedState; continueAsNewAfterUpdates?: number }): Promise<CaseHandle>;
  /** Sends an event at the server's current time, by `officer-1` unless given. */
  send(handle: CaseHandle, event: CaseEventRequest): Promise<CaseView>;
  view(handle: CaseHandle): Promise<CaseView>;
  /**
   * The history once no workflow task and no activity is outstanding and nothing new arrives. Terminating a case
   * while its webhook activity runs leaves the test server's time-skipping lock held, and every later sleep would
   * then wait in real time: call this (or `stop`) before ending a case that is still open.
   */
  settled(handle: CaseHandle): Promise<HistoryEvent[]>;
  /** Terminates a still-open case once it is settled; a no-op for a case that already completed. */
  stop(handle: CaseHandle): Promise<void>;
  /** Queries until `check` passes: after a timer fires, the workflow task that handles it may still be running. */
  viewWhen(handle: CaseHandle, check: (view: CaseView) => boolean, what: string): Promise<CaseView>;
  shutdown(): Promise<void>;
};

/** The dev server global-setup runs (search attributes registered there), for what only a full server shows. */
async function connectDevServer(): Promise<TestTemporal> {
  const address = inject('temporalAddress');
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address });
  return { env, address, shutdown: () => env.teardown() };
}

/**
 * `timeSkipping` (the default) starts this file's own Java test server; `dev` connects to the shared dev server,
 * which has real time only but behaves like a production server (e.g. a validator-rejected update leaves no trace).
 */
export async function startHarness(name: string, server: 'timeSkipping' | 'dev' = 'timeSkipping'): Promise<Harness> {
  const temporal = server === 'dev' ? await connectDevServer() : await startTimeSkipping();
  const { env } = temporal;
  const namespace = env.namespace ?? 'default';
  // The workflow upserts search attributes; the time-skipping server knows none until they are registered.
  if (server === 'timeSkipping') await registerSearchAttributes(env, namespace);
  const taskQueue = `wf-${name}-${randomUUID()}`;
  const workflowBundlePath = inject('workflowBundlePath');
  let seq = 0;

  const now = async () => new Date(await env.currentTimeMs()).toISOString();

  const harness: Harness = {
    temporal,
    env,
    client: env.client,
    taskQueue,
    async withWorker(fn, webhook = {}, tuning) {
      const worker: Worker = await createCaseWorker({ connection: env.nativeConnection, namespace, taskQueue, webhook, workflowBundlePath, tuning });
      return worker.runUntil(fn);
    },
    now,
    async startCase(request = {}, options = {}) {
      seq += 1;
      const full: StartCaseRequest = {
        caseId: `${name}-${seq}-${randomUUID().slice(0, 8)}`,
        category: 'criminal',
        station: 'S01',
        unitType: 'station',
        reportedAt: await now(),
        custody: false,
        ...request,
      };
      return env.client.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW_TYPE, {
        workflowId: full.caseId,
        taskQueue,
        args: [{ request: full, policy: options.policy ?? shippedPolicy, ...(options.carried ? { carried: options.carried } : {}), ...(options.continueAsNewAfterUpdates ? { continueAsNewAfterUpdates: options.continueAsNewAfterUpdates } : {}) }],
      });
    },
    async send(handle, event) {
      const command = { by: 'officer-1', ...event, at: event.at ?? (await now()) } as CaseCommand;
      return handle.executeUpdate(applyEventUpdate, { args: [command, { stations: ['*'] }] });
    },
    view: (handle) => handle.query(caseViewQuery),
    async settled(handle) {
      let previous = -1;
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const events = (await handle.fetchHistory()).events ?? [];
        const count = (pick: (e: HistoryEvent) => unknown) => events.filter(pick).length;
        const idle =
          count((e) => e.workflowTaskScheduledEventAttributes) ===
            count((e) => e.workflowTaskCompletedEventAttributes ?? e.workflowTaskFailedEventAttributes ?? e.workflowTaskTimedOutEventAttributes) &&
          count((e) => e.activityTaskScheduledEventAttributes) ===
            count((e) => e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes);
        if (events.length === previous && idle) return events;
        previous = events.length;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`history of ${handle.workflowId} never settled`);
    },
    async stop(handle) {
      const { status } = await handle.describe();
      if (status.name !== 'RUNNING') return;
      await harness.settled(handle);
      await handle.terminate('test over');
    },
    async viewWhen(handle, check, what) {
      // Bounded by attempts, not by a clock: this waits for a workflow task, never for virtual time.
      let last: CaseView | undefined;
      for (let attempt = 0; attempt < 200; attempt += 1) {
        last = await handle.query(caseViewQuery);
        if (check(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`case ${handle.workflowId} never showed ${what}; last view: ${JSON.stringify(last, null, 2)}`);
    },
    shutdown: () => temporal.shutdown(),
  };
  return harness;
}

/** Escalations of one limit, in the order they were raised, as `level→target` for readable assertions. */
export function ladder(view: CaseView, limit: string): string[] {
  return view.escalations.filter((e) => e.limit === limit).map((e) => `${e.level}->${e.target}`);
}

/** 24:00 local (policy timezone) of the anchor's date plus `days`: a whole-day limit that never moves (custody). */
export function wholeDaysDue(anchor: string, days: number): string {
  return DateTime.fromISO(anchor, { zone: shippedPolicy.timezone }).startOf('day').plus({ days: days + 1 }).toUTC().toISO()!;
}

export const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
