import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // Some tests start real servers and wait for real seconds.
    testTimeout: 20_000,
  },
});
