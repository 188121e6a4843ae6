/**
 * Reading the draft for the checks: the body parsed once (cached), as text
 * segments with code and web addresses masked out, plus its images and
 * links. Also the `empty-body` check, the one check about the body as a
 * whole.
 *
 * The body is parsed with the same Markdown dialect as the renderer
 * (CommonMark + tables + strikethrough + linkify), but without typographic
 * replacements, so the text the checks see is the text the editor typed
 * (straight quotes, "..." and "--" as written).
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { bodyToText } from '../markdown/markdown.text.js';
import type { CheckResult, DraftForChecks } from './checks.types.js';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
// Parse every link as a link, whatever its scheme; the checks decide.
md.validateLink = () => true;

/** Stands in, in the masked text, for every character that is not prose (code, web addresses, images). */
export const MASK = '\uFFFC';

export type Field = 'headline' | 'dek' | 'excerpt' | 'body';

/**
 * A run of prose: one paragraph, heading, list item or table cell of the body,
 * or one of the headline, dek and excerpt. `masked` is `text` with the same
 * length, in which code spans, automatic links and bare web addresses are
 * replaced by MASK characters: searches run on `masked`, excerpts are cut from
 * `text`.
 */
export interface TextSegment {
  field: Field;
  text: string;
  masked: string;
}

export interface BodyImage {
  alt: string;
  src: string;
  title: string;
}

export interface BodyLink {
  href: string;
  /** The link text as readers see it (for an automatic link, the address). */
  text: string;
  /** True for `<https://…>` and for addresses linked automatically. */
  auto: boolean;
}

interface ParsedBody {
  segments: TextSegment[];
  images: BodyImage[];
  links: BodyLink[];
}

const BARE_URL = /\b(?:https?|ftp):\/\/[^\s<>]+|\bwww\.[^\s<>]+/gi;

function maskRange(masked: string, start: number, end: number): string {
  return masked.slice(0, start) + MASK.repeat(end - start) + masked.slice(end);
}

/** Masks web addresses typed as plain text (those not already turned into links). */
function maskUrls(masked: string): string {
  let out = masked;
  for (const m of masked.matchAll(BARE_URL)) out = maskRange(out, m.index, m.index + m[0].length);
  return out;
}

/** Text of inline tokens (text and code; breaks as spaces). */
function plainText(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'code_inline') out += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += ' ';
    else if (t.type === 'image') out += plainText(t.children ?? []);
  }
  return out;
}

function readInline(children: readonly Token[], parsed: ParsedBody): void {
  let text = '';
  let masked = '';
  let autoLink: BodyLink | null = null;
  let link: BodyLink | null = null;
  for (const t of children) {
    switch (t.type) {
      case 'text':
        text += t.content;
        masked += autoLink ? MASK.repeat(t.content.length) : t.content;
        if (link) link.text += t.content;
        break;
      case 'code_inline':
        text += t.content;
        masked += MASK.repeat(t.content.length);
        if (link) link.text += t.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += ' ';
        masked += ' ';
        if (link) link.text += ' ';
        break;
      case 'image': {
        parsed.images.push({ alt: plainText(t.children ?? []), src: t.attrGet('src') ?? '', title: t.attrGet('title') ?? '' });
        const shown = '[image]';
        text += shown;
        masked += MASK.repeat(shown.length);
        break;
      }
      case 'link_open': {
        const auto = t.markup === 'autolink' || t.markup === 'linkify';
        link = { href: t.attrGet('href') ?? '', text: '', auto };
        if (auto) autoLink = link;
        break;
      }
      case 'link_close':
        if (link) {
          link.text = link.text.trim();
          parsed.links.push(link);
        }
        link = null;
        autoLink = null;
        break;
      default:
        break;
    }
  }
  parsed.segments.push({ field: 'body', text, masked: maskUrls(masked) });
}

let cache: { body: string; parsed: ParsedBody } | null = null;

/** The body's prose segments, images and links, in document order (cached for the last body seen). */
export function parseBody(body: string): ParsedBody {
  if (cache?.body === body) return cache.parsed;
  const parsed: ParsedBody = { segments: [], images: [], links: [] };
  for (const t of md.parse(body, {})) {
    if (t.type === 'inline') readInline(t.children ?? [], parsed);
  }
  cache = { body, parsed };
  return parsed;
}

/** A plain-text field of the draft as a segment (web addresses masked). */
function fieldSegment(field: Field, value: string): TextSegment {
  return { field, text: value, masked: maskUrls(value) };
}

/** All prose of the draft: headline, dek, explicit excerpt, then the body. */
export function proseSegments(draft: DraftForChecks): TextSegment[] {
  const out: TextSegment[] = [];
  if (draft.headline.trim()) out.push(fieldSegment('headline', draft.headline));
  if (draft.dek.trim()) out.push(fieldSegment('dek', draft.dek));
  if (draft.excerpt.trim()) out.push(fieldSegment('excerpt', draft.excerpt));
  out.push(...parseBody(draft.body).segments);
  return out;
}

/** "In the headline: " etc., or '' for the body. */
export function wherePrefix(field: Field): string {
  return field === 'body' ? '' : `In the ${field}: `;
}

/** Typographic quotes around a snippet. */
export const q = (s: string): string => `\u201c${s}\u201d`;

/**
 * The text around [start, end): up to `radius` characters each side, widened
 * to whole words, with "…" where it was cut. Whitespace is collapsed.
 */
export function around(text: string, start: number, end: number, radius = 30): string {
  let from = Math.max(0, start - radius);
  let to = Math.min(text.length, end + radius);
  if (from > 0) {
    const space = text.lastIndexOf(' ', from);
    from = space === -1 ? 0 : space + 1;
  }
  if (to < text.length) {
    const space = text.indexOf(' ', to);
    to = space === -1 ? text.length : space;
  }
  // Keep the flagged characters exactly as typed (a double space is the finding).
  const before = text.slice(from, start).replace(/\s+/g, ' ').trimStart();
  const hit = text.slice(start, end);
  const after = text.slice(end, to).replace(/\s+/g, ' ').trimEnd();
  return `${from > 0 ? '\u2026' : ''}${before}${hit}${after}${to < text.length ? '\u2026' : ''}`;
}

/** Something a text check found in a segment, by offsets into it. */
export interface Finding {
  start: number;
  end: number;
  message: string;
}

/** Runs `find` on every prose segment; one result per finding, with the text around it as excerpt. */
export function eachSegment(draft: DraftForChecks, id: string, severity: CheckResult['severity'], find: (segment: TextSegment) => Finding[]): CheckResult[] {
  const out: CheckResult[] = [];
  for (const segment of proseSegments(draft)) {
    const findings = find(segment).sort((a, b) => a.start - b.start);
    let lastEnd = -1;
    for (const f of findings) {
      if (f.start < lastEnd) continue; // overlaps one already reported
      lastEnd = f.end;
      out.push({ id, severity, message: wherePrefix(segment.field) + f.message, excerpt: around(segment.text, f.start, f.end) });
    }
  }
  return out;
}

/** `empty-body` (blocker): the body has no text, code or image at all. */
export function emptyBody(draft: DraftForChecks): CheckResult[] {
  const parsed = parseBody(draft.body);
  // Text in a paragraph, heading, list or table answers at once; only a body without any needs the full reading (code blocks).
  if (parsed.images.length > 0 || parsed.segments.some((s) => s.text.trim() !== '') || bodyToText(draft.body) !== '') return [];
  return [
    {
      id: 'empty-body',
      severity: 'blocker',
      message: 'The story has no body text. Write the story (or paste it in) before publishing.',
    },
  ];
}
