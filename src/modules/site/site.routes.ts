import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import { notFound } from '../../platform/errors.js';
import { PUBLIC_PAGE_CACHE } from '../../platform/http.js';
import { sendPage } from '../../views/render.js';
import type { Services } from '../../services.js';
import type { SiteChrome } from './site.chrome.js';
import { HomePage } from '../articles/views/home-page.js';
import { hasOldQuery, OLD_QUERY_KEYS } from '../redirects/redirects.paths.js';

interface Deps {
  services: Services;
  chrome: () => Promise<SiteChrome>;
}

const LATEST_COUNT = 8;
const PER_SECTION = 4;

/** The front page. */
export async function siteRoutes(app: FastifyInstance, { services, chrome }: Deps) {
  // WordPress's "/?p=123" forms are cached apart from the home page and are not it: the
  // not-found handler answers them with their redirect when an import recorded one.
  app.get('/', { config: { pageCache: { query: [...OLD_QUERY_KEYS] } } }, async (req, reply) => {
    if (hasOldQuery(req.query)) throw notFound('page');
    const c = await chrome();
    const top = await services.articles.latest(1 + LATEST_COUNT);
    const [lead, ...latest] = top;
    const shown = top.map((a) => a.id);
    const bySection = await Promise.all(
      c.sections.map(async (section) => ({
        section,
        articles: await services.articles.latestIn(section.id, PER_SECTION, shown),
      })),
    );
    const allIds = [...shown, ...bySection.flatMap((s) => s.articles.map((a) => a.id))];
    const commentCounts = await services.comments.counts(allIds);
    reply.header('cache-control', PUBLIC_PAGE_CACHE);
    return sendPage(reply, HomePage({ chrome: c, lead: lead ?? null, latest, bySection, commentCounts }) as VNode);
  });
}
