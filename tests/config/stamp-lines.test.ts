/**
 * The troubleshooting page's confirm command, src/snippets/troubleshooting/stamp-lines.sh,
 * run as a reader runs it: `sh stamp-lines.sh <url>`. Through a config that
 * streams, the arrival times of the events differ as much as their send
 * times; through one that buffers, they are all the same.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { snippet, snippetPath } from '../helpers/snippets.ts';
import { withNginx } from './harness/nginx.ts';
import { startNodeScript } from './harness/node-script.ts';
import { fillPlaceholders } from './harness/placeholders.ts';
import { describeWithServers } from './harness/requirements.ts';

const script = snippetPath('troubleshooting/stamp-lines.sh');
const TICK_MS = 1000;

/** Milliseconds since midnight of each `HH:MM:SS.mmm  data: …` line. */
function dataLineTimes(output: string): number[] {
  return output
    .split('\n')
    .filter((line) => / {2}data: \{"i"/.test(line))
    .map((line) => {
      const [h, m, s] = line.slice(0, 12).split(':').map(Number) as [number, number, number];
      return ((h * 60 + m) * 60 + s) * 1000;
    });
}

async function stampThrough(config: string): Promise<number[]> {
  const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: String(TICK_MS) });
  try {
    return await withNginx(
      {
        site: ({ httpPort }) =>
          fillPlaceholders(snippet(config), {
            'listen 80;': `listen 127.0.0.1:${httpPort};`,
            'sse.example.com': 'localhost',
            '127.0.0.1:3000': backend.address,
          }),
      },
      async (nginx) => {
        const { stdout } = await promisify(execFile)('sh', [script, nginx.url('/events?n=4')], { timeout: 10_000 });
        return dataLineTimes(stdout);
      },
    );
  } finally {
    await backend.stop();
  }
}

describeWithServers(['nginx', 'curl'], 'stamp-lines.sh', () => {
  it.concurrent('shows events a second apart when nginx passes them on', { retry: 2 }, async () => {
    const times = await stampThrough('nginx/sse-proxy.conf');
    expect(times).toHaveLength(4);
    for (let i = 1; i < times.length; i += 1) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThan(TICK_MS - 250);
    }
  });

  it.concurrent('shows the same time on every event when nginx buffers them', async () => {
    const times = await stampThrough('nginx/broken/proxy-defaults.conf');
    expect(times).toHaveLength(4);
    // Sent over three seconds, stamped one after another as the burst is read:
    // even a busy machine's `date` calls take far less than half of that.
    expect(times[times.length - 1]! - times[0]!).toBeLessThan((3 * TICK_MS) / 2);
  });
});
