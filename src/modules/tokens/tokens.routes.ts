import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AppError, isAppError } from '../../platform/errors.js';
import { sendPage } from '../../views/render.js';
import type { CreatedToken, TokensService } from './tokens.service.js';
import type { Account } from '../accounts/accounts.service.js';
import { type AdminPlugin, actorOf, type Form } from '../admin/admin.context.js';
import { TokensPage, type TokensPageProps } from './views/tokens-page.js';

/**
 * /admin/tokens: admins create API tokens (shown once), see when each was
 * last used, and revoke them. Every form carries a CSRF token; the new
 * token is never logged and never put in a URL.
 */
export const tokenRoutes: AdminPlugin = async (app, { ctx }) => {
  const { services, chrome, requireStaff } = ctx;

  const tokens = (): TokensService => services.tokens;

  async function page(req: FastifyRequest, reply: FastifyReply, props: Omit<TokensPageProps, 'chrome' | 'zone' | 'tokens'>, status = 200) {
    const [c, zone, list] = await Promise.all([chrome(req, reply), services.settings.get(), tokens().list()]);
    return sendPage(reply, TokensPage({ chrome: c, zone, tokens: list, ...props }) as VNode, status);
  }

  /** The admin, or null when the visitor was sent to sign in; CSRF checked for posts. */
  async function admin(req: FastifyRequest, reply: FastifyReply, post: boolean): Promise<Account | null> {
    const account = requireStaff(req, reply, 'tokens.manage');
    if (account && post) await req.verifyCsrf();
    return account;
  }

  app.get<{ Querystring: { revoked?: string } }>('/tokens', async (req, reply) => {
    if (!(await admin(req, reply, false))) return reply;
    const revoked = req.query.revoked !== undefined ? 'The token was revoked: requests using it are now refused.' : undefined;
    return page(req, reply, revoked ? { notice: revoked } : {});
  });

  app.post<{ Body: Form }>('/tokens', async (req, reply) => {
    const account = await admin(req, reply, true);
    if (!account) return reply;
    const form = req.body ?? {};
    let created: CreatedToken;
    try {
      created = await tokens().create(actorOf(account), { name: form.name ?? '', role: (form.role ?? '') as CreatedToken['role'] });
    } catch (err) {
      if (!isAppError(err) || err.status !== 422) throw err;
      return page(req, reply, { error: err.message, values: { name: form.name, role: form.role } }, 422);
    }
    req.log.info({ accountId: account.id, tokenId: created.id, role: created.role }, 'api token created');
    // Answered directly (not redirected) so the token is shown once and never lands in a URL or history.
    return page(req, reply, { created });
  });

  app.post<{ Params: { id: string }; Body: Form }>('/tokens/:id/revoke', async (req, reply) => {
    const account = await admin(req, reply, true);
    if (!account) return reply;
    const id = /^\d{1,10}$/.test(req.params.id) ? Number(req.params.id) : NaN;
    if (!Number.isSafeInteger(id)) throw new AppError('not_found', 404, "We couldn't find that API token.");
    const revoked = await tokens().revoke(actorOf(account), id);
    req.log.info({ accountId: account.id, tokenId: revoked.id }, 'api token revoked');
    return reply.redirect('/admin/tokens?revoked', 303);
  });
};
