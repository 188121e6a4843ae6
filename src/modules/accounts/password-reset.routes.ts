import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { invalidInput } from '../../platform/errors.js';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import { requestLogWithout } from '../../platform/log-redaction.js';
import { linkProblem, type ResetRequestOutcome } from './password-reset.service.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { ChooseNewPasswordPage, RequestResetPage, ResetDonePage, ResetLinkProblemPage } from './views/password-reset-pages.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { STAFF_SESSION_COOKIE } from '../../platform/cookies.js';

/** A reset URL with its token masked, for logs: the token is as good as a password for an hour. */
export const redactResetUrl = (url: string): string => url.replace(/(\/password-reset\/)(?!done(?:[?#]|$))[^/?#]+/, '$1[token]');

/** Fastify's request log line, with the token left out of the URL. */
const tokenFreeLogs = requestLogWithout(redactResetUrl);

/** A reset link's address: its token is checked by the service, which names what is wrong with it. */
const TokenPath = Type.Object({ token: Type.String() });

/** What came of a request for a link, by account id only. */
function logRequest(req: FastifyRequest, request: Promise<ResetRequestOutcome>) {
  request.then(
    (result) => logOutcome(req, result),
    (err: unknown) => req.log.error({ err }, 'password reset request failed'),
  );
}

function logOutcome(req: FastifyRequest, result: ResetRequestOutcome) {
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
}

/**
 * Forgotten passwords: ask for a link by email, open it, choose a new
 * password. Every outcome is logged with the account id, never with the
 * email address asked about, the link's token or the email's text.
 */
export const passwordResetRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome } = ctx;
  const resets = services.passwordResets;

  // Emails still being handed to the mail server are sent before the app closes.
  app.addHook('onClose', async () => {
    await resets.settled();
  });

  app.get('/password-reset', async (req, reply) => sendPage(reply, RequestResetPage({ chrome: await chrome(req, reply) }) as VNode));

  app.post('/password-reset', { config: { rateLimit: RATE_LIMITS.emailLink } }, async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    const email = String(form.email ?? '').trim();
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        if (!email) throw invalidInput('Enter the email address of your account.');
        // Answered before the address is even looked up; only the log may tell the outcomes apart.
        logRequest(req, resets.requestInBackground(email).result);
        return sendPage(reply, RequestResetPage({ chrome: await chrome(req, reply), requested: true }) as VNode);
      },
      async (err) => {
        req.log.info({ code: err.code }, 'password reset request refused');
        return RequestResetPage({ chrome: await chrome(req, reply), email, error: err.message }) as VNode;
      },
    );
  });

  app.get('/password-reset/done', async (req, reply) => sendPage(reply, ResetDonePage({ chrome: await chrome(req, reply) }) as VNode));

  /** The page for a link that cannot be used, with its status. */
  async function unusable(req: FastifyRequest, reply: FastifyReply, status: number, message: string) {
    return ResetLinkProblemPage({ chrome: await chrome(req, reply), status, message }) as VNode;
  }

  app.get('/password-reset/:token', { schema: { params: TokenPath }, logSerializers: tokenFreeLogs }, async (req, reply) => {
    const link = await resets.check(req.params.token);
    if (link.state !== 'valid') {
      const problem = linkProblem(link);
      req.log.info({ ...(link.state === 'unknown' ? {} : { accountId: link.accountId }), code: problem.code }, 'password reset link refused');
      return sendPage(reply, await unusable(req, reply, problem.status, problem.message), problem.status);
    }
    req.log.info({ accountId: link.accountId }, 'password reset link opened');
    return sendPage(reply, ChooseNewPasswordPage({ chrome: await chrome(req, reply), token: req.params.token, email: link.email }) as VNode);
  });

  app.post('/password-reset/:token', { schema: { params: TokenPath }, logSerializers: tokenFreeLogs, config: { rateLimit: RATE_LIMITS.linkUse } }, async (req, reply) => {
    const { token } = req.params;
    const form = (req.body ?? {}) as Form;
    const link = await resets.check(token);
    if (link.state !== 'valid') {
      const problem = linkProblem(link);
      req.log.info({ ...(link.state === 'unknown' ? {} : { accountId: link.accountId }), code: problem.code }, 'password reset refused');
      return sendPage(reply, await unusable(req, reply, problem.status, problem.message), problem.status);
    }
    const { accountId } = link;
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const { sessionsEnded } = await resets.reset(token, String(form.password ?? ''), String(form.confirmation ?? ''));
        req.log.info({ accountId, sessionsEnded }, 'password reset by email link');
        // Every session of the account has ended; if this browser had one, forget it.
        if (req.account?.id === accountId) reply.clearCookie(STAFF_SESSION_COOKIE, { path: '/' });
        return reply.redirect('/admin/password-reset/done', 303);
      },
      async (err) => {
        req.log.info({ accountId, code: err.code }, 'password reset refused');
        // The link was spent or expired meanwhile.
        if (err.status === 404 || err.status === 410) return unusable(req, reply, err.status, err.message);
        return ChooseNewPasswordPage({ chrome: await chrome(req, reply), token, email: link.email, error: err.message }) as VNode;
      },
    );
  });
};
