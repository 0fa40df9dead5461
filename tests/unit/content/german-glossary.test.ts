/**
 * Keeps the German pages and UI strings to one term per concept. The terms
 * and the spellings to avoid live in content/i18n/GLOSSARY.de.md, the one
 * place writers read; this test reads the "Nicht schreiben" column of its
 * table and fails when any of those spellings appears in German prose.
 */
import { readFileSync } from 'node:fs';
import { filesUnder } from '../../helpers/files.ts';
import { describe, expect, it } from 'vitest';

const glossaryPath = 'content/i18n/GLOSSARY.de.md';

interface Term {
  term: string;
  forbidden: string[];
}

/** The glossary table's rows: the term (first column) and the backticked spellings of the "Nicht schreiben" column. */
function readGlossary(): Term[] {
  const rows = readFileSync(glossaryPath, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  const header = rows[0] ?? [];
  const column = header.indexOf('Nicht schreiben');
  if (column < 0) throw new Error(`${glossaryPath}: no "Nicht schreiben" column`);
  return rows.slice(2).map((cells) => ({
    term: cells[0] ?? '',
    forbidden: [...(cells[column] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]!),
  }));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The quotations the glossary allows although they contain a forbidden
 * spelling: its lines of the form `- „…“: reason` (the literal translation of
 * a name, quoted once so that readers who search for it find the page).
 */
function readAllowedQuotations(): string[] {
  return readFileSync(glossaryPath, 'utf8')
    .split('\n')
    .flatMap((line) => /^- („[^“]+“):/.exec(line)?.[1] ?? []);
}

/**
 * The text without the allowed quotations, each matched with its quotation
 * marks and with any whitespace (a line break in the source) between its
 * words; line breaks stay, so line numbers in a failure still fit.
 */
function withoutAllowedQuotations(text: string): string {
  return allowedQuotations.reduce((rest, quotation) => {
    const pattern = new RegExp(quotation.split(/\s+/).map(escapeRegExp).join('\\s+'), 'g');
    return rest.replace(pattern, (found) => found.replace(/[^\n]/g, ''));
  }, text);
}

/**
 * The prose of an MDX page: without code blocks, inline code, imports and
 * exports, and link targets. Code blocks keep their line breaks, so line
 * numbers in a failure still point into the file.
 */
function prose(mdx: string): string {
  return mdx
    .replace(/^```[^]*?^```/gm, (block) => block.replace(/[^\n]/g, ''))
    .replace(/`[^`\n]*`/g, '')
    .replace(/^(import|export) .*$/gm, '')
    .replace(/\]\([^)]*\)/g, ']');
}

/**
 * Every place in `text` where `spelling` stands as a whole word (no letter,
 * digit or hyphen around it). A spelling written in lower case is found
 * capitalised too, as it stands at the start of a sentence ("Feuert, wenn …").
 */
function occurrences(text: string, spelling: string): number[] {
  const first = spelling.charAt(0);
  const capitalised = first.toUpperCase();
  const head = first !== capitalised && first === first.toLowerCase() ? `[${first}${capitalised}]` : escapeRegExp(first);
  const escaped = head + escapeRegExp(spelling.slice(1));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}-])${escaped}(?![\\p{L}\\p{N}-])`, 'gu');
  return [...text.matchAll(pattern)].map((match) => match.index);
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function germanPages(): string[] {
  return filesUnder('content/docs/de', /\.mdx?$/).map((file) => `content/docs/de/${file}`);
}

const glossary = readGlossary();
const allowedQuotations = readAllowedQuotations();
const forbidden = glossary.flatMap(({ term, forbidden: spellings }) => spellings.map((spelling) => ({ term, spelling })));

function violations(source: string, original: string): string[] {
  const text = withoutAllowedQuotations(original);
  return forbidden.flatMap(({ term, spelling }) =>
    occurrences(text, spelling).map((index) => `${source}:${lineOf(text, index)}: "${spelling}" (write "${term}")`),
  );
}

describe('the German glossary', () => {
  it('names the terms every German page must use, with the spellings to avoid', () => {
    const terms = glossary.map(({ term }) => term);
    for (const term of [
      'Reconnection-Zeit',
      'Website',
      'Abhängigkeiten',
      'Rohtext, Rohformat',
      'sich neu verbinden',
      'Response',
      'Nutzdaten',
      'Fehlerlabor, Fehlerlabore',
      'Buffering',
      'Datensalat',
      'der Timeout',
      'der Reset',
      'Limit',
    ]) {
      expect(terms).toContain(term);
    }
    expect(forbidden.map(({ spelling }) => spelling)).toEqual(
      expect.arrayContaining([
        'Reconnection Time',
        'Site',
        'Dependencies',
        'Wire-Text',
        'verbindet nicht neu',
        'HTTP-Antwort',
        'Nutzlast',
        'Fehler-Labs',
        'Pufferung',
        'Datenmüll',
        'das Timeout',
        'das Reset',
        'Echo-Endpunkt',
      ]),
    );
  });

  it('finds a forbidden spelling in prose, but not inside a longer word, in code or in a link target', () => {
    expect(violations('sample', 'Wartet die Reconnection Time ab.')).toHaveLength(1);
    expect(violations('sample', 'Dann verbindet nicht neu.')).toHaveLength(1);
    expect(violations('sample', 'Feuert, wenn der Stream beginnt.')).toHaveLength(1);
    expect(violations('sample', 'Cross-Site-Scripting auf der Website')).toEqual([]);
    expect(violations('sample', 'Das Timeout kam nach 60 s.')).toHaveLength(1);
    expect(violations('sample', 'Der Timeout kam, das Timeout-Verhalten blieb.')).toEqual([]);
    expect(violations('sample', prose('Der Code `const Site = 1` und [ein Link](/Site/).'))).toEqual([]);
  });

  it('allows a forbidden spelling only inside a quotation it lists as an exception', () => {
    expect(allowedQuotations).toEqual(['„vom Server gesendete Ereignisse“']);
    expect(violations('sample', 'Wörtlich heißt das „vom Server gesendete Ereignisse“.')).toEqual([]);
    expect(violations('sample', 'Wörtlich heißt das „vom Server\ngesendete Ereignisse“.')).toEqual([]);
    expect(violations('sample', 'Wörtlich heißt das vom Server gesendete Ereignisse.')).toHaveLength(1);
    expect(violations('sample', '„vom Server gesendete Ereignisse“, also Ereignisse.')).toHaveLength(1);
  });

  it('is followed by every German page', () => {
    const found = germanPages().flatMap((page) => violations(page, prose(readFileSync(page, 'utf8'))));
    expect(found).toEqual([]);
  });

  it('is followed by every German UI string', () => {
    const strings: Record<string, string> = JSON.parse(readFileSync('content/i18n/de.json', 'utf8'));
    const found = Object.entries(strings).flatMap(([key, value]) => violations(`de.json ${key}`, value));
    expect(found).toEqual([]);
  });
});
