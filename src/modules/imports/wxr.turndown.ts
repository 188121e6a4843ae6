import TurndownService from 'turndown';
import { tables } from 'turndown-plugin-gfm';
import { imageMarkdown } from '../markdown/news-blocks.js';

/*
 * HTML to Broadsheet's Markdown (docs/writing.md), with turndown and rules
 * for what WordPress writes: captioned figures become image blocks, quotes
 * with a <cite> become attributed quotes, pull quotes become `[!pullquote]`
 * quotes, headings move up a level (the headline is the page's only <h1>),
 * tables become GFM tables, and everything that could run or load on its
 * own (scripts, styles, frames, objects, forms) is dropped and counted.
 * Markdown never carries attributes, so inline event handlers cannot
 * survive; links and images keep only http(s), mailto, tel and relative
 * addresses.
 */

/** What a conversion dropped or changed, by kind, for the report. */
export type Dropped = Map<string, number>;

export interface TurndownContext {
  /** The old site's address ('' if the export has none): its links become site-relative, its relative images absolute. */
  siteUrl: string;
  dropped: Dropped;
  /** Every image address the body shows (absolute), as found. */
  images?: string[];
  /** New addresses for some of them (local copies). */
  imageUrls?: ReadonlyMap<string, string>;
}

const DROP = [
  'script',
  'style',
  'noscript',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'template',
  'canvas',
  'svg',
  'math',
  'frame',
  'frameset',
  'link',
  'meta',
  'base',
];
const SAFE_SCHEME = /^(?:https?:|mailto:|tel:)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|bmp|tiff?)(?:[?#].*)?$/i;

const count = (ctx: TurndownContext, what: string) => ctx.dropped.set(what, (ctx.dropped.get(what) ?? 0) + 1);

const isDropped = (node: Node | null): boolean => !!node && DROP.includes(node.nodeName.toLowerCase());

/** Count a dropped element once: not again for what it held (an <input> in a dropped <form>). */
function countDropped(ctx: TurndownContext, node: Node): void {
  for (let up = node.parentNode; up; up = up.parentNode) if (isDropped(up)) return;
  count(ctx, node.nodeName.toLowerCase());
}

/** An address browsers would not run: no scheme, or http(s), mailto or tel (controls and spaces ignored, as browsers do). */
export function isSafeUrl(url: string): boolean {
  const s = url.replace(/[\u0000-\u0020\u007f]/g, '');
  return !HAS_SCHEME.test(s) || SAFE_SCHEME.test(s);
}

/** A Markdown link destination: angle brackets when it holds spaces, parentheses escaped. */
const destination = (url: string) => {
  const escaped = url.trim().replace(/([<>()\\])/g, '\\$1');
  return /\s/.test(escaped) ? `<${escaped.replace(/\s+/g, '%20')}>` : escaped;
};

function origin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** A link into the old site becomes site-relative, so it reaches this site's redirects; uploads keep their full address. */
function linkTarget(href: string, ctx: TurndownContext): string {
  const site = origin(ctx.siteUrl);
  if (!site || origin(href) !== site) return href;
  const url = new URL(href);
  if (url.pathname.includes('/wp-content/') || IMAGE_FILE.test(url.pathname)) return href;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** An image address that still loads: a root-relative one gets the old site's origin; a copied one its address here. */
function imageSource(src: string, ctx: TurndownContext): string {
  const site = origin(ctx.siteUrl);
  const found = src.startsWith('/') && !src.startsWith('//') && site ? site + src : src;
  ctx.images?.push(found);
  return ctx.imageUrls?.get(found) ?? found;
}

const textOf = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const element = (node: Node): HTMLElement => node as HTMLElement;
const firstImage = (node: HTMLElement): HTMLElement | null => (node.nodeName === 'IMG' ? node : node.querySelector('img'));

/** The image block for a figure's image and caption, or '' when the image cannot be shown. */
function imageBlock(img: HTMLElement, caption: string, ctx: TurndownContext): string {
  const src = (img.getAttribute('src') ?? '').trim();
  if (!src || !isSafeUrl(src)) {
    count(ctx, 'image with an unusable address');
    return caption ? `\n\n${caption}\n\n` : '';
  }
  return `\n\n${imageMarkdown({ url: imageSource(src, ctx), alt: img.getAttribute('alt') ?? '', caption, credit: '', variants: [] })}\n\n`;
}

/** Prefix every line of a block's Markdown with "> ". */
const quoted = (markdown: string) =>
  markdown
    .trim()
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');

/** The attribution line for a quote's <cite>: a link when the quote names its source's address. */
function attribution(cite: HTMLElement, quote: HTMLElement): string {
  const name = textOf(cite);
  const link = cite.querySelector('a')?.getAttribute('href') ?? quote.getAttribute('cite') ?? '';
  return /^https?:\/\//i.test(link) ? `— [${name.replace(/[[\]\\]/g, '\\$&')}](${destination(link)})` : `— ${name}`;
}

function addMediaRules(service: TurndownService, ctx: TurndownContext): void {
  service.addRule('dropped', {
    filter: (node) => DROP.includes(node.nodeName.toLowerCase()),
    replacement: (_content, node) => {
      countDropped(ctx, node);
      return '';
    },
  });
  service.addRule('frame', {
    filter: 'iframe',
    replacement: (_content, node) => {
      const src = element(node).getAttribute('src') ?? '';
      if (!/^https?:\/\//i.test(src)) {
        count(ctx, 'iframe');
        return '';
      }
      count(ctx, 'iframe (kept as a link)');
      return `\n\n[${src.replace(/[[\]\\]/g, '\\$&')}](${destination(src)})\n\n`;
    },
  });
  service.addRule('media', {
    filter: ['video', 'audio'],
    replacement: (content, node) => {
      const el = element(node);
      const src = el.getAttribute('src') ?? el.querySelector('source')?.getAttribute('src') ?? '';
      if (!/^https?:\/\//i.test(src)) return content;
      count(ctx, `${el.nodeName.toLowerCase()} (kept as a link)`);
      return `\n\n[${el.nodeName === 'VIDEO' ? 'Video' : 'Audio'}](${destination(src)})\n\n`;
    },
  });
  service.addRule('figureImage', {
    filter: (node) => node.nodeName === 'FIGURE' && !!firstImage(node) && !node.querySelector('blockquote, table'),
    replacement: (_content, node) => imageBlock(firstImage(element(node))!, textOf(element(node).querySelector('figcaption')), ctx),
  });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const img = element(node);
      const src = (img.getAttribute('src') ?? '').trim();
      if (!src || !isSafeUrl(src)) {
        count(ctx, 'image with an unusable address');
        return '';
      }
      const alt = (img.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
      return `![${alt.replace(/[[\]\\`*_]/g, '\\$&')}](${destination(imageSource(src, ctx))})`;
    },
  });
  service.addRule('link', {
    filter: 'a',
    replacement: (content, node) => {
      const a = element(node);
      const href = (a.getAttribute('href') ?? '').trim();
      if (!content.trim()) return '';
      if (!href || href.startsWith('#')) return content;
      if (!isSafeUrl(href)) {
        count(ctx, 'link to a script (javascript: or similar)');
        return content;
      }
      // An image linked to its own file or attachment page is just the image.
      const img = a.children.length === 1 ? firstImage(a) : null;
      if (img && textOf(a) === '' && (IMAGE_FILE.test(href) || /attachment/.test(href))) return content;
      return `[${content}](${destination(linkTarget(href, ctx))})`;
    },
  });
}

function addTextRules(service: TurndownService): void {
  service.addRule('heading', {
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    replacement: (content, node) => {
      const level = Math.max(1, Number(node.nodeName.charAt(1)) - 1);
      const text = content.replace(/\s*\n\s*/g, ' ').trim();
      return text ? `\n\n${'#'.repeat(level)} ${text}\n\n` : '';
    },
  });
  service.addRule('strikethrough', { filter: (node) => ['DEL', 'S', 'STRIKE'].includes(node.nodeName), replacement: (content) => (content.trim() ? `~~${content}~~` : '') });
  service.addRule('inlineQuote', { filter: 'q', replacement: (content) => `“${content}”` });
  service.addRule('term', { filter: 'dt', replacement: (content) => (content.trim() ? `\n\n**${content.trim()}**\n\n` : '') });
  service.addRule('preformatted', {
    filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName !== 'CODE',
    replacement: (_content, node) => {
      const code = node.textContent ?? '';
      const fence = code.includes('```') ? '~~~' : '```';
      return code.trim() ? `\n\n${fence}\n${code.replace(/\n$/, '')}\n${fence}\n\n` : '';
    },
  });
}

/** A quote's closing <cite> (the block editor's quote), alone or in a paragraph of its own. */
function closingCite(quote: HTMLElement): HTMLElement | null {
  let last = quote.lastElementChild as HTMLElement | null;
  if (last?.nodeName === 'P' && last.children.length === 1 && textOf(last) === textOf(last.firstElementChild)) last = last.firstElementChild as HTMLElement;
  return last?.nodeName === 'CITE' && textOf(last) !== '' ? last : null;
}

function addQuoteRules(service: TurndownService): void {
  service.addRule('attributedQuote', {
    filter: (node) => node.nodeName === 'BLOCKQUOTE' && closingCite(node) !== null,
    replacement: (content, node) => {
      const credit = attribution(closingCite(element(node))!, element(node));
      // The <cite> itself renders as nothing (citeInQuote): the content is the quoted text.
      return `\n\n${quoted(`${content.trim()}\n\n${credit}`)}\n\n`;
    },
  });
  service.addRule('citeInQuote', {
    filter: (node) => {
      const quote = node.nodeName === 'CITE' ? node.closest('blockquote') : null;
      return !!quote && closingCite(quote) === node;
    },
    replacement: () => '',
  });
  service.addRule('pullquote', {
    filter: (node) => node.nodeName === 'FIGURE' && /\bwp-block-pullquote\b/.test(node.getAttribute('class') ?? ''),
    replacement: (content) => {
      const inner = content.trim().replace(/^(> ?)/gm, '');
      return inner ? `\n\n${quoted(`[!pullquote]\n${inner}`)}\n\n` : '';
    },
  });
}

function addTableRules(service: TurndownService): void {
  service.use(tables);
  // Markdown table cells hold one line; a table without a header row gets its first row as the header.
  service.addRule('tableCellOneLine', {
    filter: ['th', 'td'],
    replacement: (content, node) => {
      const index = Array.prototype.indexOf.call(node.parentNode?.childNodes ?? [], node);
      return `${index === 0 ? '| ' : ' '}${content.replace(/\s*\n\s*/g, ' ').trim()} |`;
    },
  });
  service.addRule('headlessTable', {
    filter: (node) => node.nodeName === 'TABLE' && !!node.querySelector('tr'),
    replacement: (content, node) => {
      const rows = content.split('\n').filter((l) => l.trim().startsWith('|') && !/^\|(?:\s*:?-+:?\s*\|)+\s*$/.test(l.trim()));
      if (rows.length === 0) return '';
      const columns = Math.max(...Array.from(element(node).querySelectorAll('tr')).map((tr) => tr.children.length), 1);
      const separator = `|${' --- |'.repeat(columns)}`;
      const caption = textOf(element(node).querySelector('caption'));
      return `\n\n${caption ? `${caption}\n\n` : ''}${[rows[0], separator, ...rows.slice(1)].join('\n')}\n\n`;
    },
  });
  service.addRule('tableCaption', { filter: 'caption', replacement: () => '' });
}

/** A turndown service configured for WordPress post content, counting what it drops into `ctx.dropped`. */
export function createBodyTurndown(ctx: TurndownContext): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    br: '\\',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
    // Nothing is ever kept as raw HTML: what no rule knows becomes its text.
    keepReplacement: (content) => `\n\n${content}\n\n`,
    // An empty element gets no rule; a dropped kind is still counted.
    blankReplacement: (_content, node) => {
      if (isDropped(node)) countDropped(ctx, node);
      return (node as unknown as { isBlock?: boolean }).isBlock ? '\n\n' : '';
    },
  });
  const base = service.escape.bind(service);
  // Also escape what turndown leaves alone but this Markdown reads: pipes (tables), tildes (strikethrough), entities.
  service.escape = (text: string) =>
    base(text)
      .replace(/\|/g, '\\|')
      .replace(/~/g, '\\~')
      .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '\\&');
  addTableRules(service);
  addTextRules(service);
  addQuoteRules(service);
  addMediaRules(service, ctx);
  return service;
}
