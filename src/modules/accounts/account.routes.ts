import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { STAFF_SESSION_COOKIE, STAFF_SIGN_IN_STEP_COOKIE } from '../../platform/cookies.js';
import { requireCsrf } from '../../platform/csrf.js';
import { type AppError, notFound } from '../../platform/errors.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { tokenHash } from '../../platform/secret-token.js';
import { submitForm } from '../../views/forms.js';
import { sendPage } from '../../views/render.js';
import type { Services } from '../../services.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { field, logRefusal, noticeFrom } from '../admin/admin.forms.js';
import type { Account } from './accounts.service.js';
import { SIGN_IN_STEP_MS } from './sign-in-steps.js';
import { AccountPage, RecoveryCodesPage, SignInCodePage } from './views/account-page.js';

/*
 * A staff member's own account (/admin/account): two-step sign-in and the
 * sessions they are signed in with; and the second step of signing in
 * (/admin/sign-in/code).
 */

/** Send the browser on to the second step of signing in, carrying the step's token. */
export function openSignInStep(reply: FastifyReply, token: string): FastifyReply {
  reply.setCookie(STAFF_SIGN_IN_STEP_COOKIE, token, { maxAge: SIGN_IN_STEP_MS / 1000 });
  return reply.redirect('/admin/sign-in/code', 303);
}

/** What someone who must set up two-step sign-in may still reach: their account page, signing in and out. */
const OPEN_WHILE_CONFINED = /^\/admin\/(account(\/.*)?|sign-out|sign-out-everywhere|sign-in(\/code)?)$/;

/**
 * For the admin area's onRequest hook: a signed-in person whose role the site
 * requires two-step sign-in for, and who has no second factor, is sent to
 * their account page to set it up, from anywhere else under /admin.
 */
export async function confineUntilSecondFactor(services: Services, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (!req.account) return undefined;
  const path = req.url.split('?')[0] ?? '';
  if (OPEN_WHILE_CONFINED.test(path) || !(await services.accounts.mustSetUpSecondFactor(req.account))) return undefined;
  return reply.redirect('/admin/account?setUpRequired', 303);
}

const NOTICES = {
  turnedOff: 'Two-step sign-in is off. Signing in now needs only your password.',
  cancelled: 'Setting up two-step sign-in was cancelled.',
  sessionEnded: 'That session is signed out.',
  othersEnded: 'You are signed out everywhere else.',
};

