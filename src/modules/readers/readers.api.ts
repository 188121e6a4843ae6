import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireCsrf } from '../../platform/csrf.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { CsrfHeaders, ErrorBody, Paged, pageLinks, PageQuery, rejectUnknownFields, StringEnum } from '../../platform/api-schemas.js';
import type { Reader } from './readers.service.js';
import { logLinkRequest } from './readers.route-helpers.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { READER_COOKIE, SESSION_COOKIE_MAX_AGE } from '../../platform/cookies.js';
import { absoluteUrl } from '../../platform/urls.js';

/*
 * Readers through the JSON API: the session (cookie and CSRF token),
 * signing up, signing in by password or emailed link, signing out, and the
 * reader's own profile and comments. The same service as the site's pages,
 * the same cookie, and the same rules: every state-changing request carries
 * the CSRF token in the x-csrf-token header.
 */

const ReaderSchema = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    displayName: Type.String({ description: 'Shown with the reader’s comments.' }),
    verified: Type.Boolean({ description: 'The reader has opened a link sent to their email; only then may they comment.' }),
    notifyReplies: Type.Boolean({ description: 'Email them when someone replies to one of their comments.' }),
    hasPassword: Type.Boolean({ description: 'False: the reader signs in by emailed links.' }),
    banned: Type.Boolean({ description: 'Banned or suspended from commenting now.' }),
    bannedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The end of a suspension; 9999-12-31 for a ban.' }),
    banReason: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { description: 'The signed-in reader, as they see themselves.' },
);

const OwnCommentSchema = Type.Object({
  id: Type.Integer(),
  articleId: Type.Integer(),
  articleHeadline: Type.String(),
  articleUrl: Type.String(),
  body: Type.String(),
  status: StringEnum(['approved', 'pending', 'rejected', 'removed'] as const),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

const Accepted = Type.Object({ message: Type.String() });
const ReaderAnswer = Type.Object({ data: ReaderSchema });

const LINK_PURPOSES = ['verify', 'sign_in'] as const;

const SIGN_UP_SENT = 'We have sent an email to the address you gave. Open the link in it to confirm your address and sign in.';
const SIGN_IN_LINK_SENT = 'If an account exists for that address, we have sent it a sign-in link. The link works once, within 30 minutes.';

const notSignedIn = () => new AppError('not_signed_in', 401, 'Sign in first: this needs a reader session (the bs_reader cookie from POST /api/v1/readers/sessions or the site).');

const common = { tags: ['readers'] };
const writes = { preValidation: [requireCsrf, rejectUnknownFields] };

type Readers = Services['readers'];

/** The reader as they see themselves (ReaderSchema). */
async function present(readers: Readers, reader: Reader) {
  return {
    id: reader.id,
    email: reader.email,
    displayName: reader.displayName,
    verified: reader.verified,
    notifyReplies: reader.notifyReplies,
    hasPassword: await readers.hasPassword(reader.id),
    banned: readers.isBannedNow(reader),
    bannedUntil: reader.bannedUntil,
    banReason: reader.banReason,
    createdAt: reader.createdAt,
  };
}

/** A new session replaces the one this browser had, which ends. */
async function startSession(readers: Readers, req: FastifyRequest, reply: FastifyReply, token: string): Promise<void> {
  await readers.signOut(req.cookies[READER_COOKIE]);
  reply.setCookie(READER_COOKIE, token, { maxAge: SESSION_COOKIE_MAX_AGE });
}

function requireReader(req: FastifyRequest): Reader {
  if (!req.reader) throw notSignedIn();
  return req.reader;
}

/** /api/v1/session, /api/v1/readers… and /api/v1/me… */
export async function readersApi(app: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  // Every answer here is one visitor's own.
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });

  sessionApi(app, services.readers);
  signInApi(app, services.readers);
  ownApi(app, services, siteUrl);
}

