import { status as grpcStatus } from '@grpc/grpc-js';
import {
  Client,
  Connection,
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseCommand, CaseView, EventRefusal, StartCaseRequest } from '../contracts/case';
import { applyEventUpdate, caseRequestQuery, caseViewQuery, EVENT_NOT_ALLOWED } from '../contracts/messages';
import type { Policy } from '../contracts/policy';
import { openCase, toView } from '../machines/case-engine';
import { caseWorkflow } from '../workflows';
import { CaseExistsError, CaseNotFoundError, EventRefusedError, TemporalUnavailableError } from './errors';
import { countCases, listCases, repeatReports, type CaseFilter, type CasePage } from './case-search';
import { searchAttributes as sa } from '../contracts/names';
import { listOpenWarnings, type WarningsFilter } from './warnings-search';

export type CaseGateway = ReturnType<typeof createCaseGateway>;

/**
 * gRPC codes that say Temporal (or the worker behind a query) cannot answer right now: overload, a query nobody
 * picked up in time, a workflow task still failing. None is about the request, so each is a 503 with Retry-After.
 */
const UNAVAILABLE = new Set<number>([
  grpcStatus.UNAVAILABLE,
  grpcStatus.DEADLINE_EXCEEDED,
  grpcStatus.RESOURCE_EXHAUSTED,
  grpcStatus.ABORTED,
  grpcStatus.CANCELLED,
  grpcStatus.FAILED_PRECONDITION,
]);

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Temporal failures that are about the service, not the request, become one error the edge answers 503. */
export async function guarded<T>(caseId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
    if (isGrpcServiceError(err) && err.code === grpcStatus.NOT_FOUND) throw new CaseNotFoundError(caseId);
    const grpc = isGrpcServiceError(err) ? err : isGrpcServiceError((err as Error)?.cause) ? ((err as Error).cause as { code: number }) : undefined;
    if (grpc && UNAVAILABLE.has(grpc.code)) throw new TemporalUnavailableError(err);
    throw err;
  }
}

function refusalOf(err: unknown): EventRefusal | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.type === EVENT_NOT_ALLOWED) return cause.details?.[0] as EventRefusal;
  return undefined;
}

export function createCaseGateway(deps: { client: Client; connection: Connection; taskQueue: string; policy: Policy }) {
  const { client, taskQueue, policy } = deps;
  const handle = (caseId: string): WorkflowHandle<typeof caseWorkflow> => client.workflow.getHandle(caseId);

  const get = (caseId: string): Promise<CaseView> => guarded(caseId, () => handle(caseId).query(caseViewQuery));

  return {
    /** For the supervision routes (sweeps, stats), which read visibility and the sweep ledger themselves. */
    temporal: { client, taskQueue, policy },
    get,

    /** The case's station from visibility: answered by the server alone, no worker round trip. */
    async stationOf(caseId: string): Promise<string> {
      const description = await guarded(caseId, () => handle(caseId).describe());
      const station = description.typedSearchAttributes.get(sa.station);
      if (!station) throw new CaseNotFoundError(caseId);
      return station;
    },

    /** Starts the case, or answers for the one already there when the body is the same. */
    async start(request: StartCaseRequest): Promise<{ created: boolean; view: CaseView }> {
      return guarded(request.caseId, async () => {
        try {
          const intake = await repeatReports(client, request);
          await client.workflow.start(caseWorkflow, {
            workflowId: request.caseId,
            taskQueue,
            args: [{ request, policy, priorReportsFromPhone: intake.prior }],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            typedSearchAttributes: [
              { key: sa.station, value: request.station },
              { key: sa.category, value: request.category },
              { key: sa.stage, value: 'reported' },
              { key: sa.status, value: 'open' },
              { key: sa.track, value: 'ordinary' },
              { key: sa.reportedAt, value: new Date(request.reportedAt) },
              ...(intake.key ? [{ key: sa.reporterKey, value: intake.key }] : []),
            ],
          });
          // The opening state is a pure function of the request; no round trip to the worker is needed.
          return { created: true, view: toView(openCase({ request, policy, priorReportsFromPhone: intake.prior })) };
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          const existing = await handle(request.caseId).query(caseRequestQuery);
          if (canonical(existing) !== canonical(request)) throw new CaseExistsError(request.caseId);
          return { created: false, view: await get(request.caseId) };
        }
      });
    },

    async apply(caseId: string, command: CaseCommand): Promise<CaseView> {
      return guarded(caseId, async () => {
        try {
          return await handle(caseId).executeUpdate(applyEventUpdate, { args: [command] });
        } catch (err) {
          const refusal = refusalOf(err);
          if (refusal) throw new EventRefusedError(refusal);
          if (err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === grpcStatus.NOT_FOUND)) {
            // A closed case whose workflow has completed still exists; it just takes no more events.
            const view = await get(caseId);
            throw new EventRefusedError({ stage: view.stage, allowed: [], reason: `the case is ${view.status}` });
          }
          throw err;
        }
      });
    },

    list(filter: CaseFilter): Promise<CasePage> {
      return guarded('', () => listCases(client, filter));
    },

    warnings(filter: WarningsFilter) {
      return guarded('', () => listOpenWarnings(client, filter));
    },

    count(filter: Omit<CaseFilter, 'limit' | 'cursor'>): Promise<number> {
      return guarded('', () => countCases(client, filter));
    },

    async ready(): Promise<boolean> {
      try {
        await deps.connection.healthService.check({});
        return true;
      } catch {
        return false;
      }
    },
  };
}
