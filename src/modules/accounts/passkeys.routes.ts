import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { PASSKEY_COOKIE, STAFF_SESSION_COOKIE } from '../../platform/cookies.js';
import { AppError, isAppError } from '../../platform/errors.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import { IdPath } from '../../platform/route-schemas.js';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { field, missing, noticeFrom, pathId } from '../admin/admin.forms.js';
import { safeNext } from '../admin/admin.next.js';
import { CHALLENGE_TTL_MS } from './passkeys.service.js';
import { PasskeysPage } from './views/passkeys-page.js';

/*
 * Passkeys for staff: /admin/account/passkeys (a signed-in member's own
 * passkeys: add, rename, delete) and the two JSON steps of signing in with
 * one from the sign-in page. The JSON endpoints take the page's CSRF token
 * in X-CSRF-Token and answer JSON ({ error: { code, message } } when
 * refused); the browser's passkey cookie ties each answer to its challenge.
 */

const base64url = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength });
const Attachment = Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')]));
const ExtensionResults = Type.Object({}, { additionalProperties: true });

/** What @simplewebauthn/browser's startRegistration gives. */
const RegistrationResponse = Type.Object({
  id: base64url(1400),
  rawId: base64url(1400),
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(16384),
    authenticatorData: Type.Optional(base64url(16384)),
    transports: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
    publicKeyAlgorithm: Type.Optional(Type.Integer()),
    publicKey: Type.Optional(base64url(4096)),
  }),
  authenticatorAttachment: Attachment,
  clientExtensionResults: ExtensionResults,
});

/** What @simplewebauthn/browser's startAuthentication gives. */
const AuthenticationResponse = Type.Object({
  id: base64url(1400),
  rawId: base64url(1400),
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(16384),
    signature: base64url(2048),
    userHandle: Type.Optional(base64url(200)),
  }),
  authenticatorAttachment: Attachment,
  clientExtensionResults: ExtensionResults,
});

const EmptyBody = Type.Object({}, { additionalProperties: true });
const AddBody = Type.Object({ name: Type.String({ maxLength: 1000 }), response: RegistrationResponse });
const SignInBody = Type.Object({ response: AuthenticationResponse, next: Type.Optional(Type.String({ maxLength: 2000 })) });
const PasskeysQuery = Type.Object({ added: Type.Optional(Type.String()), renamed: Type.Optional(Type.String()), deleted: Type.Optional(Type.String()) });

const NOTICES = { added: 'The passkey was added. You can sign in with it now.', renamed: 'The passkey was renamed.', deleted: 'The passkey was deleted: it no longer signs you in.' };

/** Where the passkey cookie lives: the admin only, for as long as its challenge. */
const cookieOptions = { path: '/admin', maxAge: CHALLENGE_TTL_MS / 1000 };

