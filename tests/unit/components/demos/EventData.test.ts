import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { EventData } from '../../../../src/components/demos/EventData.tsx';

/** The rendered markup, with the quotes Preact escapes turned back for readable expectations. */
const render = (text: string): string => renderToString(h(EventData, { text })).replaceAll('&quot;', '"');

describe('event data in a demo pane', () => {
  it('keeps a timestamp in one unbreakable piece, with its closing bracket', () => {
    const html = render('{"i":1,"t":"2026-11-22T02:32:31.377Z"}');
    expect(html).toContain('<span class="sse-demo__token">"2026-11-22T02:32:31.377Z"}</span>');
  });

  it('offers a line break after each comma between JSON members, and nowhere inside a string', () => {
    const html = render('{"n":3,"field":"online","value":7}');
    expect(html).toBe(
      '<code class="sse-demo__data">{<span class="sse-demo__token">"n":</span>3,<wbr/><span class="sse-demo__token">"field":</span><span class="sse-demo__token">"online"</span>,<wbr/><span class="sse-demo__token">"value":</span>7}</code>',
    );
  });

  it('leaves text with spaces to break at its spaces', () => {
    expect(render('Message 4 has no event field')).toBe('<code class="sse-demo__data">Message 4 has no event field</code>');
    expect(render('{"title":"New comment on your post"}')).toContain('"New comment on your post"}');
    expect(render('{"title":"New comment on your post"}')).not.toContain('sse-demo__token">"New');
  });
});
