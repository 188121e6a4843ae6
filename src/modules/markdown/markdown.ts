/**
 * Article body renderer.
 *
 * Bodies are CommonMark (plus GFM tables and ~~strikethrough~~, linkify and
 * typographic replacements, except that "(c)", "(tm)" and "(r)" are left as
 * typed) with a few news blocks layered on top as a markdown-it core rule
 * that post-processes the token stream (after `linkify`, before the
 * typographic rules):
 *
 * - attributed quote: a block quote whose last line is `— Source` or
 *   `— [Source](https://…)` (also `--`/`---` and `―`) becomes
 *   `figure.quote > blockquote[cite] + figcaption > cite`;
 * - pull quote: a block quote whose first line is `[!pullquote]` becomes
 *   `aside.pullquote > blockquote` (with an attribution:
 *   `aside.pullquote > figure > blockquote + figcaption > cite`);
 * - image figure: a paragraph holding nothing but one image becomes
 *   `figure.image > img + figcaption` (caption and credit from the title,
 *   split on the last " | ");
 * - emphasis paragraph: a paragraph that is one `**strong**` span gets
 *   `class="emphasis"`;
 * - headings are shifted down one level (`#` → `<h2>`, capped at `<h6>`).
 *
 * Safety: raw HTML is never passed through (`html: false`, it is escaped), and
 * link/image URLs are checked against an allow-list of schemes (http, https,
 * mailto, tel, or no scheme at all, i.e. relative). A link with any other URL
 * is unwrapped to its text, an image is replaced by its alt text, and an
 * autolink (`<scheme:…>`, whose text is the address itself) is removed.
 */
import MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';

export interface ImageInfo {
  width: number;
  height: number;
}

export interface RenderOptions {
  /**
   * Look up intrinsic size of an image by its src; undefined when unknown.
   * Receives the src as it appears in the output `src` attribute (markdown-it
   * percent-encodes unusual characters, e.g. a space becomes `%20`).
   */
  imageSize?: (src: string) => ImageInfo | undefined;
}

/** The markdown-it `env` object passed through parsing and rendering. */
interface RenderEnv {
  imageSize?: ((src: string) => ImageInfo | undefined) | undefined;
}

/** Marker put on image tokens that render as a `figure.image`. */
interface ImageMeta {
  figure?: boolean;
}

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const HTTP_URL = /^https?:\/\//i;
/** First line of a pull quote. */
const PULLQUOTE_MARKER = /^\s*\[!pullquote\]\s*$/i;
/** Start of an attribution line: em dash, horizontal bar, or two/three hyphens. */
const ATTRIBUTION_DASH = /^[ \t]*(?:\u2014|\u2015|-{2,3}(?!-))[ \t]*/;

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

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Index of the token closing the one opened at `open` (same list), or -1. */
function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    depth += t.nesting;
    if (depth === 0) return i;
  }
  return -1;
}

/** Text content of inline tokens: text and code, breaks as spaces, images and markup skipped. */
function inlineText(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
      case 'text_special':
      case 'code_inline':
        out += t.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        out += ' ';
        break;
      default:
        break;
    }
  }
  return out;
}

/** Alt text of an image: the text of its (inline) children, nested images included. */
function altText(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'image') out += altText(t.children ?? []);
    else out += inlineText([t]);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Core rule: URL safety
// ---------------------------------------------------------------------------

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
// Core rule: block quotes (pull quotes, attributions)
// ---------------------------------------------------------------------------

function blockToken(state: StateCore, type: string, tag: string, nesting: 1 | 0 | -1, like: Token): Token {
  const t = new state.Token(type, tag, nesting);
  t.block = true;
  t.level = like.level;
  t.map = like.map;
  return t;
}

/** Index of the first child after the last line break at the top level of `children` (0 if none). */
function lastLineStart(children: readonly Token[]): number {
  let depth = 0;
  let start = 0;
  for (let i = 0; i < children.length; i++) {
    const t = children[i]!;
    if (depth === 0 && (t.type === 'softbreak' || t.type === 'hardbreak')) start = i + 1;
    depth += t.nesting;
  }
  return start;
}

interface Attribution {
  /** Inline tokens of the source name (possibly a single link). */
  name: Token[];
  /** http(s) URL of the source, when the name is a link to one. */
  cite?: string;
}

/**
 * Reads an attribution line (the inline tokens of one line). Recognised when
 * the line starts with a dash and the rest is either one link and nothing
 * else, or contains no links or images at all. Returns null otherwise.
 */
