import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/errors.js';
import { parsePage } from '../../platform/pagination.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import { ListingPath, ListingQuery, sendListing } from '../articles/articles.listing.js';
import { authorPath } from '../../platform/urls.js';
import { AuthorIntro } from './views/author-intro.js';
import { authorJsonLd, authorSocial } from './views/author-jsonld.js';

interface Deps {
  services: Services;
  chrome: () => Promise<Chrome>;
}

/** Author pages: the profile and the author's stories, paginated. */
export async function authorRoutes(fastify: FastifyInstance, { services, chrome }: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/author/:slug', { schema: { params: ListingPath, querystring: ListingQuery }, config: { pageCache: { query: ['page'] } } }, async (req, reply) => {
    const page = parsePage(req.query.page);
    const author = await services.authors.bySlug(req.params.slug);
    if (!author) throw notFound('author');
    return sendListing(reply, services, chrome, {
      filter: { authorId: author.id },
      page,
      heading: author.name,
      kind: 'author',
      basePath: authorPath(author.slug),
      description: author.bio,
      intro: AuthorIntro({ author }),
      social: authorSocial(author),
      structuredData: (c) => [authorJsonLd(author, c)],
    });
  });
}
