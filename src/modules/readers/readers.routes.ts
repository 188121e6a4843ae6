import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import { READER_COOKIE } from '../../platform/cookies.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { NextQuery } from '../../platform/route-schemas.js';
import { submitForm } from '../../views/forms.js';
import { sendPage } from '../../views/render.js';
import { registerAccountPage } from './readers.account.routes.js';
import { registerAccountData } from './readers.data.routes.js';
import { afterSignIn, type Form, nextOf, pageChrome, type ReaderRouteDeps } from './readers.route-helpers.js';
import { registerSignIn } from './readers.sign-in.routes.js';
import { CheckEmailPage, SignUpPage } from './views/sign-up-pages.js';

/**
 * Reader accounts on the public site: signing up, emailed links, signing in
 * and out, and the reader's own page. Every form works without JavaScript
 * and every POST checks its CSRF token first.
 */
export async function readerRoutes(app: FastifyInstance, deps: ReaderRouteDeps) {
  const readers = deps.services.readers;

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

  registerSignUp(app, deps);
  registerSignIn(app, deps);
  registerAccountPage(app, deps);
  registerAccountData(app, deps);
}

/** Signing up: the form, and the page saying to look for the confirmation email. */
function registerSignUp(fastify: FastifyInstance, { services, chrome }: ReaderRouteDeps): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/account/sign-up', { schema: { querystring: NextQuery } }, async (req, reply) => {
    if (req.reader) return reply.redirect(afterSignIn(req.query.next), 303);
    return sendPage(reply, SignUpPage({ ...(await pageChrome(chrome, reply)), next: nextOf(req.query.next) }) as VNode);
  });

  app.post('/account/sign-up', { config: { rateLimit: RATE_LIMITS.signUp } }, async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    const next = nextOf(form.next);
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        await services.readers.signUp({ email: form.email ?? '', displayName: form.displayName ?? '', password: form.password ?? '', ip: req.ip, ...(next ? { next } : {}) });
        // The same page whether the address was new or already had an account.
        return sendPage(reply, CheckEmailPage({ chrome: await chrome(), kind: 'sign_up' }) as VNode);
      },
      async (err) => {
        req.log.info({ code: err.code }, 'reader sign-up refused');
        return SignUpPage({ ...(await pageChrome(chrome, reply)), next, values: { email: form.email, displayName: form.displayName }, error: err.message }) as VNode;
      },
    );
  });
}
