import { filesUnder } from './files.ts';

/** Every page's source file, both languages, relative to content/docs: `start/quick-start.mdx`, `de/index.mdx`, … */
export function pageFiles(): string[] {
  return filesUnder('content/docs', /\.mdx?$/);
}

/** The URL path of every page of the site, both languages: `/`, `/de/start/quick-start/`, … */
export function allPagePaths(): string[] {
  return pageFiles().map((file) => {
    const slug = file.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
    return slug === '' ? '/' : `/${slug}/`;
  });
}
