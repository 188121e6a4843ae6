import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import { PUBLIC_PAGE_CACHE } from '../../platform/http.js';
import { commentsFeedPath, FEED_MEDIA_TYPES, type FeedFormat, feedPath } from '../../platform/urls.js';
import { renderAtom } from './feeds.atom.js';
import { renderJsonFeed } from './feeds.json.js';
import { renderRss } from './feeds.rss.js';
import type { FeedScope, FeedsService } from './feeds.service.js';
import type { FeedDocument } from './feeds.types.js';

interface Deps {
  feeds: FeedsService;
  clock: Clock;
}

const FORMATS: FeedFormat[] = ['rss', 'atom', 'json'];

/** The listings with feeds, and the path each one's feeds hang from. */
const LISTINGS: { scope: Exclude<FeedScope, 'site'>; base: string }[] = [
  { scope: 'section', base: '/section/:slug' },
  { scope: 'tag', base: '/tag/:slug' },
  { scope: 'author', base: '/author/:slug' },
];

const SlugPath = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const ArticlePath = Type.Object({ year: Type.String(), month: Type.String(), day: Type.String(), slug: Type.String() });

/*
 * Feeds are public pages: kept in the page cache (cleared on every publish,
 * update, unpublish, delete and comment), answered with an ETag, and 304 to
 * If-None-Match or, by Last-Modified, to If-Modified-Since. Query strings
 * that feed readers add are not part of the cache key.
 */
const CACHED = { config: { pageCache: { query: [] as string[] } } };

/** Send a feed in its format with its validators and cache policy. */
function sendFeed(reply: FastifyReply, doc: FeedDocument, format: FeedFormat, now: Date): FastifyReply {
  const body = format === 'rss' ? renderRss(doc) : format === 'atom' ? renderAtom(doc, now) : renderJsonFeed(doc as Extract<FeedDocument, { kind: 'stories' }>);
  if (doc.channel.updated) reply.header('last-modified', doc.channel.updated.toUTCString());
  return reply.code(200).header('cache-control', PUBLIC_PAGE_CACHE).type(`${FEED_MEDIA_TYPES[format]}; charset=utf-8`).send(body);
}

/** /feed, /feed.atom, /feed.json; the same under each section, tag and author; and each article's comments feeds. */
export async function feedRoutes(fastify: FastifyInstance, { feeds, clock }: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  for (const format of FORMATS) {
    app.get(feedPath('', format), CACHED, async (_req, reply) => {
      const doc = await feeds.listing('site');
      if (!doc) throw notFound();
      return sendFeed(reply, doc, format, clock.now());
    });
    for (const { scope, base } of LISTINGS) {
      app.get(feedPath(base, format), { schema: { params: SlugPath }, ...CACHED }, async (req, reply) => {
        const doc = await feeds.listing(scope, req.params.slug);
        if (!doc) throw notFound(scope);
        return sendFeed(reply, doc, format, clock.now());
      });
    }
  }

  for (const format of ['rss', 'atom'] as const) {
    const path = commentsFeedPath('/:year(^\\d{4}$)/:month(^\\d{2}$)/:day(^\\d{2}$)/:slug', format);
    app.get(path, { schema: { params: ArticlePath }, ...CACHED }, async (req, reply) => {
      const { year, month, day, slug } = req.params;
      const found = await feeds.comments(`/${year}/${month}/${day}/${slug}`, slug);
      if (!found) throw notFound('story');
      if (found.kind === 'moved') return reply.redirect(commentsFeedPath(found.articlePath, format), 301);
      return sendFeed(reply, found.doc, format, clock.now());
    });
  }
}
