import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { READER_COOKIE, SESSION_COOKIE_MAX_AGE } from '../../platform/cookies.js';
import { requireCsrf } from '../../platform/csrf.js';
import type { ReaderLinkPurpose } from '../../platform/db/schema.js';
import type { AppError } from '../../platform/errors.js';
import { requestLogWithout } from '../../platform/log-redaction.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { NextQuery } from '../../platform/route-schemas.js';
import { submitForm } from '../../views/forms.js';
import { sendPage } from '../../views/render.js';
import { afterSignIn, arriveSignedIn, type Form, logLinkRequest, nextOf, pageChrome, type ReaderRouteDeps } from './readers.route-helpers.js';
import { ContinuePage, LinkProblemPage } from './views/link-pages.js';
import { SignInPage } from './views/sign-in-page.js';
import { CheckEmailPage } from './views/sign-up-pages.js';

/** A link URL with its token masked, for logs: the token signs someone in. */
export const redactLinkUrl = (url: string): string => url.replace(/^(\/account\/(?:verify|link|download|delete)\/)[^/?#]+/, '$1[token]');

/** Fastify's request log line, with the token left out of the URL. */
export const tokenFreeLogs = requestLogWithout(redactLinkUrl);

const SignInQuery = Type.Object({ ...NextQuery.properties, signedOut: Type.Optional(Type.String()) });
const TokenPath = Type.Object({ token: Type.String() });

/**
 * Signing in, by password or by a link sent by email; the pages those links
 * open (the address confirmed on sign-up, or a sign-in), which ask for one
 * more click before anything is used up; and signing out.
 */
export function registerSignIn(fastify: FastifyInstance, { services, chrome }: ReaderRouteDeps): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const readers = services.readers;

  /** A new session replaces the one this browser had, which ends. */
  async function replaceSession(req: FastifyRequest, reply: FastifyReply, token: string): Promise<void> {
    await readers.signOut(req.cookies[READER_COOKIE]);
    reply.setCookie(READER_COOKIE, token, { maxAge: SESSION_COOKIE_MAX_AGE });
  }

  function retryAfter(reply: FastifyReply, err: AppError): void {
    const retry = err.details?.retryAfterSeconds;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
  }

  app.get('/account/sign-in', { schema: { querystring: SignInQuery } }, async (req, reply) => {
    if (req.reader) return reply.redirect(afterSignIn(req.query.next), 303);
    const notice = req.query.signedOut !== undefined ? 'You have been signed out.' : undefined;
    return sendPage(reply, SignInPage({ ...(await pageChrome(chrome, reply)), next: nextOf(req.query.next), notice }) as VNode);
  });

  app.post('/account/sign-in', { config: { rateLimit: RATE_LIMITS.signIn } }, async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const { reader, sessionToken } = await readers.signIn({ email: form.email ?? '', password: form.password ?? '', ip: req.ip });
        await replaceSession(req, reply, sessionToken);
        req.log.info({ readerId: reader.id }, 'reader signed in');
        return reply.redirect(arriveSignedIn(form.next, 'signed-in'), 303);
      },
      async (err) => {
        req.log.info({ code: err.code }, 'reader sign-in refused');
        retryAfter(reply, err);
        return SignInPage({ ...(await pageChrome(chrome, reply)), next: nextOf(form.next), email: form.email, error: err.message }) as VNode;
      },
    );
  });

  app.post('/account/sign-in/link', { config: { rateLimit: RATE_LIMITS.emailLink } }, async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    const next = nextOf(form.next);
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        // Answered before the address is even looked up; only the log may tell the outcomes apart.
        logLinkRequest(req, readers.requestSignInLink(form.email ?? '', req.ip, next));
        return sendPage(reply, CheckEmailPage({ chrome: await chrome(), kind: 'sign_in' }) as VNode);
      },
      async (err) => {
        req.log.info({ code: err.code }, 'reader sign-in link refused');
        return SignInPage({ ...(await pageChrome(chrome, reply)), next, email: form.email, linkError: err.message }) as VNode;
      },
    );
  });

  // Emailed links ---------------------------------------------------------------

  /** A link that is used up, expired or never was: the page says which, and what to do. */
  async function linkProblem(req: FastifyRequest, err: AppError): Promise<VNode> {
    req.log.info({ code: err.code }, 'reader link refused');
    return LinkProblemPage({ chrome: await chrome(), message: err.message }) as VNode;
  }

  function linkRoutes(path: string, purpose: ReaderLinkPurpose) {
    app.get(path, { schema: { params: TokenPath, querystring: NextQuery }, logSerializers: tokenFreeLogs }, async (req, reply) =>
      submitForm(
        reply,
        async () => {
          await readers.checkLink(req.params.token, purpose);
          const action = path.replace(':token', req.params.token);
          return sendPage(reply, ContinuePage({ ...(await pageChrome(chrome, reply)), action, next: nextOf(req.query.next), purpose }) as VNode);
        },
        (err) => linkProblem(req, err),
      ),
    );

    app.post(path, { schema: { params: TokenPath }, logSerializers: tokenFreeLogs, config: { rateLimit: RATE_LIMITS.linkUse } }, async (req, reply) => {
      const form = (req.body ?? {}) as Form;
      await req.verifyCsrf();
      return submitForm(
        reply,
        async () => {
          const { reader, sessionToken } = await readers.redeemLink(req.params.token, purpose);
          await replaceSession(req, reply, sessionToken);
          req.log.info({ readerId: reader.id, purpose }, 'reader signed in by emailed link');
          return reply.redirect(arriveSignedIn(form.next, purpose === 'verify' ? 'confirmed' : 'signed-in'), 303);
        },
        (err) => linkProblem(req, err),
      );
    });
  }
  linkRoutes('/account/verify/:token', 'verify');
  linkRoutes('/account/link/:token', 'sign_in');

  app.post('/account/sign-out', { preHandler: requireCsrf }, async (req, reply) => {
    await readers.signOut(req.cookies[READER_COOKIE]);
    reply.clearCookie(READER_COOKIE, { path: '/' });
    return reply.redirect('/account/sign-in?signedOut', 303);
  });
}
