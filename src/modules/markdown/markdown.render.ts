/**
 * Article body renderer.
 *
 * Bodies are CommonMark (plus GFM tables and ~~strikethrough~~, linkify and
 * typographic replacements, except that "(c)", "(tm)" and "(r)" are left as
 * typed) with a few news blocks (news-blocks.ts) layered on top as a
 * markdown-it core rule that post-processes the token stream (after
 * `linkify`, before the typographic rules).
 *
 * Safety: raw HTML is never passed through (`html: false`, it is escaped), and
 * link/image URLs are checked against an allow-list of schemes (http, https,
 * mailto, tel, or no scheme at all, i.e. relative). A link with any other URL
 * is unwrapped to its text, an image is replaced by its alt text, and an
 * autolink (`<scheme:…>`, whose text is the address itself) is removed.
 */
import MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';
import { matchingClose } from './markdown.tokens.js';
import { type ImageInfo, type RenderEnv, renderImage, transformParagraphsAndHeadings, transformQuotes } from './news-blocks.js';

export interface RenderOptions {
  /**
   * Look up intrinsic size of an image by its src; undefined when unknown.
   * Receives the src as it appears in the output `src` attribute (markdown-it
   * percent-encodes unusual characters, e.g. a space becomes `%20`).
   */
  imageSize?: (src: string) => ImageInfo | undefined;
}

// ---------------------------------------------------------------------------
// Core rule: URL safety
// ---------------------------------------------------------------------------

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/**
 * True when `url` may be used as an href/src. Browsers ignore leading C0
 * controls/spaces and tabs/newlines anywhere when parsing a URL, so those are
 * removed before the scheme is read. Anything with a colon before the first
 * "/", "?" or "#" is treated as having a scheme (as browsers do), and the
 * scheme must be on the allow-list.
 */
function isAllowedUrl(url: string): boolean {
  const s = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const colon = s.indexOf(':');
  if (colon === -1) return true;
  const delimiter = s.search(/[/?#]/);
  if (delimiter !== -1 && delimiter < colon) return true;
  return ALLOWED_SCHEMES.has(s.slice(0, colon).toLowerCase());
}

/** Drops empty text tokens and links/images whose URL is not allowed (see isAllowedUrl). */
function sanitizeInline(children: Token[]): Token[] {
  const out: Token[] = [];
  const skip = new Set<number>();
  for (let i = 0; i < children.length; i++) {
    if (skip.has(i)) continue;
    const t = children[i]!;
    // Emphasis post-processing leaves empty text tokens around delimiters.
    if (t.type === 'text' && t.content === '') continue;
    if (t.type === 'link_open' && !isAllowedUrl(t.attrGet('href') ?? '')) {
      const close = matchingClose(children, i);
      if (t.markup === 'autolink') {
        // The link text is the address itself: drop the whole thing.
        if (close === -1) continue;
        i = close;
        continue;
      }
      if (close !== -1) skip.add(close);
      continue;
    }
    if (t.type === 'image') {
      if (!isAllowedUrl(t.attrGet('src') ?? '')) {
        out.push(...sanitizeInline(t.children ?? []));
        continue;
      }
      if (t.children) t.children = sanitizeInline(t.children);
    }
    out.push(t);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Core rule: typography
// ---------------------------------------------------------------------------

const SCOPED_ABBR_TEST = /\((?:c|tm|r)\)/i;
/** Splits before the "(" of "(c)", "(tm)", "(r)" (case-insensitive). */
const SCOPED_ABBR_SPLIT = /\((?=(?:c|tm|r)\))/i;

/**
 * markdown-it's typographer turns "(c)", "(tm)" and "(r)" into ©, ™ and ®,
 * which mangles party labels ("Sen. Jane Doe (R)") and enumerations
 * ("(a), (b) and (c)"). Its `replacements` rule only looks inside `text`
 * tokens, so the "(" of each such group is moved into a `text_special`
 * token, which the later `text_join` rule merges back into plain text. The
 * other replacements (dashes, ellipsis, curly quotes) are unaffected.
 */
function protectAbbreviations(state: StateCore, children: Token[]): Token[] {
  if (!children.some((t) => t.type === 'text' && SCOPED_ABBR_TEST.test(t.content))) return children;
  const out: Token[] = [];
  for (const t of children) {
    if (t.type !== 'text' || !SCOPED_ABBR_TEST.test(t.content)) {
      out.push(t);
      continue;
    }
    const parts = t.content.split(SCOPED_ABBR_SPLIT);
    parts.forEach((part, n) => {
      if (n > 0) {
        const paren = new state.Token('text_special', '', 0);
        paren.content = '(';
        paren.level = t.level;
        out.push(paren);
      }
      if (part !== '') {
        const text = new state.Token('text', '', 0);
        text.content = part;
        text.level = t.level;
        out.push(text);
      }
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// The markdown-it instance
// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// Core rule: table alignment as classes
// ---------------------------------------------------------------------------

const ALIGNMENT = /^text-align:(left|center|right)$/;

/**
 * markdown-it aligns a table column (`|:--|--:|`) with a `style` attribute on
 * each cell, which the content security policy (no inline styles) blocks and
 * which would be the only inline style on the site: the alignment becomes a
 * class (`align-left`, `align-center`, `align-right`) that site.css styles.
 */
function alignmentClass(t: Token): void {
  if (t.type !== 'th_open' && t.type !== 'td_open') return;
  const style = t.attrGet('style');
  if (style === null) return;
  t.attrs = (t.attrs ?? []).filter(([name]) => name !== 'style');
  const m = ALIGNMENT.exec(style);
  if (m) t.attrJoin('class', `align-${m[1]}`);
}

/** The core rule: unsafe URLs out, then the news blocks, then "(c)", "(tm)", "(r)" kept as typed. */
function newsBlocks(state: StateCore): void {
  const tokens = state.tokens;
  for (const t of tokens) {
    if (t.type === 'inline' && t.children) t.children = sanitizeInline(t.children);
    alignmentClass(t);
  }
  transformQuotes(state);
  transformParagraphsAndHeadings(state);
  for (const t of tokens) {
    if (t.type === 'inline' && t.children) t.children = protectAbbreviations(state, t.children);
  }
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
// URLs are checked by sanitizeInline after parsing, so that a link with a
// disallowed URL still parses as a link (and is then unwrapped to its text)
// instead of being left in the output as literal `[text](javascript:…)`.
md.validateLink = () => true;
md.core.ruler.after('linkify', 'broadsheet_news_blocks', newsBlocks);
md.renderer.rules.image = renderImage;

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/** Render an article body (Markdown) to safe HTML. */
export function renderBody(markdown: string, options?: RenderOptions): string {
  const env: RenderEnv = { imageSize: options?.imageSize };
  return md.render(markdown, env);
}

/** The token stream of a body as the renderer reads it (news blocks and typography applied). */
export function parseBody(markdown: string): Token[] {
  return md.parse(markdown, {});
}
