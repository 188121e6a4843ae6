import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../platform/errors.js';
import { parsePage } from '../../platform/pagination.js';
import { MAX_INT4, parseWholeNumber } from '../../platform/whole-number.js';
import type { ThreadAt } from './comments.thread-page.js';
import type { Services } from '../../services.js';
import { hasSessionCookie, STAFF_SESSION_COOKIE } from '../../platform/cookies.js';
import { THREAD_SORTS, type ThreadSort, type Viewer } from './comments.types.js';
import { postingLimit } from '../../platform/rate-limit.js';

/**
 * Whether the request carries a reader's or a staff member's session cookie.
 * Such pages are never shared through the page cache, so they may be personal
 * (own held comments, own reactions, forms with real tokens).
 */
export const isPersonal = (req: FastifyRequest): boolean => hasSessionCookie(req.cookies);

/** Who is looking, and the name their comments carry. */
export interface Visitor {
  viewer: Viewer;
  /** The name a signed-in visitor comments under; null for guests. */
  name: string | null;
}

/** The signed-in reader (from the root hook) and, only when its cookie is present, the signed-in staff member. */
export async function visitorOf(req: FastifyRequest, services: Services): Promise<Visitor> {
  const reader = req.reader ?? null;
  const token = req.cookies[STAFF_SESSION_COOKIE];
  const account = token ? await services.accounts.sessionAccount(token) : undefined;
  return {
    viewer: { readerId: reader?.id ?? null, accountId: account?.id ?? null },
    // Staff comment as themselves when signed in as both.
    name: account?.name ?? reader?.displayName ?? null,
  };
}

/** The viewer of a request, for the comments service. */
export async function viewerOf(req: FastifyRequest, services: Services): Promise<Viewer> {
  return (await visitorOf(req, services)).viewer;
}

export const isGuest = (viewer: Viewer): boolean => viewer.readerId === null && viewer.accountId === null;

/** The CSRF token (setting its cookie when needed) and the signed "form shown at" token, for a response of this visitor's own. */
export async function formTokens(reply: FastifyReply, services: Services): Promise<{ csrf: string; formToken: string }> {
  const [csrf, formToken] = await Promise.all([reply.csrfToken(), services.comments.issueFormToken()]);
  return { csrf, formToken };
}

/** The `sort` query value of a thread: absent means oldest first; anything unknown is a 400 saying what is accepted. */
export function parseSort(raw: unknown): ThreadSort {
  if (raw === undefined || raw === '') return 'oldest';
  if (typeof raw === 'string' && (THREAD_SORTS as string[]).includes(raw)) return raw as ThreadSort;
  throw badRequest(`"sort" must be one of ${THREAD_SORTS.join(', ')}.`);
}

/**
 * Where a page of the thread starts, from the article page's query: `after`
 * or `before` a top-level comment's id, `last=1`, or (old links, permalinks)
 * `comments=N`; the first page when none. One at a time, or a 400 saying so.
 */
export function parseThreadAt(query: { comments?: string; after?: string; before?: string; last?: string }): ThreadAt {
  const given = (['comments', 'after', 'before', 'last'] as const).filter((k) => query[k] !== undefined && query[k] !== '');
  if (given.length > 1) throw badRequest(`Give only one of "comments", "after", "before" and "last" (got ${given.map((k) => `"${k}"`).join(', ')}).`);
  const id = (name: 'after' | 'before') => {
    // A comment's id: a whole number within the databases' integer.
    return parseWholeNumber(query[name], name, { min: 1, max: MAX_INT4 });
  };
  if (given[0] === 'after') return { after: id('after') };
  if (given[0] === 'before') return { before: id('before') };
  if (given[0] === 'last') {
    if (query.last !== '1') throw badRequest('"last" must be 1.');
    return { last: true };
  }
  return { page: parsePage(query.comments, 'comments') };
}

/** Whether the client asked for JSON (the page's script) rather than a page. */
export const wantsJson = (req: FastifyRequest): boolean => {
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
};

/** The coarse per-address guard on posting routes, in front of the service's real limits (see postingLimit). */
export const postingRateLimit = (services: Pick<Services, 'settings'>) => ({
  rateLimit: postingLimit(async () => (await services.settings.get()).commentLimitPerIp),
});
