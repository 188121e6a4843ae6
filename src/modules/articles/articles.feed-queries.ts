import type { Db } from '../../platform/db/database.js';
import type { MediaService } from '../media/media.service.js';
import { renderBody } from '../markdown/markdown.render.js';
import type { ArticleCard, ArticlesService, ListOptions } from './articles.service.js';

/** A story as a feed carries it: its card, and its body as HTML when the feed wants the full text. */
export interface FeedArticle extends ArticleCard {
  bodyHtml: string | null;
}

interface Deps {
  db: Db;
  articles: Pick<ArticlesService, 'list'>;
  media: Pick<MediaService, 'sizesByUrl'>;
}

/** The bodies of some articles, by id (a listing's cards leave them out). */
async function bodiesOf(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('articles').select(['id', 'body']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.body]));
}

/** What the feeds read from the articles module: the newest visible stories, with their rendered bodies. */
export function createArticleFeedReader({ db, articles, media }: Deps) {
  return {
    /**
     * The newest visible stories (never drafts, scheduled-in-the-future or
     * unpublished ones), newest first, optionally of one section, tag or author.
     */
    async newest(filter: Pick<ListOptions, 'sectionId' | 'tagId' | 'authorId'>, limit: number, options: { fullText: boolean }): Promise<FeedArticle[]> {
      const { items } = await articles.list({ ...filter, perPage: limit });
      if (!options.fullText) return items.map((a) => ({ ...a, bodyHtml: null }));
      const bodies = await bodiesOf(
        db,
        items.map((a) => a.id),
      );
      const images = [...bodies.values()].flatMap((body) => [...body.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1]!));
      const sizes = await media.sizesByUrl(images);
      const imageSize = (src: string) => sizes.get(src);
      return items.map((a) => ({ ...a, bodyHtml: renderBody(bodies.get(a.id) ?? '', { imageSize }) }));
    },
  };
}

export type ArticleFeedReader = ReturnType<typeof createArticleFeedReader>;
