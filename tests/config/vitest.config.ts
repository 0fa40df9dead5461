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
    // A timing test can miss its bound once when other work takes the CPU
    // for a second; a broken config fails the same way on every try, so one
    // retry hides noise, never a regression.
    retry: 1,
    hookTimeout: 30_000,
    // Two cores: with more files at once the tests would measure the machine's load, not the servers.
    maxWorkers: 3,
  },
});
