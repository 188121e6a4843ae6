import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from './clock.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache this route's successful HTML answers in the page cache. */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    /** The latest moment this response may be served from cache (e.g. when comments close). */
    pageCacheUntil: string | null;
  }
}

interface Entry {
  body: string;
  etag: string;
  contentType: string;
  cacheControl: string;
  expiresAt: number;
}

export interface PageCacheOptions {
  /** How long a page may be served from memory; 0 turns the cache off. */
  ttlMs: number;
  maxEntries: number;
  /** The next moment the site changes by itself (a scheduled story going live), if any. */
  horizon: () => Promise<string | null>;
  /** Requests carrying any of these cookies (signed-in readers and staff) get a page of their own, never a cached one. */
  personalCookies?: string[];
}

/**
 * Rendered public pages kept in memory. Entries are dropped on any content
 * change in this process, at their time limit, and no later than the next
 * moment the site changes by itself, so query-time rules stay exact.
 */
export class PageCache {
  readonly #entries = new Map<string, Entry>();
  #horizon: Promise<number> | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly options: PageCacheOptions,
  ) {}

  /** Whether this request is someone's own view of the page. */
  isPersonal(req: FastifyRequest): boolean {
    const cookies = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies;
    return (this.options.personalCookies ?? []).some((name) => Boolean(cookies?.[name]));
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): Entry | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.clock.now().getTime()) {
      this.#entries.delete(key);
      return undefined;
    }
    // Map order doubles as recency order for eviction.
    this.#entries.delete(key);
    this.#entries.set(key, e);
    return e;
  }

  async set(key: string, entry: Omit<Entry, 'etag' | 'expiresAt'>, until: string | null): Promise<Entry> {
    const now = this.clock.now().getTime();
    const horizon = await this.#nextHorizon(now);
    const limits = [now + this.options.ttlMs, horizon];
    if (until) limits.push(Date.parse(until));
    const stored: Entry = { ...entry, etag: etagOf(entry.body), expiresAt: Math.min(...limits) };
    if (stored.expiresAt > now) {
      this.#entries.set(key, stored);
      while (this.#entries.size > this.options.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    }
    return stored;
  }

  clear(): void {
    this.#entries.clear();
    this.#horizon = undefined;
  }

  #nextHorizon(now: number): Promise<number> {
    if (!this.#horizon) {
      this.#horizon = this.options.horizon().then(
        (iso) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY),
        () => now, // unknown: cache nothing rather than risk a stale page
      );
    }
    return this.#horizon.then((h) => {
      if (h <= now) this.#horizon = undefined;
      return h;
    });
  }
}

export const etagOf = (body: string): string => `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;

/** Serve opted-in GET routes from the cache, store their 200 answers, and answer 304 to matching ETags. */
export function installPageCache(app: FastifyInstance, cache: PageCache): void {
  app.decorateRequest('pageCacheUntil', null);
  const applies = (req: FastifyRequest) => cache.enabled && (req.method === 'GET' || req.method === 'HEAD') && req.routeOptions.config?.pageCache === true && !cache.isPersonal(req);

  app.addHook('onRequest', async (req, reply) => {
    if (!applies(req)) return;
    const hit = cache.get(req.url);
    if (!hit) return;
    reply.header('etag', hit.etag).header('cache-control', hit.cacheControl).header('x-cache', 'hit');
    if (req.headers['if-none-match'] === hit.etag) return reply.code(304).send();
    return reply.code(200).type(hit.contentType).send(hit.body);
  });

  app.addHook('onSend', async (req, reply: FastifyReply, payload) => {
    if (!applies(req) || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-cache') === 'hit') return payload;
    const stored = await cache.set(
      req.url,
      { body: payload, contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'), cacheControl: String(reply.getHeader('cache-control') ?? 'no-cache') },
      req.pageCacheUntil,
    );
    reply.header('etag', stored.etag).header('x-cache', 'miss');
    if (req.headers['if-none-match'] === stored.etag) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
