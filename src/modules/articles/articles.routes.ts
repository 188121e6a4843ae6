import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import { notFound } from '../../platform/errors.js';
import { PUBLIC_PAGE_CACHE, sendPage } from '../../platform/http.js';
import { parsePage } from '../../platform/pagination.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import { ArticlePage } from './views/article-page.js';

interface Deps {
  services: Services;
  chrome: () => Promise<Chrome>;
}

const LATEST_COUNT = 5;

/** Public article pages. */
export async function articleRoutes(app: FastifyInstance, { services, chrome }: Deps) {
  app.get<{ Params: { year: string; month: string; day: string; slug: string }; Querystring: { comments?: string } }>(
    '/:year(^\\d{4}$)/:month(^\\d{2}$)/:day(^\\d{2}$)/:slug',
    { config: { pageCache: true } },
    async (req, reply) => {
      const found = await services.articles.findPublic(req.params.slug);
      if (!found) throw notFound('story');
      if (found.kind === 'redirect') return reply.redirect(found.path, 301);
      const { article } = found;
      const requested = `/${req.params.year}/${req.params.month}/${req.params.day}/${req.params.slug}`;
      if (requested !== article.path) return reply.redirect(article.path, 301);

      const site = await services.settings.get();
      const commentPage = parsePage(req.query.comments, 'comments');
      const [c, readNext, latest, counts, thread] = await Promise.all([
        chrome(),
        services.articles.readNext(article),
        services.articles.latest(LATEST_COUNT, [article.id]),
        services.comments.counts([article.id]),
        services.comments.thread(article.id, commentPage, site.commentsPerPage),
      ]);
      if (commentPage > thread.pageCount) throw notFound('page of comments');
      // The page says whether comments are open, so it must not outlive their closing.
      if (article.commentsCloseAt && article.commentsOpen) req.pageCacheUntil = article.commentsCloseAt;
      reply.header('cache-control', PUBLIC_PAGE_CACHE);
      return sendPage(
        reply,
        ArticlePage({ chrome: c, article, readNext, latest, commentCount: counts.get(article.id) ?? 0, thread }) as VNode,
      );
    },
  );
}
