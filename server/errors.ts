import { status as grpcStatus } from '@grpc/grpc-js';
import { isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { rethrowKnownErrorTypes } from '@temporalio/client/lib/helpers';
import { NamespaceNotFoundError } from '@temporalio/common';
import type { EventRefusal } from '../contracts/case';
import type { RectifyRefusal } from '../contracts/rectifications';

/** Domain failures the gateway raises; the HTTP edge maps each to one status in one place. */
export class CaseNotFoundError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} not found`);
  }
}

export class CaseExistsError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} already exists with a different body`);
  }
}

export class EventRefusedError extends Error {
  constructor(readonly refusal: EventRefusal) {
    super(refusal.reason);
  }
}

export class RectificationNotFoundError extends Error {
  constructor(readonly rid: string) {
    super(`rectification ${rid} not found`);
  }
}

export class RectificationRefusedError extends Error {
  constructor(readonly refusal: RectifyRefusal) {
    super(refusal.reason);
  }
}

/** A report dated before the policy's `maxReportAge` allows: refused before any case exists. */
export class ReportTooOldError extends Error {
  constructor(readonly maxReportAge: string) {
    super(`reportedAt is older than the policy's maxReportAge (${maxReportAge})`);
  }
}

export class TemporalUnavailableError extends Error {
  constructor(cause: unknown) {
    super('Temporal is unavailable; retry shortly', { cause });
  }
}

/**
 * The API's namespace does not exist on the Temporal server (a typo in TEMPORAL_NAMESPACE, a namespace not registered
 * yet): nothing the client sent is wrong and nothing it asked about is missing, so it is a 503 like an outage, which
 * an operator fixes; the log line names the namespace.
 */
export class NamespaceMissingError extends TemporalUnavailableError {
  constructor(readonly namespace: string, cause: unknown) {
    super(cause);
    this.message = `Temporal has no namespace ${namespace}; retry once it is registered`;
  }
}

/** Temporal holds no such workflow (never started, or removed by its retention). */
export const isNotFound = (err: unknown): boolean => err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === grpcStatus.NOT_FOUND);

/** The missing namespace `err` reports, from the client's own error or a raw gRPC one (visibility calls). */
export function missingNamespace(err: unknown): string | undefined {
  for (const e of [err, (err as Error)?.cause]) {
    if (e instanceof NamespaceNotFoundError) return e.namespace;
    if (isGrpcServiceError(e) && e.code === grpcStatus.NOT_FOUND) {
      try {
        rethrowKnownErrorTypes(e);
      } catch (known) {
        if (known instanceof NamespaceNotFoundError) return known.namespace;
      }
    }
  }
  return undefined;
}

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

/** Temporal failures that are about the service, not the request, become one error the edge answers 503. */
export async function guarded<T>(caseId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const namespace = missingNamespace(err);
    if (namespace !== undefined) throw new NamespaceMissingError(namespace, err);
    if (err instanceof WorkflowNotFoundError) throw new CaseNotFoundError(caseId);
    if (isGrpcServiceError(err) && err.code === grpcStatus.NOT_FOUND) throw new CaseNotFoundError(caseId);
    const grpc = isGrpcServiceError(err) ? err : isGrpcServiceError((err as Error)?.cause) ? ((err as Error).cause as { code: number }) : undefined;
    if (grpc && UNAVAILABLE.has(grpc.code)) throw new TemporalUnavailableError(err);
    throw err;
  }
}
