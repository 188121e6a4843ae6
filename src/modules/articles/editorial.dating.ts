import type { ArticleRow } from '../../platform/db/schema.js';
import { conflict, forbidden, invalidInput } from '../../platform/errors.js';
import { can } from '../accounts/permissions.js';
import { parseOffsetDateTime, pastDate, PUBLISHED_AT, sameSecond } from './articles.dates.js';
import { effectiveStatus } from './editorial.permissions.js';
import type { Actor } from './editorial.types.js';

/*
 * Archive dates: an editor gives a story the date it was first published
 * (docs/archive-dates.md). Before publication the date waits on the story and
 * publishing keeps it; after, changing it moves the story's address, and the
 * old address answers with a permanent redirect (the article route sends any
 * other date's address to the current one).
 */

/** A change to the date a story carries: the audit log keeps both. */
export interface DateChange {
  from: string | null;
  to: string | null;
}

/** The refusal for a role that may not date stories, naming the field it sent. */
export const mayNotDate = (field: string) => forbidden(`Only editors and admins can give a story its original publication date (${field}). Leave ${field} out, or ask an editor.`);

/**
 * What a save's `publishedAt` does to the date a story carries (`row`, or
 * null for a new story): nothing when absent or the same to the second, else
 * the change. Refused (403) for a role without `article.date`, whatever the
 * value; a date that is malformed, before 1970 or still to come (422); a
 * scheduled story, whose date is its scheduled time (409); and an empty date
 * on a published story (422).
 */
export function dateChange(actor: Actor, row: Pick<ArticleRow, 'status' | 'published_at'> | null, raw: unknown, now: string): DateChange | undefined {
  if (raw === undefined) return undefined;
  if (!can(actor.role, 'article.date')) throw mayNotDate(PUBLISHED_AT.name);
  const from = row?.published_at ?? null;
  // The date a story already carries, sent back, changes nothing: even one outside the limits, as an imported archive's may be.
  const to = raw === null ? null : sameSecond(from, parseOffsetDateTime(raw, PUBLISHED_AT)) ? from : pastDate(raw, PUBLISHED_AT, now);
  if (sameSecond(from, to)) return undefined;
  const status = row ? effectiveStatus(row, now) : 'draft';
  if (status === 'scheduled') {
    throw conflict(`This story is scheduled for ${from}, and that time is its date. Unschedule it before giving it an original publication date (publishedAt).`);
  }
  if (status === 'published' && to === null) {
    throw invalidInput('A published story keeps its publication date, so publishedAt cannot be emptied. To change the date, give another one.');
  }
  return { from, to };
}
