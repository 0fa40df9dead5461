import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `folder` (recursively) whose name matches `name`, as paths relative to `folder`, sorted. */
export function filesUnder(folder: string, name: RegExp): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return walk(path);
      return name.test(entry) ? [relative(folder, path)] : [];
    });
  return walk(folder).sort();
}
