import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { READER_COOKIE } from '../../platform/cookies.js';
import { requireCsrf } from '../../platform/csrf.js';
import type { AppError } from '../../platform/errors.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import type { Services } from '../../services.js';
import { submitForm } from '../../views/forms.js';
import { sendPage } from '../../views/render.js';
import { pageChrome, type ReaderRouteDeps } from './readers.route-helpers.js';
import { tokenFreeLogs } from './readers.sign-in.routes.js';
import { DeletedPage, DeletePage, DownloadPage } from './views/account-data-pages.js';
import { LinkProblemPage } from './views/link-pages.js';

const TokenPath = Type.Object({ token: Type.String() });

/** Everything the site keeps about a reader, as their download carries it. */
export async function readerData(services: Services, readerId: number, siteUrl: string, at: Date) {
  const base = siteUrl.replace(/\/+$/, '');
  const [profile, discussion] = await Promise.all([services.readers.profileData(readerId), services.comments.readerData(readerId)]);
  const { notifications, ...rest } = profile;
  const url = (path: string) => (path ? `${base}${path}` : '');
  return {
    site: base,
    exportedAt: at.toISOString(),
    profile: rest,
    notificationSettings: notifications,
    comments: discussion.comments.map(({ articlePath, ...c }) => ({ ...c, articleUrl: url(articlePath), url: articlePath ? `${url(articlePath)}#comment-${c.id}` : '' })),
    reactions: discussion.reactions.map(({ articlePath, ...r }) => ({ ...r, articleUrl: url(articlePath) })),
  };
}

/** Close a reader's account: their comments as the site's setting says (counts kept right, cached pages dropped), then the account. */
export async function closeAccount(services: Services, readerId: number): Promise<void> {
  const site = await services.settings.get();
  await services.comments.forgetReader(readerId, site.deletedAccountComments);
  await services.readers.deleteAccount(readerId);
}

/**
 * Downloading one's data and deleting one's account: asked for from the
 * account page, confirmed by a link emailed to the reader (once, within an
 * hour). Opening a link changes nothing: only the button on the page it
 * opens (a POST with its CSRF token) downloads or deletes.
 */
export function registerAccountData(fastify: FastifyInstance, { services, chrome }: ReaderRouteDeps): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const readers = services.readers;

  async function linkProblem(req: FastifyRequest, err: AppError): Promise<VNode> {
    req.log.info({ code: err.code }, 'reader account link refused');
    return LinkProblemPage({ chrome: await chrome(), message: err.message }) as VNode;
  }

  for (const purpose of ['download', 'delete'] as const) {
    app.post(`/account/${purpose}`, { preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.emailLink } }, async (req, reply) => {
      if (!req.reader) return reply.redirect('/account/sign-in?next=%2Faccount', 303);
      const outcome = await readers.requestAccountLink(req.reader.id, purpose, req.ip);
      req.log.info({ readerId: req.reader.id, purpose, outcome }, 'reader account link requested');
      return reply.redirect(`/account?saved=${purpose}#${purpose === 'download' ? 'your-data' : 'delete-account'}`, 303);
    });

    app.get(`/account/${purpose}/:token`, { schema: { params: TokenPath }, logSerializers: tokenFreeLogs }, async (req, reply) =>
      submitForm(
        reply,
        async () => {
          await readers.checkLink(req.params.token, purpose);
          const action = `/account/${purpose}/${req.params.token}`;
          const c = await pageChrome(chrome, reply);
          const page = purpose === 'download' ? DownloadPage({ ...c, action }) : DeletePage({ ...c, action, fate: (await services.settings.get()).deletedAccountComments });
          return sendPage(reply, page as VNode);
        },
        (err) => linkProblem(req, err),
      ),
    );
  }

  app.post('/account/download/:token', { schema: { params: TokenPath }, logSerializers: tokenFreeLogs, config: { rateLimit: RATE_LIMITS.linkUse } }, async (req, reply) => {
    await req.verifyCsrf();
    return submitForm(
      reply,
      async () => {
        const readerId = await readers.spendAccountLink(req.params.token, 'download');
        const at = new Date();
        const data = await readerData(services, readerId, (await chrome()).siteUrl, at);
        req.log.info({ readerId }, 'reader data downloaded');
        return reply
          .header('content-type', 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="account-data-${at.toISOString().slice(0, 10)}.json"`)
          .send(`${JSON.stringify(data, null, 2)}\n`);
      },
      (err) => linkProblem(req, err),
    );
  });

  app.post('/account/delete/:token', { schema: { params: TokenPath }, logSerializers: tokenFreeLogs, config: { rateLimit: RATE_LIMITS.linkUse } }, async (req, reply) => {
    await req.verifyCsrf();
    return submitForm(
      reply,
      async () => {
        const readerId = await readers.spendAccountLink(req.params.token, 'delete');
        await closeAccount(services, readerId);
        req.log.info({ readerId }, 'reader account deleted');
        reply.clearCookie(READER_COOKIE, { path: '/' });
        return reply.redirect('/account/deleted', 303);
      },
      (err) => linkProblem(req, err),
    );
  });

  app.get('/account/deleted', async (_req, reply) => sendPage(reply, DeletedPage({ chrome: await chrome() }) as VNode));
}
