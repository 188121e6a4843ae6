import { autop, hasBlocks, tokenize } from './wxr.autop.js';
import { convertShortcodes, type ShortcodeContext } from './wxr.shortcodes.js';
import { createBodyTurndown, type Dropped } from './wxr.turndown.js';

/*
 * A WordPress post's content as a Broadsheet body: shortcodes first (they
 * wrap HTML), then WordPress's automatic paragraphs for classic-editor
 * content, then HTML to Markdown. What could not come over is said in the
 * notes, which the import's report lists under the post.
 */

export interface BodyContext extends ShortcodeContext {
  /** The old site's address, or ''. */
  siteUrl: string;
  /** New addresses for images the body shows (local copies of the old site's uploads), by their old address. */
  imageUrls?: ReadonlyMap<string, string>;
}

export interface BodyResult {
  markdown: string;
  /** What was converted, dropped or left as text ("2 script elements dropped"). */
  notes: string[];
  /** The (absolute) addresses of the images the body shows, before any new address was put in. */
  images: string[];
}

/** Inline event handlers (onclick=, onerror= …) in the markup's tags. */
export function countEventHandlers(html: string): number {
  let n = 0;
  for (const t of tokenize(html)) if (t.type === 'tag' && !t.closing) n += (t.text.match(/\son[a-z]+\s*=/gi) ?? []).length;
  return n;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function droppedNotes(dropped: Dropped): string[] {
  return [...dropped].map(([what, n]) =>
    what.includes('(kept as a link)') ? `${plural(n, what.replace(' (kept as a link)', ''))} kept as a link` : `${plural(n, what.includes(' ') ? what : `<${what}> element`)} dropped`,
  );
}

/** The same note made several times (ten galleries) said once, with how many times. */
function counted(notes: string[]): string[] {
  const times = new Map<string, number>();
  for (const n of notes) times.set(n, (times.get(n) ?? 0) + 1);
  return [...times].map(([n, k]) => (k > 1 ? `${n} (${k} times)` : n));
}

/** Blank lines at most two newlines apart, no spaces at line ends (a backslash hard break stays). */
function tidy(markdown: string): string {
  return markdown
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Convert a post's content (HTML, block markup, shortcodes, automatic paragraphs) to Broadsheet's Markdown. */
export function convertBody(html: string, ctx: BodyContext): BodyResult {
  const shortcodes = convertShortcodes(html.replace(/\r\n?/g, '\n'), ctx);
  const handlers = countEventHandlers(shortcodes.html);
  const paragraphs = hasBlocks(html) ? shortcodes.html : autop(shortcodes.html);
  const dropped: Dropped = new Map();
  const images: string[] = [];
  const markdown = tidy(createBodyTurndown({ siteUrl: ctx.siteUrl, dropped, images, ...(ctx.imageUrls ? { imageUrls: ctx.imageUrls } : {}) }).turndown(paragraphs));
  const notes = [...shortcodes.notes, ...droppedNotes(dropped)];
  if (handlers > 0) notes.push(`${plural(handlers, 'inline event handler')} (on…=) dropped`);
  return { markdown, notes: counted(notes), images };
}
