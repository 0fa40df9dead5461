/**
 * The build log should hold only warnings someone has to act on. This filter
 * drops exactly one warning known to be harmless and passes every other one on.
 *
 * Astro 7.3 generates a small module for each content page it renders
 * (`<page>.mdx?astroPropagatedAssets`) that starts with the directive
 * `"use astro:head-inject"`. Rolldown warns (MODULE_LEVEL_DIRECTIVE) that it
 * may not keep such a directive when bundling. Nothing reads it any more:
 * Astro finds these modules by the `?astroPropagatedAssets` query in their id
 * (astro/dist/vite-plugin-head, since withastro/astro#17095), so dropping the
 * directive changes nothing. Reported upstream as withastro/astro#18087; once
 * Astro stops emitting the directive, this filter has nothing left to drop.
 */

/** The fields of a Rolldown log this filter reads. */
export interface BuildLog {
  code?: string;
  message: string;
  id?: string;
}

export function isHarmlessHeadInjectWarning(log: BuildLog): boolean {
  return (
    log.code === 'MODULE_LEVEL_DIRECTIVE' &&
    log.message.includes('"use astro:head-inject"') &&
    (log.id ?? log.message).includes('?astroPropagatedAssets')
  );
}

/**
 * A Vite plugin whose Rolldown `onLog` hook drops that warning in every
 * environment Astro builds: returning false filters a log, true keeps it.
 */
export function dropHarmlessBuildWarnings(): { name: string; onLog(level: string, log: BuildLog): boolean } {
  return {
    name: 'sse-handbook:drop-harmless-build-warnings',
    onLog: (level, log) => !(level === 'warn' && isHarmlessHeadInjectWarning(log)),
  };
}
