/**
 * Plain text from an article body, for excerpts, feeds, search and the
 * pre-publish checks: the body as the renderer reads it, without markup.
 */
import { parseBody } from './markdown.render.js';
import { inlineText } from './markdown.tokens.js';

/**
 * Plain-text version of a body (for excerpts, feeds, search): no markup,
 * collapsed whitespace. Text of paragraphs, headings, lists, quotes (with
 * their attribution), tables and code is kept; images (alt text and
 * captions) are left out. Typographic replacements apply (curly quotes,
 * dashes). The result is not HTML-escaped.
 */
export function bodyToText(markdown: string): string {
  const tokens = parseBody(markdown);
  const parts: string[] = [];
  for (const t of tokens) {
    if (t.type === 'inline') parts.push(inlineText(t.children ?? []));
    else if (t.type === 'fence' || t.type === 'code_block') parts.push(t.content);
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * First `maxChars` characters of bodyToText, cut at a word boundary with an
 * ellipsis "…" when cut. The text before the ellipsis is at most `maxChars`
 * characters long; trailing punctuation such as "," or ":" before the
 * ellipsis is dropped. A single word longer than `maxChars` is cut mid-word.
 */
export function excerptFrom(markdown: string, maxChars = 200): string {
  if (Number.isNaN(maxChars) || maxChars < 0) throw new RangeError(`maxChars must be >= 0, got ${maxChars}`);
  const text = bodyToText(markdown);
  if (text.length <= maxChars) return text;
  const limit = Math.floor(maxChars);
  if (limit === 0) return '';

  let cut: string;
  if (text[limit] === ' ') {
    cut = text.slice(0, limit);
  } else {
    const head = text.slice(0, limit);
    const space = head.lastIndexOf(' ');
    cut = space > 0 ? head.slice(0, space) : head;
    // Do not leave half of a surrogate pair behind a mid-word cut.
    if (space <= 0 && /[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  }
  cut = cut.replace(/[\s,;:\u2013\u2014-]+$/, '');
  return `${cut}\u2026`;
}

/** The address of every image a body shows (`![alt](src …)`), so their sizes can be looked up before rendering. */
export function bodyImageUrls(markdown: string): string[] {
  return [...markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1]!);
}
