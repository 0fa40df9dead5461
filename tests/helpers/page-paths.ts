import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const docsRoot = 'content/docs';

function pageFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return pageFiles(path);
    return /\.mdx?$/.test(name) ? [relative(docsRoot, path)] : [];
  });
}

/** The URL path of every page of the site, both languages: `/`, `/de/start/quick-start/`, … */
export function allPagePaths(): string[] {
  return pageFiles(docsRoot).map((file) => {
    const slug = file.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
    return slug === '' ? '/' : `/${slug}/`;
  });
}
