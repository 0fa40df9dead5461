import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // Some tests start real servers and wait for real seconds.
    testTimeout: 20_000,
    // Most of that time is waiting, not computing: three files at once on two
    // cores took the suite from 143 s to 52 s (Vitest's default, one worker
    // per core but one, ran them one after another).
    maxWorkers: 3,
  },
});
