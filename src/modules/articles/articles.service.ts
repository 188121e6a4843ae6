import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { ArticleRow } from '../../platform/db/schema.js';
import type { ContentEvents } from '../../platform/events.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { isSlug } from '../../platform/slug.js';
import type { Author, AuthorsService } from '../authors/authors.service.js';
import type { Image, MediaService } from '../media/media.service.js';
import type { Section, SectionsService, Tag } from '../sections/sections.service.js';
import type { SettingsService, SiteSettings } from '../settings/settings.service.js';
import { type Correction, createDatedItems, type LiveUpdate } from './articles.dated.js';
import { createDesk } from './articles.desk.js';
import * as repo from './articles.repository.js';
import type { NewArticle } from './articles.rules.js';
import { changeSlug } from './articles.slugs.js';
import { articlePath } from '../../platform/urls.js';
import { createArticleWriter } from './articles.writing.js';
import { cachePublicReads, cacheTotals } from './articles.public-reads.js';
import { renderBody } from '../markdown/markdown.render.js';
import { bodyImageUrls, bodyToText } from '../markdown/markdown.text.js';

/** An article as a listing shows it. */
export interface ArticleCard {
  id: number;
  slug: string;
  path: string;
  headline: string;
  dek: string;
  excerpt: string;
  publishedAt: string;
  updatedAt: string | null;
  section: Section | null;
  authors: Author[];
  image: Image | null;
  developing: boolean;
  commentsOpen: boolean;
  /** When comments close (editor's date or the site's policy); null for never. */
  commentsCloseAt: string | null;
}

/** Everything the article page shows about the article itself. */
export interface ArticleDetail extends ArticleCard {
  bodyHtml: string;
  body: string;
  tags: Tag[];
  liveUpdates: LiveUpdate[];
  corrections: Correction[];
  commentPrompt: string;
  readNextId: number | null;
}

export type PublicLookup = { kind: 'article'; article: ArticleDetail } | { kind: 'redirect'; path: string; slug: string };

export interface ListOptions {
  page?: number;
  perPage?: number;
  sectionId?: number;
  tagId?: number;
  authorId?: number;
  excludeIds?: number[];
}

const DAY_MS = 86_400_000;

/**
 * When an article's comments close, combining its own setting with the
 * site's "close after N days" policy. Null means never.
 */
export function commentsCloseAt(row: Pick<ArticleRow, 'comments_close_at' | 'published_at'>, settings: Pick<SiteSettings, 'commentsCloseAfterDays'>): string | null {
  const candidates: string[] = [];
  if (row.comments_close_at) candidates.push(row.comments_close_at);
  if (settings.commentsCloseAfterDays > 0 && row.published_at) {
    candidates.push(new Date(Date.parse(row.published_at) + settings.commentsCloseAfterDays * DAY_MS).toISOString());
  }
  return candidates.sort()[0] ?? null;
}

/** Comments are open unless closed by an editor or past their close time. */
export function areCommentsOpen(row: Pick<ArticleRow, 'comment_status' | 'comments_close_at' | 'published_at'>, settings: Pick<SiteSettings, 'commentsCloseAfterDays'>, now: Date): boolean {
  if (row.comment_status === 'closed') return false;
  const closeAt = commentsCloseAt(row, settings);
  return closeAt === null || now.toISOString() < closeAt;
}

export type ArticlesService = ReturnType<typeof createArticlesService>;

interface Deps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  sections: SectionsService;
  authors: AuthorsService;
  media: MediaService;
  events: ContentEvents;
}

