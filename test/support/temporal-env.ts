// Throwaway Temporal servers for tests, run from the binaries config/temporal-binaries.ts picks.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../../config/embedded-temporal';
import { devServerExecutable, testServerExecutable } from '../../config/temporal-binaries';

export interface TestTemporal {
  env: TestWorkflowEnvironment;
  address: string;
  shutdown(): Promise<void>;
}

function wrap(env: TestWorkflowEnvironment): TestTemporal {
  return { env, address: env.address, shutdown: () => env.teardown() };
}

/** Full dev server in memory on a free port: real timers, nothing kept after shutdown. */
export async function startDevServer(): Promise<TestTemporal> {
  return wrap(await TestWorkflowEnvironment.createLocal({ server: { executable: devServerExecutable(), extraArgs: [...DEV_SERVER_DYNAMIC_CONFIG] } }));
}

/** Java test server whose clock jumps ahead whenever every workflow is waiting on a timer. */
export async function startTimeSkipping(): Promise<TestTemporal> {
  return wrap(await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } }));
}
