import type { Db } from '../../platform/db/database.js';
import type { MediaService } from '../media/media.service.js';
import { renderBody } from '../markdown/markdown.render.js';
import type { ArticleCard, ArticlesService, ListOptions } from './articles.service.js';
import * as repo from './articles.repository.js';
import { bodyImageUrls } from '../markdown/markdown.text.js';

/** A story as a feed carries it: its card, and its body as HTML when the feed wants the full text. */
export interface FeedArticle extends ArticleCard {
  bodyHtml: string | null;
}

interface Deps {
  db: Db;
  articles: Pick<ArticlesService, 'list'>;
  media: Pick<MediaService, 'sizesByUrl'>;
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
      const bodies = await repo.bodiesByIds(
        db,
        items.map((a) => a.id),
      );
      const images = [...bodies.values()].flatMap(bodyImageUrls);
      const sizes = await media.sizesByUrl(images);
      const imageSize = (src: string) => sizes.get(src);
      return items.map((a) => ({ ...a, bodyHtml: renderBody(bodies.get(a.id) ?? '', { imageSize }) }));
    },
  };
}

export type ArticleFeedReader = ReturnType<typeof createArticleFeedReader>;
