import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { isAppError } from '../../platform/errors.js';
import { sendPage } from '../../views/render.js';
import { requestLogWithout } from '../../platform/log-redaction.js';
import { linkProblem } from './password-reset.service.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { ChooseNewPasswordPage, RequestResetPage, ResetDonePage, ResetLinkProblemPage } from './views/password-reset-pages.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { STAFF_SESSION_COOKIE } from '../../platform/cookies.js';

/** A reset URL with its token masked, for logs: the token is as good as a password for an hour. */
export const redactResetUrl = (url: string): string => url.replace(/(\/password-reset\/)(?!done(?:[?#]|$))[^/?#]+/, '$1[token]');

/** Fastify's request log line, with the token left out of the URL. */
const tokenFreeLogs = requestLogWithout(redactResetUrl);

type TokenRoute = { Params: { token: string }; Body: Form };

/**
 * Forgotten passwords: ask for a link by email, open it, choose a new
 * password. Every outcome is logged with the account id, never with the
 * email address asked about, the link's token or the email's text.
 */
export const passwordResetRoutes: AdminPlugin = async (app, { ctx }) => {
  const { services, chrome } = ctx;
  const resets = services.passwordResets;

  // Emails still being handed to the mail server are sent before the app closes.
  app.addHook('onClose', async () => {
    await resets.settled();
  });

  app.get('/password-reset', async (req, reply) => sendPage(reply, RequestResetPage({ chrome: await chrome(req, reply) }) as VNode));

  app.post<{ Body: Form }>('/password-reset', { config: { rateLimit: RATE_LIMITS.emailLink } }, async (req, reply) => {
    const form = req.body ?? {};
    const email = String(form.email ?? '').trim();
    const again = async (error: string, status: number) => sendPage(reply, RequestResetPage({ chrome: await chrome(req, reply), email, error }) as VNode, status);
    try {
      await req.verifyCsrf();
    } catch (err) {
      if (!isAppError(err)) throw err;
      req.log.info({ code: err.code }, 'password reset request refused');
      return again(err.message, err.status);
    }
    if (!email) return again('Enter the email address of your account.', 422);

    const result = await resets.request(email);
    if (result.outcome === 'sent') {
      const { accountId } = result;
      req.log.info({ accountId }, 'password reset link issued');
      // Sent in the background: the answer must not take longer when an account exists.
      void result.delivery.then((d) => {
        if (d.ok) req.log.info({ accountId }, 'password reset email sent');
        else req.log.error({ accountId, mail: d.error }, 'password reset email could not be sent');
      });
    } else if (result.outcome === 'no_account') {
      req.log.info({ outcome: result.outcome }, 'password reset requested for an address without an account');
    } else {
      req.log.info({ accountId: result.accountId, outcome: result.outcome }, 'password reset requested, no link sent');
    }
    return sendPage(reply, RequestResetPage({ chrome: await chrome(req, reply), requested: true }) as VNode);
  });

  app.get('/password-reset/done', async (req, reply) => sendPage(reply, ResetDonePage({ chrome: await chrome(req, reply) }) as VNode));

  /** The page for a link that cannot be used, with its status. */
  async function unusable(req: FastifyRequest, reply: FastifyReply, status: number, message: string) {
    return sendPage(reply, ResetLinkProblemPage({ chrome: await chrome(req, reply), status, message }) as VNode, status);
  }

  app.get<TokenRoute>('/password-reset/:token', { logSerializers: tokenFreeLogs }, async (req, reply) => {
    const link = await resets.check(req.params.token);
    if (link.state !== 'valid') {
      const problem = linkProblem(link);
      req.log.info({ ...(link.state === 'unknown' ? {} : { accountId: link.accountId }), code: problem.code }, 'password reset link refused');
      return unusable(req, reply, problem.status, problem.message);
    }
    req.log.info({ accountId: link.accountId }, 'password reset link opened');
    return sendPage(reply, ChooseNewPasswordPage({ chrome: await chrome(req, reply), token: req.params.token, email: link.email }) as VNode);
  });

  app.post<TokenRoute>(
    '/password-reset/:token',
    { logSerializers: tokenFreeLogs, config: { rateLimit: RATE_LIMITS.linkUse } },
    async (req, reply) => {
      const { token } = req.params;
      const form = req.body ?? {};
      const link = await resets.check(token);
      if (link.state !== 'valid') {
        const problem = linkProblem(link);
        req.log.info({ ...(link.state === 'unknown' ? {} : { accountId: link.accountId }), code: problem.code }, 'password reset refused');
        return unusable(req, reply, problem.status, problem.message);
      }
      const { accountId } = link;
      try {
        await req.verifyCsrf();
        const { sessionsEnded } = await resets.reset(token, String(form.password ?? ''), String(form.confirmation ?? ''));
        req.log.info({ accountId, sessionsEnded }, 'password reset by email link');
      } catch (err) {
        if (!isAppError(err)) throw err;
        req.log.info({ accountId, code: err.code }, 'password reset refused');
        // The link was spent or expired meanwhile.
        if (err.status === 404 || err.status === 410) return unusable(req, reply, err.status, err.message);
        const page = ChooseNewPasswordPage({ chrome: await chrome(req, reply), token, email: link.email, error: err.message });
        return sendPage(reply, page as VNode, err.status);
      }
      // Every session of the account has ended; if this browser had one, forget it.
      if (req.account?.id === accountId) reply.clearCookie(STAFF_SESSION_COOKIE, { path: '/' });
      return reply.redirect('/admin/password-reset/done', 303);
    },
  );
};
