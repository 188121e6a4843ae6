import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { jsxTemplate } from 'preact/jsx-runtime';
import { renderToString } from 'preact-render-to-string';

/*
 * Pages as bytes, without one large string.
 *
 * Rendering joins the page's pieces into a string made of pieces (a rope);
 * sending it makes it flat, then UTF-8. A page with curly quotes or dashes
 * is two bytes a character as a string, and past about 64,000 characters
 * (128 KB) V8 makes the flat copy in its large-object space, each one a fresh
 * mapping of memory: measured here, flattening cost 10 ns a character above
 * that size against under 2 below it, and a 93,000-character page (the first
 * page of a 10,000-comment thread) spent a millisecond, a quarter of its
 * build, on that copy and the encoding after it.
 *
 * So the parts that make a page long, each top-level comment with its
 * replies and the article's body, are placed in the page's string while they
 * fit a budget (INLINE_CHARS), which keeps a page of ordinary length exactly
 * as it was; past it they are set aside while the page renders (`rawMarkup`
 * leaves a marker in their place), and the page is encoded as a run of
 * pieces of at most CHUNK_CHARS, never all at once. The marker carries a
 * random value made when the process starts, so no text a reader writes can
 * be taken for one.
 */

/** Markup placed in the page's own string, at most (the rest of the page, its chrome, is some 20,000 characters). */
const INLINE_CHARS = 24 * 1024;
/** Pieces are encoded when they reach this many characters: well under the large-object size. */
const CHUNK_CHARS = 16 * 1024;
const MARKER = `\u0000${randomBytes(12).toString('base64url')}\u0000`;

/**
 * The render under way in renderPageBody: the markup set aside, and how much
 * was placed inline. Null outside one. Module state is safe here because
 * rendering is synchronous: no other render can start before this one ends,
 * and renderPageBody puts back what it found, even when the render throws.
 */
let aside: { parts: string[]; inline: number } | null = null;

/**
 * Markup already written as text (escaped by whoever wrote it), placed in a
 * page as it is. While renderPageBody renders a long page it is kept out of
 * the page's string and encoded on its own.
 */
export function rawMarkup(html: string): VNode {
  if (aside === null) return jsxTemplate([html]);
  if (aside.inline + html.length <= INLINE_CHARS) {
    aside.inline += html.length;
    return jsxTemplate([html]);
  }
  aside.parts.push(html);
  return jsxTemplate([MARKER]);
}

/** Render a page component to a complete HTML document. */
export function renderDocument(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}

/**
 * Render a page component to a complete HTML document: renderDocument's
 * text, as that string for a page of ordinary length, else as its UTF-8 bytes.
 */
export function renderPageBody(page: VNode): string | Buffer {
  const outer = aside;
  const render = { parts: [] as string[], inline: 0 };
  aside = render;
  let shell: string;
  try {
    shell = renderDocument(page);
  } finally {
    aside = outer;
  }
  const { parts } = render;
  if (parts.length === 0) return shell;
  const between = shell.split(MARKER);
  if (between.length !== parts.length + 1) throw new Error(`a page placed ${parts.length} pieces of markup but ${between.length - 1} markers came out`);
  const chunks: Buffer[] = [];
  let pending = '';
  const add = (s: string) => {
    pending += s;
    if (pending.length < CHUNK_CHARS) return;
    chunks.push(Buffer.from(pending, 'utf8'));
    pending = '';
  };
  for (let i = 0; i < parts.length; i++) {
    add(between[i]!);
    add(parts[i]!);
  }
  add(between[parts.length]!);
  if (pending !== '') chunks.push(Buffer.from(pending, 'utf8'));
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** Send a rendered page as HTML. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderPageBody(page));
}
