import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { errorResponses, One, Paged, pageLinks, SlugParams } from '../../platform/api-schemas.js';
import { presentFull, presentSummary } from './articles.present.js';
import { ArticleFull, ArticleListQuery, ArticleSummary } from './articles.schemas.js';

/** GET /api/v1/articles and /api/v1/articles/:slug */
export async function articlesApi(fastify: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/articles',
    {
      schema: {
        tags: ['articles'],
        summary: 'Published articles, newest first',
        querystring: ArticleListQuery,
        response: { 200: Paged(ArticleSummary), ...errorResponses },
      },
    },
    async (req) => {
      const { limit = 20, page = 1, section, tag, author } = req.query;
      const filter: { sectionId?: number; tagId?: number; authorId?: number } = {};
      if (section) {
        const s = await services.sections.bySlug(section);
        if (!s) throw notFound('section');
        filter.sectionId = s.id;
      }
      if (tag) {
        const t = await services.sections.publicTagBySlug(tag);
        if (!t) throw notFound('tag');
        filter.tagId = t.id;
      }
      if (author) {
        const a = await services.authors.bySlug(author);
        if (!a) throw notFound('author');
        filter.authorId = a.id;
      }
      const result = await services.articles.list({ ...filter, page, perPage: limit });
      if (page > result.pageCount) throw notFound('page');
      const counts = await services.comments.counts(result.items.map((a) => a.id));
      return {
        data: result.items.map((a) => presentSummary(siteUrl, a, counts.get(a.id) ?? 0)),
        meta: { page: result.page, limit, total: result.total, pageCount: result.pageCount },
        links: pageLinks(req.url, result.page, result.pageCount),
      };
    },
  );

  app.get(
    '/articles/:slug',
    {
      schema: {
        tags: ['articles'],
        summary: 'One published article with its body, updates and corrections',
        description: 'An old slug answers 301 with the current address in Location.',
        params: SlugParams,
        response: { 200: One(ArticleFull), ...errorResponses },
      },
    },
    async (req, reply) => {
      const found = await services.articles.findPublic(req.params.slug);
      if (!found) throw notFound('article');
      if (found.kind === 'redirect') return reply.redirect(`/api/v1/articles/${found.slug}`, 301);
      const [counts, readNext] = await Promise.all([services.comments.counts([found.article.id]), services.articles.readNext(found.article)]);
      return { data: presentFull(siteUrl, found.article, counts.get(found.article.id) ?? 0, readNext) };
    },
  );
}