/** How readers find articles: cards for listings, the article page, READ NEXT. */
function createReader({ db, clock, settings, sections, authors, media }: Omit<Deps, 'events'>, total: (filter: repo.ListFilter) => Promise<number>) {
  const nowIso = () => clock.now().toISOString();

  /** Turn listing rows into cards, batching every lookup. */
  async function toCards(rows: repo.CardRow[]): Promise<ArticleCard[]> {
    if (rows.length === 0) return [];
    const site = await settings.get();
    const ids = rows.map((r) => r.id);
    const [bylines, sectionMap, images] = await Promise.all([
      repo.bylinesFor(db, ids),
      sections.byIds(rows.map((r) => r.section_id).filter((x): x is number => x !== null)),
      media.byIds(rows.map((r) => r.featured_image_id).filter((x): x is number => x !== null)),
    ]);
    const authorMap = await authors.byIds(bylines.map((b) => b.author_id));
    const now = clock.now();
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      path: articlePath(r.slug, r.published_at, site.timezone),
      headline: r.headline,
      dek: r.dek,
      excerpt: r.excerpt,
      publishedAt: r.published_at ?? '',
      updatedAt: r.updated_at,
      section: (r.section_id !== null && sectionMap.get(r.section_id)) || null,
      authors: bylines
        .filter((b) => b.article_id === r.id)
        .map((b) => authorMap.get(b.author_id))
        .filter((a): a is Author => !!a),
      image: (r.featured_image_id !== null && images.get(r.featured_image_id)) || null,
      developing: r.developing === 1,
      commentsOpen: areCommentsOpen(r, site, now),
      commentsCloseAt: commentsCloseAt(r, site),
    }));
  }

  async function toDetail(row: ArticleRow): Promise<ArticleDetail> {
    const [card] = await toCards([row]);
    const [tagIds, updates, corrections] = await Promise.all([repo.tagIdsFor(db, row.id), repo.liveUpdatesFor(db, row.id), repo.correctionsFor(db, row.id)]);
    const tagMap = await sections.tagsByIds(tagIds);
    const bodyImages = bodyImageUrls(row.body);
    const sizes = await media.sizesByUrl(bodyImages);
    const imageSize = (src: string) => sizes.get(src);
    return {
      ...card!,
      body: row.body,
      bodyHtml: renderBody(row.body, { imageSize }),
      tags: [...tagMap.values()].sort((a, b) => a.name.localeCompare(b.name)),
      liveUpdates: updates.map((u) => ({ id: u.id, createdAt: u.created_at, html: renderBody(u.body, { imageSize }), text: bodyToText(u.body) })),
      corrections: corrections.map((c) => ({ id: c.id, createdAt: c.created_at, text: c.body })),
      commentPrompt: row.comment_prompt,
      readNextId: row.read_next_id,
    };
  }

  return {
    /**
     * Find a visible article by its slug; an old slug answers with a redirect
     * to the current path. Drafts, future and unpublished stories are not found.
     */
    async findPublic(slug: string): Promise<PublicLookup | undefined> {
      if (!isSlug(slug)) return undefined;
      const now = nowIso();
      const visible = (r: ArticleRow | undefined): r is ArticleRow => !!r && (r.status === 'published' || r.status === 'scheduled') && !!r.published_at && r.published_at <= now;
      const row = await repo.findBySlug(db, slug);
      if (visible(row)) return { kind: 'article', article: await toDetail(row) };
      const moved = await repo.findByOldSlug(db, slug);
      if (visible(moved)) {
        const site = await settings.get();
        return { kind: 'redirect', slug: moved.slug, path: articlePath(moved.slug, moved.published_at, site.timezone) };
      }
      return undefined;
    },

    /** A page of visible articles, newest first, optionally filtered. */
    async list(options: ListOptions = {}): Promise<Page<ArticleCard>> {
      const perPage = options.perPage ?? 20;
      const page = options.page ?? 1;
      const now = nowIso();
      const filter: repo.ListFilter = {
        ...(options.sectionId !== undefined ? { sectionId: options.sectionId } : {}),
        ...(options.tagId !== undefined ? { tagId: options.tagId } : {}),
        ...(options.authorId !== undefined ? { authorId: options.authorId } : {}),
        ...(options.excludeIds ? { excludeIds: options.excludeIds } : {}),
      };
      const [rows, count] = await Promise.all([repo.listVisible(db, now, filter, perPage, (page - 1) * perPage), total(filter)]);
      return pageOf(await toCards(rows), page, perPage, count);
    },

    /** The newest visible stories across the site. */
    async latest(limit: number, excludeIds: number[] = []): Promise<ArticleCard[]> {
      return toCards(await repo.listVisible(db, nowIso(), { excludeIds }, limit, 0));
    },

    /** The newest visible stories of a section, without counting them all (the home page's section blocks). */
    async latestIn(sectionId: number, limit: number, excludeIds: number[] = []): Promise<ArticleCard[]> {
      return toCards(await repo.listVisible(db, nowIso(), { sectionId, excludeIds }, limit, 0));
    },

    /**
     * READ NEXT: the editor's choice when it is visible, else the most related
     * recent story (most shared tags), else the newest in the same section,
     * else the newest anywhere.
     */
    async readNext(article: ArticleDetail): Promise<ArticleCard | null> {
      const now = nowIso();
      if (article.readNextId !== null && article.readNextId !== article.id) {
        const [chosen] = await toCards(await repo.findVisibleCardsByIds(db, now, [article.readNextId]));
        if (chosen) return chosen;
      }
      const relatedId = await repo.mostRelatedByTags(
        db,
        now,
        article.id,
        article.tags.map((t) => t.id),
      );
      if (relatedId !== undefined) {
        const [related] = await toCards(await repo.findVisibleCardsByIds(db, now, [relatedId]));
        if (related) return related;
      }
      const filter: repo.ListFilter = { excludeIds: [article.id] };
      if (article.section) {
        const [same] = await toCards(await repo.listVisible(db, now, { ...filter, sectionId: article.section.id }, 1, 0));
        if (same) return same;
      }
      const [newest] = await toCards(await repo.listVisible(db, now, filter, 1, 0));
      return newest ?? null;
    },
  };
}

