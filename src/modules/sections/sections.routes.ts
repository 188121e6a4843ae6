import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/errors.js';
import { parsePage } from '../../platform/pagination.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import { ListingPath, ListingQuery, sendListing } from '../articles/articles.listing.js';
import { sectionPath, tagPath } from '../../platform/urls.js';

interface Deps {
  services: Services;
  chrome: () => Promise<Chrome>;
}

/** Section and tag pages, paginated. */
export async function sectionRoutes(fastify: FastifyInstance, { services, chrome }: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = { params: ListingPath, querystring: ListingQuery };
  app.get('/section/:slug', { schema, config: { pageCache: { query: ['page'] } } }, async (req, reply) => {
    const page = parsePage(req.query.page);
    const section = await services.sections.bySlug(req.params.slug);
    if (!section) throw notFound('section');
    return sendListing(reply, services, chrome, {
      filter: { sectionId: section.id },
      page,
      heading: section.name,
      kind: 'section',
      basePath: sectionPath(section.slug),
      description: section.description,
      currentSection: section.slug,
    });
  });

  app.get('/tag/:slug', { schema, config: { pageCache: { query: ['page'] } } }, async (req, reply) => {
    const page = parsePage(req.query.page);
    const tag = await services.sections.publicTagBySlug(req.params.slug);
    if (!tag) throw notFound('tag');
    return sendListing(reply, services, chrome, { filter: { tagId: tag.id }, page, heading: tag.name, kind: 'tag', basePath: tagPath(tag.slug) });
  });
}
