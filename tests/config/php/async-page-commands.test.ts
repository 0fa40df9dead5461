/**
 * The async-PHP page's two terminal steps, run as written: php/serve-builtin.sh
 * (`php -S 127.0.0.1:8000`) in a folder holding progress.php, and
 * php/watch-progress.sh (curl with Accept: text/event-stream) against it.
 * The `php` the first finds checks that it got the page's address and serves
 * on the test's port instead; the second's curl goes there for port 8000.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptsConnections, freePort } from '../../helpers/ports.ts';
import { startShownCommand, type RunningCommand } from '../../helpers/shown-command.ts';
import { snippet } from '../apache-php-fpm/guide-setup.ts';
import { describeWithServers, serverBinaries } from '../harness/requirements.ts';
import { createServerDir, type ServerDir } from '../harness/server-dir.ts';

/** A `php` that runs the real one on `port` when called with the page's `-S 127.0.0.1:8000`, and fails (64) otherwise. */
const phpShim = (port: number): string =>
  `#!/bin/sh\n[ "$*" = '-S 127.0.0.1:8000' ] || { echo "shim: php $* is not the page's php -S 127.0.0.1:8000" >&2; exit 64; }\n` +
  `exec ${serverBinaries.php.path} -S 127.0.0.1:${port}\n`;

describeWithServers(['php'], "the async-PHP page's php -S and curl steps", () => {
  let folder: ServerDir;
  let server: RunningCommand;
  let port = 0;
  beforeAll(async () => {
    folder = createServerDir('progress');
    folder.write('progress.php', snippet('php/progress.php'));
    port = await freePort();
    server = startShownCommand('php/serve-builtin.sh', {}, { shims: { php: phpShim(port) }, cwd: folder.path('') });
    const deadline = Date.now() + 10_000;
    while (!(await acceptsConnections(port))) {
      if (server.exited() || Date.now() > deadline) throw new Error(`php/serve-builtin.sh did not listen:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    await server?.stop();
    await folder?.remove();
  });

  it('php/watch-progress.sh prints five progress events one by one, then complete', async () => {
    const watcher = startShownCommand('php/watch-progress.sh', { 8000: port });
    const progressSeen = () => watcher.output().match(/^event: progress$/gm)?.length ?? 0;
    // When each progress event was first seen; events that show up together
    // (the last one can come with "complete" and curl's exit) share a time.
    const arrivals: number[] = [];
    const noteArrivals = () => {
      const now = Date.now();
      while (arrivals.length < progressSeen()) arrivals.push(now);
    };
    const started = Date.now();
    try {
      while (!watcher.exited() && Date.now() - started < 12_000) {
        noteArrivals();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      noteArrivals();
    } finally {
      await watcher.stop();
    }
    const output = watcher.output();
    const events = [...output.matchAll(/^event: (.+)\n(?:id: .+\n)?data: (.+)\n\n/gm)].map(([, type, data]) => ({ type, data: JSON.parse(data!) }));
    expect(events.map((event) => event.type), output).toEqual(['progress', 'progress', 'progress', 'progress', 'progress', 'complete']);
    expect(events.slice(0, 5).map((event) => event.data.percent)).toEqual([20, 40, 60, 80, 100]);
    // "One second apart": the five arrive spread over about four seconds, not together at the end.
    expect(arrivals).toHaveLength(5);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(2_500);
  }, 20_000);
});
