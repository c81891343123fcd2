import path from 'node:path';
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptors, WorkerOptions } from '@temporalio/worker';
import { CASE_WORKFLOW_TYPE } from '../contracts/names';
import type { Tracing } from './tracing';
// Named here so the type checker follows it; the bundler loads it by path, inside the workflow sandbox.
import type { interceptors as _workflowInterceptors } from './workflow-interceptors';

/** Workflow-side counters and log attributes; a prebuilt bundle needs them passed to bundleWorkflowCode. */
// No extension: webpack resolves it, under tsx and vitest alike (vitest's require.resolve knows no .ts).
export const workflowInterceptorModules = [path.join(__dirname, 'workflow-interceptors')];

/** A case workflow's id is its caseId; activities of other workflows (sweeps) are not about one case. */
function caseIdOnLogs(ctx: Context): ActivityInterceptors {
  const caseId = ctx.info.workflowExecution?.workflowId;
  if (ctx.info.workflowType !== CASE_WORKFLOW_TYPE || !caseId) return {};
  return { outbound: { getLogAttributes: (input, next) => next({ ...input, caseId }) } };
}

/** What observability adds to a case worker: caseId on activity and workflow logs, counters, tracing when on. */
export function observedWorkerOptions(options: { bundled: boolean; tracing?: Tracing }): Pick<WorkerOptions, 'interceptors' | 'plugins'> {
  return {
    interceptors: {
      activity: [caseIdOnLogs],
      // The worker ignores workflow modules next to a prebuilt bundle (and warns); the bundle carries them.
      ...(options.bundled ? {} : { workflowModules: workflowInterceptorModules }),
    },
    ...(options.tracing ? { plugins: [options.tracing.plugin] } : {}),
  };
}
