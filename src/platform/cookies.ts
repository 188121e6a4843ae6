import type { CookieSerializeOptions } from '@fastify/cookie';

/*
 * Every cookie Broadsheet sets, and the one place that decides how they are
 * sent. All are httpOnly and SameSite=Lax, for the whole site, and Secure
 * whenever the site is served over https (SITE_URL): registered once as the
 * cookie plugin's defaults, so a route that sets a cookie cannot forget it.
 */

/** A signed-in staff member's session token. */
export const STAFF_SESSION_COOKIE = 'bs_session';
/** A staff sign-in waiting for its second step (a code): five minutes, then void. */
export const STAFF_SIGN_IN_STEP_COOKIE = 'bs_sign_in_step';
/** A signed-in reader's session token. */
export const READER_COOKIE = 'bs_reader';
/** The random value behind the CSRF tokens in forms (see csrf.ts). */
export const CSRF_COOKIE = 'bs_csrf';
/** Ties a browser's passkey answer to the challenge it was given (five minutes, /admin only). */
export const PASSKEY_COOKIE = 'bs_passkey';

/** How long browsers keep a session cookie; the session itself may end sooner (it expires when idle). */
export const SESSION_COOKIE_MAX_AGE = 30 * 24 * 3600;

/** The defaults every cookie is set (and cleared) with. */
export function cookieDefaults(siteUrl: string): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: siteUrl.startsWith('https:') };
}

/** Whether a request carries a reader's or a staff member's session: its answers are personal and never shared through caches. */
export const hasSessionCookie = (cookies: Record<string, string | undefined>): boolean => Boolean(cookies[READER_COOKIE] || cookies[STAFF_SESSION_COOKIE]);
