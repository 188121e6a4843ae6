import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import type { LinkOutcome } from './readers.mail.js';
import { safeNextPath } from './readers.service.js';
import type { ReaderPageChrome } from './views/reader-layout.js';

/** What the reader account pages are built from. */
export interface ReaderRouteDeps {
  services: Services;
  chrome: () => Promise<Chrome>;
}

export type Form = Record<string, string | undefined>;

/** Where to go after a form: a same-site path, or undefined. */
export const nextOf = (raw: unknown): string | undefined => safeNextPath(raw);

/** Where a reader goes once signed in: where they were going, else their own page. */
export const afterSignIn = (raw: unknown): string => nextOf(raw) ?? '/account';

/** The one-time notice a page shows on arrival after signing in (`?welcome=`): signed in, or the address confirmed too. */
export type Welcome = 'signed-in' | 'confirmed';

/**
 * Where a reader lands once signed in, flagged so the page says so once:
 * `?welcome=` before any fragment. Cached pages leave the flag out of their
 * cache key and carry no notice; their header script shows it and takes the
 * flag off the address, and the account page shows it itself.
 */
export function arriveSignedIn(raw: unknown, welcome: Welcome): string {
  const target = afterSignIn(raw);
  const hash = target.indexOf('#');
  const [path, fragment] = hash < 0 ? [target, ''] : [target.slice(0, hash), target.slice(hash)];
  return `${path}${path.includes('?') ? '&' : '?'}welcome=${welcome}${fragment}`;
}

/** The site chrome and this response's CSRF token, for a page with forms. */
export async function pageChrome(chrome: ReaderRouteDeps['chrome'], reply: FastifyReply): Promise<ReaderPageChrome> {
  const [c, csrf] = await Promise.all([chrome(), reply.csrfToken()]);
  return { chrome: c, csrf };
}

/** Log how a sign-in link request went, once it has: the visitor was answered before, the same way in every case. */
export function logLinkRequest(req: FastifyRequest, request: { outcome: Promise<LinkOutcome> }): void {
  request.outcome.then(
    (outcome) => req.log.info({ outcome }, 'reader sign-in link requested'),
    (err: unknown) => req.log.error({ err }, 'reader sign-in link request failed'),
  );
}
