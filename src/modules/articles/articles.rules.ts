import type { ArticleRow, ArticleStatus, NewArticleRow } from '../../platform/db/schema.js';
import { invalidInput } from '../../platform/errors.js';
import { isSlug } from '../../platform/slug.js';
import { singleLine } from '../../platform/text-rules.js';
import { isModerationMode } from '../settings/settings.service.js';
import { checkDateBounds, PUBLISHED_AT } from './articles.dates.js';
import type { ArticleFields } from './editorial.types.js';
import { excerptFrom } from '../markdown/markdown.text.js';

/*
 * The rules every write to an article follows, whichever way it comes in:
 * the editor, the newsroom API, the demo newsroom and the tests' factories.
 * Submitted fields are checked and normalised into column values here,
 * without touching the database; whether the sections, images, articles and
 * authors they name exist is asked through lookups the caller supplies.
 */

/** Length limits on an article's text, and how many tags it may carry. */
export const LIMITS = { headline: 300, dek: 1000, excerpt: 1000, body: 200_000, commentPrompt: 500, tags: 30 } as const;

export const STATUSES: ArticleStatus[] = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'];

/** A new article: the editor's fields, and (for the demo and the tests) a status and dates of its own. */
export interface NewArticle extends Partial<ArticleFields> {
  headline: string;
  status?: ArticleStatus;
  publishedAt?: string | null;
  updatedAt?: string | null;
}

/** Whether what an article's fields point at exists. */
export interface ArticleLookups {
  sectionExists(id: number): Promise<boolean>;
  imageExists(id: number): Promise<boolean>;
  articleExists(id: number): Promise<boolean>;
  /** Those of these ids that name no author. */
  missingAuthors(ids: number[]): Promise<number[]>;
}

/** Text with plain line endings and no surrounding space, within its limit; required text may not be empty. */
function text(name: keyof typeof LIMITS, label: string, value: unknown, required = false): string {
  if (typeof value !== 'string') throw invalidInput(`${label} must be text.`);
  const v = value.replace(/\r\n?/g, '\n').trim();
  if (required && !v) throw invalidInput(`An article needs ${label.toLowerCase()}.`);
  if (v.length > LIMITS[name]) throw invalidInput(`${label} is limited to ${LIMITS[name].toLocaleString('en-US')} characters.`);
  // The headline and the dek are shown on one line: no line breaks, no text-direction overrides.
  return SINGLE_LINE.has(name) ? singleLine(label, v) : v;
}

const SINGLE_LINE = new Set<keyof typeof LIMITS>(['headline', 'dek']);

/** Check and normalise submitted fields into column values (only those given), without looking anything up. */
export function fieldColumns(fields: Partial<ArticleFields>, selfId: number | null): Partial<NewArticleRow> {
  const out: Partial<NewArticleRow> = {};
  if (fields.headline !== undefined) out.headline = text('headline', 'A headline', fields.headline, true);
  if (fields.dek !== undefined) out.dek = text('dek', 'The dek', fields.dek);
  if (fields.body !== undefined) out.body = text('body', 'The body', fields.body);
  if (fields.excerpt !== undefined) out.excerpt = text('excerpt', 'The excerpt', fields.excerpt);
  if (fields.commentPrompt !== undefined) out.comment_prompt = text('commentPrompt', 'The comment prompt', fields.commentPrompt);
  if (fields.slug !== undefined) {
    const slug = String(fields.slug).trim();
    if (!isSlug(slug)) throw invalidInput(`"${slug}" is not a valid slug: use lower-case letters, digits and hyphens.`);
    out.slug = slug;
  }
  if (fields.sectionId !== undefined) out.section_id = fields.sectionId;
  if (fields.featuredImageId !== undefined) out.featured_image_id = fields.featuredImageId;
  if (fields.readNextId !== undefined) {
    if (fields.readNextId !== null && fields.readNextId === selfId) throw invalidInput('An article cannot be its own READ NEXT.');
    out.read_next_id = fields.readNextId;
  }
  if (fields.developing !== undefined) out.developing = fields.developing ? 1 : 0;
  if (fields.commentStatus !== undefined) {
    if (fields.commentStatus !== 'open' && fields.commentStatus !== 'closed') throw invalidInput('Comments are either open or closed.');
    out.comment_status = fields.commentStatus;
  }
  if (fields.commentsCloseAt !== undefined) {
    if (fields.commentsCloseAt !== null && Number.isNaN(Date.parse(fields.commentsCloseAt))) throw invalidInput('The comment closing time must be a date and time.');
    out.comments_close_at = fields.commentsCloseAt === null ? null : new Date(fields.commentsCloseAt).toISOString();
  }
  if (fields.commentModeration !== undefined) {
    if (fields.commentModeration !== null && !isModerationMode(fields.commentModeration)) throw invalidInput('Moderation is the site default, none, first_time or all.');
    out.comment_moderation = fields.commentModeration;
  }
  if (fields.authorIds !== undefined && new Set(fields.authorIds).size !== fields.authorIds.length) throw invalidInput('An author appears twice in the byline.');
  if (fields.tags !== undefined && fields.tags.length > LIMITS.tags) throw invalidInput(`An article can have at most ${LIMITS.tags} tags.`);
  return out;
}

