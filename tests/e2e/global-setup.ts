import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Starts the production server (`npm run serve`'s entry) on a free port and
 * hands its URL to the tests through E2E_BASE_URL. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync('/usr/bin/chromium') && !process.env['CHROMIUM_PATH']) {
    throw new Error('No Chromium at /usr/bin/chromium: install it with `apt-get install chromium` (or set CHROMIUM_PATH).');
  }
  if (!existsSync('dist/server/entry.mjs')) {
    throw new Error('No production build in dist/: run `npm run build` first (npm test does).');
  }
  const server = spawn(process.execPath, ['src/server/start.ts'], {
    // The differential test replays every parser case through the echo
    // endpoint; its per-client rate limit is tested at the default in the unit tests.
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', SSE_ECHO_RATE_LIMIT: '1000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The server did not start within 20 s.')), 20_000);
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /on (http:\/\/\S+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.once('exit', (code) => reject(new Error(`The server exited with ${code} before listening:\n${output}`)));
  });
  process.env['E2E_BASE_URL'] = url;
  return async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  };
}
