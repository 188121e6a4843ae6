/** The cookie that carries a signed-in reader's session token (httpOnly, SameSite=Lax). */
export const READER_COOKIE = 'bs_reader';

/** How long browsers keep the cookie; the session itself may end sooner (it expires when idle). */
export const READER_COOKIE_MAX_AGE = 30 * 24 * 3600;

/** The options the reader cookie is set with, wherever a reader signs in (pages or the JSON API). */
export const readerCookieOptions = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure, maxAge: READER_COOKIE_MAX_AGE });
