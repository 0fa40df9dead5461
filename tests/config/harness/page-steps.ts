/**
 * The setup steps of a page, in the order the page gives them, read from the
 * page itself (an .mdx under content/docs/):
 *
 *   const steps = pageSteps('content/docs/infrastructure/nginx.mdx', { section: 'fpmConf' });
 *   // [{ kind: 'save', destination: '/etc/nginx/sites-available/sse.example.com', file: 'nginx/sse-php-fpm.conf' },
 *   //  { kind: 'save', destination: '/etc/php/8.2/fpm/pool.d/sse.conf', file: 'php/pool-sse.conf' }, …
 *   //  { kind: 'run', file: 'nginx/steps-php-fpm.sh' }]
 *
 * A step is what the page tells the reader to do with one of its snippet
 * files, at the place where it first says so:
 * - **save**: a code block titled with an absolute path (the file goes
 *   there), or that path in backticks (`Save it as /etc/…`): the snippet
 *   whose destination it is (its title on a setup page, or the path in its
 *   first comment line), preferring one shown in the same section.
 * - **run**: a shell file shown in a code block (`enable-modules.sh`,
 *   `steps-*.sh`). `install.sh` is not run: it installs the packages the
 *   test machine already has.
 * Everything else (a backend script, a broken example) is no step.
 *
 * `section` limits the walk to the `<TabItem>` that shows that import (the
 * nginx page's two tabs are two ways to set up the server); without it the
 * whole page is one walk. A page that says "run X" before it says where the
 * file X needs goes gives a sequence that fails when a test runs it.
 */
import { readFileSync } from 'node:fs';
import { snippet } from '../../helpers/snippets.ts';

export type PageStep =
  | { kind: 'save'; destination: string; file: string }
  | { kind: 'run'; file: string };

/** The setup pages: every code block titled with an absolute path there names where its file goes. */
export const setupPages = [
  'content/docs/infrastructure/nginx.mdx',
  'content/docs/infrastructure/apache-php-fpm.mdx',
  'content/docs/servers/php.mdx',
];

const notRun = new Set(['apache/install.sh']);

interface CodeBlock {
  index: number;
  file: string;
  title: string;
}

function imports(page: string): Map<string, string> {
  return new Map([...page.matchAll(/^import (\w+) from '~\/snippets\/([^?']+)\?raw';$/gm)].map((m) => [m[1]!, m[2]!]));
}

function codeBlocks(page: string): CodeBlock[] {
  const files = imports(page);
  return [...page.matchAll(/<Code code=\{(\w+)\}[^>]*?title="([^"]+)"/g)].flatMap((m) => {
    const file = files.get(m[1]!);
    return file ? [{ index: m.index, file, title: m[2]! }] : [];
  });
}


/** Where a snippet goes: its first line, when that is a comment naming an absolute path. */
function headerDestination(file: string): string | undefined {
  return /^(?:#|;|\/\/) (\/\S+)\n/.exec(snippet(file))?.[1];
}

/** Every destination the setup pages name, with the snippets that go there. */
function destinations(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const add = (destination: string, file: string): void => {
    found.set(destination, (found.get(destination) ?? new Set()).add(file));
  };
  for (const path of setupPages) {
    for (const block of codeBlocks(readFileSync(path, 'utf8'))) {
      if (block.title.startsWith('/')) add(block.title, block.file);
      const header = headerDestination(block.file);
      if (header) add(header, block.file);
    }
  }
  return found;
}

function sectionOf(page: string, importName: string | undefined): { text: string; offset: number } {
  if (!importName) return { text: page, offset: 0 };
  const marker = `code={${importName}}`;
  const at = page.indexOf(marker);
  if (at < 0) throw new Error(`the page shows no ${marker}`);
  const start = page.lastIndexOf('<TabItem', at);
  const end = page.indexOf('</TabItem>', at);
  if (start < 0 || end < 0) throw new Error(`${marker} is not inside a <TabItem>`);
  return { text: page.slice(start, end), offset: start };
}

export function pageSteps(pagePath: string, { section }: { section?: string } = {}): PageStep[] {
  const page = readFileSync(pagePath, 'utf8');
  const { text, offset } = sectionOf(page, section);
  const blocks = codeBlocks(page).filter((block) => block.index >= offset && block.index < offset + text.length);
  const shownHere = new Set(blocks.map((block) => block.file));
  const known = destinations();

  const found: Array<{ index: number; step: PageStep }> = [];
  const save = (index: number, destination: string): void => {
    const candidates = [...(known.get(destination) ?? [])];
    const here = candidates.filter((file) => shownHere.has(file));
    const choice = here.length > 0 ? here : candidates;
    if (choice.length !== 1) {
      throw new Error(`${pagePath}: which file goes to ${destination}? ${choice.join(', ') || 'none'}`);
    }
    found.push({ index, step: { kind: 'save', destination, file: choice[0]! } });
  };
  for (const block of blocks) {
    if (block.title.startsWith('/')) save(block.index, block.title);
    else if (block.file.endsWith('.sh') && !notRun.has(block.file)) {
      found.push({ index: block.index, step: { kind: 'run', file: block.file } });
    }
  }
  for (const match of text.matchAll(/`(\/[^`\s]+)`/g)) {
    if (known.has(match[1]!)) save(offset + match.index, match[1]!);
  }
  // In page order; a file saved again later changes nothing.
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.index - b.index)
    .map(({ step }) => step)
    .filter((step) => {
      const key = step.kind === 'save' ? `save ${step.destination}` : `run ${step.file}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
