import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { requireCsrf } from '../../platform/csrf.js';
import type { ReaderLinkPurpose } from '../../platform/db/schema.js';
import { AppError, isAppError, notFound } from '../../platform/errors.js';
import { sendPage } from '../../views/render.js';
import { requestLogWithout } from '../../platform/log-redaction.js';
import { parsePage } from '../../platform/pagination.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import { type Reader, safeNextPath } from './readers.service.js';
import { type AccountForm, AccountPage } from './views/account-page.js';
import { ContinuePage, LinkProblemPage } from './views/link-pages.js';
import type { ReaderPageChrome } from './views/reader-layout.js';
import { SignInPage } from './views/sign-in-page.js';
import { CheckEmailPage, SignUpPage } from './views/sign-up-pages.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { READER_COOKIE, SESSION_COOKIE_MAX_AGE } from '../../platform/cookies.js';

interface Deps {
  services: Services;
  chrome: () => Promise<Chrome>;
}

type Form = Record<string, string | undefined>;
type TokenRoute = { Params: { token: string }; Querystring: { next?: string }; Body: Form };

/** A link URL with its token masked, for logs: the token signs someone in. */
export const redactLinkUrl = (url: string): string => url.replace(/^(\/account\/(?:verify|link)\/)[^/?#]+/, '$1[token]');

/** Fastify's request log line, with the token left out of the URL. */
const tokenFreeLogs = requestLogWithout(redactLinkUrl);

const SAVED_NOTICES: Record<string, string> = {
  profile: 'Your profile has been saved.',
  password: 'Your password has been saved. Other devices have been signed out.',
  verification: 'If your address still needs confirming, we have sent a new link to it. Links work for 24 hours.',
};

/**
 * Reader accounts on the public site: signing up, emailed links, signing in
 * and out, and the reader's own page. Every form works without JavaScript
 * and every POST checks its CSRF token first.
 */
export async function readerRoutes(app: FastifyInstance, { services, chrome }: Deps) {
  const readers = services.readers;

  app.addHook('onRequest', async (req, reply) => {
    // Every page here is one visitor's own.
    reply.header('cache-control', 'no-store');
    // A cookie that no longer opens a session is only in the way.
    if (req.cookies[READER_COOKIE] && !req.reader) reply.clearCookie(READER_COOKIE, { path: '/' });
  });
  // How each email went, in the server's log: the reader's id and the mail
  // server's answer, never the address, the link or the text.
  const stopLogging = readers.onMailResult((result) => {
    if (result.ok) app.log.info({ readerId: result.readerId, mail: result.kind }, 'reader email sent');
    else app.log.error({ readerId: result.readerId, mail: result.kind, error: result.error }, 'reader email could not be sent');
  });
  // Emails still being handed to the mail server are sent before the app closes.
  app.addHook('onClose', async () => {
    await readers.settled();
    stopLogging();
  });

  async function pageChrome(req: FastifyRequest, reply: FastifyReply): Promise<ReaderPageChrome> {
    const [c, csrf] = await Promise.all([chrome(), reply.csrfToken()]);
    return { chrome: c, csrf };
  }

  /** A new session replaces the one this browser had, which ends. */
  async function replaceSession(req: FastifyRequest, reply: FastifyReply, token: string): Promise<void> {
    await readers.signOut(req.cookies[READER_COOKIE]);
    reply.setCookie(READER_COOKIE, token, { maxAge: SESSION_COOKIE_MAX_AGE });
  }

  const nextOf = (raw: unknown) => safeNextPath(raw);
  const afterSignIn = (raw: unknown) => nextOf(raw) ?? '/account';
  const signInUrl = (next: string) => `/account/sign-in?next=${encodeURIComponent(next)}`;

  function retryAfter(reply: FastifyReply, err: AppError): void {
    const retry = err.details?.retryAfterSeconds;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
  }

  // Signing up ------------------------------------------------------------------

  app.get<{ Querystring: { next?: string } }>('/account/sign-up', async (req, reply) => {
    if (req.reader) return reply.redirect(afterSignIn(req.query.next), 303);
    return sendPage(reply, SignUpPage({ ...(await pageChrome(req, reply)), next: nextOf(req.query.next) }) as VNode);
  });

  app.post<{ Body: Form }>('/account/sign-up', { config: { rateLimit: RATE_LIMITS.signUp } }, async (req, reply) => {
    const form = req.body ?? {};
    const next = nextOf(form.next);
    try {
      await req.verifyCsrf();
      await readers.signUp({ email: form.email ?? '', displayName: form.displayName ?? '', password: form.password ?? '', ip: req.ip, ...(next ? { next } : {}) });
    } catch (err) {
      if (!isAppError(err)) throw err;
      req.log.info({ code: err.code }, 'reader sign-up refused');
      const page = SignUpPage({ ...(await pageChrome(req, reply)), next, values: { email: form.email, displayName: form.displayName }, error: err.message });
      return sendPage(reply, page as VNode, err.status);
    }
    // The same page whether the address was new or already had an account.
    return sendPage(reply, CheckEmailPage({ chrome: await chrome(), kind: 'sign_up' }) as VNode);
  });

  // Signing in ------------------------------------------------------------------

  app.get<{ Querystring: { next?: string; signedOut?: string } }>('/account/sign-in', async (req, reply) => {
    if (req.reader) return reply.redirect(afterSignIn(req.query.next), 303);
    const notice = req.query.signedOut !== undefined ? 'You have been signed out.' : undefined;
    return sendPage(reply, SignInPage({ ...(await pageChrome(req, reply)), next: nextOf(req.query.next), notice }) as VNode);
  });

  app.post<{ Body: Form }>('/account/sign-in', { config: { rateLimit: RATE_LIMITS.signIn } }, async (req, reply) => {
    const form = req.body ?? {};
    try {
      await req.verifyCsrf();
      const { reader, sessionToken } = await readers.signIn({ email: form.email ?? '', password: form.password ?? '', ip: req.ip });
      await replaceSession(req, reply, sessionToken);
      req.log.info({ readerId: reader.id }, 'reader signed in');
      return reply.redirect(afterSignIn(form.next), 303);
    } catch (err) {
      if (!isAppError(err)) throw err;
      req.log.info({ code: err.code }, 'reader sign-in refused');
      retryAfter(reply, err);
      const page = SignInPage({ ...(await pageChrome(req, reply)), next: nextOf(form.next), email: form.email, error: err.message });
      return sendPage(reply, page as VNode, err.status);
    }
  });

  app.post<{ Body: Form }>('/account/sign-in/link', { config: { rateLimit: RATE_LIMITS.emailLink } }, async (req, reply) => {
    const form = req.body ?? {};
    const next = nextOf(form.next);
    try {
      await req.verifyCsrf();
      const outcome = await readers.sendSignInLink(form.email ?? '', req.ip, next);
      // Only the log may tell these apart; the visitor gets the same page.
      req.log.info({ outcome }, 'reader sign-in link requested');
    } catch (err) {
      if (!isAppError(err)) throw err;
      req.log.info({ code: err.code }, 'reader sign-in link refused');
      const page = SignInPage({ ...(await pageChrome(req, reply)), next, email: form.email, linkError: err.message });
      return sendPage(reply, page as VNode, err.status);
    }
    return sendPage(reply, CheckEmailPage({ chrome: await chrome(), kind: 'sign_in' }) as VNode);
  });

  // Emailed links ---------------------------------------------------------------

  function linkRoutes(path: string, purpose: ReaderLinkPurpose) {
    app.get<TokenRoute>(path, { logSerializers: tokenFreeLogs }, async (req, reply) => {
      try {
        await readers.checkLink(req.params.token, purpose);
      } catch (err) {
        if (!isAppError(err)) throw err;
        req.log.info({ code: err.code }, 'reader link refused');
        return sendPage(reply, LinkProblemPage({ chrome: await chrome(), message: err.message }) as VNode, err.status);
      }
      const action = path.replace(':token', req.params.token);
      return sendPage(reply, ContinuePage({ ...(await pageChrome(req, reply)), action, next: nextOf(req.query.next), purpose }) as VNode);
    });

    app.post<TokenRoute>(path, { logSerializers: tokenFreeLogs, config: { rateLimit: RATE_LIMITS.linkUse } }, async (req, reply) => {
      const form = req.body ?? {};
      await req.verifyCsrf();
      let result: { reader: Reader; sessionToken: string };
      try {
        result = await readers.redeemLink(req.params.token, purpose);
      } catch (err) {
        if (!isAppError(err)) throw err;
        req.log.info({ code: err.code }, 'reader link refused');
        return sendPage(reply, LinkProblemPage({ chrome: await chrome(), message: err.message }) as VNode, err.status);
      }
      await replaceSession(req, reply, result.sessionToken);
      req.log.info({ readerId: result.reader.id, purpose }, 'reader signed in by emailed link');
      return reply.redirect(afterSignIn(form.next), 303);
    });
  }
  linkRoutes('/account/verify/:token', 'verify');
  linkRoutes('/account/link/:token', 'sign_in');

  // The reader's own page ---------------------------------------------------------

  async function accountPage(
    req: FastifyRequest,
    reply: FastifyReply,
    reader: Reader,
    extra: { page?: number; notice?: string; error?: { form: AccountForm; message: string }; displayName?: string } = {},
    status = 200,
  ) {
    const page = extra.page ?? 1;
    const [c, site, hasPassword, comments] = await Promise.all([pageChrome(req, reply), services.settings.get(), readers.hasPassword(reader.id), services.comments.byReader(reader.id, page)]);
    if (page > comments.pageCount) throw notFound('page of your comments');
    const props = { ...c, reader, hasPassword, banned: readers.isBannedNow(reader), zone: site, comments, notice: extra.notice, error: extra.error, displayName: extra.displayName };
    return sendPage(reply, AccountPage(props) as VNode, status);
  }

  /** The signed-in reader, or a redirect to sign in (and undefined). */
  function requireReader(req: FastifyRequest, reply: FastifyReply, back = '/account'): Reader | undefined {
    if (req.reader) return req.reader;
    void reply.redirect(signInUrl(back), 303);
    return undefined;
  }

  app.get<{ Querystring: { page?: string; saved?: string } }>('/account', async (req, reply) => {
    const reader = requireReader(req, reply);
    if (!reader) return reply;
    const page = parsePage(req.query.page);
    const notice = req.query.saved ? SAVED_NOTICES[req.query.saved] : undefined;
    return accountPage(req, reply, reader, { page, ...(notice ? { notice } : {}) });
  });

  app.post<{ Body: Form }>('/account', { preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.accountEdit } }, async (req, reply) => {
    const reader = requireReader(req, reply);
    if (!reader) return reply;
    const form = req.body ?? {};
    try {
      await readers.update(reader.id, { displayName: form.displayName ?? '', notifyReplies: form.notifyReplies === '1' });
    } catch (err) {
      if (!isAppError(err)) throw err;
      return accountPage(req, reply, reader, { error: { form: 'profile', message: err.message }, displayName: form.displayName ?? '' }, err.status);
    }
    return reply.redirect('/account?saved=profile', 303);
  });

  app.post<{ Body: Form }>('/account/password', { preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.passwordChange } }, async (req, reply) => {
    const reader = requireReader(req, reply);
    if (!reader) return reply;
    const form = req.body ?? {};
    const password = form.password ?? '';
    try {
      if (password !== (form.confirmation ?? '')) throw new AppError('invalid_input', 422, 'The two passwords do not match. Type the same new password in both fields.');
      await readers.setPassword(reader.id, password, req.cookies[READER_COOKIE]);
    } catch (err) {
      if (!isAppError(err)) throw err;
      return accountPage(req, reply, reader, { error: { form: 'password', message: err.message } }, err.status);
    }
    req.log.info({ readerId: reader.id }, 'reader password set');
    return reply.redirect('/account?saved=password', 303);
  });

  app.post<{ Body: Form }>('/account/verify-email', { preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.emailLink } }, async (req, reply) => {
    const reader = requireReader(req, reply);
    if (!reader) return reply;
    const outcome = await readers.resendVerification(reader.id, req.ip);
    req.log.info({ readerId: reader.id, outcome }, 'reader confirmation link requested');
    return reply.redirect('/account?saved=verification', 303);
  });

  app.post<{ Body: Form }>('/account/sign-out', { preHandler: requireCsrf }, async (req, reply) => {
    await readers.signOut(req.cookies[READER_COOKIE]);
    reply.clearCookie(READER_COOKIE, { path: '/' });
    return reply.redirect('/account/sign-in?signedOut', 303);
  });
}
