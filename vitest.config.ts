import { defineConfig } from 'vitest/config';

// Unit and integration tests: must pass on a fresh clone without ../shared.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'test/**/*.test.ts', 'evals/**/*.test.ts'],
    exclude: ['**/*.shared.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
