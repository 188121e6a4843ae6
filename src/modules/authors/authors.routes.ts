import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import { notFound } from '../../platform/errors.js';
import { PUBLIC_PAGE_CACHE, sendPage } from '../../platform/http.js';
import { parsePage } from '../../platform/pagination.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import { authorPath } from '../articles/articles.urls.js';
import { ListingPage } from '../articles/views/listing-page.js';
import { AuthorIntro } from './views/author-intro.js';

interface Deps {
  services: Services;
  chrome: () => Promise<Chrome>;
}

const PER_PAGE = 20;

/** Author pages: the profile and the author's stories, paginated. */
export async function authorRoutes(app: FastifyInstance, { services, chrome }: Deps) {
  app.get<{ Params: { slug: string }; Querystring: { page?: string } }>('/author/:slug', async (req, reply) => {
    const page = parsePage(req.query.page);
    const author = await services.authors.bySlug(req.params.slug);
    if (!author) throw notFound('author');
    const articles = await services.articles.list({ authorId: author.id, page, perPage: PER_PAGE });
    if (page > articles.pageCount) throw notFound('page');
    const [c, commentCounts] = await Promise.all([chrome(), services.comments.counts(articles.items.map((a) => a.id))]);
    reply.header('cache-control', PUBLIC_PAGE_CACHE);
    return sendPage(
      reply,
      ListingPage({
        chrome: c,
        heading: author.name,
        kind: 'author',
        basePath: authorPath(author.slug),
        description: author.bio,
        intro: AuthorIntro({ author }),
        articles,
        commentCounts,
      }) as VNode,
    );
  });
}
