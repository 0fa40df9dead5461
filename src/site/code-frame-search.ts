/**
 * Keeps the chrome of Expressive Code's frames out of the search index. A
 * code block's frame has a header (the file name, or for a shell block the
 * screen-reader title "Terminal window") and a copy button; Pagefind
 * indexed their text with the code, so a search excerpt read "Terminal
 * window sudo nginx -t…". Pagefind skips every element marked
 * `data-pagefind-ignore` (https://pagefind.app/docs/indexing/), so this
 * Expressive Code plugin marks the header and the copy button of each block.
 * It runs after the frames plugin that renders them (Starlight puts the
 * site's plugins after its own).
 */
import type { ExpressiveCodePlugin } from '@astrojs/starlight/expressive-code';
import type { Element, ElementContent } from 'hast';

const frameChrome = (node: Element): boolean => {
  const classes = node.properties['className'];
  const list = Array.isArray(classes) ? classes : [];
  return node.tagName === 'figcaption' || (node.tagName === 'div' && list.includes('copy'));
};

function markChrome(node: Element): void {
  if (frameChrome(node)) {
    node.properties['dataPagefindIgnore'] = '';
    return;
  }
  for (const child of node.children as ElementContent[]) if (child.type === 'element') markChrome(child);
}

export function codeFrameChromeOutOfSearch(): ExpressiveCodePlugin {
  return {
    name: 'sse-handbook:code-frame-chrome-out-of-search',
    hooks: {
      postprocessRenderedBlock: ({ renderData }) => markChrome(renderData.blockAst),
    },
  };
}
