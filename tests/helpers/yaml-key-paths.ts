/**
 * The key paths and values of a simple YAML file, read line by line: what
 * the handbook's Kubernetes and Traefik files use (nested maps, lists of
 * scalars and of maps, plain or double-quoted scalars, `{}`), nothing more.
 * The repository has no YAML parser of its own; a line outside that subset,
 * a tab or an odd indentation throws, naming the line.
 *
 *   yamlValues(text, 'metadata > annotations > nginx.ingress.kubernetes.io/proxy-buffering')  // ['off']
 *   yamlValues(text, 'http > middlewares > compress-no-streams > compress > excludedContentTypes > -')
 *
 * Path segments are joined with ' > '; a list item is the segment '-'.
 */
const entry = /^(?:"([^"]+)"|([^\s"#:][^:#]*?)):(?:\s+(.*))?$/;

function scalar(value: string, line: string): string {
  const quoted = /^"([^"\\]*)"$/.exec(value);
  if (quoted) return quoted[1]!;
  if (/^["']/.test(value) || /\s#/.test(value)) throw new Error(`unsupported YAML value in: ${line}`);
  return value;
}

export function yamlEntries(text: string): Array<{ path: string; value: string }> {
  const entries: Array<{ path: string; value: string }> = [];
  const stack: Array<{ indent: number; key: string }> = [];
  const pathTo = (key: string) => [...stack.map((level) => level.key), key].join(' > ');
  for (const line of text.split('\n')) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (line.includes('\t')) throw new Error(`tab in YAML line: ${line}`);
    let indent = line.search(/\S/);
    let rest = line.slice(indent).replace(/\s+#.*$/, '');
    if (indent % 2 !== 0) throw new Error(`odd indentation in: ${line}`);
    const enter = (key: string, at: number) => {
      while (stack.length > 0 && stack.at(-1)!.indent >= at) stack.pop();
      stack.push({ indent: at, key });
    };
    if (rest.startsWith('- ')) {
      while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
      const item = rest.slice(2);
      if (!entry.test(item)) {
        entries.push({ path: pathTo('-'), value: scalar(item, line) });
        continue;
      }
      enter('-', indent);
      indent += 2;
      rest = item;
    }
    const match = entry.exec(rest);
    if (!match) throw new Error(`not a YAML key line: ${line}`);
    const key = match[1] ?? match[2]!.trim();
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
    if (match[3] !== undefined) entries.push({ path: pathTo(key), value: scalar(match[3], line) });
    else enter(key, indent);
  }
  return entries;
}

/** Every value at `path`, in file order. */
export function yamlValues(text: string, path: string): string[] {
  return yamlEntries(text)
    .filter((found) => found.path === path)
    .map((found) => found.value);
}
