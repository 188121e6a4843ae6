import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import { AppError } from '../../platform/errors.js';
import { NextQuery } from '../../platform/route-schemas.js';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import { type AdminDeps, createAdminContext, type Form } from './admin.context.js';
import { ADMIN_PLUGINS } from './admin.plugins.js';
import { can } from '../accounts/permissions.js';
import { DashboardPage } from './views/dashboard-page.js';
import { SetupPage } from './views/setup-page.js';
import { SignInPage } from './views/sign-in-page.js';
import { requireCsrf } from '../../platform/csrf.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { STAFF_SESSION_COOKIE } from '../../platform/cookies.js';
import { confineUntilSecondFactor, openSignInStep } from '../accounts/account.routes.js';
import { safeNext } from './admin.next.js';

/** How many stories each of the dashboard's lists shows; each says how many it holds in all. */
const DESK_LIMIT = 6;

/** Where to go once signed in, and the flag signing out leaves. */
const SignInQuery = Type.Composite([NextQuery, Type.Object({ signedOut: Type.Optional(Type.String()) })]);

/** The newsroom's pages under /admin: signing in and out, setup, the dashboard. */
export async function adminRoutes(fastify: FastifyInstance, deps: AdminDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = createAdminContext(deps);
  const { services } = deps;
  const { chrome, setSession, requireStaff } = ctx;

  app.decorateRequest('account', null);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    req.account = (await services.accounts.sessionAccount(req.cookies[STAFF_SESSION_COOKIE])) ?? null;
    return confineUntilSecondFactor(services, req, reply);
  });

  for (const plugin of ADMIN_PLUGINS) await app.register(plugin, { ctx });

  app.get('/', async (req, reply) => {
    if (!req.account && !(await services.accounts.hasAdmin())) return reply.redirect('/admin/setup', 303);
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const worksOnStories = can(account.role, 'article.create') || can(account.role, 'article.edit-any');
    const [c, site, desk, comments] = await Promise.all([
      chrome(req, reply),
      services.settings.get(),
      worksOnStories ? services.articles.desk({ accountId: account.id, authorId: account.authorId, role: account.role }, DESK_LIMIT) : null,
      can(account.role, 'comments.moderate') ? services.moderation.summary() : null,
    ]);
    return sendPage(reply, DashboardPage({ chrome: c, zone: site, desk, comments }) as VNode);
  });

  app.get('/sign-in', { schema: { querystring: SignInQuery } }, async (req, reply) => {
    if (req.account) return reply.redirect(safeNext(req.query.next), 303);
    const notice = req.query.signedOut !== undefined ? 'You have been signed out.' : undefined;
    return sendPage(reply, SignInPage({ chrome: await chrome(req, reply), next: safeNext(req.query.next), notice }) as VNode);
  });

  app.post('/sign-in', { config: { rateLimit: RATE_LIMITS.signIn } }, async (req, reply) => {
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const next = safeNext(form.next);
        const begun = await services.accounts.beginSignIn({
          email: form.email ?? '',
          password: form.password ?? '',
          ip: req.ip,
          userAgent: String(req.headers['user-agent'] ?? ''),
          next,
        });
        // A new session on every sign-in; the one this browser had (if any) ends.
        await services.accounts.signOut(req.cookies[STAFF_SESSION_COOKIE]);
        if ('step' in begun) return openSignInStep(reply, begun.step);
        setSession(reply, begun.token);
        return reply.redirect(next, 303);
      },
      async (err) => {
        req.log.info({ code: err.code }, 'sign-in refused');
        const retry = err.details?.retryAfterSeconds;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
        return SignInPage({ chrome: await chrome(req, reply), email: form.email, error: err.message, next: safeNext(form.next) }) as VNode;
      },
    );
  });

  app.post('/sign-out', { preHandler: requireCsrf }, async (req, reply) => {
    await services.accounts.signOut(req.cookies[STAFF_SESSION_COOKIE]);
    reply.clearCookie(STAFF_SESSION_COOKIE, { path: '/' });
    return reply.redirect('/admin/sign-in?signedOut', 303);
  });

  app.post('/sign-out-everywhere', { preHandler: requireCsrf }, async (req, reply) => {
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const ended = await services.accounts.signOutEverywhere(account.id);
    req.log.info({ accountId: account.id, ended }, 'signed out everywhere');
    reply.clearCookie(STAFF_SESSION_COOKIE, { path: '/' });
    return reply.redirect('/admin/sign-in?signedOut', 303);
  });

  /** Setup exists only while there is no admin. */
  async function setupAllowed(): Promise<void> {
    if (await services.accounts.hasAdmin()) throw new AppError('not_found', 404, "We couldn't find that page.");
  }

  app.get('/setup', async (req, reply) => {
    await setupAllowed();
    return sendPage(reply, SetupPage({ chrome: await chrome(req, reply) }) as VNode);
  });

  app.post('/setup', { config: { rateLimit: RATE_LIMITS.setup } }, async (req, reply) => {
    await setupAllowed();
    await req.verifyCsrf();
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        // Only with the code from the server's log; of several at once, one succeeds and the others get a 409.
        await services.accounts.createFirstAdmin({ email: form.email ?? '', name: form.name ?? '', password: form.password ?? '', setupCode: form.setupCode ?? '' });
        const { token } = await services.accounts.signIn({ email: form.email ?? '', password: form.password ?? '', ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') });
        setSession(reply, token);
        return reply.redirect('/admin', 303);
      },
      async (err) => SetupPage({ chrome: await chrome(req, reply), error: err.message, values: { email: form.email, name: form.name } }) as VNode,
    );
  });
}
