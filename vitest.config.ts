import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['analyzer/**/*.test.ts', 'rules/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The hostile-input suite's counts (test/hostile), printed after vitest's own summary.
    reporters: ['default', './test/hostile/summary-reporter.ts'],
  },
});
