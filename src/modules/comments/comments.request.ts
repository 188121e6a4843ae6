import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../platform/errors.js';
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

/** Whether the client asked for JSON (the page's script) rather than a page. */
export const wantsJson = (req: FastifyRequest): boolean => {
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
};

/** The coarse per-address guard on posting routes, in front of the service's real limits (see postingLimit). */
export const postingRateLimit = (services: Pick<Services, 'settings'>) => ({
  rateLimit: postingLimit(async () => (await services.settings.get()).commentLimitPerIp),
});
