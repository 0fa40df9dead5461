/**
 * Keeps Expressive Code's blocks out of the search index, frame and code
 * alike. Pagefind indexed a block's text as if it were prose: its header
 * ("Terminal window sudo nginx -t…" in an excerpt), and its code and English
 * comments, so a German query matched a comment ("Livedaten" → "long-lived
 * credential") and ordinary words matched identifiers ("STOP-Button" →
 * `stop()`). Pagefind skips every element marked `data-pagefind-ignore`
 * (https://pagefind.app/docs/indexing/), so this plugin marks each rendered
 * block. Inline code in the prose is no Expressive Code block and stays
 * indexed: a directive or function name is found where the text names it.
 */
import type { ExpressiveCodePlugin } from '@astrojs/starlight/expressive-code';

export function codeBlocksOutOfSearch(): ExpressiveCodePlugin {
  return {
    name: 'sse-handbook:code-blocks-out-of-search',
    hooks: {
      postprocessRenderedBlock: ({ renderData }) => {
        renderData.blockAst.properties['dataPagefindIgnore'] = '';
      },
    },
  };
}
