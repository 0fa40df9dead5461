import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './tests/helpers/chromium.ts';

/**
 * End-to-end tests drive Debian's Chromium (`apt-get install chromium`):
 * Playwright's own browser download cannot run on these machines. They run
 * against the production build, started by tests/e2e/global-setup.ts on a
 * free loopback port.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromiumPath,
      args: [...chromiumArgs],
    },
    trace: 'off',
  },
  projects: [
    { name: 'site', testIgnore: /responsiveness\.spec\.ts/ },
    // Long-task budgets are measured alone, after everything else, so that a
    // second browser does not share the two cores of a CI machine meanwhile.
    { name: 'responsiveness', testMatch: /responsiveness\.spec\.ts/, dependencies: ['site'] },
  ],
});
