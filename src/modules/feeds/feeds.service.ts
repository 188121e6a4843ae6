import { authorPath, commentsFeedPath, type FeedFormat, feedPath, sectionPath, tagPath } from '../../platform/urls.js';
import type { FeedArticle } from '../articles/articles.feed-queries.js';
import type { ArticlesService } from '../articles/articles.service.js';
import type { AuthorsService } from '../authors/authors.service.js';
import type { CommentsService } from '../comments/comments.service.js';
import type { SectionsService } from '../sections/sections.service.js';
import type { SettingsService, SiteSettings } from '../settings/settings.service.js';
import { absoluteHtml, articleGuid, commentGuid } from './feeds.text.js';
import type { CommentEntry, FeedChannel, FeedDocument, StoryEntry } from './feeds.types.js';

/** Stories in a listing's feed. */
export const FEED_STORIES = 20;
/** Comments in an article's comments feed. */
export const FEED_COMMENTS = 50;

/** Which listing a feed follows. */
export type FeedScope = 'site' | 'section' | 'tag' | 'author';

interface Deps {
  siteUrl: string;
  settings: Pick<SettingsService, 'get'>;
  sections: Pick<SectionsService, 'bySlug' | 'publicTagBySlug'>;
  authors: Pick<AuthorsService, 'bySlug'>;
  articles: Pick<ArticlesService, 'findPublic'>;
  articleFeeds: { newest(filter: { sectionId?: number; tagId?: number; authorId?: number }, limit: number, options: { fullText: boolean }): Promise<FeedArticle[]> };
  comments: Pick<CommentsService, 'counts' | 'newestForFeed'>;
}

/** What a listing's feed needs to know about the listing itself. */
interface Listing {
  base: string;
  title: string;
  description: string;
  filter: { sectionId?: number; tagId?: number; authorId?: number };
}

/** The later of two times: an entry's updated time is never before its publication. */
const later = (a: Date, b: string | null): Date => (b && Date.parse(b) > a.getTime() ? new Date(b) : a);

const newestOf = (dates: Date[]): Date | null => (dates.length > 0 ? new Date(Math.max(...dates.map((d) => d.getTime()))) : null);

export type FeedsService = ReturnType<typeof createFeedsService>;

/** Feeds: the site's, each section's, tag's and author's newest stories, and each article's comments. */
export function createFeedsService({ siteUrl, settings, sections, authors, articles, articleFeeds, comments }: Deps) {
  const abs = (path: string) => siteUrl + path;

  async function listingOf(scope: FeedScope, slug: string, site: SiteSettings): Promise<Listing | undefined> {
    switch (scope) {
      case 'site':
        return { base: '', title: site.name, description: site.tagline, filter: {} };
      case 'section': {
        const s = await sections.bySlug(slug);
        return s && { base: sectionPath(s.slug), title: `${site.name}: ${s.name}`, description: s.description, filter: { sectionId: s.id } };
      }
      case 'tag': {
        const t = await sections.publicTagBySlug(slug);
        return t && { base: tagPath(t.slug), title: `${site.name}: ${t.name}`, description: `Stories tagged “${t.name}”.`, filter: { tagId: t.id } };
      }
      case 'author': {
        const a = await authors.bySlug(slug);
        return a && { base: authorPath(a.slug), title: `${site.name}: ${a.name}`, description: a.bio || `Stories by ${a.name}.`, filter: { authorId: a.id } };
      }
    }
  }

  function storyEntry(a: FeedArticle, commentCount: number): StoryEntry {
    const url = abs(a.path);
    const published = new Date(a.publishedAt);
    return {
      id: articleGuid(siteUrl, a.publishedAt, a.id),
      url,
      title: a.headline,
      summary: a.excerpt || a.dek,
      html: a.bodyHtml === null ? null : absoluteHtml(a.bodyHtml, siteUrl),
      image: a.image ? { url: new URL(a.image.url, siteUrl).toString(), alt: a.image.alt } : null,
      published,
      updated: later(published, a.updatedAt),
      authors: a.authors.map((p) => ({ name: p.name, url: abs(authorPath(p.slug)) })),
      section: a.section ? { name: a.section.name, slug: a.section.slug, url: abs(sectionPath(a.section.slug)) } : null,
      commentCount,
      commentsUrl: `${url}#comments`,
      commentsFeedUrl: abs(commentsFeedPath(a.path, 'rss')),
    };
  }

  return {
    /**
     * The newest visible stories of the site, or of one section, tag or
     * author (undefined when there is no such one), with the full text or the
     * excerpt as the site's `feedFullText` setting says.
     */
    async listing(scope: FeedScope, slug = ''): Promise<Extract<FeedDocument, { kind: 'stories' }> | undefined> {
      const site = await settings.get();
      const listing = await listingOf(scope, slug, site);
      if (!listing) return undefined;
      const stories = await articleFeeds.newest(listing.filter, FEED_STORIES, { fullText: site.feedFullText });
      const counts = await comments.counts(stories.map((a) => a.id));
      const entries = stories.map((a) => storyEntry(a, counts.get(a.id) ?? 0));
      const urls = Object.fromEntries((['rss', 'atom', 'json'] as FeedFormat[]).map((f) => [f, abs(feedPath(listing.base, f))]));
      const channel: FeedChannel = {
        title: listing.title,
        description: listing.description,
        homeUrl: abs(listing.base || '/'),
        urls,
        language: site.locale,
        site: { name: site.name, url: abs('/') },
        updated: newestOf(entries.map((e) => e.updated)),
      };
      return { kind: 'stories', channel, entries };
    },

    /**
     * An article's newest approved, visible comments. An old slug, or a path
     * whose date is not the article's, answers with the article's current
     * path; an article readers cannot see has no feed (undefined).
     */
    async comments(requestedPath: string, slug: string): Promise<{ kind: 'moved'; articlePath: string } | { kind: 'feed'; doc: Extract<FeedDocument, { kind: 'comments' }> } | undefined> {
      const found = await articles.findPublic(slug);
      if (!found) return undefined;
      if (found.kind === 'redirect') return { kind: 'moved', articlePath: found.path };
      const { article } = found;
      if (article.path !== requestedPath) return { kind: 'moved', articlePath: article.path };
      const [site, rows] = await Promise.all([settings.get(), comments.newestForFeed(article.id, FEED_COMMENTS)]);
      const url = abs(article.path);
      const entries: CommentEntry[] = rows.map((c) => ({
        id: commentGuid(siteUrl, c.createdAt, c.id),
        url: `${url}#comment-${c.id}`,
        authorName: c.authorName,
        text: c.body,
        published: new Date(c.createdAt),
        updated: later(new Date(c.createdAt), c.editedAt),
      }));
      const channel: FeedChannel = {
        title: `Comments on “${article.headline}”`,
        description: `The newest comments on “${article.headline}” at ${site.name}.`,
        homeUrl: `${url}#comments`,
        urls: { rss: abs(commentsFeedPath(article.path, 'rss')), atom: abs(commentsFeedPath(article.path, 'atom')) },
        language: site.locale,
        site: { name: site.name, url: abs('/') },
        updated: newestOf(entries.map((e) => e.updated)),
      };
      return { kind: 'feed', doc: { kind: 'comments', channel, entries } };
    },
  };
}
