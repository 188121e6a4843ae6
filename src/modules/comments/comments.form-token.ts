import crypto from 'node:crypto';

/*
 * The comment form carries when it was shown, signed under the install
 * secret, so a bot that posts the instant it fetches the page (or replays an
 * old form) is told apart from a person, without keeping any state.
 */

const MAX_AGE_MS = 24 * 3_600_000;

const sign = (secret: Buffer, at: string) => crypto.createHmac('sha256', secret).update(`comment-form:${at}`).digest('base64url').slice(0, 32);

export function issueFormToken(secret: Buffer, now: Date): string {
  const at = String(now.getTime());
  return `${at}.${sign(secret, at)}`;
}

export type FormTokenCheck = { ok: true; shownAt: number } | { ok: false; problem: 'missing' | 'forged' | 'expired' };

/** Verify a form token: authentic, and not older than a day. */
export function checkFormToken(secret: Buffer, token: unknown, now: Date): FormTokenCheck {
  if (typeof token !== 'string' || !token) return { ok: false, problem: 'missing' };
  const m = /^(\d{13})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return { ok: false, problem: 'forged' };
  const expected = Buffer.from(sign(secret, m[1]!));
  const given = Buffer.from(m[2]!);
  if (!crypto.timingSafeEqual(expected, given)) return { ok: false, problem: 'forged' };
  const shownAt = Number(m[1]);
  if (now.getTime() - shownAt > MAX_AGE_MS || shownAt - now.getTime() > 60_000) return { ok: false, problem: 'expired' };
  return { ok: true, shownAt };
}
