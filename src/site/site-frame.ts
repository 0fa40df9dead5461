import type { AstroIntegration } from 'astro';
import type { HastPluginEntry } from 'satteri';
import { dropHarmlessBuildWarnings } from './build-warnings.ts';
import { tableScrollPlugin } from './table-scroll.ts';

/**
 * The site frame around the guides, as one integration. List it after
 * Starlight: its Markdown step must run after Starlight's.
 *
 * - A "page not found" page per language (Starlight's own 404 route knows
 *   only the default language; `disable404Route: true` turns it off). The
 *   English one is prerendered to dist/client/404.html, which @astrojs/node
 *   serves for every miss Astro does not route elsewhere. For a miss under
 *   /de/, Astro looks for a route /de/404; @astrojs/node 11 would answer a
 *   prerendered one with the root 404.html again (its error-page reader
 *   ignores the path), so the localized ones render on demand.
 * - Tables in the guides scroll sideways in a named, focusable frame
 *   (table-scroll.ts).
 * - The build log leaves out one known-harmless Rolldown warning
 *   (build-warnings.ts).
 */
export function siteFrame({ locales }: { locales: Readonly<Record<string, unknown>> }): AstroIntegration {
  return {
    name: 'sse-handbook:site-frame',
    hooks: {
      'astro:config:setup': ({ config, injectRoute, updateConfig }) => {
        injectRoute({ pattern: '/404', entrypoint: new URL('./routes/not-found.astro', import.meta.url) });
        const localizedNotFound = new URL('./routes/localized-not-found.astro', import.meta.url);
        for (const locale of Object.keys(locales).filter((key) => key !== 'root')) {
          injectRoute({ pattern: `/${locale}/404`, entrypoint: localizedNotFound });
        }

        const guides = new URL('content/docs/', config.srcDir).href;
        hastPluginsOf(config.markdown.processor).push(({ fileURL }) =>
          fileURL?.href.startsWith(guides) ? tableScrollPlugin() : undefined,
        );

        updateConfig({ vite: { plugins: [dropHarmlessBuildWarnings()] } });
      },
    },
  };
}

/** Sätteri, Astro 7's default Markdown processor, takes hast plugins in `options.hastPlugins`. */
function hastPluginsOf(processor: { name: string; options: object }): HastPluginEntry[] {
  const plugins = 'hastPlugins' in processor.options ? processor.options.hastPlugins : undefined;
  if (processor.name !== 'satteri' || !Array.isArray(plugins)) {
    throw new Error(
      `src/site/site-frame.ts adds its table step to Sätteri's hast plugins, but markdown.processor is "${processor.name}": port table-scroll.ts to it.`,
    );
  }
  return plugins as HastPluginEntry[];
}
