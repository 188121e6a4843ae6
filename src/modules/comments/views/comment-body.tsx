import type { ComponentChildren } from 'preact';

/*
 * A reader's comment is plain text: paragraphs on blank lines, line breaks on
 * single newlines, and http(s) addresses (or bare www. hosts) turned into links.
 * Everything else is a text node, which Preact escapes; nothing here ever
 * produces markup from the comment's own characters.
 */

/** Bidirectional embeddings, overrides and isolates: used to spoof text, never needed in a comment. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** Zero-width characters, removed from links so an address cannot hide what it points to. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
/**
 * A link candidate: http:// or https:// or www. not glued to a preceding word,
 * then anything up to whitespace or a character an address never contains
 * unescaped. Zero-width characters are part of the run (and removed later).
 */
const CANDIDATE = /(?<![\p{L}\p{N}_@./-])(?:https?:\/\/|www\.)(?:[^\s<>"`]|[\u200B-\u200D\u2060\uFEFF])+/giu;
const TRAILING = `.,;:!?)]}'"\u200B\u200C\u200D\u2060\uFEFF`;
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
/** Longest link text shown; the href always carries the whole address. */
export const MAX_LINK_TEXT = 60;

const count = (s: string, ch: string) => s.split(ch).length - 1;

/** Drop trailing punctuation, keeping a closing bracket that a bracket inside the address opened. */
function trimTrailing(candidate: string): string {
  let s = candidate;
  for (;;) {
    const last = s.at(-1);
    if (last === undefined || !TRAILING.includes(last)) return s;
    const open = PAIRS[last];
    if (open !== undefined && count(s, open) >= count(s, last)) return s;
    s = s.slice(0, -1);
  }
}

/** The address a candidate links to, or undefined when it must stay text. */
function hrefFor(written: string): string | undefined {
  const absolute = /^www\./i.test(written) ? `https://${written}` : written;
  if (/^www\.$/i.test(written)) return undefined;
  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!/[\p{L}\p{N}]/u.test(url.hostname)) return undefined;
  return url.href;
}

function shorten(text: string): string {
  const chars = [...text];
  return chars.length > MAX_LINK_TEXT ? `${chars.slice(0, MAX_LINK_TEXT).join('')}…` : text;
}

/** One line of a comment as text nodes and links. */
export function linkify(line: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of line.matchAll(CANDIDATE)) {
    const start = m.index;
    const raw = trimTrailing(m[0]);
    const written = raw.replace(ZERO_WIDTH, '');
    const href = hrefFor(written);
    if (href === undefined) continue;
    if (start > last) out.push(line.slice(last, start));
    out.push(
      <a key={start} href={href} rel="nofollow ugc noopener">
        {shorten(written)}
      </a>,
    );
    last = start + raw.length;
  }
  if (last < line.length) out.push(line.slice(last));
  return out;
}

/** A plain-text comment body as paragraphs, line breaks and links; never markup. */
export function CommentBody({ text }: { text: string }) {
  const clean = text.replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, '');
  const paragraphs = clean.split(/\n[^\S\n]*\n\s*/).filter((p) => p.trim() !== '');
  return (
    <div class="comment__body">
      {paragraphs.map((p, i) => {
        const lines = p.split('\n');
        return <p key={i}>{lines.map((line, j) => (j === 0 ? linkify(line) : [<br key={`br${j}`} />, ...linkify(line)]))}</p>;
      })}
    </div>
  );
}
