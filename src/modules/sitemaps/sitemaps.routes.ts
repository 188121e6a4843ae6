import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../../platform/errors.js';
import { PUBLIC_PAGE_CACHE } from '../../platform/http.js';
import type { Services } from '../../services.js';
import { parseMonthFile } from './sitemaps.service.js';
import { articlesSitemapXml, newsSitemapXml, type PageEntry, pagesSitemapXml, robotsTxt, sitemapIndexXml } from './sitemaps.views.js';

interface Deps {
  services: Services;
  siteUrl: string;
}

/** `/sitemaps/:file`: the file name is checked in the handler; anything unknown is a 404. */
const SitemapFile = Type.Object({ file: Type.String({ maxLength: 64 }) });

// Keyed by path alone: a query string (tracking tags) changes nothing in these documents.
const cached = { pageCache: { query: [] as string[] } };

const sendXml = (reply: FastifyReply, body: string) => reply.header('cache-control', PUBLIC_PAGE_CACHE).type('application/xml; charset=utf-8').send(body);

/** The sitemap index, the sitemaps it lists, and robots.txt; cached like public pages. */
export async function sitemapRoutes(fastify: FastifyInstance, { services, siteUrl }: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sitemaps } = services;

  const pages = async (list: Promise<PageEntry[]>, reply: FastifyReply) => {
    const entries = await list;
    if (entries.length === 0) throw notFound('sitemap');
    return sendXml(reply, pagesSitemapXml(siteUrl, entries));
  };

  app.get('/sitemap.xml', { config: cached }, async (req, reply) => {
    const { entries, until } = await sitemaps.index();
    req.pageCacheUntil = until;
    return sendXml(reply, sitemapIndexXml(siteUrl, entries));
  });

  app.get('/sitemaps/:file', { schema: { params: SitemapFile }, config: cached }, async (req, reply) => {
    switch (req.params.file) {
      case 'sections.xml':
        return pages(sitemaps.sections(), reply);
      case 'tags.xml':
        return pages(sitemaps.tags(), reply);
      case 'authors.xml':
        return pages(sitemaps.authors(), reply);
      case 'news.xml': {
        const news = await sitemaps.news();
        if (news.articles.length === 0) throw notFound('sitemap');
        req.pageCacheUntil = news.until;
        return sendXml(reply, newsSitemapXml(siteUrl, news.publication, news.articles));
      }
      default: {
        const month = parseMonthFile(req.params.file);
        if (!month) throw notFound('sitemap');
        return sendXml(reply, articlesSitemapXml(siteUrl, await sitemaps.month(month.year, month.month)));
      }
    }
  });

  app.get('/robots.txt', { config: cached }, async (_req, reply) => reply.header('cache-control', PUBLIC_PAGE_CACHE).type('text/plain; charset=utf-8').send(robotsTxt(siteUrl)));
}
