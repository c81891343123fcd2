import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: test/cluster alone, against the cluster `npm run cluster` brings up (one file, one cluster).
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
