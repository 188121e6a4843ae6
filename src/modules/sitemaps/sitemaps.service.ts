import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import { authorPath, sectionPath, tagPath } from '../../platform/urls.js';
import type { ArticleSitemaps, SitemapArticle } from '../articles/articles.sitemap.js';
import type { AuthorsService } from '../authors/authors.service.js';
import type { SectionsService } from '../sections/sections.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { PageEntry, Publication } from './sitemaps.views.js';

/** Google News takes the last two days' stories, at most a thousand. */
export const NEWS_WINDOW_MS = 48 * 3_600_000;
export const NEWS_LIMIT = 1000;
/** The sitemap protocol's limit of addresses in one file. */
export const URLS_PER_SITEMAP = 50_000;

export const monthSitemapPath = (year: number, month: number): string => `/sitemaps/articles-${year}-${String(month).padStart(2, '0')}.xml`;
export const SITEMAP_PATHS = { sections: '/sitemaps/sections.xml', tags: '/sitemaps/tags.xml', authors: '/sitemaps/authors.xml', news: '/sitemaps/news.xml' } as const;

/** Google News wants an ISO 639 code, or zh-cn / zh-tw for Chinese; the site's locale gives it. */
export function newsLanguage(locale: string): string {
  const lower = locale.toLowerCase().replace(/_/g, '-');
  if (/^zh(-|$)/.test(lower)) return /^zh-(tw|hk|mo|hant)/.test(lower) ? 'zh-tw' : 'zh-cn';
  const primary = lower.split('-')[0] ?? '';
  return /^[a-z]{2,3}$/.test(primary) ? primary : 'en';
}

/** A month as `/sitemaps/articles-YYYY-MM.xml` names it; undefined for anything else. */
export function parseMonthFile(file: string): { year: number; month: number } | undefined {
  const m = /^articles-(\d{4})-(\d{2})\.xml$/.exec(file);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  // Visible stories are never far in the future, so the last year the calendar arithmetic would overflow names none.
  if (year < 1000 || year > 9998 || month < 1 || month > 12) return undefined;
  return { year, month };
}

const newest = (times: (string | null)[]): string | null => times.reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);

interface Deps {
  clock: Clock;
  articles: ArticleSitemaps;
  sections: Pick<SectionsService, 'list' | 'listTags'>;
  authors: Pick<AuthorsService, 'list'>;
  settings: Pick<SettingsService, 'get'>;
}

export type SitemapsService = ReturnType<typeof createSitemapsService>;

/**
 * What each sitemap lists. A sitemap with nothing to list does not exist (the
 * schema allows no empty one): the index leaves it out and its address is a 404.
 */
export function createSitemapsService({ clock, articles, sections, authors, settings }: Deps) {
  const newsSince = () => new Date(clock.now().getTime() - NEWS_WINDOW_MS).toISOString();

  const service = {
    /** The front page and every section page, each changed when its newest story appeared. */
    async sections(): Promise<PageEntry[]> {
      const [list, bySection, front] = await Promise.all([sections.list(), articles.newestBySection(), articles.newestPublished()]);
      return [{ path: '/', lastmod: front }, ...list.map((s) => ({ path: sectionPath(s.slug), lastmod: bySection.get(s.id) ?? null }))];
    },

    /** Tag pages of tags that some visible story carries. */
    async tags(): Promise<PageEntry[]> {
      const [list, byTag] = await Promise.all([sections.listTags(), articles.newestByTag()]);
      return list.filter((t) => byTag.has(t.id)).map((t) => ({ path: tagPath(t.slug), lastmod: byTag.get(t.id) ?? null }));
    },

    /** Every author page, changed when the author's newest story appeared. */
    async authors(): Promise<PageEntry[]> {
      const [list, byAuthor] = await Promise.all([authors.list(), articles.newestByAuthor()]);
      return list.map((a) => ({ path: authorPath(a.slug), lastmod: byAuthor.get(a.id) ?? null }));
    },

    /** A month's visible stories (the site's time zone); a month without any is not found. */
    async month(year: number, month: number): Promise<SitemapArticle[]> {
      const list = await articles.inMonth(year, month, URLS_PER_SITEMAP);
      if (list.length === 0) throw notFound('sitemap');
      return list;
    },

    /**
     * The last 48 hours' stories for Google News, and when the oldest of them
     * drops out (the cached copy must not outlive it).
     */
    async news(): Promise<{ publication: Publication; articles: SitemapArticle[]; until: string | null }> {
      const [site, list] = await Promise.all([settings.get(), articles.publishedSince(newsSince(), NEWS_LIMIT)]);
      const oldest = list.at(-1);
      const until = oldest ? new Date(Date.parse(oldest.publishedAt) + NEWS_WINDOW_MS).toISOString() : null;
      return { publication: { name: site.name, language: newsLanguage(site.locale) }, articles: list, until };
    },

    /**
     * The index: the news sitemap, sections, tags, authors, then one sitemap
     * per month newest first, each with the newest change it holds; `until`
     * is when the news sitemap next loses a story (it may leave the index).
     */
    async index(): Promise<{ entries: PageEntry[]; until: string | null }> {
      const [news, sectionPages, tagPages, authorPages, months] = await Promise.all([service.news(), service.sections(), service.tags(), service.authors(), articles.months()]);
      const entries: PageEntry[] = [];
      if (news.articles.length > 0) entries.push({ path: SITEMAP_PATHS.news, lastmod: newest(news.articles.map((a) => a.lastmod)) });
      entries.push({ path: SITEMAP_PATHS.sections, lastmod: newest(sectionPages.map((p) => p.lastmod)) });
      if (tagPages.length > 0) entries.push({ path: SITEMAP_PATHS.tags, lastmod: newest(tagPages.map((p) => p.lastmod)) });
      if (authorPages.length > 0) entries.push({ path: SITEMAP_PATHS.authors, lastmod: newest(authorPages.map((p) => p.lastmod)) });
      for (const m of months) entries.push({ path: monthSitemapPath(m.year, m.month), lastmod: m.lastmod });
      return { entries, until: news.until };
    },
  };
  return service;
}
