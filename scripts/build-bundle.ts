// `npm run build:bundle [file]`: the case workflows bundled once, for workers started with CASEFLOW_WORKFLOW_BUNDLE
// (no webpack at each start, and every replica runs byte-identical workflow code).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleCaseWorkflows } from '../worker/bundle';

async function main() {
  const out = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, await bundleCaseWorkflows());
  console.log(`wrote ${out}; start workers with CASEFLOW_WORKFLOW_BUNDLE=${path.relative(process.cwd(), out)}`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
