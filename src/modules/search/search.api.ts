import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, PageLinks, PageMeta, pageLinks } from '../../platform/api-schemas.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { absoluteUrl, authorPath, sectionPath } from '../../platform/urls.js';
import type { Services } from '../../services.js';
import { RANKED_MATCHES } from './search.repository.js';
import type { SearchHit } from './search.service.js';
import { segmentsToHtml } from './search.text.js';

const Ref = Type.Object({ slug: Type.String(), name: Type.String(), url: Type.String() });

const SearchHitSchema = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    url: Type.String({ description: 'Canonical absolute URL of the article page.' }),
    headline: Type.String(),
    dek: Type.String(),
    snippet: Type.String({
      description:
        'HTML: a passage of the body (or the dek) around the words found, every character escaped, the words found in <mark> elements. Empty when the story has no text besides its headline.',
    }),
    publishedAt: Type.String({ format: 'date-time' }),
    section: Type.Union([Ref, Type.Null()]),
    authors: Type.Array(Ref),
    score: Type.Number({ description: 'Relevance times the recency factor (docs/search.md); higher is better. Only comparable within one search.' }),
  },
  { $id: 'SearchHit' },
);

const SearchPage = Type.Object({
  data: Type.Array(SearchHitSchema),
  meta: Type.Object({
    ...PageMeta.properties,
    more: Type.Boolean({
      description: `True when more stories match than a search ranks (${RANKED_MATCHES.toLocaleString('en-US')}): total is then that many, the most recently added, and the filters (section, author, dates) or another word reach the others.`,
    }),
  }),
  links: PageLinks,
});

export const SearchApiQuery = Type.Object({
  q: Type.Optional(
    Type.String({
      description:
        'Words to look for; a story must contain every one (in its headline, dek, body, authors or tags). Case and accents do not matter; words of four letters or more also find longer words they begin. Only the first 200 characters and 12 words are read; anything but letters and digits is ignored. No words: an empty list.',
    }),
  ),
  section: Type.Optional(Type.String({ description: 'Only this section (slug); an unknown one answers 404.' })),
  author: Type.Optional(Type.String({ description: 'Only stories with this author in the byline (slug); an unknown one answers 404.' })),
  from: Type.Optional(Type.String({ description: 'Only stories published on or after this day (YYYY-MM-DD, in the site’s time zone).' })),
  to: Type.Optional(Type.String({ description: 'Only stories published on or before this day (YYYY-MM-DD, in the site’s time zone).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page (1–100).' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1, description: 'Page number, from 1; past the last page answers 404.' })),
});

const abs = absoluteUrl;

export function presentHit(siteUrl: string, hit: SearchHit) {
  return {
    id: hit.id,
    slug: hit.slug,
    url: abs(siteUrl, hit.path),
    headline: hit.headline,
    dek: hit.dek,
    snippet: segmentsToHtml(hit.snippet),
    publishedAt: hit.publishedAt,
    section: hit.section && { slug: hit.section.slug, name: hit.section.name, url: abs(siteUrl, sectionPath(hit.section.slug)) },
    authors: hit.authors.map((a) => ({ slug: a.slug, name: a.name, url: abs(siteUrl, authorPath(a.slug)) })),
    score: hit.score,
  };
}

/** GET /api/v1/search */
export async function searchApi(fastify: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search published stories, best match first',
        description:
          'Full-text search over headline, dek, body, authors and tags. Headline matches weigh most, and newer stories rank higher. Drafts, scheduled stories before their time and unpublished stories are never found.',
        querystring: SearchApiQuery,
        response: { 200: SearchPage, ...errorResponses },
      },
      config: { rateLimit: RATE_LIMITS.search },
    },
    async (req, reply) => {
      const { q, section, author, from, to, limit = 20, page = 1 } = req.query;
      const results = await services.search.search({
        ...(q !== undefined ? { q } : {}),
        ...(section !== undefined ? { section } : {}),
        ...(author !== undefined ? { author } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        page,
        perPage: limit,
      });
      // Results change the moment a story is published: nobody should keep them.
      reply.header('cache-control', 'no-cache');
      return {
        data: results.items.map((hit) => presentHit(siteUrl, hit)),
        meta: { page: results.page, limit, total: results.total, pageCount: results.pageCount, more: results.more },
        links: pageLinks(req.url, results.page, results.pageCount),
      };
    },
  );
}
