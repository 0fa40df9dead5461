/**
 * Wraps every table of a guide in a frame that scrolls sideways on its own.
 *
 * A comparison table with five columns is wider than a phone. Without a
 * frame the reader sees the first columns and nothing says there are more.
 * The frame (styled in src/styles/site.css: shadows at the edge that still
 * hides columns) is a keyboard-focusable scroll region, as WCAG 2.1.1 and
 * axe's `scrollable-region-focusable` rule ask, so it needs an accessible
 * name: the heading the table belongs to, or, before the first heading, its
 * column headers. A second table under the same heading gets a number, so no
 * two regions of a page share a name.
 *
 * It is a hast plugin for Sätteri, Astro 7's Markdown processor, run after
 * Starlight's own plugins (the headings carry their ids and final text then).
 */

// Types only: Sätteri runs inside Astro's build; this module never loads it.
import type { HastPluginDefinition, HastVisitorContext } from 'satteri';
import type { Element, ElementContent } from 'hast';

/** The class site.css styles the frame by. */
const tableScrollClass = 'table-scroll';

/**
 * The class of every cell in a column whose cells are all short (a status
 * code, a version, a constant such as CONNECTING). site.css lets such a
 * column shrink to its content on a phone, so the minimum width it gives the
 * other columns goes to the one with the sentences.
 */
const shortCellClass = 'table-cell-short';
const shortCellLength = 14;

const headingTags = ['h2', 'h3', 'h4', 'h5', 'h6'];

/** The wrapper is given as raw HTML (Sätteri parses it into the one element that wraps the table). */
function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function isElement(node: ElementContent, ...tagNames: string[]): node is Element {
  return node.type === 'element' && (tagNames.length === 0 || tagNames.includes(node.tagName));
}

function firstRow(node: Element): Element | undefined {
  for (const child of node.children) {
    if (!isElement(child)) continue;
    if (child.tagName === 'tr') return child;
    const row = firstRow(child);
    if (row) return row;
  }
  return undefined;
}

/** "Feature, SSE, WebSocket": the cells of the table's first row. */
function columnHeaders(table: Element, context: HastVisitorContext): string {
  const cells = (firstRow(table)?.children ?? []).filter((cell) => isElement(cell, 'th', 'td'));
  return cells.map((cell) => normalizeSpace(context.textContent(cell))).filter(Boolean).join(', ');
}

/** Every row of the table, in order: the header row and the body rows. */
function rows(node: Element): Element[] {
  return node.children.flatMap((child) => {
    if (!isElement(child)) return [];
    return child.tagName === 'tr' ? [child] : rows(child);
  });
}

/** Marks the cells of each column whose text is short in every row (see shortCellClass). */
function markShortColumns(table: Element, context: HastVisitorContext): void {
  const grid = rows(table).map((row) => row.children.filter((cell): cell is Element => isElement(cell, 'th', 'td')));
  const columns = Math.max(0, ...grid.map((cells) => cells.length));
  for (let column = 0; column < columns; column++) {
    const cells = grid.map((row) => row[column]).filter((cell): cell is Element => cell !== undefined);
    if (cells.every((cell) => normalizeSpace(context.textContent(cell)).length <= shortCellLength)) {
      for (const cell of cells) context.setProperty(cell, 'className', [shortCellClass]);
    }
  }
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A fresh plugin per document: the visitor sees its headings and tables in document order. */
export function tableScrollPlugin(): HastPluginDefinition {
  let heading = '';
  const namesUsed = new Map<string, number>();
  return {
    name: 'sse-handbook:table-scroll',
    element: {
      filter: [...headingTags, 'table'],
      visit(node, context) {
        if (node.tagName !== 'table') {
          heading = normalizeSpace(context.textContent(node));
          return;
        }
        const base = heading || columnHeaders(node, context);
        const count = (namesUsed.get(base) ?? 0) + 1;
        namesUsed.set(base, count);
        const name = count === 1 ? base : `${base} (${count})`;
        markShortColumns(node, context);
        context.wrapNode(node, {
          raw: `<div class="${tableScrollClass}" role="region" tabindex="0" aria-label="${escapeAttribute(name)}"></div>`,
        });
      },
    },
  };
}
