// Shared set-up for the workflow tests: one time-skipping server per test file, a worker per test
// running from the bundle global-setup built, and helpers that speak in the case's own terms.
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { WebhookConfig } from '../../activities';
import { loadPolicy } from '../../config/policy';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { CaseCommand, CaseEventRequest, CaseView, StartCaseRequest } from '../../contracts/case';
import { applyEventUpdate, caseViewQuery, type CarriedState } from '../../contracts/messages';
import { CASE_WORKFLOW_TYPE, searchAttributes } from '../../contracts/names';
import { policySchema, type Policy, type PolicyInput } from '../../contracts/policy';
import type { caseWorkflow } from '../../workflows/case-workflow';
import { createCaseWorker } from '../../worker/create-worker';
import { startTimeSkipping, type TestTemporal } from '../support/temporal-env';

export type CaseHandle = WorkflowHandle<typeof caseWorkflow>;
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
  /** Runs `fn` while a fresh worker (from the prebuilt bundle) polls this file's task queue. */
  withWorker<T>(fn: () => Promise<T>, webhook?: WebhookConfig): Promise<T>;
  /** The server's virtual time, as the ISO instant to put in an event's `at`. */
  now(): Promise<string>;
  /** Starts a case whose `reportedAt` is the server's current time unless given. */
  startCase(request?: Partial<StartCaseRequest>, options?: { policy?: Policy; carried?: CarriedState }): Promise<CaseHandle>;
  /** Sends an event at the server's current time, by `officer-1` unless given. */
  send(handle: CaseHandle, event: CaseEventRequest): Promise<CaseView>;
  view(handle: CaseHandle): Promise<CaseView>;
  /** Queries until `check` passes: after a timer fires, the workflow task that handles it may still be running. */
  viewWhen(handle: CaseHandle, check: (view: CaseView) => boolean, what: string): Promise<CaseView>;
  shutdown(): Promise<void>;
};

let runtimeInstalled = false;
/** Worker state changes and activity logs at INFO would bury the test report; each test file is its own process. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/**
 * The workflow upserts search attributes, which the time-skipping server knows none of at start.
 * config/search-attributes.ts ensureSearchAttributes cannot be used here: it lists the namespace's attributes
 * first, and the test server answers ListSearchAttributes with UNIMPLEMENTED; AddSearchAttributes works.
 */
async function registerSearchAttributes(env: TestWorkflowEnvironment, namespace: string): Promise<void> {
  await env.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      Object.values(searchAttributes).map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!]),
    ),
  });
}

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
  quietRuntime();
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
    async withWorker(fn, webhook = {}) {
      const worker: Worker = await createCaseWorker({ connection: env.nativeConnection, namespace, taskQueue, webhook, workflowBundlePath });
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
        args: [{ request: full, policy: options.policy ?? shippedPolicy, ...(options.carried ? { carried: options.carried } : {}) }],
      });
    },
    async send(handle, event) {
      const command = { by: 'officer-1', ...event, at: event.at ?? (await now()) } as CaseCommand;
      return handle.executeUpdate(applyEventUpdate, { args: [command] });
    },
    view: (handle) => handle.query(caseViewQuery),
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

export const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
