/**
 * Which heading of a page's translation is the same section: the basis of
 * the language switch keeping the reader's place (LanguageSelect.astro).
 *
 * Each language slugs its own headings (`#the-configs`, `#die-konfigurationen`),
 * so a section's anchor does not exist on the other page. Every guide has the
 * same outline in both languages, heading for heading, so the nth heading of
 * one page is the nth of the other. This pairs them by position and refuses
 * (failing the build) when the outlines differ, so a translation that gains
 * or loses a section is noticed instead of sending readers to the wrong one.
 */
export interface OutlineHeading {
  depth: number;
  slug: string;
  text: string;
}

/** `{ fromSlug: toSlug }` for every heading of `from`; throws when the two outlines differ. */
export function headingCounterparts(
  from: readonly OutlineHeading[],
  to: readonly OutlineHeading[],
  pages: { from: string; to: string },
): Record<string, string> {
  const outline = (headings: readonly OutlineHeading[]): string => headings.map((heading) => `h${heading.depth}`).join(' ');
  if (outline(from) !== outline(to)) {
    throw new Error(
      `${pages.from} and ${pages.to} must have the same heading outline (the language switch keeps the reader's section by position), but have\n  ${outline(from)}\n  ${outline(to)}`,
    );
  }
  return Object.fromEntries(from.map((heading, index) => [heading.slug, to[index]!.slug]));
}
