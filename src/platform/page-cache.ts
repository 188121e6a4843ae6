import crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { installSurrogateKeys } from './cdn.js';
import type { Clock } from './clock.js';
import { COMPRESS_THRESHOLD, type Encoding, encode, isCompressible, negotiateEncoding } from './compression.js';
import { RecencyMap } from './recency-map.js';

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

/** One form of a cached page: its bytes, their Content-Encoding (none for the page as it is) and its ETag. */
export type Representation = Readonly<{ bytes: Buffer; encoding: Encoding | undefined; etag: string }>;

/**
 * A cached page: its bytes as sent, and each compressed form made the first
 * time a request asks for it, so a hit costs neither encoding the text nor
 * compressing it again.
 */
export class Entry {
  readonly #representations = new Map<Encoding | 'identity', Representation>();
  /** Big enough and of a type that compresses: otherwise every request gets the bytes as they are. */
  readonly #compressible: boolean;

  constructor(
    readonly bytes: Buffer,
    readonly etag: string,
    readonly contentType: string,
    readonly cacheControl: string,
    readonly expiresAt: number,
    readonly lastModified: string | undefined,
    /** The page's Surrogate-Key and Cache-Tag headers, for a CDN in front (see cdn.ts). */
    readonly surrogate: { key: string; tag: string } | undefined,
    /** Whether a hit may be answered before routing (page-cache-fast-path.ts): its route has no rate limit. */
    readonly beforeRouting: boolean,
  ) {
    this.#compressible = bytes.length >= COMPRESS_THRESHOLD && isCompressible(contentType);
  }

  /** The page as text. */
  get body(): string {
    return this.bytes.toString('utf8');
  }

  /** What to send for an Accept-Encoding header: the bytes, their encoding (if any) and that representation's ETag. */
  representation(acceptEncoding: string | string[] | undefined): Representation {
    const encoding = this.#compressible ? negotiateEncoding(acceptEncoding) : undefined;
    // Made once per encoding and kept with the entry: a hit allocates nothing for it.
    const key = encoding ?? 'identity';
    let r = this.#representations.get(key);
    if (!r) {
      // Each encoding is its own representation, with an ETag of its own (RFC 9110 8.8.3).
      r = encoding
        ? Object.freeze({ bytes: encode(this.bytes, encoding), encoding, etag: `${this.etag.slice(0, -1)}-${encoding}"` })
        : Object.freeze({ bytes: this.bytes, encoding: undefined, etag: this.etag });
      this.#representations.set(key, r);
    }
    return r;
  }

  /**
   * The validators and caching headers a hit answers with, for the
   * representation chosen: one list for the page-cache hook and for hits
   * answered before routing, so the two never differ.
   */
  hitHeaders(etag: string): Record<string, string> {
    const out: Record<string, string> = { etag, 'cache-control': this.cacheControl, vary: 'accept-encoding', 'x-cache': 'hit' };
    if (this.lastModified) out['last-modified'] = this.lastModified;
    if (this.surrogate) {
      out['surrogate-key'] = this.surrogate.key;
      out['cache-tag'] = this.surrogate.tag;
    }
    return out;
  }

  /**
   * Whether a conditional request's validators match the page: If-None-Match
   * (naming the page in any of its encodings) decides when sent;
   * If-Modified-Since counts only without it (RFC 9110 13.2.2).
   */
  notModified(req: { headers: IncomingHttpHeaders }): boolean {
    const tag = req.headers['if-none-match'];
    if (tag !== undefined) return this.#matches(tag);
    const since = Date.parse(req.headers['if-modified-since'] ?? '');
    const modified = Date.parse(this.lastModified ?? '');
    return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
  }

  #matches(ifNoneMatch: string): boolean {
    const base = this.etag.slice(0, -1);
    return ifNoneMatch.split(',').some((tag) => {
      const t = tag.trim().replace(/^W\//, '');
      return t === this.etag || t === `${base}-br"` || t === `${base}-gzip"` || t === '*';
    });
  }
}

