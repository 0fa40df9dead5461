/**
 * Pagefind's search dialog, loading the site's Pagefind API.
 *
 * Starlight's Search component builds `new PagefindUI({ bundlePath:
 * '/pagefind/', … })` and offers no option for the bundle's path, so
 * search-bundle.ts points the import of `@pagefind/default-ui` here. This
 * UI is Pagefind's own; it only loads pagefind.js from the folder next to
 * Pagefind's, where the build put the module that answers only for words on
 * a page (pagefind-words-on-pages.ts).
 */
import { PagefindUI as PagefindDefaultUI } from '@pagefind/default-ui/npm_dist/mjs/ui-core.mjs';
import { wordsOnPagesFolder } from './bundle-folder.ts';

export class PagefindUI extends PagefindDefaultUI {
  constructor(options: { bundlePath: string } & Record<string, unknown>) {
    super({ ...options, bundlePath: options.bundlePath.replace(/pagefind\/$/, `${wordsOnPagesFolder}/`) });
  }
}
