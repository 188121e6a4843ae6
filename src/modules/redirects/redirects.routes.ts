import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../platform/errors.js';
import type { RedirectsService } from './redirects.service.js';

/*
 * Old addresses are looked up only where the site would otherwise answer 404
 * (no route, or a route that found nothing), so ordinary pages pay nothing.
 */

/** Old addresses answer with a permanent redirect for a day in caches (the target may still move). */
const REDIRECT_CACHE = 'public, max-age=86400';

export type RedirectFallback = (err: unknown, req: FastifyRequest, reply: FastifyReply) => Promise<boolean>;

/**
 * A handler for the app's not-found and error handlers: when the request is
 * a GET or HEAD of a page that was not found and its address is an old one,
 * answer 301 to where it leads now and say so (true); otherwise leave the
 * answer to the caller (false). A failing lookup is not the reader's
 * problem: the 404 goes out as it would have.
 */
export function redirectFallback(redirects: Pick<RedirectsService, 'resolve'>): RedirectFallback {
  return async (err, req, reply) => {
    if (err !== null && !(isAppError(err) && err.status === 404)) return false;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url.startsWith('/api/') || req.url.startsWith('/admin')) return false;
    let target: string | null;
    try {
      target = await redirects.resolve(req.url);
    } catch {
      return false;
    }
    if (!target) return false;
    await reply.header('cache-control', REDIRECT_CACHE).redirect(target, 301);
    return true;
  };
}
