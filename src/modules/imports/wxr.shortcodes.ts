/*
 * WordPress shortcodes in post content, turned into the HTML WordPress would
 * have shown for them, so that the HTML converter sees images and links
 * rather than square brackets:
 *
 *   [caption]<img …> Caption[/caption]   → <figure><img …><figcaption>Caption</figcaption></figure>
 *   [gallery ids="1,2"] (or the post's attached images) → one such figure per image
 *   [embed]URL[/embed], [video src=…], [audio mp3=…] → a link to the address
 *   [playlist …]                           → dropped (it lists media by id, nothing to show)
 *
 * Any other shortcode belongs to a plugin this site does not have: it is left
 * as text, as WordPress itself shows an unknown shortcode, and reported.
 * `[[caption]]` is WordPress's way of writing the brackets literally.
 */

/** An image the export describes as an attachment (for galleries and captions). */
export interface AttachmentInfo {
  id: number;
  url: string;
  alt: string;
  caption: string;
  parent: number;
}

export interface ShortcodeContext {
  attachment(id: number): AttachmentInfo | undefined;
  /** The images attached to the post, in their export order. */
  attachedTo(postId: number): AttachmentInfo[];
  postId: number;
}

export interface ShortcodeResult {
  html: string;
  /** What was converted, dropped or left as text, for the report. */
  notes: string[];
}

const KNOWN = new Set(['caption', 'wp_caption', 'gallery', 'embed', 'video', 'audio', 'playlist']);
/** `[name attrs]`, `[name attrs /]` or `[/name]`, and the escaped `[[…]]`. */
const OPENING = /\[(\[?)(\/?)([A-Za-z][\w-]*)((?:\s+[^\]]*?)?)\s*(\/?)\](\]?)/g;
const ATTR = /([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|(\S+)/g;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A shortcode's attributes: named ones by lower-case name, positional ones as "0", "1"… */
export function shortcodeAttrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let position = 0;
  for (const m of text.matchAll(ATTR)) {
    const name = m[1] ?? m[3] ?? m[5];
    if (name !== undefined) out[name.toLowerCase()] = m[2] ?? m[4] ?? m[6] ?? '';
    else out[String(position++)] = m[7] ?? m[8] ?? '';
  }
  return out;
}

const figure = (img: string, caption: string) => `<figure>${img}${caption.trim() ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;

/** `[caption]`: the image (maybe in a link) first, then the caption text, or the caption in an attribute. */
function caption(attrs: Record<string, string>, content: string): string {
  const m = /^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(content);
  if (!m) return content;
  return figure(m[1]!, attrs.caption ?? m[2]!);
}

function gallery(attrs: Record<string, string>, ctx: ShortcodeContext, notes: string[]): string {
  const ids = (attrs.ids ?? attrs.include ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  const images = ids.length > 0 ? ids.map((id) => ctx.attachment(id) ?? id) : ctx.attachedTo(ctx.postId);
  const missing = images.filter((i): i is number => typeof i === 'number');
  if (missing.length > 0) notes.push(`gallery: ${missing.length} image(s) not in the export (${missing.slice(0, 5).join(', ')}) left out`);
  const found = images.filter((i): i is AttachmentInfo => typeof i !== 'number');
  if (found.length === 0) {
    notes.push('gallery with no images in the export dropped');
    return '';
  }
  notes.push(`gallery of ${found.length} image(s) converted to images`);
  return found.map((a) => figure(`<img src="${escapeHtml(a.url)}" alt="${escapeHtml(a.alt)}">`, escapeHtml(a.caption))).join('\n');
}

const link = (url: string, text: string) => (/^https?:\/\//i.test(url.trim()) ? `<p><a href="${escapeHtml(url.trim())}">${escapeHtml(text)}</a></p>` : '');

function media(name: string, attrs: Record<string, string>, content: string, notes: string[]): string {
  if (name === 'embed') {
    const url = content.trim() || attrs['0'] || '';
    notes.push('embed converted to a link');
    return link(url, url);
  }
  const url = attrs.src ?? Object.entries(attrs).find(([k, v]) => /^(mp4|m4v|webm|ogv|wmv|flv|mp3|m4a|ogg|wav|wma)$/.test(k) && v)?.[1] ?? '';
  if (!url) {
    notes.push(`${name} without an address dropped`);
    return '';
  }
  notes.push(`${name} converted to a link`);
  return link(url, name === 'video' ? 'Video' : 'Audio');
}

/** The index just past the `[/name]` that closes a shortcode opened before `from`, or -1. */
function closingOf(html: string, name: string, from: number): { start: number; end: number } | null {
  const re = new RegExp(`\\[\\/${name}\\]`, 'gi');
  re.lastIndex = from;
  const m = re.exec(html);
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}

/** Replace the shortcodes WordPress itself knows; report the others, left as text. */
export function convertShortcodes(html: string, ctx: ShortcodeContext): ShortcodeResult {
  const notes: string[] = [];
  const unknown = new Set<string>();
  let out = '';
  let last = 0;
  OPENING.lastIndex = 0;
  for (let m = OPENING.exec(html); m; m = OPENING.exec(html)) {
    const [whole, escOpen, slash, rawName, rawAttrs, selfClose, escClose] = m;
    const name = rawName!.toLowerCase();
    if (escOpen && escClose) {
      // [[name]] is the literal text [name].
      out += html.slice(last, m.index) + whole.slice(1, -1);
      last = m.index + whole.length;
      continue;
    }
    if (slash || !KNOWN.has(name)) {
      if (!slash && !/^\d/.test(name)) unknown.add(name);
      continue;
    }
    const attrs = shortcodeAttrs(rawAttrs ?? '');
    const close = selfClose || name === 'gallery' || name === 'playlist' ? null : closingOf(html, name, m.index + whole.length);
    const content = close ? html.slice(m.index + whole.length, close.start) : '';
    const end = close ? close.end : m.index + whole.length;
    let replacement: string;
    if (name === 'caption' || name === 'wp_caption') replacement = caption(attrs, content);
    else if (name === 'gallery') replacement = gallery(attrs, ctx, notes);
    else if (name === 'playlist') {
      notes.push('playlist dropped');
      replacement = '';
    } else replacement = media(name, attrs, content, notes);
    out += html.slice(last, m.index) + replacement;
    last = end;
    OPENING.lastIndex = end;
  }
  out += html.slice(last);
  for (const name of unknown) notes.push(`unknown shortcode [${name}] left as text`);
  return { html: out, notes };
}