/** Check that the section, image, READ NEXT article and authors the fields name exist. */
export async function checkReferences(fields: Partial<ArticleFields>, lookups: ArticleLookups): Promise<void> {
  if (fields.sectionId != null && !(await lookups.sectionExists(fields.sectionId))) throw invalidInput(`There is no section with id ${fields.sectionId}.`);
  if (fields.featuredImageId != null && !(await lookups.imageExists(fields.featuredImageId))) throw invalidInput(`There is no image with id ${fields.featuredImageId}.`);
  if (fields.readNextId != null && !(await lookups.articleExists(fields.readNextId))) {
    throw invalidInput(`READ NEXT points at article ${fields.readNextId}, which does not exist.`);
  }
  if (fields.authorIds !== undefined) {
    const missing = await lookups.missingAuthors(fields.authorIds);
    if (missing.length > 0) throw invalidInput(`There is no author with id ${missing.join(', ')}.`);
  }
}

/** The column values for submitted fields: checked, normalised, and what they point at found. */
export async function articleColumns(fields: Partial<ArticleFields>, selfId: number | null, lookups: ArticleLookups): Promise<Partial<NewArticleRow>> {
  const columns = fieldColumns(fields, selfId);
  await checkReferences(fields, lookups);
  return columns;
}

/** A new article's headline: it must be there, whatever else is missing. */
export function requireHeadline(input: { headline?: unknown }): string {
  const headline = typeof input.headline === 'string' ? input.headline.trim() : '';
  if (!headline) throw invalidInput('An article needs a headline.');
  return singleLine('A headline', headline);
}

/**
 * A new article's status and dates, checked (from 1970, at most ten years
 * ahead, unless `bounded` is false: an archive import keeps the dates its
 * source had, and reports them); a published story without a date is dated `now`.
 */
export function publicationColumns(
  input: Pick<NewArticle, 'status' | 'publishedAt' | 'updatedAt'>,
  now: string,
  { bounded = true }: { bounded?: boolean } = {},
): Pick<NewArticleRow, 'status' | 'published_at' | 'updated_at'> {
  if (input.status && !STATUSES.includes(input.status)) throw invalidInput(`"${input.status}" is not a status; use one of ${STATUSES.join(', ')}.`);
  for (const [name, v] of [
    ['publishedAt', input.publishedAt],
    ['updatedAt', input.updatedAt],
  ] as const) {
    if (v !== undefined && v !== null && Number.isNaN(Date.parse(v))) throw invalidInput(`${name} must be an ISO-8601 date and time.`);
  }
  if (input.status === 'scheduled' && !input.publishedAt) throw invalidInput('A scheduled article needs a publication time.');
  const status = input.status ?? 'draft';
  const publishedAt = input.publishedAt ? new Date(input.publishedAt).toISOString() : null;
  const updatedAt = input.updatedAt ? new Date(input.updatedAt).toISOString() : null;
  if (bounded && publishedAt) checkDateBounds(publishedAt, PUBLISHED_AT, now);
  if (bounded && updatedAt) checkDateBounds(updatedAt, { name: 'updatedAt', label: 'The updated time' }, now);
  return {
    status,
    published_at: publishedAt ?? (status === 'published' ? now : null),
    updated_at: updatedAt,
  };
}

/** The row a new article starts as: its checked columns, and defaults for what was not given. */
export function newArticleRow(
  columns: Partial<NewArticleRow>,
  start: Pick<NewArticleRow, 'slug' | 'headline' | 'status' | 'published_at' | 'updated_at'> & { at: string; accountId: number | null },
): NewArticleRow {
  const { at, accountId, ...identity } = start;
  return {
    ...identity,
    dek: columns.dek ?? '',
    body: columns.body ?? '',
    // An excerpt nobody wrote comes from the body.
    excerpt: columns.excerpt || excerptFrom(columns.body ?? ''),
    section_id: columns.section_id ?? null,
    created_at: at,
    modified_at: at,
    featured_image_id: columns.featured_image_id ?? null,
    developing: columns.developing ?? 0,
    read_next_id: columns.read_next_id ?? null,
    comment_prompt: columns.comment_prompt ?? '',
    comment_status: columns.comment_status ?? 'open',
    comments_close_at: columns.comments_close_at ?? null,
    comment_moderation: columns.comment_moderation ?? null,
    created_by: accountId,
    status_changed_at: at,
    status_changed_by: accountId,
  };
}

/** An article's settings beside its text, as the editor shows them and revisions keep them. */
export function settingsOf(row: ArticleRow) {
  return {
    excerpt: row.excerpt,
    sectionId: row.section_id,
    featuredImageId: row.featured_image_id,
    developing: row.developing === 1,
    readNextId: row.read_next_id,
    commentPrompt: row.comment_prompt,
    commentStatus: row.comment_status,
    commentsCloseAt: row.comments_close_at,
    commentModeration: row.comment_moderation,
  };
}
