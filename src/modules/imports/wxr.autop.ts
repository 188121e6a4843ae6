/*
 * WordPress's automatic paragraphs, redone for the import. Classic-editor
 * posts are stored without <p> tags: WordPress adds them when it shows the
 * post (wpautop), turning blank lines into paragraphs and single newlines
 * into line breaks. An HTML parser would fold all of that into spaces, so it
 * is applied here first, on the text between tags only: the HTML is split
 * into tags, comments and text (as WordPress's own autop splits it), and
 * nothing inside <pre>, <script>, <style>, <textarea>, <svg> or <math> is
 * touched. Posts written in the block editor already carry their <p> tags
 * and are left alone (WordPress does the same).
 */

export type HtmlToken = { type: 'text'; text: string } | { type: 'comment'; text: string } | { type: 'tag'; text: string; name: string; closing: boolean; selfClosing: boolean };

/** Tags, comments and text runs. A `<` that starts no tag is text. */
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<\/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^>]*)?\/?>|[^<]+|</g;
const TAG_NAME = /^<\/?([A-Za-z][A-Za-z0-9:-]*)/;

/** Split HTML into tags, comments and text, in order; joining the texts gives the input back. */
export function tokenize(html: string): HtmlToken[] {
  const out: HtmlToken[] = [];
  for (const m of html.matchAll(TOKEN)) {
    const text = m[0];
    if (text.startsWith('<!--')) out.push({ type: 'comment', text });
    else if (text.length > 1 && text.startsWith('<')) {
      const name = TAG_NAME.exec(text)![1]!.toLowerCase();
      out.push({ type: 'tag', text, name, closing: text.startsWith('</'), selfClosing: text.endsWith('/>') });
    } else out.push({ type: 'text', text });
  }
  return out;
}

/** Elements that start a block of their own: text around them is not part of their paragraph. */
const BLOCKS = new Set(
  'table thead tfoot caption col colgroup tbody tr td th div dl dd dt ul ol li pre form map area blockquote address style p h1 h2 h3 h4 h5 h6 hr fieldset legend section article aside hgroup header footer nav figure figcaption details menu summary main'.split(
    ' ',
  ),
);
/** Where text keeps its newlines exactly. */
const RAW = new Set(['pre', 'script', 'style', 'textarea', 'svg', 'math']);
/** Containers whose text runs become paragraphs even when they hold only one. */
const FLOW = new Set(['', 'div', 'blockquote', 'section', 'article', 'aside', 'header', 'footer', 'nav', 'main', 'details', 'form', 'fieldset']);
/** Containers that hold paragraphs when their text has blank lines (a tight list item stays tight). */
const LOOSE = new Set(['li', 'dd', 'td', 'th']);
const VOID = new Set(['hr', 'br', 'img', 'col', 'area', 'input', 'source', 'track', 'wbr', 'embed', 'meta', 'link']);

type Piece = { kind: 'html'; text: string } | { kind: 'br' } | { kind: 'para' };

/** A run of text and inline tags as pieces: markup, line breaks (newlines and <br>) and paragraph breaks (blank lines). */
function piecesOf(run: HtmlToken[]): Piece[] {
  const pieces: Piece[] = [];
  for (const t of run) {
    if (t.type === 'tag' && t.name === 'br') {
      // Two line breaks in a row make a paragraph break, as in WordPress.
      const last = lastMeaningful(pieces);
      if (last?.kind === 'br') pieces.splice(pieces.lastIndexOf(last), 1, { kind: 'para' });
      else pieces.push({ kind: 'br' });
      continue;
    }
    if (t.type !== 'text') {
      pieces.push({ kind: 'html', text: t.type === 'tag' ? t.text.replace(/\s*\n\s*/g, ' ') : t.text });
      continue;
    }
    for (const part of t.text.split(/(\n[ \t]*\n\s*|\n)/)) {
      if (part === '') continue;
      if (/^\n[ \t]*\n/.test(part)) pieces.push({ kind: 'para' });
      else if (part === '\n') {
        // A newline right after a <br> is that break, not another.
        if (lastMeaningful(pieces)?.kind !== 'br') pieces.push({ kind: 'br' });
      } else pieces.push({ kind: 'html', text: part });
    }
  }
  return pieces;
}

const lastMeaningful = (pieces: Piece[]): Piece | undefined => [...pieces].reverse().find((p) => p.kind !== 'html' || p.text.trim() !== '');

/** The paragraphs of a run: its pieces between paragraph breaks, with line breaks inside. */
function paragraphsOf(run: HtmlToken[]): string[] {
  const paragraphs: Piece[][] = [[]];
  for (const p of piecesOf(run)) {
    if (p.kind === 'para') paragraphs.push([]);
    else paragraphs.at(-1)!.push(p);
  }
  return paragraphs
    .map((ps) => {
      // Line breaks at either end of a paragraph are the newlines around it, not breaks.
      while (ps.length > 0 && (ps[0]!.kind === 'br' || (ps[0]!.kind === 'html' && (ps[0] as { text: string }).text.trim() === ''))) ps.shift();
      while (ps.length > 0 && (ps.at(-1)!.kind === 'br' || (ps.at(-1)!.kind === 'html' && (ps.at(-1) as { text: string }).text.trim() === ''))) ps.pop();
      return ps.map((p) => (p.kind === 'br' ? '<br>\n' : p.kind === 'html' ? p.text : '')).join('');
    })
    .filter((p) => p.trim() !== '');
}

/** Whether content looks like the block editor's (then it has its own paragraphs). */
export const hasBlocks = (html: string): boolean => html.includes('<!-- wp:');

/**
 * WordPress's automatic paragraphs: blank lines separate paragraphs, single
 * newlines become line breaks, and text between block elements is wrapped
 * in <p> where a paragraph may stand.
 */
export function autop(html: string): string {
  if (html.trim() === '') return '';
  const tokens = tokenize(html.replace(/\r\n?/g, '\n'));
  const stack: string[] = [];
  let rawDepth = 0;
  let run: HtmlToken[] = [];
  let out = '';

  const flush = () => {
    const paragraphs = paragraphsOf(run);
    run = [];
    if (paragraphs.length === 0) return;
    const container = stack.at(-1) ?? '';
    if (FLOW.has(container) || (LOOSE.has(container) && paragraphs.length > 1)) out += paragraphs.map((p) => `<p>${p}</p>\n`).join('');
    else if (container === 'p') out += paragraphs.join('</p>\n<p>');
    else out += paragraphs.join('<br>\n<br>\n');
  };

  for (const t of tokens) {
    if (rawDepth > 0) {
      out += t.text;
      if (t.type === 'tag' && RAW.has(t.name)) rawDepth += t.closing ? -1 : t.selfClosing ? 0 : 1;
      continue;
    }
    if (t.type === 'tag' && (BLOCKS.has(t.name) || RAW.has(t.name))) {
      flush();
      if (t.closing) {
        const at = stack.lastIndexOf(t.name);
        if (at >= 0) stack.length = at;
      } else if (RAW.has(t.name)) {
        if (!t.selfClosing) rawDepth = 1;
      } else if (!t.selfClosing && !VOID.has(t.name)) {
        // A new block ends an open paragraph, as HTML parsing does.
        if (stack.at(-1) === 'p') stack.pop();
        stack.push(t.name);
      }
      out += t.text + (t.closing || VOID.has(t.name) ? '\n' : '');
      continue;
    }
    run.push(t);
  }
  flush();
  return out.trim();
}
