import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AppError } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import type { CreatedToken, TokensService } from './tokens.service.js';
import type { Account } from '../accounts/accounts.service.js';
import { type AdminPlugin, actorOf, type Form } from '../admin/admin.context.js';
import { parseId } from '../admin/admin.forms.js';
import { TokensPage, type TokensPageProps } from './views/tokens-page.js';

/** The flag a revocation redirects with, for the page's confirmation. */
const TokensQuery = Type.Object({ revoked: Type.Optional(Type.String()) });

/**
 * /admin/tokens: admins create API tokens (shown once), see when each was
 * last used, and revoke them. Every form carries a CSRF token; the new
 * token is never logged and never put in a URL.
 */
export const tokenRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;

  const tokens = (): TokensService => services.tokens;

  async function page(req: FastifyRequest, reply: FastifyReply, props: Omit<TokensPageProps, 'chrome' | 'zone' | 'tokens'>) {
    const [c, zone, list] = await Promise.all([chrome(req, reply), services.settings.get(), tokens().list()]);
    return TokensPage({ chrome: c, zone, tokens: list, ...props }) as VNode;
  }

  /** The admin, or null when the visitor was sent to sign in; CSRF checked for posts. */
  async function admin(req: FastifyRequest, reply: FastifyReply, post: boolean): Promise<Account | null> {
    const account = requireStaff(req, reply, 'tokens.manage');
    if (account && post) await req.verifyCsrf();
    return account;
  }

  app.get('/tokens', { schema: { querystring: TokensQuery } }, async (req, reply) => {
    if (!(await admin(req, reply, false))) return reply;
    const revoked = req.query.revoked !== undefined ? 'The token was revoked: requests using it are now refused.' : undefined;
    return sendPage(reply, await page(req, reply, revoked ? { notice: revoked } : {}));
  });

  app.post('/tokens', async (req, reply) => {
    const account = await admin(req, reply, true);
    if (!account) return reply;
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        const created = await tokens().create(actorOf(account), { name: form.name ?? '', role: (form.role ?? '') as CreatedToken['role'] });
        req.log.info({ accountId: account.id, tokenId: created.id, role: created.role }, 'api token created');
        // Answered directly (not redirected) so the token is shown once and never lands in a URL or history.
        return sendPage(reply, await page(req, reply, { created }));
      },
      (err) => page(req, reply, { error: err.message, values: { name: form.name, role: form.role } }),
      // Only a name or role that does not fit is the form's to show.
      (err) => err.status !== 422,
    );
  });

  app.post('/tokens/:id/revoke', { schema: { params: IdPath } }, async (req, reply) => {
    const account = await admin(req, reply, true);
    if (!account) return reply;
    const id = parseId(req.params.id);
    if (id === undefined) throw new AppError('not_found', 404, "We couldn't find that API token.");
    const revoked = await tokens().revoke(actorOf(account), id);
    req.log.info({ accountId: account.id, tokenId: revoked.id }, 'api token revoked');
    return reply.redirect('/admin/tokens?revoked', 303);
  });
};
