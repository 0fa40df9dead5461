import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The config tests (`npm run test:config`): real Apache, PHP-FPM and nginx
 * from Debian's packages, started per test file on free loopback ports (see
 * tests/config/harness/). Files run in parallel, each with its own servers;
 * tests wait for real seconds of streaming, hence the long timeouts.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/config/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: with more files at once the tests would measure the machine's load, not the servers.
    maxWorkers: 3,
  },
});