/** Who is signed in (with the CSRF token), and signing out. */
function sessionApi(fastify: FastifyInstance, readers: Readers): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/session',
    {
      schema: {
        ...common,
        summary: 'Who is signed in, and the CSRF token for this browser',
        description:
          'Sets the CSRF cookie when the browser has none. Send `csrf` back in the x-csrf-token header on every POST, PATCH, PUT and DELETE of the reader and comment endpoints. `reader` is null when no one is signed in.',
        response: { 200: Type.Object({ reader: Type.Union([ReaderSchema, Type.Null()]), csrf: Type.String() }) },
      },
    },
    async (req, reply) => {
      // A cookie that no longer opens a session is only in the way.
      if (req.cookies[READER_COOKIE] && !req.reader) reply.clearCookie(READER_COOKIE, { path: '/' });
      const csrf = await reply.csrfToken();
      return { reader: req.reader ? await present(readers, req.reader) : null, csrf };
    },
  );

  app.delete(
    '/session',
    { ...writes, schema: { ...common, summary: 'Sign out', headers: CsrfHeaders, response: { 204: Type.Null({ description: 'Signed out; the cookie is cleared.' }), ...errors(403) } } },
    async (req, reply) => {
      await readers.signOut(req.cookies[READER_COOKIE]);
      reply.clearCookie(READER_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
}

/** Signing up, and signing in by password or by an emailed link. */
function signInApi(fastify: FastifyInstance, readers: Readers): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/readers',
    {
      ...writes,
      config: { rateLimit: RATE_LIMITS.signUp },
      schema: {
        ...common,
        summary: 'Sign up',
        description:
          'Answers 202 the same way whether or not the address already has an account, so no one can learn who has one. A new address gets a link to confirm it (GET its token to POST /api/v1/readers/links with purpose "verify"); an existing one gets a sign-in link. Without a password the reader signs in by emailed links.',
        headers: CsrfHeaders,
        body: Type.Object({ email: Type.String(), displayName: Type.String(), password: Type.Optional(Type.String()) }),
        response: { 202: Accepted, ...errors(400, 403, 422, 429) },
      },
    },
    async (req, reply) => {
      const { email, displayName, password } = req.body;
      await readers.signUp({ email, displayName, password: password ?? '', ip: req.ip });
      return reply.code(202).send({ message: SIGN_UP_SENT });
    },
  );

  app.post(
    '/readers/sign-in-link',
    {
      ...writes,
      config: { rateLimit: RATE_LIMITS.emailLink },
      schema: {
        ...common,
        summary: 'Email a sign-in link',
        description: 'Answers 202 the same way whether or not the address has an account. The link’s token goes to POST /api/v1/readers/links with purpose "sign_in".',
        headers: CsrfHeaders,
        body: Type.Object({ email: Type.String() }),
        response: { 202: Accepted, ...errors(400, 403, 422, 429) },
      },
    },
    async (req, reply) => {
      // Answered before the address is even looked up; only the log may tell the outcomes apart.
      logLinkRequest(req, readers.requestSignInLink(req.body.email, req.ip));
      return reply.code(202).send({ message: SIGN_IN_LINK_SENT });
    },
  );

  app.post(
    '/readers/sessions',
    {
      ...writes,
      config: { rateLimit: RATE_LIMITS.signIn },
      schema: {
        ...common,
        summary: 'Sign in with email and password',
        description: 'Sets the bs_reader session cookie (httpOnly). Every failure answers the same 401. After repeated failures, 429 with Retry-After.',
        headers: CsrfHeaders,
        body: Type.Object({ email: Type.String(), password: Type.String() }),
        response: { 200: ReaderAnswer, ...errors(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const { reader, sessionToken } = await readers.signIn({ email: req.body.email, password: req.body.password, ip: req.ip });
      await startSession(readers, req, reply, sessionToken);
      req.log.info({ readerId: reader.id }, 'reader signed in');
      return { data: await present(readers, reader) };
    },
  );

  app.post(
    '/readers/links',
    {
      ...writes,
      config: { rateLimit: RATE_LIMITS.linkUse },
      schema: {
        ...common,
        summary: 'Use an emailed link: confirm the address and sign in',
        description:
          'The token is the last part of the link’s path: /account/verify/{token} (purpose "verify") or /account/link/{token} (purpose "sign_in"). Each link works once, for 24 hours (verify) or 30 minutes (sign_in). Sets the bs_reader session cookie.',
        headers: CsrfHeaders,
        body: Type.Object({ token: Type.String({ maxLength: 100 }), purpose: StringEnum(LINK_PURPOSES, { description: 'verify or sign_in' }) }),
        response: { 200: ReaderAnswer, ...errors(400, 403, 429) },
      },
    },
    async (req, reply) => {
      const { reader, sessionToken } = await readers.redeemLink(req.body.token, req.body.purpose);
      await startSession(readers, req, reply, sessionToken);
      req.log.info({ readerId: reader.id, purpose: req.body.purpose }, 'reader signed in by emailed link');
      return { data: await present(readers, reader) };
    },
  );
}

/** The signed-in reader's own profile and comments. */
function ownApi(fastify: FastifyInstance, services: Services, siteUrl: string): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const readers = services.readers;
  const abs = (path: string) => absoluteUrl(siteUrl, path);

  app.get('/me', { schema: { ...common, summary: 'The signed-in reader', response: { 200: ReaderAnswer, ...errors(401) } } }, async (req) => ({ data: await present(readers, requireReader(req)) }));

  app.patch(
    '/me',
    {
      ...writes,
      config: { rateLimit: RATE_LIMITS.accountEdit },
      schema: {
        ...common,
        summary: 'Change the display name or reply emails',
        headers: CsrfHeaders,
        body: Type.Object({ displayName: Type.Optional(Type.String()), notifyReplies: Type.Optional(Type.Boolean()) }, { minProperties: 1 }),
        response: { 200: ReaderAnswer, ...errors(400, 401, 403, 422) },
      },
    },
    async (req) => {
      const reader = requireReader(req);
      const { displayName, notifyReplies } = req.body;
      const updated = await readers.update(reader.id, { ...(displayName !== undefined ? { displayName } : {}), ...(notifyReplies !== undefined ? { notifyReplies } : {}) });
      return { data: await present(readers, updated) };
    },
  );

  app.get(
    '/me/comments',
    {
      schema: {
        ...common,
        summary: 'The signed-in reader’s comments, newest first, whatever their status',
        querystring: PageQuery,
        response: { 200: Paged(OwnCommentSchema), ...errors(400, 401, 404) },
      },
    },
    async (req) => {
      const reader = requireReader(req);
      const { page = 1, limit = 20 } = req.query;
      const result = await services.comments.byReader(reader.id, page, limit);
      if (page > result.pageCount) throw notFound('page of your comments');
      return {
        data: result.items.map(({ articlePath, ...c }) => ({ ...c, articleUrl: abs(articlePath) })),
        meta: { page, limit, total: result.total, pageCount: result.pageCount },
        links: pageLinks(req.url, page, result.pageCount),
      };
    },
  );
}
