/**
 * How every part of the project starts Debian's Chromium: Playwright's
 * tests, the Apache browser test, the load benchmark and the Lighthouse
 * audit. Playwright cannot download a browser of its own here.
 */
import { systemBinaries } from './system-packages.ts';

export const chromiumPath = systemBinaries.chromium.path;

/**
 * As root the sandbox cannot start; the rest keeps Chromium off the
 * network, which is closed on these machines (without them it retries
 * Google's hosts at every start, many connections at a time).
 */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
