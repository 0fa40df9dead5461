import { markdownToHtml } from 'satteri';
import { describe, expect, it } from 'vitest';
import { tableScrollPlugin } from '../../../src/site/table-scroll.ts';

/** Sätteri answers synchronously unless a plugin is async; awaiting covers both. */
async function render(markdown: string, withPlugin = true): Promise<string> {
  return (await markdownToHtml(markdown, { hastPlugins: withPlugin ? [tableScrollPlugin()] : [] })).html;
}

/** The name of each scroll frame that directly wraps a table, in document order. */
function frameNames(html: string): string[] {
  return [...html.matchAll(/<div class="table-scroll" role="region" tabindex="0" aria-label="([^"]*)"><table>/g)].map((match) => match[1]!);
}

const table = (first: string) => `| ${first} | SSE | WebSocket |\n| --- | --- | --- |\n| transport | HTTP | its own |\n`;

describe('table scroll frames', () => {
  it('wrap each table in a focusable region named after the heading above it', async () => {
    const html = await render(`## Compared with WebSocket\n\nText.\n\n${table('Feature')}`);
    expect(frameNames(html)).toEqual(['Compared with WebSocket']);
    expect(html).toMatch(/<\/table><\/div>/);
  });

  it('number a second table under the same heading, so no two regions share a name', async () => {
    const html = await render(`## Limits\n\n${table('A')}\n\n${table('B')}\n\n## Headers\n\n${table('C')}`);
    expect(frameNames(html)).toEqual(['Limits', 'Limits (2)', 'Headers']);
  });

  it('name a table before the first heading by its column headers', async () => {
    expect(frameNames(await render(table('Feature')))).toEqual(['Feature, SSE, WebSocket']);
  });

  it('take the heading text without its markup, and escape quotes in the name', async () => {
    const html = await render(`### The \`"retry"\` field & *you*\n\n${table('x')}`);
    expect(frameNames(html)).toEqual(['The &quot;retry&quot; field &amp; you']);
  });

  it('mark the cells of a column that is short in every row, and only those', async () => {
    const html = await render('| Value | Constant | Entered when |\n| --- | --- | --- |\n| `0` | `CONNECTING` | the constructor runs, and again on every reconnect |\n| `2` | `CLOSED` | close() |\n');
    const cells = [...html.matchAll(/<(th|td)(?=[ >])( class="([^"]*)")?[^>]*>([^<]*(?:<code>[^<]*<\/code>)?[^<]*)</g)].map((m) => [m[4], m[3] ?? '']);
    expect(cells).toEqual([
      ['Value', 'table-cell-short'],
      ['Constant', 'table-cell-short'],
      ['Entered when', ''],
      ['<code>0</code>', 'table-cell-short'],
      ['<code>CONNECTING</code>', 'table-cell-short'],
      ['the constructor runs, and again on every reconnect', ''],
      ['<code>2</code>', 'table-cell-short'],
      ['<code>CLOSED</code>', 'table-cell-short'],
      ['close()', ''],
    ]);
  });

  it('leave a page without tables as it is', async () => {
    const markdown = '## Heading\n\nJust text.\n';
    expect(await render(markdown)).toBe(await render(markdown, false));
  });
});
