/**
 * `quote-attribution` (warning): a plain block quote, i.e. one that the
 * renderer shows neither as an attributed quote nor as a pull quote.
 *
 * The body is classified from the renderer's own output (renderBody), so the
 * check agrees with what readers will see: `figure.quote > blockquote` is an
 * attributed quote, `aside.pullquote > blockquote` (or `> figure > blockquote`)
 * a pull quote, any other top-level `blockquote` is plain.
 */
import { renderBody } from '../markdown/markdown.render.js';
import type { CheckResult, DraftForChecks } from './checks.types.js';

interface Element {
  tag: string;
  className: string;
  parent: Element | null;
  children: Array<Element | string>;
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'wbr']);
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * A minimal tree of the renderer's HTML. The renderer escapes `&`, `<`, `>`
 * and `"` in text and attributes, so tags and text can be told apart with a
 * regular expression.
 */
function parseHtml(html: string): Element {
  const root: Element = { tag: '#root', className: '', parent: null, children: [] };
  let current = root;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)/g)) {
    const [, slash, tagName, attrs, text] = m;
    if (text !== undefined) {
      current.children.push(text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e));
      continue;
    }
    const tag = (tagName ?? '').toLowerCase();
    if (slash) {
      // Close up to the matching open element (the renderer's HTML is well formed).
      for (let el: Element | null = current; el && el !== root; el = el.parent) {
        if (el.tag === tag) {
          current = el.parent ?? root;
          break;
        }
      }
      continue;
    }
    const className = /\bclass="([^"]*)"/.exec(attrs ?? '')?.[1] ?? '';
    const el: Element = { tag, className, parent: current, children: [] };
    current.children.push(el);
    if (!VOID.has(tag)) current = el;
  }
  return root;
}

function textOf(node: Element | string): string {
  if (typeof node === 'string') return node;
  if (node.tag === 'br') return '\n';
  return node.children.map(textOf).join('');
}

const hasClass = (el: Element | null, tag: string, cls: string): boolean => el?.tag === tag && el.className.split(/\s+/).includes(cls);

function isAttributed(quote: Element): boolean {
  return hasClass(quote.parent, 'figure', 'quote');
}

function isPull(quote: Element): boolean {
  const parent = quote.parent;
  return hasClass(parent, 'aside', 'pullquote') || (parent?.tag === 'figure' && hasClass(parent.parent, 'aside', 'pullquote'));
}

/** Block quotes not inside another block quote, in document order. */
function topLevelQuotes(el: Element, out: Element[] = []): Element[] {
  for (const child of el.children) {
    if (typeof child === 'string') continue;
    if (child.tag === 'blockquote') out.push(child);
    else topLevelQuotes(child, out);
  }
  return out;
}

const DASH = /^\s*[\u2014\u2015\u2013-]/;

/**
 * Why a quote whose last line starts with a dash is not attributed, when that
 * can be told: the line mixes a name and a link, or it is all there is.
 */
function dashLineHint(quote: Element): string {
  const elements = quote.children.filter((c): c is Element => typeof c !== 'string');
  const last = elements[elements.length - 1];
  if (last?.tag !== 'p') return '';
  // Nodes of the paragraph's last line (after the last line break).
  const line: Array<Element | string> = [];
  for (const child of last.children) {
    if (typeof child !== 'string' && child.tag === 'br') {
      line.length = 0;
      continue;
    }
    if (typeof child === 'string' && child.includes('\n')) {
      line.length = 0;
      line.push(child.slice(child.lastIndexOf('\n') + 1));
      continue;
    }
    line.push(child);
  }
  const lineText = line.map(textOf).join('').trim();
  if (!DASH.test(lineText)) return '';
  const isWholeQuote = elements.length === 1 && !last.children.some((c) => (typeof c === 'string' ? c.includes('\n') : c.tag === 'br'));
  if (isWholeQuote) return ` It holds nothing but the attribution line \u201c${lineText}\u201d; put the quoted text above it.`;
  const links = line.filter((c) => typeof c !== 'string' && c.tag === 'a').length;
  if (links > 0) {
    return ` Its last line, \u201c${lineText}\u201d, mixes a name and a link (or has several links), so it isn't read as an attribution: make it one link, — [Source](https://…), or a name with no link, — Source name.`;
  }
  return '';
}

function shorten(s: string, max = 80): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}\u2026`;
}

export function quoteAttribution(draft: DraftForChecks): CheckResult[] {
  if (!draft.body.includes('>')) return [];
  const out: CheckResult[] = [];
  for (const quote of topLevelQuotes(parseHtml(renderBody(draft.body)))) {
    if (isAttributed(quote) || isPull(quote)) continue;
    const text = textOf(quote).replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const excerpt = shorten(text);
    out.push({
      id: 'quote-attribution',
      severity: 'warning',
      message:
        `The block quote \u201c${excerpt}\u201d has no attribution.` +
        (dashLineHint(quote) ||
          ' If it quotes a person or another outlet, end it with a line of its own: — [Source](https://…) or — Source name.' +
            ' If it highlights a passage of this story, make its first line [!pullquote].'),
      excerpt,
    });
  }
  return out;
}
