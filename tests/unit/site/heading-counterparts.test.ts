import { describe, expect, it } from 'vitest';
import { headingCounterparts } from '../../../src/site/heading-counterparts.ts';

const heading = (depth: number, slug: string) => ({ depth, slug, text: slug });
const pages = { from: 'infrastructure/nginx', to: 'de/infrastructure/nginx' };

describe('the language switch’s map of sections', () => {
  it('pairs the headings of a page and its translation by position', () => {
    const english = [heading(2, 'the-configs'), heading(3, 'the-plain-reverse-proxy'), heading(2, 'further-reading')];
    const german = [heading(2, 'die-konfigurationen'), heading(3, 'der-einfache-reverse-proxy'), heading(2, 'weiterlesen')];
    expect(headingCounterparts(english, german, pages)).toEqual({
      'the-configs': 'die-konfigurationen',
      'the-plain-reverse-proxy': 'der-einfache-reverse-proxy',
      'further-reading': 'weiterlesen',
    });
  });

  it('refuses two pages whose outlines differ, naming both, so the build fails instead of mapping to the wrong section', () => {
    expect(() => headingCounterparts([heading(2, 'a'), heading(3, 'b')], [heading(2, 'a'), heading(2, 'b')], pages)).toThrow(
      /infrastructure\/nginx and de\/infrastructure\/nginx must have the same heading outline[^]*h2 h3\n {2}h2 h2/,
    );
    expect(() => headingCounterparts([heading(2, 'a')], [], pages)).toThrow(/same heading outline/);
  });
});
