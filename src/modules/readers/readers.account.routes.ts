import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { READER_COOKIE } from '../../platform/cookies.js';
import { requireCsrf } from '../../platform/csrf.js';
import { AppError, notFound } from '../../platform/errors.js';
import { parsePage } from '../../platform/pagination.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { submitForm } from '../../views/forms.js';
import { sendPage } from '../../views/render.js';
import { type Form, pageChrome, type ReaderRouteDeps } from './readers.route-helpers.js';
import type { Reader } from './readers.service.js';
import { type AccountForm, AccountPage } from './views/account-page.js';
import { PageNumber } from '../../platform/route-schemas.js';

const SAVED_NOTICES: Record<string, string> = {
  profile: 'Your profile has been saved.',
  password: 'Your password has been saved. Other devices have been signed out.',
  verification: 'If your address still needs confirming, we have sent a new link to it. Links work for 24 hours.',
  download: 'We have emailed you a link to download your data. It works once, within an hour.',
  delete: 'We have emailed you a link to confirm deleting your account. It works once, within an hour. Nothing is deleted until you confirm.',
};

/** The one-time notices after signing in (`?welcome=`, see arriveSignedIn). */
export const WELCOME_NOTICES: Record<string, string> = {
  'signed-in': "You're signed in.",
  confirmed: "Your address is confirmed, you're signed in.",
};

/** `?page=` of the reader's comments (checked by parsePage, which says what it accepts) and `?saved=` after a form. */
const AccountQuery = Type.Object({ page: Type.Optional(PageNumber), saved: Type.Optional(Type.String()), welcome: Type.Optional(Type.String()) });

const noticeOf = (table: Record<string, string>, key: string | undefined): string | undefined => (key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined);

const signInUrl = (next: string) => `/account/sign-in?next=${encodeURIComponent(next)}`;

/** The reader's own page, and its forms: profile, password, and a new confirmation link. */
export function registerAccountPage(fastify: FastifyInstance, { services, chrome }: ReaderRouteDeps): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const readers = services.readers;

  async function accountPage(
    reply: FastifyReply,
    reader: Reader,
    extra: { page?: number; notice?: string; error?: { form: AccountForm; message: string }; displayName?: string } = {},
  ): Promise<VNode> {
    const page = extra.page ?? 1;
    const [c, site, hasPassword, comments] = await Promise.all([pageChrome(chrome, reply), services.settings.get(), readers.hasPassword(reader.id), services.comments.byReader(reader.id, page)]);
    if (page > comments.pageCount) throw notFound('page of your comments');
    const props = { ...c, reader, hasPassword, banned: readers.isBannedNow(reader), zone: site, comments, notice: extra.notice, error: extra.error, displayName: extra.displayName };
    return AccountPage(props) as VNode;
  }

  /** The signed-in reader, or a redirect to sign in (and undefined). */
  function requireReader(req: FastifyRequest, reply: FastifyReply, back = '/account'): Reader | undefined {
    if (req.reader) return req.reader;
    void reply.redirect(signInUrl(back), 303);
    return undefined;
  }

  // Who is signed in, for the header script of cached pages (client/account-header.ts):
  // never stored by any cache, and only a display name, never the address.
  app.get('/account/whoami', async (req, reply) => {
    reply.header('cache-control', 'private, no-store').header('vary', 'cookie');
    return req.reader ? { signedIn: true, displayName: req.reader.displayName } : { signedIn: false };
  });

  app.get('/account', { schema: { querystring: AccountQuery } }, async (req, reply) => {
    const reader = requireReader(req, reply);
    if (!reader) return reply;
    const page = parsePage(req.query.page);
    const notice = noticeOf(SAVED_NOTICES, req.query.saved) ?? noticeOf(WELCOME_NOTICES, req.query.welcome);
    return sendPage(reply, await accountPage(reply, reader, { page, ...(notice ? { notice } : {}) }));
  });

  app.post('/account', { preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.accountEdit } }, async (req, reply) => {
    const reader = requireReader(req, reply);
    if (!reader) return reply;
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        await readers.update(reader.id, { displayName: form.displayName ?? '', notifyReplies: form.notifyReplies === '1' });
        return reply.redirect('/account?saved=profile', 303);
      },
      (err) => accountPage(reply, reader, { error: { form: 'profile', message: err.message }, displayName: form.displayName ?? '' }),
    );
  });

  app.post('/account/password', { preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.passwordChange } }, async (req, reply) => {
    const reader = requireReader(req, reply);
    if (!reader) return reply;
    const form = (req.body ?? {}) as Form;
    const password = form.password ?? '';
    return submitForm(
      reply,
      async () => {
        if (password !== (form.confirmation ?? '')) throw new AppError('invalid_input', 422, 'The two passwords do not match. Type the same new password in both fields.');
        await readers.setPassword(reader.id, password, req.cookies[READER_COOKIE]);
        req.log.info({ readerId: reader.id }, 'reader password set');
        return reply.redirect('/account?saved=password', 303);
      },
      (err) => accountPage(reply, reader, { error: { form: 'password', message: err.message } }),
    );
  });

  app.post('/account/verify-email', { preHandler: requireCsrf, config: { rateLimit: RATE_LIMITS.emailLink } }, async (req, reply) => {
    const reader = requireReader(req, reply);
    if (!reader) return reply;
    const outcome = await readers.resendVerification(reader.id, req.ip);
    req.log.info({ readerId: reader.id, outcome }, 'reader confirmation link requested');
    return reply.redirect('/account?saved=verification', 303);
  });
}