/** Articles: their rules, their visibility and how readers find them. */
export function createArticlesService(deps: Deps) {
  const { db, clock, settings, events } = deps;
  const nowIso = () => clock.now().toISOString();
  const dated = createDatedItems(deps);
  const desk = createDesk(deps);
  const horizon = () => desk.nextScheduledAt();
  const total = cacheTotals((filter: repo.ListFilter) => repo.countVisible(db, nowIso(), filter), deps, horizon);
  const reader = cachePublicReads(createReader(deps, total), deps, horizon);
  const writer = createArticleWriter(deps);

  const service = {
    /**
     * Create an article with its byline, tags and first revision, in one
     * transaction, under the same rules as the editor's.
     */
    async create(input: NewArticle): Promise<ArticleRow> {
      return writer.create(input, { accountId: null });
    },

    /**
     * Give an article a new slug. The old one keeps answering with a
     * permanent redirect, so links already shared keep working.
     */
    async changeSlug(articleId: number, newSlug: string): Promise<void> {
      await changeSlug(db, articleId, newSlug, nowIso());
      events.changed({ kind: 'article', id: articleId });
    },

    /**
     * Give every byline of one author to another (when a staff account is
     * deleted); pass the caller's transaction, and call `announce` with the
     * answer once it has committed. Returns the articles changed.
     */
    moveBylines: (fromAuthorId: number, toAuthorId: number, trx: Db = db): Promise<number[]> => repo.moveBylines(trx, fromAuthorId, toAuthorId),

    /** Tell caches and the search index that these articles changed. */
    announce(articleIds: number[]): void {
      for (const id of articleIds) events.changed({ kind: 'article', id });
    },

    /** Choose (or clear, with null) the editor's READ NEXT for an article. */
    async setReadNext(articleId: number, readNextId: number | null): Promise<void> {
      const columns = await writer.columns({ readNextId }, articleId);
      await repo.updateArticle(db, articleId, { ...columns, modified_at: nowIso() });
      events.changed({ kind: 'article', id: articleId });
    },

    desk: desk.desk,
    nextScheduledAt: desk.nextScheduledAt,
    addLiveUpdate: dated.addLiveUpdate,
    addCorrection: dated.addCorrection,
    findPublic: reader.findPublic,
    list: reader.list,
    latest: reader.latest,
    latestIn: reader.latestIn,
    readNext: reader.readNext,

    /** Look up one article by id, whatever its status (for other services). */
    async byId(id: number): Promise<ArticleRow | undefined> {
      return repo.findById(db, id);
    },

    /**
     * Headline and public address of several articles, whatever their status,
     * for other modules' lists: `path` is null while readers cannot see one.
     */
    async refs(ids: number[]): Promise<Map<number, { id: number; headline: string; path: string | null }>> {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      const [rows, visible, site] = await Promise.all([repo.findByIds(db, unique), repo.findVisibleCardsByIds(db, nowIso(), unique), settings.get()]);
      const paths = new Map(visible.map((v) => [v.id, articlePath(v.slug, v.published_at, site.timezone)]));
      return new Map(rows.map((r) => [r.id, { id: r.id, headline: r.headline, path: paths.get(r.id) ?? null }]));
    },

    newestLiveUpdateId: dated.newestLiveUpdateId,

    /** Whether a visible article with this id exists right now. */
    async isVisible(id: number): Promise<boolean> {
      return (await repo.findVisibleCardsByIds(db, nowIso(), [id])).length === 1;
    },
  };
  return service;
}