function parseAttribution(state: StateCore, line: Token[]): Attribution | null {
  const first = line[0];
  if (first?.type !== 'text') return null;
  const dash = ATTRIBUTION_DASH.exec(first.content);
  if (!dash) return null;

  let name = line.slice(1);
  const rest = first.content.slice(dash[0].length);
  if (rest !== '') {
    const text = new state.Token('text', '', 0);
    text.content = rest;
    text.level = first.level;
    name = [text, ...name];
  }
  if (name.length === 0 || name.some((t) => t.type === 'image')) return null;
  if (inlineText(name).trim() === '') return null;

  const links = name.filter((t) => t.type === 'link_open').length;
  if (links === 0) return { name };
  const open = name[0]!;
  if (links !== 1 || open.type !== 'link_open' || matchingClose(name, 0) !== name.length - 1) return null;

  const href = open.attrGet('href') ?? '';
  if (HTTP_URL.test(href)) return { name, cite: href };
  // Only http(s) sources are linked; anything else is shown as a plain name.
  return { name: name.slice(1, -1) };
}

function transformQuote(state: StateCore, open: number): void {
  const tokens = state.tokens;
  const quote = tokens[open]!;
  let close = -1;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'blockquote_close' && t.level === quote.level) {
      close = i;
      break;
    }
  }
  if (close === -1) return;

  // Pull quote marker: the first line of the first paragraph.
  let pull = false;
  const firstInline = tokens[open + 2];
  if (tokens[open + 1]?.type === 'paragraph_open' && firstInline?.type === 'inline') {
    const children = firstInline.children ?? [];
    const marker = children[0];
    if (marker?.type === 'text' && PULLQUOTE_MARKER.test(marker.content)) {
      if (children.length === 1) {
        // The marker is a paragraph of its own; needs something after it.
        if (open + 4 < close) {
          tokens.splice(open + 1, 3);
          close -= 3;
          pull = true;
        }
      } else if (children[1]?.type === 'softbreak' || children[1]?.type === 'hardbreak') {
        firstInline.children = children.slice(2);
        pull = true;
      }
    }
  }

  // Attribution: the last line of the last paragraph, when that paragraph is
  // the quote's last child.
  let attribution: Attribution | null = null;
  const lastInline = tokens[close - 2];
  if (
    tokens[close - 1]?.type === 'paragraph_close' &&
    lastInline?.type === 'inline' &&
    tokens[close - 3]?.type === 'paragraph_open'
  ) {
    const children = lastInline.children ?? [];
    const start = lastLineStart(children);
    const ownParagraph = start === 0;
    // The quote must keep some content besides the attribution.
    if (!ownParagraph || close - 3 > open + 1) {
      attribution = parseAttribution(state, children.slice(start));
      if (attribution) {
        if (ownParagraph) {
          tokens.splice(close - 3, 3);
          close -= 3;
        } else {
          lastInline.children = children.slice(0, start - 1);
        }
      }
    }
  }

  if (!pull && !attribution) return;

  const closeTok = tokens[close]!;
  const before: Token[] = [];
  const after: Token[] = [];

  if (attribution) {
    if (attribution.cite !== undefined) quote.attrSet('cite', attribution.cite);
    const caption = new state.Token('inline', '', 0);
    caption.level = quote.level + 1;
    caption.map = quote.map;
    const dash = new state.Token('text', '', 0);
    dash.content = '\u2014 ';
    caption.children = [dash, new state.Token('cite_open', 'cite', 1), ...attribution.name, new state.Token('cite_close', 'cite', -1)];
    caption.content = inlineText(caption.children);
    after.push(blockToken(state, 'figcaption_open', 'figcaption', 1, quote), caption, blockToken(state, 'figcaption_close', 'figcaption', -1, closeTok));
  }

  if (pull) {
    const aside = blockToken(state, 'pullquote_open', 'aside', 1, quote);
    aside.attrSet('class', 'pullquote');
    before.push(aside);
    if (attribution) {
      // figcaption is only valid inside a figure.
      before.push(blockToken(state, 'figure_open', 'figure', 1, quote));
      after.push(blockToken(state, 'figure_close', 'figure', -1, closeTok));
    }
    after.push(blockToken(state, 'pullquote_close', 'aside', -1, closeTok));
  } else {
    const figure = blockToken(state, 'figure_open', 'figure', 1, quote);
    figure.attrSet('class', 'quote');
    before.push(figure);
    after.push(blockToken(state, 'figure_close', 'figure', -1, closeTok));
  }

  tokens.splice(close + 1, 0, ...after);
  tokens.splice(open, 0, ...before);
}

