import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import { parsePage } from '../../platform/pagination.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { PageNumber } from '../../platform/route-schemas.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import { sendPage } from '../../views/render.js';
import { type SearchFormValues, SearchPage } from './views/search-page.js';

interface Deps {
  services: Services;
  chrome: () => Promise<Chrome>;
}

/**
 * The page's query: every value is text, checked by the search service,
 * whose errors say what is wrong (an unknown section or author is a 404, a
 * bad date a 400). The words are not limited here: the service reads the
 * first 200 characters of whatever comes.
 */
const SearchPageQuery = Type.Object({
  q: Type.Optional(Type.String()),
  section: Type.Optional(Type.String()),
  author: Type.Optional(Type.String()),
  from: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  page: Type.Optional(PageNumber),
});

export const SEARCH_PER_PAGE = 20;

/** /search: the search page, never cached (it must show a story the moment it is published). */
export async function searchRoutes(fastify: FastifyInstance, { services, chrome }: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/search', { schema: { querystring: SearchPageQuery }, config: { rateLimit: RATE_LIMITS.search } }, async (req, reply) => {
    const page = parsePage(req.query.page);
    const values: SearchFormValues = {
      q: req.query.q ?? '',
      section: req.query.section ?? '',
      author: req.query.author ?? '',
      from: req.query.from ?? '',
      to: req.query.to ?? '',
    };
    const results = await services.search.search({ ...values, page, perPage: SEARCH_PER_PAGE });
    const [c, authors] = await Promise.all([chrome(), services.authors.list()]);
    // Show back what the service read (the first 200 characters), not a 10,000-character value.
    const shown: SearchFormValues = { ...values, q: results.query.text, from: results.from ?? '', to: results.to ?? '' };
    reply.header('cache-control', 'no-cache');
    reply.header('x-robots-tag', 'noindex');
    return sendPage(reply, SearchPage({ chrome: c, values: shown, authors, results }) as VNode);
  });
}