export const accountRoutes: AdminPlugin = async (app, { ctx }) => {
  const { services, chrome, requireStaff, setSession } = ctx;
  const { accounts } = services;

  async function accountPage(req: FastifyRequest, reply: FastifyReply, account: Account, messages: { notice?: string; error?: string } = {}) {
    const [c, site, twoStep, sessions, setUpRequired] = await Promise.all([
      chrome(req, reply),
      services.settings.get(),
      accounts.twoFactor.status(account),
      accounts.sessions.list(account.id, req.cookies[STAFF_SESSION_COOKIE]),
      accounts.mustSetUpSecondFactor(account),
    ]);
    return AccountPage({ chrome: { ...c, path: '/admin/account' }, zone: site, account, twoStep, sessions, setUpRequired, ...messages }) as VNode;
  }

  /** A form on the account page: on success `action` answers; a refusal shows the page again with its message. */
  function accountForm(what: string, action: (account: Account, form: Form, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      const account = requireStaff(req, reply);
      if (!account) return reply;
      const form = (req.body ?? {}) as Form;
      return submitForm(
        reply,
        async () => {
          await req.verifyCsrf();
          return action(account, form, req, reply);
        },
        async (err: AppError) => {
          logRefusal(req, err, what);
          const retry = err.details?.retryAfterSeconds;
          if (typeof retry === 'number') reply.header('retry-after', String(retry));
          return accountPage(req, reply, account, { error: err.message });
        },
      );
    };
  }

  app.get('/account', async (req, reply) => {
    const account = requireStaff(req, reply);
    if (!account) return reply;
    return sendPage(reply, await accountPage(req, reply, account, { notice: noticeFrom(req.query, NOTICES) }));
  });

  app.post(
    '/account/two-step/begin',
    accountForm('two-step set-up', async (account, _form, _req, reply) => {
      await accounts.twoFactor.begin(account.id);
      return reply.redirect('/admin/account#two-step', 303);
    }),
  );

  app.post(
    '/account/two-step/cancel',
    accountForm('two-step cancel', async (account, _form, _req, reply) => {
      await accounts.twoFactor.cancel(account.id);
      return reply.redirect('/admin/account?cancelled', 303);
    }),
  );

  app.post(
    '/account/two-step/confirm',
    accountForm('two-step confirmation', async (account, form, req, reply) => {
      const codes = await accounts.twoFactor.confirm(account.id, field(form, 'code'));
      req.log.info({ accountId: account.id }, 'two-step sign-in turned on');
      return sendPage(reply, RecoveryCodesPage({ chrome: await chrome(req, reply), codes, justEnabled: true }) as VNode);
    }),
  );

  app.post(
    '/account/two-step/recovery-codes',
    accountForm('new recovery codes', async (account, _form, req, reply) => {
      const codes = await accounts.twoFactor.regenerateRecoveryCodes(account.id);
      req.log.info({ accountId: account.id }, 'recovery codes replaced');
      return sendPage(reply, RecoveryCodesPage({ chrome: await chrome(req, reply), codes, justEnabled: false }) as VNode);
    }),
  );

  app.post(
    '/account/two-step/turn-off',
    { config: { rateLimit: RATE_LIMITS.signIn } },
    accountForm('turning two-step sign-in off', async (account, form, req, reply) => {
      await accounts.turnOffTwoFactor(account, field(form, 'passwordOrCode'), req.ip);
      req.log.info({ accountId: account.id }, 'two-step sign-in turned off');
      return reply.redirect('/admin/account?turnedOff', 303);
    }),
  );

  app.post(
    '/account/sessions/sign-out',
    accountForm('ending a session', async (account, form, req, reply) => {
      const id = field(form, 'session');
      const current = req.cookies[STAFF_SESSION_COOKIE];
      if (!/^[0-9a-f]{64}$/.test(id) || !(await accounts.sessions.end(account.id, id))) throw notFound('session: it may have been signed out already');
      req.log.info({ accountId: account.id }, 'session signed out from the account page');
      if (current && tokenHash(current) === id) {
        reply.clearCookie(STAFF_SESSION_COOKIE, { path: '/' });
        return reply.redirect('/admin/sign-in?signedOut', 303);
      }
      return reply.redirect('/admin/account?sessionEnded#sessions', 303);
    }),
  );

  app.post(
    '/account/sessions/sign-out-others',
    accountForm('signing out elsewhere', async (account, _form, req, reply) => {
      const ended = await accounts.sessions.endOthers(account.id, req.cookies[STAFF_SESSION_COOKIE] ?? '');
      req.log.info({ accountId: account.id, ended }, 'signed out everywhere else');
      return reply.redirect('/admin/account?othersEnded#sessions', 303);
    }),
  );

  // The second step of signing in ------------------------------------------------

  const codePage = async (req: FastifyRequest, reply: FastifyReply, props: { error?: string; expired?: boolean } = {}) => SignInCodePage({ chrome: await chrome(req, reply), ...props }) as VNode;
  const expiredMessage = 'This sign-in has expired or was already used. Sign in again with your password.';

  app.get('/sign-in/code', async (req, reply) => {
    if (req.account) return reply.redirect('/admin', 303);
    if (!(await accounts.steps.find(req.cookies[STAFF_SIGN_IN_STEP_COOKIE]))) {
      reply.clearCookie(STAFF_SIGN_IN_STEP_COOKIE, { path: '/' });
      return sendPage(reply, await codePage(req, reply, { error: expiredMessage, expired: true }), 401);
    }
    return sendPage(reply, await codePage(req, reply));
  });

  app.post('/sign-in/code', { config: { rateLimit: RATE_LIMITS.signIn }, preHandler: requireCsrf }, async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        const done = await accounts.steps.finish({ token: req.cookies[STAFF_SIGN_IN_STEP_COOKIE], code: field(form, 'code'), ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') });
        req.log.info({ accountId: done.account.id, with: done.kind }, 'signed in with two steps');
        reply.clearCookie(STAFF_SIGN_IN_STEP_COOKIE, { path: '/' });
        await accounts.signOut(req.cookies[STAFF_SESSION_COOKIE]);
        setSession(reply, done.token);
        return reply.redirect(done.next, 303);
      },
      async (err) => {
        req.log.info({ code: err.code }, 'sign-in code refused');
        const retry = err.details?.retryAfterSeconds;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
        const expired = err.code === 'sign_in_step_expired';
        if (expired) reply.clearCookie(STAFF_SIGN_IN_STEP_COOKIE, { path: '/' });
        return codePage(req, reply, { error: err.message, expired });
      },
    );
  });
};
