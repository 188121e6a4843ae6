/*
 * The article editor's form, read into the editorial service's fields. Pure:
 * the same function reads a url-encoded form post and the JSON the editor's
 * script sends for autosave (the same names, the same string values).
 *
 * Only the fields present in the submission are returned, so a partial form
 * never blanks what it did not show. Two controls need help for that:
 *
 *  - `developing` is a checkbox, which sends nothing when unchecked; the
 *    editor puts a hidden `developing=0` before it, so the field is always
 *    present and the last value wins ("0" alone, or "0" then "1").
 *  - The byline is a list of numbered selects, `author1`, `author2`, … (one
 *    row per byline position, empty rows skipped), so the order is the
 *    order of the rows. Any `authorN` key present means the byline was sent.
 */
import { badRequest, invalidInput } from '../../platform/errors.js';
import { MAX_INT4, wholeNumberOrNull } from '../../platform/whole-number.js';
import { utcToZonedLocal, zonedLocalToUtc } from '../../platform/zoned-time.js';
import type { ArticleFields } from './editorial.types.js';

/** A submitted form: url-encoded (repeated names become arrays) or JSON. */
export type SubmittedForm = Record<string, unknown>;

/** How many byline rows the editor shows beyond those filled. */
export const SPARE_BYLINE_ROWS = 2;
/** At most this many byline rows are read. */
export const MAX_BYLINE_ROWS = 20;
/** At most this many tags. */
export const MAX_TAGS = 30;
/** Form posts with a whole article body (saving, previewing) are larger than the admin's default 64 KB. */
export const ARTICLE_BODY_LIMIT = 4 * 1024 * 1024;

/** A single submitted value as a string: the last one when a name is repeated; undefined when absent. */
export function value(form: SubmittedForm, name: string): string | undefined {
  const raw = form[name];
  const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (last === undefined || last === null) return undefined;
  if (typeof last === 'string') return last;
  if (typeof last === 'number' || typeof last === 'boolean') return String(last);
  throw invalidInput(`"${name}" must be text.`);
}

/** Line breaks as the database keeps them: browsers send CRLF from a textarea. */
const lines = (s: string) => s.replace(/\r\n?/g, '\n');

/** A whole number id from 1 up, or null for an empty value. */
function optionalId(raw: string, label: string): number | null {
  const s = raw.trim();
  if (s === '') return null;
  const n = wholeNumberOrNull(s, { min: 1, max: MAX_INT4 });
  if (n === null) throw invalidInput(`${label} must be a whole number from 1 to ${MAX_INT4}, or empty.`);
  return n;
}

/** Tags typed as "harbour, Pier, council": trimmed, empty ones dropped, repeats (any case) once. */
export function parseTags(raw: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of raw.split(',')) {
    const tag = t.replace(/\s+/g, ' ').trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  if (out.length > MAX_TAGS) throw invalidInput(`An article can have at most ${MAX_TAGS} tags; this has ${out.length}.`);
  return out;
}

/** The byline rows author1…authorN in order; undefined when no row was sent. */
export function parseByline(form: SubmittedForm): number[] | undefined {
  const rows = Object.keys(form)
    .map((k) => /^author([1-9]\d?)$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .filter((n) => n <= MAX_BYLINE_ROWS)
    .sort((a, b) => a - b);
  if (rows.length === 0) return undefined;
  const ids: number[] = [];
  for (const n of rows) {
    const id = optionalId(value(form, `author${n}`) ?? '', `Byline ${n}`);
    if (id === null) continue;
    if (ids.includes(id)) throw invalidInput(`The same author is chosen twice in the byline (row ${n}). Choose each author once.`);
    ids.push(id);
  }
  return ids;
}

/**
 * A datetime-local value in the site's zone as ISO UTC, null when empty.
 * Throws a 422 naming the field when it is not a date and time.
 */
export function parseLocalDateTime(raw: string, timezone: string, label: string): string | null {
  const s = raw.trim();
  if (s === '') return null;
  try {
    return zonedLocalToUtc(s, timezone);
  } catch {
    throw invalidInput(`${label} must be a date and time, like 2024-03-29T16:00.`);
  }
}

/** Read the editor form into the fields it sets (only those present). Throws a 422 for a value that cannot be read. */
export function parseArticleForm(form: SubmittedForm, timezone: string): Partial<ArticleFields> {
  const out: Partial<ArticleFields> = {};
  const has = (name: string) => value(form, name) !== undefined;
  const str = (name: string) => lines(value(form, name) ?? '');

  if (has('headline')) out.headline = str('headline').trim();
  if (has('slug')) out.slug = str('slug').trim();
  if (has('dek')) out.dek = str('dek');
  if (has('body')) out.body = str('body');
  if (has('excerpt')) out.excerpt = str('excerpt');
  if (has('commentPrompt')) out.commentPrompt = str('commentPrompt');
  if (has('sectionId')) out.sectionId = optionalId(str('sectionId'), 'The section');
  if (has('featuredImageId')) out.featuredImageId = optionalId(str('featuredImageId'), 'The featured image id');
  if (has('readNextId')) out.readNextId = optionalId(str('readNextId'), 'READ NEXT');
  if (has('tags')) out.tags = parseTags(str('tags'));
  if (has('developing')) {
    const v = str('developing');
    if (!['0', '1', 'on', 'true', 'false', ''].includes(v)) throw invalidInput('"Developing story" is either checked or not.');
    out.developing = v === '1' || v === 'on' || v === 'true';
  }
  if (has('commentStatus')) {
    const v = str('commentStatus');
    if (v !== 'open' && v !== 'closed') throw invalidInput('Comments are either open or closed.');
    out.commentStatus = v;
  }
  if (has('commentModeration')) {
    const v = str('commentModeration');
    if (v !== '' && v !== 'none' && v !== 'first_time' && v !== 'all') throw invalidInput('Moderation is the site default, none, first-time commenters or everything.');
    out.commentModeration = v === '' ? null : v;
  }
  if (has('commentsCloseAt')) out.commentsCloseAt = parseLocalDateTime(str('commentsCloseAt'), timezone, 'The time comments close');
  if (has('publishedAt')) out.publishedAt = parseLocalDateTime(str('publishedAt'), timezone, 'The original publication date');
  const byline = parseByline(form);
  if (byline !== undefined) out.authorIds = byline;
  return out;
}

/**
 * The fields without `publishedAt` when the form sends the stored date back
 * as the editor showed it. A wall-clock time in the hour that repeats when
 * clocks go back reads as the earlier of its two instants, so reading it
 * again would move a date nobody touched.
 */
export function withoutUntouchedDate(fields: Partial<ArticleFields>, form: SubmittedForm, stored: string | null, timezone: string): Partial<ArticleFields> {
  if (fields.publishedAt === undefined || stored === null) return fields;
  const typed = (value(form, 'publishedAt') ?? '').trim();
  if (typed !== utcToZonedLocal(stored, timezone, 'auto') && typed !== utcToZonedLocal(stored, timezone, 'always')) return fields;
  const { publishedAt: _untouched, ...rest } = fields;
  return rest;
}

/** The version the editor started from: a whole number, or a 400. */
export function parseVersion(raw: string | undefined, name = 'baseVersion'): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const s = raw.trim();
  if (!/^\d{1,9}$/.test(s)) throw badRequest(`"${name}" must be a whole number.`);
  return Number(s);
}
