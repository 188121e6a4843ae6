import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import type { Account } from '../accounts/accounts.service.js';
import type { Actor } from '../articles/editorial.types.js';
import { type Action, can } from '../accounts/permissions.js';
import type { AdminChrome } from './views/admin-layout.js';
import { SESSION_COOKIE_MAX_AGE, STAFF_SESSION_COOKIE } from '../../platform/cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff account, in the admin area. */
    account: Account | null;
  }
}

export type Form = Record<string, string | undefined>;

/** A domain's admin screens: a plugin registered inside /admin that receives the shared AdminContext. */
export type AdminPlugin = (app: FastifyInstance, opts: { ctx: AdminContext }) => Promise<void>;

export interface AdminDeps {
  services: Services;
  siteUrl: string;
  assetVersion: string;
}

/** What every admin route needs: its page chrome, CSRF checks, and who may enter. */
export interface AdminContext {
  services: Services;
  chrome(req: FastifyRequest, reply: FastifyReply): Promise<AdminChrome>;
  setSession(reply: FastifyReply, token: string): void;
  /**
   * The signed-in account when it may do `action` (default: enter the
   * newsroom). Visitors who are not signed in are sent to sign in (and null
   * returned); signed-in staff without the permission get a 403.
   */
  requireStaff(req: FastifyRequest, reply: FastifyReply, action?: Action): Account | null;
}

/** The editorial Actor for a signed-in account. */
export const actorOf = (account: Account): Actor => ({ accountId: account.id, role: account.role, authorId: account.authorId, name: account.name });

export function createAdminContext({ services, assetVersion }: AdminDeps): AdminContext {
  return {
    services,
    async chrome(req, reply) {
      const [site, csrf] = await Promise.all([services.settings.get(), reply.csrfToken()]);
      return { siteName: site.name, assetVersion, csrf, account: req.account, path: req.url.split('?')[0] ?? '/admin' };
    },
    setSession(reply, token) {
      reply.setCookie(STAFF_SESSION_COOKIE, token, { maxAge: SESSION_COOKIE_MAX_AGE });
    },
    requireStaff(req, reply, action = 'admin.enter') {
      if (!req.account || !can(req.account.role, 'admin.enter')) {
        void reply.redirect(`/admin/sign-in?next=${encodeURIComponent(req.url)}`, 303);
        return null;
      }
      if (!can(req.account.role, action)) throw new AppError('forbidden', 403, 'Your role does not allow this. Ask an editor or an admin.');
      return req.account;
    },
  };
}
