import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { invalidInput } from '../../platform/errors.js';
import { containsPattern, containsText } from '../../platform/like.js';

/*
 * Searching the moderation queue: comments whose text contains some words,
 * by a commenter whose name or email contains some text, on a story whose
 * headline contains some text. Each is a plain case-insensitive "contains"
 * (LIKE with % and _ escaped), not the site's full-text search: moderators
 * look for fragments (part of an email address, a misspelt slur, a URL),
 * which words and stems would miss, and the queue is paged and narrowed by
 * tab, so a scan of the comments table is affordable.
 */

/** What a moderator searches the queue for; each given part must match. */
export interface CommentSearch {
  /** Text in the comment. */
  text?: string;
  /** Text in the commenter's name or email (as posted, or the reader's current ones), or a reader's id as "#42". */
  commenter?: string;
  /** Text in the headline of the story commented on. */
  story?: string;
}

/**
 * Subqueries of ids from the modules that own readers and articles (given by
 * src/services.ts), so this module never reads their tables itself.
 */
export interface CommentSearchLookups {
  readersMatching(db: Db, pattern: string): SelectQueryBuilder<Database, 'readers', { id: number }>;
  articlesWithHeadline(db: Db, pattern: string): SelectQueryBuilder<Database, 'articles', { id: number }>;
}

/** The longest text each search field takes. */
export const MAX_SEARCH_CHARS = 200;

const LABEL: Record<keyof CommentSearch, string> = { text: 'The comment text', commenter: 'The commenter', story: 'The story' };

/** Trimmed, whitespace collapsed, at most MAX_SEARCH_CHARS; empty means no search. */
export function cleanSearch(raw: Partial<Record<keyof CommentSearch, unknown>>): CommentSearch {
  const out: CommentSearch = {};
  for (const key of ['text', 'commenter', 'story'] as const) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw invalidInput(`${LABEL[key]} to search for must be text.`);
    const text = value.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
    if (text.length > MAX_SEARCH_CHARS) throw invalidInput(`${LABEL[key]} to search for is limited to ${MAX_SEARCH_CHARS} characters.`);
    if (text !== '') out[key] = text;
  }
  return out;
}

export const isSearching = (s: CommentSearch): boolean => s.text !== undefined || s.commenter !== undefined || s.story !== undefined;

/** The condition on comments for a (cleaned) search, or undefined when it asks for nothing. */
export function searchCondition(db: Db, lookups: CommentSearchLookups | undefined, s: CommentSearch): ((eb: ExpressionBuilder<Database, 'comments'>) => Expression<SqlBool>) | undefined {
  if (!isSearching(s)) return undefined;
  if ((s.commenter !== undefined || s.story !== undefined) && !lookups) throw new Error('searching comments by commenter or story needs the readers and articles lookups');
  return (eb) => {
    const parts: Expression<SqlBool>[] = [];
    if (s.text !== undefined) parts.push(containsText('comments.body', containsPattern(s.text)));
    if (s.commenter !== undefined) {
      const pattern = containsPattern(s.commenter);
      const either = [containsText('comments.author_name', pattern), containsText('comments.author_email', pattern), eb('comments.reader_id', 'in', lookups!.readersMatching(db, pattern))];
      // "#42" (or "42") is also reader 42, as the reader's page and the queue's filter name them.
      const id = /^#?([1-9][0-9]{0,8})$/.exec(s.commenter)?.[1];
      if (id !== undefined) either.push(eb('comments.reader_id', '=', Number(id)));
      parts.push(eb.or(either));
    }
    if (s.story !== undefined) parts.push(eb('comments.article_id', 'in', lookups!.articlesWithHeadline(db, containsPattern(s.story))));
    return eb.and(parts);
  };
}