export const passkeyRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff, setSession } = ctx;
  const passkeys = services.passkeys;

  async function page(req: FastifyRequest, reply: FastifyReply, accountId: number, props: { notice?: string | undefined; error?: string }) {
    const [c, zone, list] = await Promise.all([chrome(req, reply), services.settings.get(), passkeys.list(accountId)]);
    return PasskeysPage({ chrome: c, zone, passkeys: list, ...props }) as VNode;
  }

  /** The signed-in member for a JSON step, or a 401 the script can show. */
  function jsonAccount(req: FastifyRequest) {
    if (!req.account || req.account.disabled) throw new AppError('signed_out', 401, 'You have been signed out. Sign in again, then add the passkey.');
    return req.account;
  }

  const endChallenge = (reply: FastifyReply) => reply.clearCookie(PASSKEY_COOKIE, { path: cookieOptions.path });

  app.get('/account/passkeys', { schema: { querystring: PasskeysQuery } }, async (req, reply) => {
    const account = requireStaff(req, reply);
    if (!account) return reply;
    return sendPage(reply, await page(req, reply, account.id, { notice: noticeFrom(req.query, NOTICES) }));
  });

  app.post('/account/passkeys/options', { schema: { body: Type.Optional(EmptyBody) } }, async (req, reply) => {
    await req.verifyCsrf();
    const account = jsonAccount(req);
    const { options, challengeToken } = await passkeys.registrationOptions(account, req.cookies[STAFF_SESSION_COOKIE] ?? '');
    reply.setCookie(PASSKEY_COOKIE, challengeToken, cookieOptions);
    return { options };
  });

  app.post('/account/passkeys', { schema: { body: AddBody } }, async (req, reply) => {
    await req.verifyCsrf();
    const account = jsonAccount(req);
    endChallenge(reply);
    const added = await passkeys.register(account, {
      sessionToken: req.cookies[STAFF_SESSION_COOKIE] ?? '',
      challengeToken: req.cookies[PASSKEY_COOKIE],
      name: req.body.name,
      response: req.body.response as RegistrationResponseJSON,
    });
    req.log.info({ accountId: account.id, passkeyId: added.id }, 'passkey added');
    return { passkey: added, redirect: '/admin/account/passkeys?added' };
  });

  /** A form that changes one of the signed-in person's passkeys: `change` does it and names the notice to return with. */
  const passkeyForm = (change: (accountId: number, id: number, form: Form, req: FastifyRequest) => Promise<string>) => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const account = requireStaff(req, reply);
    if (!account) return reply;
    await req.verifyCsrf();
    const id = pathId(req.params, 'passkey');
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => reply.redirect(`/admin/account/passkeys?${await change(account.id, id, form, req)}`, 303),
      (err) => page(req, reply, account.id, { error: err.message }),
      missing,
    );
  };

  app.post(
    '/account/passkeys/:id/rename',
    { schema: { params: IdPath } },
    passkeyForm(async (accountId, id, form) => {
      await passkeys.rename(accountId, id, field(form, 'name'));
      return 'renamed';
    }),
  );

  app.post(
    '/account/passkeys/:id/delete',
    { schema: { params: IdPath }, config: { rateLimit: RATE_LIMITS.passwordChange } },
    passkeyForm(async (accountId, id, form, req) => {
      await passkeys.remove(accountId, id, field(form, 'password'));
      req.log.info({ accountId, passkeyId: id }, 'passkey deleted');
      return 'deleted';
    }),
  );

  app.post('/sign-in/passkey/options', { schema: { body: Type.Optional(EmptyBody) }, config: { rateLimit: RATE_LIMITS.signIn } }, async (req, reply) => {
    await req.verifyCsrf();
    const { options, challengeToken } = await passkeys.signInOptions();
    reply.setCookie(PASSKEY_COOKIE, challengeToken, cookieOptions);
    return { options };
  });

  app.post('/sign-in/passkey', { schema: { body: SignInBody }, config: { rateLimit: RATE_LIMITS.signIn } }, async (req, reply) => {
    await req.verifyCsrf();
    endChallenge(reply);
    try {
      const { account, token } = await passkeys.signIn({
        challengeToken: req.cookies[PASSKEY_COOKIE],
        response: req.body.response as AuthenticationResponseJSON,
        ip: req.ip,
        userAgent: String(req.headers['user-agent'] ?? ''),
      });
      // As with a password: a new session, and the one this browser had (if any) ends.
      await services.accounts.signOut(req.cookies[STAFF_SESSION_COOKIE]);
      setSession(reply, token);
      req.log.info({ accountId: account.id }, 'signed in with a passkey');
      return { redirect: safeNext(req.body.next) };
    } catch (err) {
      if (isAppError(err)) {
        if (err.details?.possibleClone)
          req.log.warn({ accountId: err.details.accountId, passkeyId: err.details.passkeyId }, 'passkey counter went backwards: possibly a cloned authenticator; sign-in refused');
        req.log.info({ code: err.code }, 'sign-in refused');
      }
      throw err;
    }
  });
};
