import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { calendarDate } from '../../platform/time.js';
import { articlePath } from '../../platform/urls.js';
import { zonedLocalToUtc } from '../../platform/zoned-time.js';
import type { MediaService } from '../media/media.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as q from './articles.sitemap-queries.js';

/** A featured image as an image sitemap describes it; empty text means none. */
export interface SitemapImage {
  /** As stored: relative to the site, or absolute. */
  url: string;
  caption: string;
  title: string;
}

/** A visible article as a sitemap lists it. */
export interface SitemapArticle {
  path: string;
  headline: string;
  publishedAt: string;
  /** The latest of its publication, "Updated" and last-saved times, never after now. */
  lastmod: string;
  image: SitemapImage | null;
}

/** A calendar month, in the site's time zone, that has visible articles. */
export interface SitemapMonth {
  year: number;
  month: number;
  /** The newest change among its articles. */
  lastmod: string;
}

/** The latest of an article's times that a crawler should know of, capped at now (an "Updated" time may be set ahead). */
export function articleLastmod(row: q.DatedRow, now: string): string {
  const times = [row.published_at, row.updated_at, row.modified_at].filter((t): t is string => !!t);
  const latest = times.reduce((a, b) => (b > a ? b : a), '');
  return latest > now ? now : latest;
}

/** "2024-03" for an instant, in the zone. */
export function monthKey(iso: string, timezone: string): string {
  const { year, month } = calendarDate(iso, timezone);
  return `${year}-${month}`;
}

export type ArticleSitemaps = ReturnType<typeof createArticleSitemaps>;

/** What the sitemaps need from the articles module: visible articles only, with their public paths. */
export function createArticleSitemaps({ db, clock, settings, media }: { db: Db; clock: Clock; settings: SettingsService; media: Pick<MediaService, 'byIds'> }) {
  const nowIso = () => clock.now().toISOString();

  async function present(rows: q.SitemapRow[], now: string, timezone: string): Promise<SitemapArticle[]> {
    const images = await media.byIds(rows.map((r) => r.featured_image_id).filter((id): id is number => id !== null));
    return rows.map((r) => {
      const image = r.featured_image_id !== null ? images.get(r.featured_image_id) : undefined;
      const caption = image ? image.caption || image.alt : '';
      return {
        path: articlePath(r.slug, r.published_at, timezone),
        headline: r.headline,
        publishedAt: r.published_at ?? '',
        lastmod: articleLastmod(r, now),
        image: image ? { url: image.url, caption, title: image.alt === caption ? '' : image.alt } : null,
      };
    });
  }

  return {
    /** Months (in the site's time zone) with visible articles, newest first, each with its newest change. */
    async months(): Promise<SitemapMonth[]> {
      const now = nowIso();
      const [rows, site] = await Promise.all([q.visibleDates(db, now), settings.get()]);
      const byMonth = new Map<string, string>();
      for (const r of rows) {
        if (!r.published_at) continue;
        const key = monthKey(r.published_at, site.timezone);
        const lastmod = articleLastmod(r, now);
        if ((byMonth.get(key) ?? '') < lastmod) byMonth.set(key, lastmod);
      }
      return [...byMonth.entries()].sort(([a], [b]) => (a < b ? 1 : -1)).map(([key, lastmod]) => ({ year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)), lastmod }));
    },

    /** Visible articles published in a month of the site's time zone (1–12), newest first, at most `limit`. */
    async inMonth(year: number, month: number, limit: number): Promise<SitemapArticle[]> {
      const now = nowIso();
      const site = await settings.get();
      const key = `${year}-${String(month).padStart(2, '0')}`;
      const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
      // The month runs from midnight on its first day to midnight on the next month's, on the site's wall clock.
      const from = zonedLocalToUtc(`${key}-01T00:00`, site.timezone);
      const to = zonedLocalToUtc(`${next}-01T00:00`, site.timezone);
      const rows = await q.visibleBetween(db, now, from, to, limit);
      return present(
        rows.filter((r) => r.published_at && monthKey(r.published_at, site.timezone) === key),
        now,
        site.timezone,
      );
    },

    /** Visible articles published after `since`, newest first, at most `limit`. */
    async publishedSince(since: string, limit: number): Promise<SitemapArticle[]> {
      const now = nowIso();
      const site = await settings.get();
      return present(await q.visibleAfter(db, now, since, limit), now, site.timezone);
    },

    /** Each section's newest visible article's publication time. */
    newestBySection: () => q.newestBySection(db, nowIso()),
    /** Each author's newest visible article's publication time. */
    newestByAuthor: () => q.newestByAuthor(db, nowIso()),
    /** Each tag's newest visible article's publication time; only tags with a visible article. */
    newestByTag: () => q.newestByTag(db, nowIso()),
    /** The newest visible article's publication time, if any. */
    newestPublished: () => q.newestPublished(db, nowIso()),
  };
}
