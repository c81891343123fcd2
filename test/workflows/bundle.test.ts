// Every workflow instance evaluates the modules of its bundle afresh. Zod schemas made each cached case cost about
// 2.4 MB of worker memory instead of about 0.6 MB, and the CPU to build them on every cache miss, so the bundle the
// workers run must not carry zod (contracts/vocabulary.ts holds what the workflows need).
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

describe('the workflow bundle', () => {
  const code = readFileSync(inject('workflowBundlePath'), 'utf8');

  it('carries the case machine and the workflow interceptors', () => {
    expect(code).toContain('./machines/case-machine.ts');
    expect(code).toContain('./observability/workflow-interceptors.ts');
  });

  it('carries no zod and none of the zod-built contracts', () => {
    expect(code).not.toMatch(/node_modules\/zod\//);
    for (const schemas of ['case', 'policy', 'warnings', 'stats', 'sweeps', 'http', 'tokens', 'instant']) {
      expect(code).not.toContain(`./contracts/${schemas}.ts"`);
    }
  });
});
