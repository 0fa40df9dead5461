import { existsSync } from 'node:fs';
import { chromiumPath } from '../helpers/chromium.ts';
import { startProductionServer } from '../helpers/production-server.ts';

/**
 * Starts the production server (`npm run serve`'s entry) on a free port and
 * hands its URL to the tests through E2E_BASE_URL. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: install it with \`apt-get install chromium\` (or set CHROMIUM_PATH).`);
  }
  const server = await startProductionServer({
    // The differential test replays every parser case through the echo
    // endpoint, and tests run two browsers side by side from one address;
    // the per-client limits are tested at their defaults in the unit tests.
    SSE_ECHO_RATE_LIMIT: '1000',
    SSE_MAX_STREAMS_PER_CLIENT: '100',
  });
  server.process.stderr.pipe(process.stderr);
  process.env['E2E_BASE_URL'] = server.url;
  return () => server.stop();
}
