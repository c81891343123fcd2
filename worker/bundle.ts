import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowInterceptorModules } from '../observability/worker-options';

/**
 * The case workflows as every caseflow worker runs them: with the workflow interceptors. Tests, the benchmark and a
 * prebuilt production bundle all come from here, because a bundle without the interceptors is different code and
 * must not replay histories a production worker wrote.
 */
export async function bundleCaseWorkflows(): Promise<string> {
  // WARN hides webpack's per-module listing.
  const { code } = await bundleWorkflowCode({
    // A folder, not require.resolve: vitest's resolver knows no .ts, webpack finds the index either way.
    workflowsPath: path.join(__dirname, '..', 'workflows'),
    workflowInterceptorModules,
    logger: new DefaultLogger('WARN'),
  });
  return code;
}
