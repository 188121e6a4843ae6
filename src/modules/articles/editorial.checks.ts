import type { Clock } from '../../platform/clock.js';
import type { ArticleRow } from '../../platform/db/schema.js';
import type { AuthorsService } from '../authors/authors.service.js';
import { runChecks } from '../checks/checks.js';
import type { CheckResult } from '../checks/checks.types.js';
import type { MediaService } from '../media/media.service.js';
import type { SectionsService } from '../sections/sections.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { ArticlesService } from './articles.service.js';
import { excerptFrom } from '../markdown/markdown.text.js';

interface ChecksDeps {
  clock: Clock;
  settings: SettingsService;
  sections: SectionsService;
  authors: AuthorsService;
  articles: ArticlesService;
  media: MediaService;
}

/** The pre-publish checklist (docs/checks.md) for an article as saved. */
export function createEditorialChecks({ clock, settings, sections, authors, articles, media }: ChecksDeps) {
  /** Internal links are checked against the site itself; others cannot be checked from here. */
  async function internalLinkResolves(url: string): Promise<boolean | 'unknown'> {
    let path: string;
    try {
      const u = new URL(url, 'http://site.invalid');
      if (u.host !== 'site.invalid') return 'unknown';
      path = u.pathname.replace(/\/+$/, '') || '/';
    } catch {
      return false;
    }
    if (path === '/') return true;
    let m = /^\/\d{4}\/\d{2}\/\d{2}\/([^/]+)$/.exec(path);
    if (m) return (await articles.findPublic(m[1]!)) !== undefined;
    m = /^\/(section|tag|author)\/([^/]+)$/.exec(path);
    if (m) {
      const slug = m[2]!;
      if (m[1] === 'section') return (await sections.bySlug(slug)) !== undefined;
      if (m[1] === 'tag') return (await sections.tagBySlug(slug)) !== undefined;
      return (await authors.bySlug(slug)) !== undefined;
    }
    if (path.startsWith('/media/') || path.startsWith('/assets/') || path.startsWith('/api/')) return 'unknown';
    return false;
  }

  return {
    /** Run the checklist over the article as saved, for a publication at `at` (ISO), else at its own date, else now. */
    async checklistFor(row: ArticleRow, at?: string): Promise<CheckResult[]> {
      const site = await settings.get();
      const image = row.featured_image_id ? ((await media.byIds([row.featured_image_id])).get(row.featured_image_id) ?? null) : null;
      return runChecks(
        {
          headline: row.headline,
          dek: row.dek,
          excerpt: row.excerpt === excerptFrom(row.body) ? '' : row.excerpt,
          body: row.body,
          publishedAt: at ?? row.published_at,
          featuredImage: image ? { alt: image.alt, urls: [image.url, ...image.variants.map((v) => v.url)] } : null,
          siteTimezone: site.timezone,
        },
        { now: clock.now(), linkResolves: (url) => internalLinkResolves(url) },
      );
    },
  };
}
