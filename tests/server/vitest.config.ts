import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Tests of the production server as a process (tests/server/): they start
 * src/server/start.ts in front of the build in dist/, so `npm test` runs them
 * after `npm run build`.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/server/**/*.test.ts'],
    testTimeout: 30_000,
    // The files wait on the process far more than they compute: three at
    // once took them from 72 s to 44 s on two cores.
    maxWorkers: 3,
  },
});