interface NewEntry {
  /** The page as text, or as its UTF-8 bytes. */
  body: string | Buffer;
  contentType: string;
  cacheControl: string;
  /** The answer's Last-Modified header, for routes that give one (feeds). */
  lastModified?: string;
  surrogate?: { key: string; tag: string };
  /** Whether a hit may be answered before routing; false for rate-limited routes. */
  beforeRouting?: boolean;
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
  readonly #entries: RecencyMap<string, Entry>;
  #horizon: Promise<number> | undefined;
  #generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: PageCacheOptions,
  ) {
    this.#entries = new RecencyMap(options.maxEntries);
  }

  /** Whether this request is someone's own view of the page. */
  isPersonal(req: FastifyRequest): boolean {
    const cookies = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies;
    return (this.options.personalCookies ?? []).some((name) => Boolean(cookies?.[name]));
  }

  /** The cookies that make a request someone's own view of a page. */
  get personalCookies(): readonly string[] {
    return this.options.personalCookies ?? [];
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
    return e;
  }

  /** Store a page; `generation`, when given, is the cache's generation when the page's data began to be read. */
  async set(key: string, entry: NewEntry, until: string | null, generation?: number): Promise<Entry> {
    const now = this.clock.now().getTime();
    const horizon = await this.#nextHorizon(now);
    const limits = [now + this.options.ttlMs, horizon];
    if (until) limits.push(Date.parse(until));
    const bytes = typeof entry.body === 'string' ? Buffer.from(entry.body, 'utf8') : entry.body;
    const stored = new Entry(bytes, etagOf(bytes), entry.contentType, entry.cacheControl, Math.min(...limits), entry.lastModified, entry.surrogate, entry.beforeRouting ?? false);
    const current = generation === undefined || generation === this.#generation;
    if (stored.expiresAt > now && current) {
      this.#entries.set(key, stored);
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

export const etagOf = (body: string | Buffer): string => `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;

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

/** Serve opted-in GET routes from the cache, store their 200 answers, and answer 304 to matching ETags (and Last-Modified times). */
export function installPageCache(app: FastifyInstance, cache: PageCache): void {
  // First, so each page's surrogate keys are set when it is stored, and kept with it.
  installSurrogateKeys(app);
  app.decorateRequest('pageCacheUntil', null);
  app.decorateRequest('pageCacheGeneration', 0);
  const applies = (req: FastifyRequest) => cache.enabled && (req.method === 'GET' || req.method === 'HEAD') && Boolean(req.routeOptions.config?.pageCache) && !cache.isPersonal(req);
  const keyOf = (req: FastifyRequest) => pageCacheKey(req.url, req.routeOptions.config?.pageCache);

  app.addHook('onRequest', async (req, reply) => {
    if (!applies(req)) return;
    req.pageCacheGeneration = cache.generation;
    const hit = cache.get(keyOf(req));
    if (!hit) return;
    const r = hit.representation(req.headers['accept-encoding']);
    reply.headers(hit.hitHeaders(r.etag));
    if (hit.notModified(req)) return reply.code(304).send();
    if (r.encoding) reply.header('content-encoding', r.encoding);
    return reply.code(200).type(hit.contentType).send(r.bytes);
  });

  app.addHook('onSend', async (req, reply: FastifyReply, payload) => {
    if (!applies(req) || reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload)) || reply.getHeader('x-cache') === 'hit') return payload;
    const lastModified = reply.getHeader('last-modified');
    const surrogateKey = reply.getHeader('surrogate-key');
    const cacheTag = reply.getHeader('cache-tag');
    const stored = await cache.set(
      keyOf(req),
      {
        body: payload,
        contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
        cacheControl: String(reply.getHeader('cache-control') ?? 'no-cache'),
        ...(lastModified !== undefined ? { lastModified: String(lastModified) } : {}),
        ...(surrogateKey !== undefined && cacheTag !== undefined ? { surrogate: { key: String(surrogateKey), tag: String(cacheTag) } } : {}),
        beforeRouting: !req.routeOptions.config?.rateLimit,
      },
      req.pageCacheUntil,
      req.pageCacheGeneration,
    );
    const r = stored.representation(req.headers['accept-encoding']);
    reply.header('etag', r.etag).header('vary', 'accept-encoding').header('x-cache', 'miss');
    if (stored.notModified(req)) {
      reply.code(304);
      return '';
    }
    if (!r.encoding) return payload;
    reply.header('content-encoding', r.encoding).removeHeader('content-length');
    return r.bytes;
  });
}
