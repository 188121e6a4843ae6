import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isPoolExhausted } from './db/unavailable.js';
import { diskFull, type ErrorCode, isAppError, isDiskFull } from './errors.js';

/**
 * Cache policy for public pages. Shared caches (a CDN) may keep them for a
 * minute; browsers ask again every time (a cheap 304 when nothing changed),
 * because what a browser holds must give way at once to a signed-in reader's
 * own page, and to new comments.
 */
export const PUBLIC_PAGE_CACHE = 'public, max-age=0, must-revalidate, s-maxage=60';

const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');

interface Resolved {
  status: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  /** What the log says was refused when that is not the message the requester sees. */
  logged?: string;
}

/** Map anything thrown to what the requester may see; internals of 5xx never leave. */
function resolve(err: unknown, api: boolean): Resolved {
  if (isDiskFull(err)) err = diskFull();
  if (isAppError(err)) return { status: err.status, code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  const fe = err as FastifyError;
  if (fe && Array.isArray(fe.validation)) {
    const where = fe.validationContext ?? 'request';
    // A page address whose parameters do not fit (/admin/articles/abc) names no page.
    if (where === 'params' && !api) return { status: 404, code: 'not_found', message: "We couldn't find that page." };
    const first = fe.validation[0];
    const field = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const text = field ? `${where} "${field}" ${first?.message ?? 'is invalid'}` : `${where} ${first?.message ?? 'is invalid'}`;
    return { status: 400, code: 'invalid_request', message: `Invalid ${text}.` };
  }
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, code: CODE_BY_STATUS[status] ?? 'bad_request', message: friendlyClientMessage(status, fe.message) };
  }
  if (isPoolExhausted(err)) return POOL_BUSY;
  if (isDatabaseUnavailable(err)) return UNAVAILABLE;
  return { status: 500, code: 'internal', message: 'Something went wrong on our side. Please try again in a moment.' };
}

/** When the database cannot be reached or used: nothing is wrong with the request, and it will work again by itself. */
const UNAVAILABLE: Resolved = {
  status: 503,
  code: 'unavailable',
  message: 'The site is temporarily unavailable: its database cannot be used right now. Please try again in a minute.',
  details: { retryAfterSeconds: 30 },
};

/** Every database connection of this process stayed busy for as long as a request may wait: load, not an outage. */
const POOL_BUSY: Resolved = {
  status: 503,
  code: 'busy',
  message: 'The site is very busy right now. Please try again in a few seconds.',
  details: { retryAfterSeconds: 5 },
  logged: 'no database connection came free in time',
};

/** The catalogue's code for a client error raised by Fastify or a plugin rather than by our code. */
const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = { 404: 'not_found', 413: 'payload_too_large', 414: 'uri_too_long', 415: 'unsupported_media', 429: 'rate_limited' };

function friendlyClientMessage(status: number, raw: string | undefined): string {
  switch (status) {
    case 404:
      return "We couldn't find that page.";
    case 413:
      return 'That request is too large.';
    case 414:
      return 'That address is too long.';
    case 415:
      return 'That content type is not accepted here.';
    case 429:
      return 'Too many requests. Please wait a moment and try again.';
    default:
      // Fastify's own 4xx messages are short and safe ("Body cannot be empty…").
      return raw && raw.length < 200 ? raw : 'That request could not be understood.';
  }
}

/** Answers for every error: JSON for /api (or JSON clients), the site's error page for everything else. */
export interface ErrorResponder {
  /** For setErrorHandler and Fastify's frameworkErrors (bad URLs, over-long parameters). */
  handle(err: unknown, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
  notFound(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
}

/**
 * The site's error page as an HTML document, or undefined when it cannot be
 * built (the database is down): then the message goes out as plain text.
 */
export type ErrorPageRenderer = (status: number, message: string, requestId?: string) => Promise<string | undefined>;

export function createErrorResponder(renderErrorPage: ErrorPageRenderer): ErrorResponder {
  async function respond(req: FastifyRequest, reply: FastifyReply, r: Resolved) {
    // Also here: malformed URLs are answered before any hook sets it.
    reply.header('x-request-id', req.id).header('cache-control', 'no-store');
    const retry = r.details?.retryAfterSeconds;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
    // A failure on our side shows the request's id, for the reader to quote to whoever runs the site.
    const reference = r.status >= 500 ? req.id : undefined;
    if (isApi(req) || !acceptsHtml(req)) {
      return reply
        .code(r.status)
        .type('application/json; charset=utf-8')
        .send({ error: { code: r.code, message: r.message, ...(reference ? { requestId: reference } : {}) } });
    }
    let html: string | undefined;
    try {
      html = await renderErrorPage(r.status, r.message, reference);
    } catch {
      html = undefined;
    }
    if (html === undefined)
      return reply
        .code(r.status)
        .type('text/plain; charset=utf-8')
        .send(reference ? `${r.message}\nReference: ${reference}\n` : r.message);
    return reply.code(r.status).type('text/html; charset=utf-8').send(html);
  }

  return {
    async handle(err, req, reply) {
      const r = resolve(err, isApi(req));
      if (r.code === 'disk_full') req.log.error({ err, diskFull: true }, 'disk full: the write failed and nothing was saved');
      // Load, not a fault (the pool stayed busy, SQLite's write lock was held past its wait, the image queue was full):
      // one line without a stack that says what was refused (the request log already has one per request).
      else if (r.code === 'busy') req.log.warn({ code: r.code, status: r.status }, `answered 503 busy: ${r.logged ?? r.message}`);
      else if (r.status >= 500) req.log.error({ err }, 'request failed');
      else req.log.info({ code: r.code, status: r.status }, r.message);
      return respond(req, reply, r);
    },
    async notFound(req, reply) {
      return respond(req, reply, {
        status: 404,
        code: 'not_found',
        message: isApi(req) ? 'No such API endpoint or resource.' : "We couldn't find that page. It may have moved, or the address may be mistyped.",
      });
    },
  };
}

function acceptsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept;
  if (!accept) return true;
  return accept.includes('text/html') || accept.includes('*/*');
}
