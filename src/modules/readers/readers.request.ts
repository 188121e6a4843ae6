import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/cookie';
import type { Services } from '../../services.js';
import { READER_COOKIE } from '../../platform/cookies.js';
import type { Reader } from './readers.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in reader (commenter), or null. Set for every request from the reader cookie. */
    reader: Reader | null;
  }
}

/**
 * Static files and the health checks never look at who is asking; sparing
 * them the session lookup keeps them free of queries (and /healthz answering
 * while the database is down, whatever cookie a prober sends).
 */
const STATIC = /^\/(?:(?:assets|media)\/|(?:healthz|readyz)(?:[?/]|$))/;

/**
 * Set `req.reader` on every request of the app. Requests without the reader
 * cookie (most of them) cost nothing: no query is made. Call once on the
 * root instance, after @fastify/cookie.
 */
export function installReaderSession(app: FastifyInstance, services: Pick<Services, 'readers'>): void {
  app.decorateRequest('reader', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[READER_COOKIE];
    req.reader = token && !STATIC.test(req.url) ? ((await services.readers.session(token)) ?? null) : null;
  });
}
