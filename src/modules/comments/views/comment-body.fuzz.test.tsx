import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { hostileText, trickyUrl, typedTag, unsafeMarkup } from '../../../../test/helpers/html-safety.js';
import { CommentBody } from './comment-body.js';

/*
 * Property tests: a reader's comment is plain text whatever it holds. The
 * only markup in its HTML is the body's own (div, p, br, and http(s) links),
 * and every "<" the reader typed comes back as text. The seed changes from
 * run to run; a failure prints it and the smallest input.
 */

const ALLOWED = { elements: ['div', 'p', 'br', 'a'], attributes: ['class', 'href', 'rel'] };
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

const render = (text: string) => renderToString(<CommentBody text={text} />);

function expectPlainText(text: string): void {
  const html = render(text);
  expect(unsafeMarkup(html, ALLOWED)).toEqual([]);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const a of document.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^https?:\/\/[^\s<>"]+$/);
  // Every "<" typed is shown as text: escaped in the markup, once each.
  const typed = (text.replace(BIDI_CONTROLS, '').match(/</g) ?? []).length;
  expect((html.match(/&lt;/g) ?? []).length).toBe(typed);
  expect(document.body.textContent.includes('\u202E')).toBe(false);
}

/** Generous: a busy machine runs these several times slower than an idle one. */
const TIMEOUT = 30_000;

describe('CommentBody on arbitrary input', () => {
  it(
    'renders any Unicode string as plain text',
    () => {
      fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), expectPlainText), { numRuns: 300 });
    },
    TIMEOUT,
  );

  it(
    'renders text mixing HTML, Markdown, dangerous URLs, entities and control characters as plain text',
    () => {
      fc.assert(fc.property(hostileText, expectPlainText), { numRuns: 600 });
    },
    TIMEOUT,
  );

  it(
    'shows every tag a reader typed as text',
    () => {
      fc.assert(
        fc.property(typedTag, fc.constantFrom('', 'www.', 'https://example.com/', 'see https://example.com/x '), (tag, before) => {
          const html = render(`${before}${tag}`);
          expect(html).toContain(`&lt;${tag.slice(1, 3).replace(/&/g, '&amp;')}`);
          expect(unsafeMarkup(html, ALLOWED)).toEqual([]);
        }),
        { numRuns: 300 },
      );
    },
    TIMEOUT,
  );

  it(
    'links only http(s) addresses, whatever surrounds them',
    () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(trickyUrl, hostileText), { maxLength: 6 }), (parts) => expectPlainText(parts.join(' '))),
        { numRuns: 300 },
      );
    },
    TIMEOUT,
  );
});
