/** The cookie that carries a signed-in reader's session token (httpOnly, SameSite=Lax). */
export const READER_COOKIE = 'bs_reader';
