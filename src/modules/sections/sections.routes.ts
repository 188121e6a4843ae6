import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/errors.js';
import { parsePage } from '../../platform/pagination.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import { sendListing } from '../articles/articles.listing.js';
import { sectionPath, tagPath } from '../../platform/urls.js';

interface Deps {
  services: Services;
  chrome: () => Promise<Chrome>;
}

type ListingRoute = { Params: { slug: string }; Querystring: { page?: string } };

/** Section and tag pages, paginated. */
export async function sectionRoutes(app: FastifyInstance, { services, chrome }: Deps) {
  app.get<ListingRoute>('/section/:slug', { config: { pageCache: { query: ['page'] } } }, async (req, reply) => {
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

  app.get<ListingRoute>('/tag/:slug', { config: { pageCache: { query: ['page'] } } }, async (req, reply) => {
    const page = parsePage(req.query.page);
    const tag = await services.sections.tagBySlug(req.params.slug);
    if (!tag) throw notFound('tag');
    return sendListing(reply, services, chrome, { filter: { tagId: tag.id }, page, heading: tag.name, kind: 'tag', basePath: tagPath(tag.slug) });
  });
}
