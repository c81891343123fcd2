import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: test/cluster alone, each file with clusters of its own (PostgreSQL, Temporal, two workers,
// two APIs); one file at a time, so no two clusters share the two cores.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
