// One-shot setup of a self-hosted Temporal cluster for caseflow: the namespace, then the search attributes of
// contracts/names.ts (through config/search-attributes.ts, so no name or type is spelt twice). Safe to run again.
// On Temporal Cloud create both in the Cloud UI or with tcld instead: its namespaces are not made over this API.
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { msToTs } from '@temporalio/common/lib/time';
import { z } from 'zod';
import { searchAttributes } from '../contracts/names';
import { ensureSearchAttributes } from '../config/search-attributes';
import { temporalTarget } from '../config/temporal-connection';

const options = z
  .object({
    /** How long Temporal keeps a closed case's history (and so its view) readable. */
    CASEFLOW_RETENTION_DAYS: z.coerce.number().int().positive().default(90),
    /** How long to wait for the cluster to answer and the new namespace to be usable. */
    CASEFLOW_SETUP_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(180),
  })
  .parse(process.env);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries `step` until it succeeds or the deadline passes: the cluster and a new namespace both take time. */
async function eventually<T>(what: string, deadline: number, step: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await step();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(err as Error).message}`);
      await sleep(2_000);
    }
  }
}

async function ensureNamespace(connection: Connection, namespace: string): Promise<'exists' | 'registered'> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return 'exists';
  } catch (err) {
    if (!isGrpcServiceError(err) || err.code !== grpcStatus.NOT_FOUND) throw err;
  }
  const retention = msToTs(`${options.CASEFLOW_RETENTION_DAYS} days`);
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: retention });
  return 'registered';
}

export async function setupTemporal(log: (line: string) => void = console.log): Promise<void> {
  const target = temporalTarget();
  const deadline = Date.now() + options.CASEFLOW_SETUP_TIMEOUT_SECONDS * 1000;
  const { connectionOptions } = target;
  const connection = await eventually('connecting to Temporal', deadline, () =>
    Connection.connect({ ...connectionOptions, tls: connectionOptions.tls ?? undefined, connectTimeout: '5s' }),
  );
  try {
    const outcome = await eventually('registering the namespace', deadline, () => ensureNamespace(connection, target.namespace));
    log(`caseflow setup: namespace ${target.namespace} ${outcome}`);
    // A just-registered namespace reaches every frontend's cache within seconds; until then adding attributes fails.
    await eventually('adding the search attributes', deadline, () => ensureSearchAttributes(connection, target.namespace));
    // The frontend validates queries against a cached attribute list; done only once a query on them is accepted.
    const query = Object.values(searchAttributes).map((k) => `${k.name} IS NULL`).join(' AND ');
    await eventually('waiting for the search attributes to be queryable', deadline, () =>
      connection.workflowService.countWorkflowExecutions({ namespace: target.namespace, query }),
    );
    log(`caseflow setup: search attributes ${Object.values(searchAttributes).map((k) => `${k.name}:${k.type}`).join(' ')}`);
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  setupTemporal().then(
    () => process.exit(0),
    (err: Error) => {
      console.error(`caseflow setup failed: ${err.message}`);
      process.exit(1);
    },
  );
}
