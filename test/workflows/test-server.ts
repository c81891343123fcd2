// What both the workflow tests and scripts/record-histories.ts need from a time-skipping test server,
// kept free of vitest so the script can import it.
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { searchAttributes } from '../../contracts/names';

let runtimeInstalled = false;

/** Worker state changes and activity logs at INFO would bury a test report or a script's output. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    // The core's warning that the test server lacks a heartbeat capability is noise here, hence ERROR for it.
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  } catch {
    // Already installed in this process: keep whatever logger it has.
  }
}

/**
 * The workflow upserts search attributes, and without them registered every workflow task fails on the test server
 * (the case hangs). config/search-attributes.ts ensureSearchAttributes cannot be used here: it lists the namespace's
 * attributes first, and the test server answers ListSearchAttributes with UNIMPLEMENTED; AddSearchAttributes works.
 */
export async function registerSearchAttributes(env: TestWorkflowEnvironment, namespace: string): Promise<void> {
  await env.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      Object.values(searchAttributes).map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!]),
    ),
  });
}
