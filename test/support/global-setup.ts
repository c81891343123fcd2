// One dev server and one workflow bundle for the whole e2e run, because starting a server and
// running webpack per test file would dominate the run time.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureSearchAttributes } from '../../config/search-attributes';
import { projectRoot } from '../../config/temporal-binaries';
import { bundleCaseWorkflows } from '../../worker/bundle';
import { startDevServer } from './temporal-env';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const code = await bundleCaseWorkflows();
  const bundlePath = path.join(projectRoot, '.caseflow', 'test', 'workflow-bundle.js');
  mkdirSync(path.dirname(bundlePath), { recursive: true });
  writeFileSync(bundlePath, code);
  project.provide('workflowBundlePath', bundlePath);

  // Started last so that a failed bundle cannot leave a server running without its teardown.
  const server = await startDevServer();
  await ensureSearchAttributes(server.env.connection, server.env.namespace ?? 'default');
  project.provide('temporalAddress', server.address);
  return () => server.shutdown();
}
