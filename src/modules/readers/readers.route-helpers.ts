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
