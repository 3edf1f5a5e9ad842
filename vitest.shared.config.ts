import { defineConfig } from 'vitest/config';

// Accuracy suite against ../shared/data (CI always has it; `npm test` never needs it).
export default defineConfig({
  test: {
    include: ['**/*.shared.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
