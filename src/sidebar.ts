import { existsSync, readdirSync } from 'node:fs';

/**
 * The sidebar follows the information architecture in DESIGN.md. Each group
 * lists the pages of one folder of content/docs/ (German labels below; the
 * pages' own titles are already translated). A group whose folder has no page
 * yet is left out rather than shown empty: the site never links to a page
 * that does not exist.
 */
const groups = [
  { directory: 'start', label: 'Start here', de: 'Erste Schritte' },
  { directory: 'protocol', label: 'Protocol', de: 'Protokoll' },
  { directory: 'client', label: 'Client', de: 'Client' },
  { directory: 'servers', label: 'Servers', de: 'Server' },
  { directory: 'infrastructure', label: 'Infrastructure', de: 'Infrastruktur' },
  { directory: 'troubleshooting', label: 'Troubleshooting', de: 'Fehlersuche' },
  { directory: 'tools', label: 'Playground & demos', de: 'Playground & Demos' },
] as const;

function hasPages(directory: string): boolean {
  const folder = new URL(`../content/docs/${directory}/`, import.meta.url);
  return existsSync(folder) && readdirSync(folder).some((name) => /\.mdx?$/.test(name));
}

export const sidebar = groups
  .filter((group) => hasPages(group.directory))
  .map((group) => ({
    label: group.label,
    translations: { de: group.de },
    items: [{ autogenerate: { directory: group.directory } }],
  }));
