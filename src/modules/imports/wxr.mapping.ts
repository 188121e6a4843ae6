import type { ArticleStatus, CommentStatus } from '../../platform/db/schema.js';
import { isSlug, slugify } from '../../platform/slug.js';
import { isTimeZone, zonedLocalToUtc } from '../../platform/zoned-time.js';
import type { WxrComment, WxrItem } from './wxr.types.js';

/*
 * How WordPress's states, dates and names map onto Broadsheet's
 * (docs/import-wordpress.md says the same for operators).
 *
 * Post statuses:
 *   publish → published (scheduled when its date is still ahead: a query-time
 *             rule then shows it at that moment, as WordPress would)
 *   future  → scheduled
 *   draft   → draft;  pending → in review
 *   private → unpublished: it was finished and dated but only logged-in staff
 *             could read it; unpublished keeps it from readers, keeps its date,
 *             and an editor can put it back with one decision
 *   trash, auto-draft, inherit and anything else → not imported, with the reason
 *
 * Dates: wp:post_date_gmt when present and not 0000-00-00 00:00:00, else
 * wp:post_date read in the export site's time zone (the file does not carry
 * it: --timezone, by default this site's setting), else the item's RSS
 * pubDate. Years 1 to 9999 are kept, before 1970 included.
 *
 * Comment statuses: approved (1) → approved, held (0) → pending, spam → spam,
 * trash and post-trashed → rejected (a moderator removed it), anything else
 * (an empty field included) → pending, so a moderator decides.
 */

export type StatusDecision = { status: ArticleStatus } | { skip: string };

export function articleStatus(wpStatus: string): StatusDecision {
  switch (wpStatus) {
    case 'publish':
      return { status: 'published' };
    case 'future':
      return { status: 'scheduled' };
    case 'draft':
      return { status: 'draft' };
    case 'pending':
      return { status: 'in_review' };
    case 'private':
      return { status: 'unpublished' };
    case 'trash':
      return { skip: 'in the trash' };
    case 'auto-draft':
      return { skip: 'an automatic draft WordPress made, never written' };
    case '':
      return { skip: 'no status in the export' };
    default:
      return { skip: `status "${wpStatus.slice(0, 40)}" is not a post status Broadsheet has` };
  }
}

const WP_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A WordPress "YYYY-MM-DD HH:MM:SS" read as UTC; null when absent, zero or impossible. */
export function gmtDate(text: string): string | null {
  const m = WP_DATE.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? '0')) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1) return null;
  return d.toISOString();
}

/** A WordPress local "YYYY-MM-DD HH:MM:SS" as the instant it names in `timezone`. */
export function localDate(text: string, timezone: string): string | null {
  const utc = gmtDate(text);
  if (!utc || !isTimeZone(timezone)) return null;
  const m = WP_DATE.exec(text.trim())!;
  try {
    return zonedLocalToUtc(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}`, timezone);
  } catch {
    return null;
  }
}

/** An RSS pubDate ("Tue, 03 Jan 2012 17:11:37 +0000") as an instant, or null. */
function rssDate(text: string): string | null {
  if (!text.trim()) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** When a post was published, by the rules above, and which field said so. */
export function itemDate(item: Pick<WxrItem, 'postDate' | 'postDateGmt' | 'pubDate'>, timezone: string): { at: string; from: 'gmt' | 'local' | 'pubDate' } | null {
  const gmt = gmtDate(item.postDateGmt);
  if (gmt) return { at: gmt, from: 'gmt' };
  const local = localDate(item.postDate, timezone);
  if (local) return { at: local, from: 'local' };
  const rss = rssDate(item.pubDate);
  return rss ? { at: rss, from: 'pubDate' } : null;
}

/** When a comment was written: its GMT time, else its local time in the site's zone. */
export function commentDate(c: Pick<WxrComment, 'date' | 'dateGmt'>, timezone: string): string | null {
  return gmtDate(c.dateGmt) ?? localDate(c.date, timezone);
}

export type CommentDecision = { status: CommentStatus; note?: string } | { skip: string };

/** A comment's status here, or why it is not imported (pingbacks and trackbacks unless asked for). */
export function commentStatus(c: Pick<WxrComment, 'approved' | 'type'>, withPingbacks: boolean): CommentDecision {
  const type = c.type || 'comment';
  if ((type === 'pingback' || type === 'trackback') && !withPingbacks) return { skip: `${type} (use --pingbacks to import them)` };
  if (!['comment', 'pingback', 'trackback'].includes(type)) return { skip: `"${type.slice(0, 40)}" entries are not comments` };
  switch (c.approved) {
    case '1':
    case 'approve':
      return { status: 'approved' };
    case '0':
    case 'hold':
      return { status: 'pending' };
    case 'spam':
      return { status: 'spam' };
    case 'trash':
    case 'post-trashed':
      return { status: 'rejected' };
    default:
      return { status: 'pending', note: c.approved ? `approval "${c.approved.slice(0, 20)}" unknown: held for a moderator` : 'no approval in the export: held for a moderator' };
  }
}

/** Bidirectional overrides and isolates: they only disguise text in a headline or a name. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
export const withoutBidi = (s: string) => s.replace(BIDI, '');

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A Broadsheet slug for a WordPress slug: kept when it already is one;
 * otherwise (percent-encoded letters, capitals, symbols) made from it, from
 * the title, or from the fallback.
 */
export function importSlug(wpSlug: string, title: string, fallback: string): string {
  const raw = withoutBidi(decoded(wpSlug.trim()));
  if (isSlug(raw)) return raw;
  for (const candidate of [raw, withoutBidi(title)]) {
    const s = candidate ? slugify(candidate) : 'untitled';
    if (s !== 'untitled' || /untitled/i.test(candidate)) return s;
  }
  return fallback;
}
