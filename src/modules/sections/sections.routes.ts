import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import { notFound } from '../../platform/errors.js';
import { PUBLIC_PAGE_CACHE, sendPage } from '../../platform/http.js';
import { parsePage } from '../../platform/pagination.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import { sectionPath, tagPath } from '../articles/articles.urls.js';
import { ListingPage } from '../articles/views/listing-page.js';

interface Deps {
  services: Services;
  chrome: () => Promise<Chrome>;
}

const PER_PAGE = 20;

/** Section and tag pages, paginated. */
export async function sectionRoutes(app: FastifyInstance, { services, chrome }: Deps) {
  app.get<{ Params: { slug: string }; Querystring: { page?: string } }>('/section/:slug', async (req, reply) => {
    const page = parsePage(req.query.page);
    const section = await services.sections.bySlug(req.params.slug);
    if (!section) throw notFound('section');
    const articles = await services.articles.list({ sectionId: section.id, page, perPage: PER_PAGE });
    if (page > articles.pageCount) throw notFound('page');
    const [c, commentCounts] = await Promise.all([chrome(), services.comments.counts(articles.items.map((a) => a.id))]);
    reply.header('cache-control', PUBLIC_PAGE_CACHE);
    return sendPage(
      reply,
      ListingPage({
        chrome: c,
        heading: section.name,
        kind: 'section',
        basePath: sectionPath(section.slug),
        description: section.description,
        articles,
        commentCounts,
        currentSection: section.slug,
      }) as VNode,
    );
  });

  app.get<{ Params: { slug: string }; Querystring: { page?: string } }>('/tag/:slug', async (req, reply) => {
    const page = parsePage(req.query.page);
    const tag = await services.sections.tagBySlug(req.params.slug);
    if (!tag) throw notFound('tag');
    const articles = await services.articles.list({ tagId: tag.id, page, perPage: PER_PAGE });
    if (page > articles.pageCount) throw notFound('page');
    const [c, commentCounts] = await Promise.all([chrome(), services.comments.counts(articles.items.map((a) => a.id))]);
    reply.header('cache-control', PUBLIC_PAGE_CACHE);
    return sendPage(reply, ListingPage({ chrome: c, heading: tag.name, kind: 'tag', basePath: tagPath(tag.slug), articles, commentCounts }) as VNode);
  });
}
