/**
 * The news blocks layered on top of CommonMark (docs/writing.md), as passes
 * over the token stream and a renderer rule for images:
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
 * - headings are shifted down one level (`#` → `<h2>`, capped at `<h6>`), and
 *   none goes more than one level below the heading before it (the first at
 *   most `<h2>`, under the page's `<h1>`), so the page's outline has no gaps.
 */
import type { StateCore, Token } from 'markdown-it';
import { altText, inlineText, matchingClose } from './markdown.tokens.js';

export interface ImageInfo {
  width?: number | undefined;
  height?: number | undefined;
  /** The image's current alt text in the media library, shown instead of the text written in the body. */
  alt?: string | undefined;
}

/** The markdown-it `env` object passed through parsing and rendering. */
export interface RenderEnv {
  imageSize?: ((src: string) => ImageInfo | undefined) | undefined;
}

/** Marker put on image tokens that render as a `figure.image`. */
interface ImageMeta {
  figure?: boolean;
}

const HTTP_URL = /^https?:\/\//i;
/** First line of a pull quote. */
const PULLQUOTE_MARKER = /^\s*\[!pullquote\]\s*$/i;
/** Start of an attribution line: em dash, horizontal bar, or two/three hyphens. */
const ATTRIBUTION_DASH = /^[ \t]*(?:\u2014|\u2015|-{2,3}(?!-))[ \t]*/;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
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
  if (tokens[close - 1]?.type === 'paragraph_close' && lastInline?.type === 'inline' && tokens[close - 3]?.type === 'paragraph_open') {
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

/** Turns block quotes into pull quotes and attributed quotes where their lines say so. */
export function transformQuotes(state: StateCore): void {
  const tokens = state.tokens;
  // Innermost quotes first; edits only touch tokens at or after `i`.
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i]!.type === 'blockquote_open') transformQuote(state, i);
  }
}

// ---------------------------------------------------------------------------
// Core rule: paragraphs and headings
// ---------------------------------------------------------------------------

/**
 * Shifts headings down a level (never more than one below the heading before,
 * starting under the page's h1), makes lone images figures and marks emphasis
 * paragraphs.
 */
export function transformParagraphsAndHeadings(state: StateCore): void {
  const tokens = state.tokens;
  /** The level of the heading before, in the page: the headline's h1 for the first. */
  let previous = 1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'heading_open') {
      const level = Number(t.tag.slice(1));
      if (level >= 1 && level <= 6) {
        previous = Math.min(level + 1, 6, previous + 1);
        t.tag = `h${previous}`;
      }
      continue;
    }
    if (t.type === 'heading_close') {
      // The opening tag's level, which the loop set just before.
      t.tag = `h${previous}`;
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
// Renderer: images
// ---------------------------------------------------------------------------

function imageSize(info: ImageInfo | undefined): { width: number; height: number } | undefined {
  if (!info || info.width === undefined || info.height === undefined) return undefined;
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

/** The renderer rule for images: sized, lazy, and with a figcaption when the image is a figure. */
export function renderImage(tokens: Token[], idx: number, _options: unknown, env: RenderEnv | undefined): string {
  const token = tokens[idx]!;
  const src = token.attrGet('src') ?? '';
  const title = token.attrGet('title') ?? '';
  const inFigure = (token.meta as ImageMeta | null)?.figure === true;

  const info = env?.imageSize?.(src);
  // An image from the media library is described as the library says now, whatever the body was written with.
  const alt = info?.alt ?? altText(token.children ?? []);
  let html = `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"`;
  const size = imageSize(info);
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

// ---------------------------------------------------------------------------
// Writing: the Markdown for an image
// ---------------------------------------------------------------------------

/** An image as imageMarkdown needs it (the media module's Image has these fields). */
export interface MarkdownImage {
  url: string;
  alt: string;
  caption: string;
  credit: string;
  /** Renditions of the image (WebP by width, then a fallback); may be empty. */
  variants: readonly { url: string; mime: string }[];
}

/** Text for one line of Markdown: line breaks and runs of spaces become one space. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The Markdown that shows an image inside an article body, with its
 * caption and credit in the title (docs/writing.md, "Images"): the fallback
 * rendition (not WebP) for the address, so every browser can show it.
 */
export function imageMarkdown(image: MarkdownImage): string {
  const src = image.variants.find((v) => v.mime !== 'image/webp')?.url ?? image.url;
  const alt = oneLine(image.alt).replace(/[\\`*_[\]<>!]/g, '\\$&');
  const caption = oneLine(image.caption);
  const credit = oneLine(image.credit);
  // " | " separates the credit; a caption that contains one gets an empty credit after it.
  const title = credit ? (caption ? `${caption} | ${credit}` : `| ${credit}`) : /(^|\s)\|(\s|$)/.test(caption) ? `${caption} |` : caption;
  return `![${alt}](${src}${title ? ` "${title.replace(/["\\]/g, '\\$&')}"` : ''})`;
}
