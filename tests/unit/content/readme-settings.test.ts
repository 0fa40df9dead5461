/**
 * Each numeric setting's default and range are written three times for three
 * readers: `defaultConfig` and `integerSettings` in src/server/config.ts
 * (what the code does), the setting's doc comment (an editor's hover), and
 * the README's configuration table (an operator). The code is the source;
 * this test fails when either copy says something else.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig, integerSettings } from '../../../src/server/config.ts';

const readme = readFileSync('README.md', 'utf8');
const configSource = readFileSync('src/server/config.ts', 'utf8');

/** "1,000,000" → 1000000, "64 MiB" → 67108864, "256 KiB" → 262144. */
function parseFigure(text: string): number {
  const match = /^([\d,]+)\s*(KiB|MiB)?$/.exec(text.trim());
  if (!match) throw new Error(`not a figure: "${text}"`);
  const unit = match[2] === 'MiB' ? 1024 * 1024 : match[2] === 'KiB' ? 1024 : 1;
  return Number(match[1]!.replaceAll(',', '')) * unit;
}

function readmeRow(variable: string): { default: number; min: number; max: number } {
  const row = readme.split('\n').find((line) => line.startsWith(`| \`${variable}\` |`));
  if (!row) throw new Error(`README.md's configuration table has no row for ${variable}`);
  const [, defaultCell, rangeCell] = row.split('|').slice(1).map((cell) => cell.trim());
  const [min, max] = rangeCell!.split('–');
  return { default: parseFigure(defaultCell!.replaceAll('`', '')), min: parseFigure(min!), max: parseFigure(max!) };
}

/** The figure in "(SSE_X, default 256 KiB)" of the setting's doc comment. */
function documentedDefault(variable: string): number {
  const match = new RegExp(`\\(${variable}, default ([^):;]+)[):;]`).exec(configSource);
  if (!match) throw new Error(`the doc comment in config.ts does not state ${variable}'s default as "(${variable}, default …)"`);
  return parseFigure(match[1]!);
}

describe('settings: README and doc comments agree with config.ts', () => {
  for (const setting of integerSettings) {
    it(`${setting.variable}: default ${defaultConfig[setting.key]}, range ${setting.min}–${setting.max}`, () => {
      expect(readmeRow(setting.variable)).toEqual({ default: defaultConfig[setting.key], min: setting.min, max: setting.max });
      expect(documentedDefault(setting.variable)).toBe(defaultConfig[setting.key]);
    });
  }
});
