import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { CSRF_COOKIE } from './cookies.js';
import { AppError } from './errors.js';

/*
 * CSRF protection by signed double submit: a random value in an httpOnly,
 * SameSite cookie, and in each form its HMAC under the installation secret.
 * Another site can neither read the cookie nor forge the HMAC.
 */

export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    /** Refuse (403 "csrf") a state-changing request whose form token or X-CSRF-Token header does not match its cookie. */
    verifyCsrf(): Promise<void>;
  }
  interface FastifyReply {
    /** The token to put in this response's forms, setting the cookie when needed. */
    csrfToken(): Promise<string>;
  }
}

const sign = (secret: Buffer, value: string) => crypto.createHmac('sha256', secret).update(`csrf:${value}`).digest('base64url');

function tokenFor(req: FastifyRequest, reply: FastifyReply, secret: Buffer): string {
  let value = req.cookies[CSRF_COOKIE];
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
    value = crypto.randomBytes(32).toString('base64url');
    reply.setCookie(CSRF_COOKIE, value);
    // Later reads in this request must see the new value.
    req.cookies[CSRF_COOKIE] = value;
  }
  return sign(secret, value);
}

function verify(req: FastifyRequest, secret: Buffer): void {
  const cookie = req.cookies[CSRF_COOKIE];
  const body = req.body as Record<string, unknown> | undefined;
  const sent = typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : req.headers['x-csrf-token'];
  const expected = cookie ? Buffer.from(sign(secret, cookie)) : undefined;
  const given = typeof sent === 'string' ? Buffer.from(sent) : undefined;
  if (!expected || !given || expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    throw new AppError('csrf', 403, 'This form has expired or did not come from this site. Reload the page and try again.');
  }
}

/**
 * Give every request `req.verifyCsrf()` and every reply `reply.csrfToken()`,
 * both under the installation secret. Installed once, at the root.
 */
export function installCsrf(app: FastifyInstance, secret: () => Promise<Buffer>): void {
  app.decorateRequest('verifyCsrf', async function (this: FastifyRequest) {
    verify(this, await secret());
  });
  app.decorateReply('csrfToken', async function (this: FastifyReply) {
    return tokenFor(this.request, this, await secret());
  });
}

/**
 * The route-level CSRF check, as a preHandler (after the body is parsed):
 * `{ preHandler: requireCsrf }` on every state-changing form or cookie-authenticated API route.
 */
export async function requireCsrf(req: FastifyRequest): Promise<void> {
  await req.verifyCsrf();
}
