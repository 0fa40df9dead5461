/**
 * `npm run lighthouse`: audits every page of the production build, in both
 * languages, with Lighthouse's mobile settings (throttled 4G, a mid-range
 * phone's CPU) in Debian's Chromium, and prints one table.
 *
 * Goal: performance >= 98 and 100 for accessibility, best practices and SEO
 * on every page; the script exits 1 when a page misses it. Not part of
 * `npm test`: one audit takes 10-20 s of both cores, and scores vary by a
 * point or two between runs.
 */
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumArgs, chromiumPath } from '../tests/helpers/chromium.ts';
import { allPagePaths } from '../tests/helpers/page-paths.ts';
import { startProductionServer } from '../tests/helpers/production-server.ts';

const GOALS: Readonly<Record<string, number>> = { performance: 98, accessibility: 100, 'best-practices': 100, seo: 100 };
const only = process.argv.slice(2);
const paths = only.length > 0 ? only : allPagePaths();

const server = await startProductionServer();
const chrome = await launch({
  chromePath: chromiumPath,
  chromeFlags: ['--headless=new', ...chromiumArgs],
});

const rows: Array<{ path: string; scores: Record<string, number>; misses: string[] }> = [];
try {
  for (const path of paths) {
    const result = await lighthouse(new URL(path.slice(1), server.url).href, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: Object.keys(GOALS),
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
    const scores = Object.fromEntries(
      Object.keys(GOALS).map((category) => [category, Math.round((result.lhr.categories[category]?.score ?? 0) * 100)]),
    );
    // What cost points, so a miss can be acted on without opening the report.
    const misses = Object.values(result.lhr.audits)
      .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'manual')
      .map((audit) => audit.id);
    rows.push({ path, scores, misses });
    console.log(`${path}: ${Object.values(scores).join(' / ')}`);
  }
} finally {
  chrome.kill();
  await server.stop();
}

const categories = Object.keys(GOALS);
console.log(`\n| page | ${categories.join(' | ')} | below 0.9 |\n| --- | ${categories.map(() => '---:').join(' | ')} | --- |`);
for (const { path, scores, misses } of rows) {
  console.log(`| ${path} | ${categories.map((category) => scores[category]).join(' | ')} | ${misses.join(', ')} |`);
}
const failing = rows.filter(({ scores }) => categories.some((category) => scores[category]! < GOALS[category]!));
console.log(`\n${rows.length - failing.length} of ${rows.length} pages meet the goal (${categories.map((c) => `${c} >= ${GOALS[c]}`).join(', ')}).`);
process.exitCode = failing.length > 0 ? 1 : 0;
