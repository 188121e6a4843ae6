/**
 * Page-cache hits answered straight from the HTTP server's request event,
 * before Fastify builds a request and a reply, routes the URL and runs the
 * hooks: the answer is bytes already made, and the rest is bookkeeping that
 * a hit does not need. It answers exactly what the page-cache hook would
 * (the same headers, 304s, HEAD), and only when the outcome cannot differ:
 *
 *  - GET or HEAD, with no Authorization header and no personal cookie (a
 *    signed-in reader or staff member sees their own page);
 *  - an entry stored under this very URL (keys are the URLs routes stored
 *    them under, so a URL that would be keyed otherwise simply misses);
 *  - a route without a rate limit (a rate-limited page must be counted).
 *
 * Anything else goes on to Fastify, which may still serve it from the cache.
 */
import { applyServerLimits, SERVER_LIMITS, type ServerLimits, serverOptions } from './server-limits.js';
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Entry, PageCache } from './page-cache.js';
import { answerRawHits, type RawRequest, type RawResponse } from './raw-hits.js';

/** A request as the fast path reads it: one Node parsed, or one read off the connection (raw-hits.ts). */
export type HitRequest = Pick<IncomingMessage, 'method' | 'url' | 'headers' | 'socket'> | RawRequest;
/** Where the fast path writes: a ServerResponse, or the connection itself. */
export type HitResponse = Pick<ServerResponse, 'setHeader' | 'writeHead' | 'end'> | RawResponse;

export interface FastPathOptions {
  /** The headers every answer carries (security-headers.ts). */
  headers: Record<string, string>;
  /** The request's id, answered in X-Request-Id (request-id.ts); none without it. */
  requestId?: (req: HitRequest) => string;
  /**
   * Called once per hit answered, for the access log and the metrics
   * (Fastify logs and counts the others): its id, and when it arrived
   * (performance.now()).
   */
  onHit?: (req: HitRequest, statusCode: 200 | 304, requestId: string | undefined, startedAt: number) => void;
}

/** Whether a Cookie header holds a non-empty value for any of the names, as the cookie parser would read it (first occurrence wins). */
export function hasPersonalCookie(header: string | undefined, names: readonly string[]): boolean {
  if (!header || names.length === 0) return false;
  const seen = new Set<string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (seen.has(name) || !names.includes(name)) continue;
    seen.add(name);
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value !== '') return true;
  }
  return false;
}

type Headers = Readonly<Record<string, string | number>>;
/** The headers of each representation's 200 and 304, made at its first hit and kept as long as its bytes (the entry) live. */
const headerMemo = new WeakMap<Buffer, { ok: Headers; notModified: Headers }>();

/** What a hit on this representation answers with, but for its request id: the same for every hit on it. */
function fixedHeaders(hit: Entry, r: ReturnType<Entry['representation']>, every: Record<string, string>): { ok: Headers; notModified: Headers } {
  let memo = headerMemo.get(r.bytes);
  if (!memo) {
    const notModified = Object.freeze({ ...every, ...hit.hitHeaders(r.etag) });
    const ok = Object.freeze({ ...notModified, ...(r.encoding ? { 'content-encoding': r.encoding } : {}), 'content-type': hit.contentType, 'content-length': r.bytes.length });
    headerMemo.set(r.bytes, (memo = { ok, notModified }));
  }
  return memo;
}

/** Returns a handler that answers a hit and says true, or leaves the request alone and says false. */
export function pageCacheFastPath(cache: PageCache, { headers, requestId, onHit }: FastPathOptions): (req: HitRequest, res: HitResponse) => boolean {
  return (req, res) => {
    const startedAt = performance.now();
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !cache.enabled || req.url === undefined) return false;
    if (req.headers.authorization !== undefined || hasPersonalCookie(req.headers.cookie, cache.personalCookies)) return false;
    const hit = cache.get(req.url);
    if (!hit || !hit.beforeRouting) return false;
    const r = hit.representation(req.headers['accept-encoding']);
    const fixed = fixedHeaders(hit, r, headers);
    const id = requestId?.(req);
    if (id !== undefined) res.setHeader('x-request-id', id);
    if (hit.notModified(req)) {
      res.writeHead(304, fixed.notModified);
      res.end();
      onHit?.(req, 304, id, startedAt);
      return true;
    }
    res.writeHead(200, fixed.ok);
    // A HEAD answer has the headers alone: Node sends no body for it.
    res.end(r.bytes);
    onHit?.(req, 200, id, startedAt);
    return true;
  };
}

/**
 * A Fastify `serverFactory` whose HTTP server offers each request to the
 * answer given later (once the app and its cache exist) before Fastify:
 * first as read off a new connection (raw-hits.ts), then as Node parsed it.
 */
export function hitFirstServer(limits: ServerLimits = SERVER_LIMITS): {
  serverFactory: (handler: RequestListener) => http.Server;
  answerWith(answer: (req: HitRequest, res: HitResponse) => boolean): void;
} {
  let first: ((req: HitRequest, res: HitResponse) => boolean) | undefined;
  return {
    serverFactory(handler) {
      const server = http.createServer(serverOptions(limits), (req, res) => {
        if (!first?.(req, res)) handler(req, res);
      });
      applyServerLimits(server, limits);
      answerRawHits(server, limits, () => first);
      return server;
    },
    answerWith(answer) {
      first = answer;
    },
  };
}
