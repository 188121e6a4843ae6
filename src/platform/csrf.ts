import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { AppError } from './errors.js';

/*
 * CSRF protection by signed double submit: a random value in an httpOnly,
 * SameSite cookie, and in each form its HMAC under the installation secret.
 * Another site can neither read the cookie nor forge the HMAC.
 */

export const CSRF_COOKIE = 'bs_csrf';
export const CSRF_FIELD = '_csrf';

const sign = (secret: Buffer, value: string) => crypto.createHmac('sha256', secret).update(`csrf:${value}`).digest('base64url');

/** The token to put in this response's forms, setting the cookie when needed. */
export function csrfToken(req: FastifyRequest, reply: FastifyReply, secret: Buffer, secure: boolean): string {
  let value = req.cookies[CSRF_COOKIE];
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
    value = crypto.randomBytes(32).toString('base64url');
    reply.setCookie(CSRF_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    // Later reads in this request must see the new value.
    req.cookies[CSRF_COOKIE] = value;
  }
  return sign(secret, value);
}

/** Refuse a state-changing request whose form token does not match its cookie. */
export function verifyCsrf(req: FastifyRequest, secret: Buffer): void {
  const cookie = req.cookies[CSRF_COOKIE];
  const body = req.body as Record<string, unknown> | undefined;
  const sent = typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : req.headers['x-csrf-token'];
  const expected = cookie ? Buffer.from(sign(secret, cookie)) : undefined;
  const given = typeof sent === 'string' ? Buffer.from(sent) : undefined;
  if (!expected || !given || expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    throw new AppError('csrf', 403, 'This form has expired or did not come from this site. Reload the page and try again.');
  }
}
