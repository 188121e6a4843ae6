import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from './clock.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Cache this route's successful HTML answers in the page cache: `true`
     * keys them by the whole URL; `{ query }` by the path and only the named
     * query parameters (the ones the page depends on), so other parameters
     * (tracking tags, anything a stranger makes up) share the page.
     */
    pageCache?: boolean | { query: string[] };
  }
  interface FastifyRequest {
    /** The latest moment this response may be served from cache (e.g. when comments close). */
    pageCacheUntil: string | null;
    /** The cache's generation when this request began; its page is stored only if nothing changed since. */
    pageCacheGeneration: number;
  }
}

interface Entry {
  body: string;
  etag: string;
  contentType: string;
  cacheControl: string;
  /** The answer's Last-Modified header, for routes that give one (feeds). */
  lastModified?: string;
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
  #generation = 0;

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

  /** Advances with every clear: a page rendered from data read before a change must not be stored after it. */
  get generation(): number {
    return this.#generation;
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

  /** Store a page; `generation`, when given, is the cache's generation when the page's data began to be read. */
  async set(key: string, entry: Omit<Entry, 'etag' | 'expiresAt'>, until: string | null, generation?: number): Promise<Entry> {
    const now = this.clock.now().getTime();
    const horizon = await this.#nextHorizon(now);
    const limits = [now + this.options.ttlMs, horizon];
    if (until) limits.push(Date.parse(until));
    const stored: Entry = { ...entry, etag: etagOf(entry.body), expiresAt: Math.min(...limits) };
    const current = generation === undefined || generation === this.#generation;
    if (stored.expiresAt > now && current) {
      this.#entries.set(key, stored);
      while (this.#entries.size > this.options.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    }
    return stored;
  }

  clear(): void {
    this.#entries.clear();
    this.#horizon = undefined;
    this.#generation++;
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

/** The cache key of a request: its URL, or for routes naming their query parameters, its path with only those. */
function pageCacheKey(url: string, option: boolean | { query: string[] } | undefined): string {
  const q = url.indexOf('?');
  if (typeof option !== 'object' || q < 0) return url;
  const given = new URLSearchParams(url.slice(q + 1));
  const kept = new URLSearchParams();
  for (const name of option.query) for (const value of given.getAll(name)) kept.append(name, value);
  const query = kept.toString();
  return query ? `${url.slice(0, q)}?${query}` : url.slice(0, q);
}

/**
 * Whether a conditional request's validators match the page: If-None-Match
 * decides when sent; If-Modified-Since counts only without it (RFC 9110 13.2.2).
 */
export function notModified(req: FastifyRequest, etag: string, lastModified: string | undefined): boolean {
  const tag = req.headers['if-none-match'];
  if (tag !== undefined) return tag === etag;
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  const modified = Date.parse(lastModified ?? '');
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

/** Serve opted-in GET routes from the cache, store their 200 answers, and answer 304 to matching ETags (and Last-Modified times). */
export function installPageCache(app: FastifyInstance, cache: PageCache): void {
  app.decorateRequest('pageCacheUntil', null);
  app.decorateRequest('pageCacheGeneration', 0);
  const applies = (req: FastifyRequest) => cache.enabled && (req.method === 'GET' || req.method === 'HEAD') && Boolean(req.routeOptions.config?.pageCache) && !cache.isPersonal(req);
  const keyOf = (req: FastifyRequest) => pageCacheKey(req.url, req.routeOptions.config?.pageCache);

  app.addHook('onRequest', async (req, reply) => {
    if (!applies(req)) return;
    req.pageCacheGeneration = cache.generation;
    const hit = cache.get(keyOf(req));
    if (!hit) return;
    reply.header('etag', hit.etag).header('cache-control', hit.cacheControl).header('x-cache', 'hit');
    if (hit.lastModified) reply.header('last-modified', hit.lastModified);
    if (notModified(req, hit.etag, hit.lastModified)) return reply.code(304).send();
    return reply.code(200).type(hit.contentType).send(hit.body);
  });

  app.addHook('onSend', async (req, reply: FastifyReply, payload) => {
    if (!applies(req) || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-cache') === 'hit') return payload;
    const lastModified = reply.getHeader('last-modified');
    const stored = await cache.set(
      keyOf(req),
      {
        body: payload,
        contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
        cacheControl: String(reply.getHeader('cache-control') ?? 'no-cache'),
        ...(lastModified !== undefined ? { lastModified: String(lastModified) } : {}),
      },
      req.pageCacheUntil,
      req.pageCacheGeneration,
    );
    reply.header('etag', stored.etag).header('x-cache', 'miss');
    if (notModified(req, stored.etag, stored.lastModified)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