// ---------------------------------------------------------------------------
// Core rule: paragraphs and headings
// ---------------------------------------------------------------------------

function transformParagraphsAndHeadings(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'heading_open' || t.type === 'heading_close') {
      const level = Number(t.tag.slice(1));
      if (level >= 1 && level <= 6) t.tag = `h${Math.min(level + 1, 6)}`;
      continue;
    }
    if (t.type !== 'paragraph_open' || t.hidden) continue;
    const inline = tokens[i + 1];
    const closeTok = tokens[i + 2];
    if (inline?.type !== 'inline' || closeTok?.type !== 'paragraph_close') continue;
    const children = inline.children ?? [];
    const only = children.length === 1 ? children[0] : undefined;

    if (only?.type === 'image') {
      const figure = blockToken(state, 'figure_open', 'figure', 1, t);
      figure.attrSet('class', 'image');
      tokens[i] = figure;
      tokens[i + 2] = blockToken(state, 'figure_close', 'figure', -1, closeTok);
      only.meta = { ...(only.meta as ImageMeta | null), figure: true } satisfies ImageMeta;
    } else if (children[0]?.type === 'strong_open' && matchingClose(children, 0) === children.length - 1) {
      t.attrJoin('class', 'emphasis');
    }
  }
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

function newsBlocks(state: StateCore): void {
  const tokens = state.tokens;
  for (const t of tokens) {
    if (t.type === 'inline' && t.children) t.children = sanitizeInline(t.children);
  }
  // Innermost quotes first; edits only touch tokens at or after `i`.
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i]!.type === 'blockquote_open') transformQuote(state, i);
  }
  transformParagraphsAndHeadings(state);
  for (const t of tokens) {
    if (t.type === 'inline' && t.children) t.children = protectAbbreviations(state, t.children);
  }
}

// ---------------------------------------------------------------------------
// Renderer
// ---------------------------------------------------------------------------

function imageSize(env: RenderEnv | undefined, src: string): ImageInfo | undefined {
  const info = env?.imageSize?.(src);
  if (!info) return undefined;
  const width = Math.round(info.width);
  const height = Math.round(info.height);
  if (!Number.isFinite(width) || !Number.isFinite(height) || width <= 0 || height <= 0) return undefined;
  return { width, height };
}

/** Splits an image title into caption and credit on the last " | " (either side may be empty). */
function splitTitle(title: string): { caption: string; credit: string } {
  const m = /^(.*)(?:^|\s)\|(?:\s|$)(.*)$/s.exec(title);
  if (!m) return { caption: title.trim(), credit: '' };
  return { caption: (m[1] ?? '').trim(), credit: (m[2] ?? '').trim() };
}

function renderImage(tokens: Token[], idx: number, _options: unknown, env: RenderEnv | undefined): string {
  const token = tokens[idx]!;
  const src = token.attrGet('src') ?? '';
  const title = token.attrGet('title') ?? '';
  const inFigure = (token.meta as ImageMeta | null)?.figure === true;

  let html = `<img src="${escapeHtml(src)}" alt="${escapeHtml(altText(token.children ?? []))}"`;
  const size = imageSize(env, src);
  if (size) html += ` width="${size.width}" height="${size.height}"`;
  if (title && !inFigure) html += ` title="${escapeHtml(title)}"`;
  html += ' loading="lazy" decoding="async">';

  if (inFigure) {
    const { caption, credit } = splitTitle(title);
    const parts: string[] = [];
    if (caption) parts.push(`<span class="caption">${escapeHtml(caption)}</span>`);
    if (credit) parts.push(`<span class="credit">${escapeHtml(credit)}</span>`);
    if (parts.length > 0) html += `<figcaption>${parts.join(' ')}</figcaption>`;
  }
  return html;
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

/**
 * Plain-text version of a body (for excerpts, feeds, search): no markup,
 * collapsed whitespace. Text of paragraphs, headings, lists, quotes (with
 * their attribution), tables and code is kept; images (alt text and
 * captions) are left out. Typographic replacements apply (curly quotes,
 * dashes). The result is not HTML-escaped.
 */
export function bodyToText(markdown: string): string {
  const tokens = md.parse(markdown, {});
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
