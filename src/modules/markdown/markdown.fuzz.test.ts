import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARTICLE_BODY_MARKUP, hostileText, typedTag, unsafeMarkup } from '../../../test/helpers/html-safety.js';
import { renderBody } from './markdown.render.js';
import { bodyToText } from './markdown.text.js';

/*
 * Property tests: whatever an author (or an import) puts in a body, the
 * renderer answers, and its HTML holds only the elements and attributes the
 * body format documents (docs/writing.md), with no script-bearing URL. The
 * seed changes from run to run; a failure prints it and the smallest input.
 */

const ALLOWED = ARTICLE_BODY_MARKUP;

/** Links and images keep only these schemes (markdown.render.ts), or none (relative). */
const SCHEMES = new Set(['', 'http', 'https', 'mailto', 'tel']);

function schemes(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|cite)="([^"]*)"/g)].map((m) => {
    const url = m[1]!
      .replace(/&amp;/g, '&')
      .replace(/[\t\n\r]/g, '')
      .replace(/^[\u0000-\u0020]+/, '');
    const colon = url.indexOf(':');
    const delimiter = url.search(/[/?#]/);
    return colon === -1 || (delimiter !== -1 && delimiter < colon) ? '' : url.slice(0, colon).toLowerCase();
  });
}

function expectSafe(markdown: string): void {
  const html = renderBody(markdown, { imageSize: () => ({ width: 640, height: 480 }) });
  expect(unsafeMarkup(html, ALLOWED)).toEqual([]);
  for (const s of schemes(html)) expect(SCHEMES.has(s), `scheme "${s}" in ${html}`).toBe(true);
  expect(typeof bodyToText(markdown)).toBe('string');
}

/** Generous: a busy machine runs these several times slower than an idle one. */
const TIMEOUT = 30_000;

describe('renderBody on arbitrary input', () => {
  it(
    'renders any Unicode string safely',
    () => {
      fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })), expectSafe), { numRuns: 300 });
    },
    TIMEOUT,
  );

  it(
    'renders text mixing Markdown, HTML, dangerous URLs, entities and control characters safely',
    () => {
      fc.assert(fc.property(hostileText, expectSafe), { numRuns: 600 });
    },
    TIMEOUT,
  );

  it(
    'renders the same text inside every block a body can have safely',
    () => {
      const wrap = fc.constantFrom(
        (s: string) => s,
        (s: string) => `> ${s}\n> — [Source](https://example.com)`,
        (s: string) => `> [!pullquote]\n> ${s}\n> — ${s}`,
        (s: string) => `# ${s}`,
        (s: string) => `- ${s}\n  - ${s}`,
        (s: string) => `| ${s} | x |\n|:-:|--:|\n| ${s} | y |`,
        (s: string) => `![${s}](/media/a.jpg "${s} | ${s}")`,
        (s: string) => `**${s}**`,
      );
      fc.assert(
        fc.property(wrap, hostileText, (w, s) => expectSafe(w(s))),
        { numRuns: 400 },
      );
    },
    TIMEOUT,
  );

  it(
    'shows every tag an author typed as text, escaped',
    () => {
      fc.assert(
        fc.property(typedTag, (tag) => {
          const html = renderBody(`Before ${tag} after`);
          // The name up to its first hyphen: the typographer may turn "--" into a dash.
          const name = /^<\/?([a-zA-Z0-9]+)/.exec(tag)![1]!;
          const typedStart = tag.startsWith('</') ? `&lt;/${name}` : `&lt;${name}`;
          expect(html).toContain(typedStart);
          expect(unsafeMarkup(html, ALLOWED)).toEqual([]);
        }),
        { numRuns: 300 },
      );
    },
    TIMEOUT,
  );

  it(
    'survives long and deeply nested input',
    () => {
      const deep = fc.tuple(fc.constantFrom('> ', '- ', '* ', '1. ', '[', '*', '_', '`', '**'), fc.integer({ min: 100, max: 3000 }), hostileText).map(([piece, n, s]) => piece.repeat(n) + s);
      fc.assert(fc.property(deep, expectSafe), { numRuns: 20 });
    },
    TIMEOUT,
  );
});
