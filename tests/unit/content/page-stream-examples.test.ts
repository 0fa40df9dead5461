/**
 * The raw event streams that pages show as ```text blocks are parsed here
 * with the project's parser, and what the surrounding prose or table says
 * about them is checked, in both languages. (Streams shown through
 * StreamExample.astro are playground presets, checked in
 * tests/unit/components/playground/model/presets.test.ts and computed at build time.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEventStream } from '../../../src/lib/sse/parser.ts';

/** Every ```text block of a page whose lines contain a field or comment, as stream text (each block ends with its LF). */
function streamBlocks(page: string): string[] {
  const mdx = readFileSync(page, 'utf8');
  return [...mdx.matchAll(/^```text\n([^]*?)^```$/gm)].map((match) => match[1]!).filter((block) => /^(data|id|event|retry|:)/m.test(block));
}

for (const lang of ['', 'de/']) {
  describe(`stream examples on the ${lang === '' ? 'English' : 'German'} pages`, () => {
    it('the concept page’s field overview dispatches what its table says', () => {
      const [block] = streamBlocks(`content/docs/${lang}start/what-is-sse.mdx`);
      const result = parseEventStream(block!);
      expect(result.events.map(({ type }) => type)).toEqual(['message', 'tick', 'notification']);
      expect(result.events[0]!.data).toMatch(/^[^\n]+$/);
      expect(result.events[1]!.data.split('\n')).toHaveLength(2);
      expect(result.events[2]!.lastEventId).toBe('42');
      expect(JSON.parse(result.events[2]!.data)).toHaveProperty('title');
      // retry: 10000 dispatches nothing but sets the reconnection time.
      expect(result.reconnectionTime).toBe(10000);
    });

    it('the reset event on the reconnection page carries the current ID, as the replay server writes it', () => {
      const [block] = streamBlocks(`content/docs/${lang}protocol/reconnection.mdx`);
      const { events } = parseEventStream(block!);
      expect(events).toHaveLength(1);
      expect(events[0]!.type).toBe('reset');
      expect((JSON.parse(events[0]!.data) as { n: number }).n).toBe(Number(events[0]!.lastEventId));
    });
  });
}
