import { existsSync, readdirSync } from 'node:fs';
import type { StarlightUserConfig } from '@astrojs/starlight/types';

type SidebarItem = NonNullable<StarlightUserConfig['sidebar']>[number];

/**
 * The sidebar follows the handbook's information architecture (start,
 * protocol, client, servers, infrastructure, troubleshooting, playground). A group
 * lists either every page of one folder of content/docs/ or named pages. The
 * labels have German translations here; the pages' own titles are already
 * translated. A group with no page yet is left out rather than shown empty:
 * the site never links to a page that does not exist.
 */
type Group = { label: string; de: string } & ({ directory: string } | { pages: string[] });

const groups: Group[] = [
  { directory: 'start', label: 'Start here', de: 'Erste Schritte' },
  { directory: 'protocol', label: 'Protocol', de: 'Protokoll' },
  { directory: 'client', label: 'Client', de: 'Client' },
  { directory: 'servers', label: 'Servers', de: 'Server' },
  { directory: 'infrastructure', label: 'Infrastructure', de: 'Infrastruktur' },
  { directory: 'troubleshooting', label: 'Troubleshooting', de: 'Fehlersuche' },
  { pages: ['playground', 'demos'], label: 'Playground & demos', de: 'Playground & Demos' },
];

const docs = new URL('../content/docs/', import.meta.url);

function folderHasPages(directory: string): boolean {
  const folder = new URL(`${directory}/`, docs);
  return existsSync(folder) && readdirSync(folder).some((name) => /\.mdx?$/.test(name));
}

function pageExists(slug: string): boolean {
  return ['.md', '.mdx'].some((extension) => existsSync(new URL(`${slug}${extension}`, docs)));
}

export const sidebar: SidebarItem[] = groups.flatMap((group): SidebarItem[] => {
  const translations = { de: group.de };
  if ('directory' in group) {
    if (!folderHasPages(group.directory)) return [];
    return [{ label: group.label, translations, items: [{ autogenerate: { directory: group.directory } }] }];
  }
  const pages = group.pages.filter(pageExists);
  return pages.length === 0 ? [] : [{ label: group.label, translations, items: pages }];
});
