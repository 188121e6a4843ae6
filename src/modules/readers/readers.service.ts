import crypto from 'node:crypto';
import type { Updateable } from 'kysely';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { ReaderLinkPurpose, ReaderRow, ReadersTable } from '../../platform/db/schema.js';
import { AppError, badRequest, invalidInput, notFound } from '../../platform/errors.js';
import { createBackgroundSender, type MailFailure } from '../../platform/background-mail.js';
import type { Mailer, MailMessage } from '../../platform/mailer.js';
import { newToken, tokenHash } from '../../platform/secret-token.js';
import { openingTimes, sessionRenewal } from '../../platform/sessions.js';
import type { SettingsService } from '../settings/settings.service.js';
import { DUMMY_HASH_PROMISE, hashPassword, passwordProblem, verifyPassword } from '../accounts/accounts.passwords.js';
import { normaliseEmail } from '../accounts/accounts.service.js';
import { createSignInThrottle, READER_KEY_PREFIX } from '../../platform/sign-in-throttle.js';
import * as repo from './readers.repository.js';

/** A reader (commenter) as the rest of the application sees it: never a password hash. */
export interface Reader {
  id: number;
  email: string;
  displayName: string;
  /** The reader has opened a link sent to their email (only then may they comment). */
  verified: boolean;
  /** Email them when someone replies to one of their comments. */
  notifyReplies: boolean;
  /** Banned or suspended from commenting until then; PERMANENT_BAN_UNTIL for a ban. */
  bannedUntil: string | null;
  banReason: string;
  createdAt: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A link confirming a new reader's email works this long… */
export const VERIFY_LINK_TTL_MS = 24 * HOUR;
/** …and a sign-in link this long. */
export const SIGN_IN_LINK_TTL_MS = 30 * MINUTE;
/** Unused links one reader is sent per hour; beyond that, requests are quietly ignored. */
export const MAX_LINKS_PER_HOUR = 3;
/** Emails one address may make the site send per hour, over all readers (sign-ups included). */
export const MAX_EMAILS_PER_IP_PER_HOUR = 20;
/** A ban without an end is stored as this date, so "banned until" is one comparison. */
export const PERMANENT_BAN_UNTIL = '9999-12-31T00:00:00.000Z';
export const MAX_DISPLAY_NAME_LENGTH = 50;
export const MAX_BAN_REASON_LENGTH = 500;

/** Keys in sign_in_attempts: reader rows never share a key with a staff email. */
const MAIL_KEY = 'reader-mail';

/** Session and link tokens are 32 random bytes, base64url: exactly 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

// Pure rules -----------------------------------------------------------------------

/**
 * An address nodemailer reads as exactly one mailbox: ASCII local part,
 * dotted host names (punycode for international domains).
 */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** Whether a (normalised) string is an email address we can send to. */
export const isEmailAddress = (s: string): boolean => s.length <= 320 && EMAIL.test(s);

/** Spaces people type or paste; runs of them become one plain space. */
const SPACES = /[\t\n\r\f\v \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;
/**
 * Characters that hide, reorder or fake text: controls, format characters
 * (zero-width spaces and joiners, text-direction overrides, byte-order
 * marks), private-use and unassigned code points, lone surrogates, line
 * separators, and the blank "letters" used to make a name look empty.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\u2028\u2029\u115f\u1160\u2800\u3164\uffa0]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * A display name as it will be shown: NFC, spaces collapsed, trimmed. Throws
 * a 422 saying what is wrong when it is empty, too long, carries invisible
 * characters, or has no letter or digit at all.
 */
export function cleanDisplayName(input: unknown): string {
  if (typeof input !== 'string') throw invalidInput('Choose a display name: it is shown with your comments.');
  const spaced = input.normalize('NFC').replace(SPACES, ' ');
  // Checked before trimming, which would quietly drop a byte-order mark at either end.
  if (INVISIBLE.test(spaced)) {
    throw invalidInput('Display names cannot contain invisible or control characters, such as zero-width spaces or text-direction marks.');
  }
  const name = spaced.trim();
  if (!name) throw invalidInput('Choose a display name: it is shown with your comments.');
  if ([...name].length > MAX_DISPLAY_NAME_LENGTH) throw invalidInput(`Display names are limited to ${MAX_DISPLAY_NAME_LENGTH} characters.`);
  if (!LETTER_OR_DIGIT.test(name)) throw invalidInput('A display name needs at least one letter or digit.');
  return name;
}

/** Whether a reader may not comment at `now` (banned, or suspended until later). */
export function isBanned(reader: Pick<Reader, 'bannedUntil'>, now: Date): boolean {
  return reader.bannedUntil !== null && reader.bannedUntil > now.toISOString();
}

/**
 * A path on this site to go to afterwards, or undefined when `next` is not
 * one: it must start with a single "/" (never "//" or "/\", which browsers
 * read as another host) and hold only printable ASCII without spaces or
 * backslashes. Anything else is percent-encoded in a real address, and could
 * not be sent back in a Location header.
 */
export function safeNextPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length > 500) return undefined;
  return /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(next) ? next : undefined;
}

const unsubscribeMac = (secret: Buffer, readerId: number) => crypto.createHmac('sha256', secret).update(`unsubscribe:${readerId}`).digest('base64url');

/** "<reader id>.<HMAC of it>": proof that the site sent this reader the link. */
export const signUnsubscribe = (secret: Buffer, readerId: number): string => `${readerId}.${unsubscribeMac(secret, readerId)}`;

/** The reader id an unsubscribe token was signed for, or undefined when it was not signed by us. */
export function readUnsubscribe(secret: Buffer, token: unknown): number | undefined {
  const m = typeof token === 'string' ? /^([1-9]\d{0,14})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
  if (!m) return undefined;
  const id = Number(m[1]);
  const expected = Buffer.from(unsubscribeMac(secret, id));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? id : undefined;
}

const toReader = (r: ReaderRow): Reader => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  verified: r.email_verified_at !== null,
  notifyReplies: r.notify_replies === 1,
  bannedUntil: r.banned_until,
  banReason: r.ban_reason,
  createdAt: r.created_at,
});

// Emails ------------------------------------------------------------------------------

type LinkMail = 'verify' | 'sign_in' | 'existing';

function linkMessage(kind: LinkMail, to: string, name: string, siteName: string, link: string): MailMessage {
  const lines: Record<LinkMail, { subject: string; text: string[] }> = {
    verify: {
      subject: `Confirm your email for ${siteName}`,
      text: [
        `Hello ${name},`,
        '',
        `Thanks for joining the discussion at ${siteName}. To confirm that this is your email address and sign in, open this link. It works once, within 24 hours:`,
        '',
        link,
        '',
        'If you did not sign up, ignore this email: the account is not confirmed without it.',
      ],
    },
    sign_in: {
      subject: `Your sign-in link for ${siteName}`,
      text: [`Hello ${name},`, '', `To sign in to ${siteName}, open this link. It works once, within 30 minutes:`, '', link, '', 'If you did not ask for it, ignore this email: nobody can sign in without opening it.'],
    },
    existing: {
      subject: `You already have an account at ${siteName}`,
      text: [
        `Hello ${name},`,
        '',
        `Someone, hopefully you, tried to sign up at ${siteName} with this email address. You already have an account, so nothing new was created.`,
        'To sign in, open this link. It works once, within 30 minutes:',
        '',
        link,
        '',
        'If it was not you, ignore this email: your account stays as it is.',
      ],
    },
  };
  const { subject, text } = lines[kind];
  return { to, subject, text: [...text, ''].join('\n') };
}

/** How an email a reader was sent went; given to `onMailResult` listeners for the log. Never the address, link or text. */
export type ReaderMailResult =
  | { ok: true; readerId: number; kind: LinkMail }
  | { ok: false; readerId: number; kind: LinkMail; error: MailFailure };

/** Why no email went out for a request that could have sent one (for tests and logs only; the visitor never learns). */
export type LinkOutcome = 'sent' | 'no_reader' | 'limited';

const LINK_PROBLEMS = {
  unknown: ['reader_link_unknown', 'We do not recognise this link. Check that you opened or copied the whole link from the email, or ask for a new one.'],
  used: ['reader_link_used', 'This link has already been used: each link works once. Sign in, or ask for a new link.'],
  expired_verify: ['reader_link_expired', 'This confirmation link has expired: links work for 24 hours. Ask for a sign-in link instead; opening it confirms your email too.'],
  expired_sign_in: ['reader_link_expired', 'This sign-in link has expired: links work for 30 minutes. Ask for a new one.'],
} as const;

function linkProblem(problem: 'unknown' | 'used' | 'expired', purpose: ReaderLinkPurpose): AppError {
  const key = problem === 'expired' ? (`expired_${purpose}` as const) : problem;
  const [code, message] = LINK_PROBLEMS[key];
  return new AppError(code, 400, message);
}

export interface ReadersDeps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  mailer: Mailer;
  /** The site's public address: links in emails start with it. */
  siteUrl: string;
}

export type ReadersService = ReturnType<typeof createReadersService>;

/**
 * Reader accounts: signing up, proving an email by an emailed link, signing
 * in by password or by link, sessions, profiles and bans. Readers are kept
 * apart from staff accounts, so no reader can hold a newsroom role. Only
 * SHA-256 hashes of session and link tokens are stored.
 */
export function createReadersService({ db, clock, settings, mailer, siteUrl }: ReadersDeps) {
  const now = () => clock.now();
  const base = siteUrl.replace(/\/+$/, '');
  const sender = createBackgroundSender(mailer);
  const mailListeners = new Set<(result: ReaderMailResult) => void>();

  async function ipHash(ip: string): Promise<string> {
    // The same hash staff sign-in keeps, so one address reads the same in both.
    return crypto.createHmac('sha256', await settings.secret()).update(`ip:${ip}`).digest('hex').slice(0, 32);
  }

  function report(result: ReaderMailResult): void {
    for (const listener of mailListeners) {
      try {
        listener(result);
      } catch {
        // A failing log line must not become a failed request.
      }
    }
  }

  function deliver(message: MailMessage, hash: string, readerId: number, kind: LinkMail): void {
    void sender.send(message, {
      // A link that never arrived should not count against the reader's limit.
      onFailure: () => repo.deleteLink(db, hash),
      onResult: (outcome) => report({ ...outcome, readerId, kind }),
    });
  }

  /**
   * Email a reader a link, unless they have been sent enough lately or this
   * address has asked for too many emails. The email goes out in the
   * background, so the answer takes as long whether or not one is sent.
   */
  async function sendLink(row: ReaderRow, kind: LinkMail, ip: string, next?: string): Promise<LinkOutcome> {
    const at = now();
    const hourAgo = new Date(at.getTime() - HOUR).toISOString();
    const ipH = await ipHash(ip);
    const purpose: ReaderLinkPurpose = kind === 'verify' ? 'verify' : 'sign_in';
    const token = newToken();
    const hash = tokenHash(token);
    const ttl = purpose === 'verify' ? VERIFY_LINK_TTL_MS : SIGN_IN_LINK_TTL_MS;
    // Stored before counting, so requests arriving at once see each other and
    // no more than the limits get through; a request over them takes its rows back.
    await repo.insertLink(db, {
      token_hash: hash,
      reader_id: row.id,
      purpose,
      created_at: at.toISOString(),
      expires_at: new Date(at.getTime() + ttl).toISOString(),
      used_at: null,
    });
    // Counted as a success, so staff and reader failure counts never see it.
    const request = await repo.recordMailRequest(db, MAIL_KEY, ipH, at.toISOString());
    const [recent, fromIp] = await Promise.all([repo.countUnusedLinksSince(db, row.id, hourAgo), repo.countForIpSince(db, MAIL_KEY, ipH, hourAgo)]);
    if (recent > MAX_LINKS_PER_HOUR || fromIp > MAX_EMAILS_PER_IP_PER_HOUR) {
      await repo.deleteLink(db, hash);
      await repo.deleteMailRequest(db, request);
      return 'limited';
    }
    const safe = safeNextPath(next);
    const path = `/account/${purpose === 'verify' ? 'verify' : 'link'}/${token}`;
    const link = `${base}${path}${safe && safe !== '/account' ? `?next=${encodeURIComponent(safe)}` : ''}`;
    const site = await settings.get();
    deliver(linkMessage(kind, row.email, row.display_name, site.name, link), hash, row.id, kind);
    return 'sent';
  }

  /** Refuse while this pair or this address has failed too often lately. */
  const throttle = createSignInThrottle(db, clock, 'reader');

  async function openSession(q: Db, readerId: number): Promise<string> {
    const token = newToken();
    await repo.insertSession(q, { id: tokenHash(token), reader_id: readerId, ...openingTimes(now()) });
    return token;
  }

  /** Whether a link can be used now; throws the 400 saying why not. */
  async function usableLink(token: string, purpose: ReaderLinkPurpose): Promise<{ hash: string; readerId: number }> {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) throw linkProblem('unknown', purpose);
    const hash = tokenHash(token);
    const row = await repo.findLink(db, hash);
    // A link of the other kind is not one we sent for this page.
    if (!row || row.purpose !== purpose) throw linkProblem('unknown', purpose);
    if (row.used_at !== null) throw linkProblem('used', purpose);
    if (row.expires_at <= now().toISOString()) throw linkProblem('expired', purpose);
    return { hash, readerId: row.reader_id };
  }

  async function requireRow(q: Db, id: number): Promise<ReaderRow> {
    const row = await repo.findById(q, id);
    if (!row) throw notFound('reader');
    return row;
  }

  async function change(q: Db, id: number, patch: Updateable<ReadersTable>): Promise<Reader> {
    const row = await repo.updateReader(q, id, { ...patch, updated_at: now().toISOString() });
    if (!row) throw notFound('reader');
    return toReader(row);
  }

  return {
    /**
     * Sign up: validate, store, and email a link confirming the address. An
     * email that already has an account gets a sign-in link instead, and the
     * visitor is answered the same way, so sign-up tells no one who has an
     * account. `password` may be empty: the reader then signs in by links.
     */
    async signUp(input: { email: string; displayName: string; password?: string; ip: string; next?: string }): Promise<Reader> {
      const email = normaliseEmail(String(input.email ?? ''));
      if (!isEmailAddress(email)) throw invalidInput('Enter your email address, such as name@example.org.');
      const displayName = cleanDisplayName(input.displayName);
      const password = typeof input.password === 'string' ? input.password : '';
      if (password !== '') {
        const problem = passwordProblem(password, email);
        if (problem) throw invalidInput(problem);
      }
      // Hashed whether or not the email is taken, so the answer takes as long either way.
      const hash = password ? await hashPassword(password) : null;
      const at = now().toISOString();
      const created = await repo.insertReader(db, {
        email,
        display_name: displayName,
        password_hash: hash,
        email_verified_at: null,
        created_at: at,
        updated_at: at,
      });
      if (created) {
        await sendLink(created, 'verify', input.ip, input.next);
        return toReader(created);
      }
      const existing = await repo.findByEmail(db, email);
      if (!existing) throw new Error('a reader email was taken and then gone while signing up');
      await sendLink(existing, 'existing', input.ip, input.next);
      return toReader(existing);
    },

    /**
     * Email a sign-in link to the reader with this address, if there is one
     * and they have not been sent enough lately. Answers the same in every case.
     */
    async sendSignInLink(emailInput: string, ip: string, next?: string): Promise<LinkOutcome> {
      const email = normaliseEmail(String(emailInput ?? ''));
      if (!isEmailAddress(email)) throw invalidInput('Enter your email address, such as name@example.org.');
      const row = await repo.findByEmail(db, email);
      if (!row) return 'no_reader';
      return sendLink(row, 'sign_in', ip, next);
    },

    /** Email a signed-in reader who has not confirmed their address a new confirmation link. */
    async resendVerification(readerId: number, ip: string): Promise<LinkOutcome> {
      const row = await requireRow(db, readerId);
      if (row.email_verified_at !== null) return 'limited';
      return sendLink(row, 'verify', ip);
    },

    /** Throws the 400 a link would get, without using it (for the page that asks to continue). */
    async checkLink(token: string, purpose: ReaderLinkPurpose): Promise<void> {
      await usableLink(token, purpose);
    },

    /**
     * Use an emailed link: once only, while it lasts. It proves the inbox, so
     * it confirms the email and opens a session. When a sign-in link is the
     * first proof for an account, whoever set the password or signed in before
     * had not shown they own the address: that password is dropped and those
     * sessions end, so nobody can squat an address and keep it.
     */
    async redeemLink(token: string, purpose: ReaderLinkPurpose): Promise<{ reader: Reader; sessionToken: string }> {
      const { hash, readerId } = await usableLink(token, purpose);
      const at = now().toISOString();
      return db.transaction().execute(async (trx) => {
        // Spending the link is the first write and succeeds once: of two
        // requests racing with one link, the second finds it used.
        if (!(await repo.spendLink(trx, hash, purpose, at))) {
          const row = await repo.findLink(trx, hash);
          throw linkProblem(row?.used_at ? 'used' : row ? 'expired' : 'unknown', purpose);
        }
        const row = await requireRow(trx, readerId);
        if (row.email_verified_at === null) {
          await repo.markVerified(trx, readerId, at);
          if (purpose === 'sign_in') {
            await repo.updateReader(trx, readerId, { password_hash: null, updated_at: at });
            await repo.deleteSessionsOf(trx, readerId);
          }
        }
        const sessionToken = await openSession(trx, readerId);
        return { reader: toReader(await requireRow(trx, readerId)), sessionToken };
      });
    },

    /**
     * Check an email and password and open a session. Every failure answers
     * the same way, whether the email is unknown, has no password, or the
     * password is wrong. Unconfirmed readers may sign in (not comment).
     */
    async signIn(input: { email: string; password: string; ip: string }): Promise<{ reader: Reader; sessionToken: string }> {
      const email = normaliseEmail(String(input.email ?? '')).slice(0, 320 - READER_KEY_PREFIX.length);
      const ipH = await ipHash(input.ip);
      // Counted as a failure until the password matches, so guesses sent at once cannot all slip past the limit.
      const attempt = await throttle.begin(email, ipH, 'or ask for a sign-in link by email');
      const row = email ? await repo.findByEmail(db, email) : undefined;
      const password = String(input.password ?? '').slice(0, 1000);
      const ok = row?.password_hash ? await verifyPassword(password, row.password_hash) : (await verifyPassword(password, await DUMMY_HASH_PROMISE), false);
      if (!ok || !row) {
        throw new AppError('invalid_credentials', 401, 'That email and password do not match. If you signed up without a password, ask for a sign-in link instead.');
      }
      await attempt.succeeded();
      return { reader: toReader(row), sessionToken: await openSession(db, row.id) };
    },

    /**
     * The reader a session token belongs to, or undefined when the token is
     * malformed (no query then), unknown or expired. Use extends the session,
     * up to its hard limit.
     */
    async session(token: string | undefined): Promise<Reader | undefined> {
      if (!token || !TOKEN_SHAPE.test(token)) return undefined;
      const id = tokenHash(token);
      const session = await repo.findSession(db, id);
      if (!session) return undefined;
      const renewal = sessionRenewal(session, now());
      if (renewal === 'expired') {
        await repo.deleteSession(db, id);
        return undefined;
      }
      const row = await repo.findById(db, session.reader_id);
      if (!row) return undefined;
      if (renewal !== 'fresh') await repo.touchSession(db, id, renewal.touch.last_seen_at, renewal.touch.expires_at);
      return toReader(row);
    },

    /** End one session (signing out). */
    async signOut(token: string | undefined): Promise<void> {
      if (token && TOKEN_SHAPE.test(token)) await repo.deleteSession(db, tokenHash(token));
    },

    async byId(id: number): Promise<Reader | undefined> {
      const row = await repo.findById(db, id);
      return row && toReader(row);
    },

    async byIds(ids: number[]): Promise<Map<number, Reader>> {
      const rows = await repo.findByIds(db, [...new Set(ids)]);
      return new Map(rows.map((r) => [r.id, toReader(r)]));
    },

    /** Change a reader's display name or reply emails; 422 for a bad name, 404 for no such reader. */
    async update(id: number, patch: { displayName?: string; notifyReplies?: boolean }): Promise<Reader> {
      const set: Updateable<ReadersTable> = {};
      if (patch.displayName !== undefined) set.display_name = cleanDisplayName(patch.displayName);
      if (patch.notifyReplies !== undefined) {
        if (typeof patch.notifyReplies !== 'boolean') throw invalidInput('notifyReplies must be true or false.');
        set.notify_replies = patch.notifyReplies ? 1 : 0;
      }
      return change(db, id, set);
    },

    /**
     * Set or change a reader's password (422 when it is weak). Every other
     * session of the reader ends; pass the current one's token to keep it.
     */
    async setPassword(id: number, password: string, keepSessionToken?: string): Promise<void> {
      const row = await requireRow(db, id);
      const problem = passwordProblem(password, row.email);
      if (problem) throw invalidInput(problem);
      const hash = await hashPassword(password);
      await change(db, id, { password_hash: hash });
      const keep = keepSessionToken && TOKEN_SHAPE.test(keepSessionToken) ? tokenHash(keepSessionToken) : undefined;
      await repo.deleteSessionsOf(db, id, keep);
    },

    /** Whether the reader has a password (otherwise they sign in by emailed links). */
    async hasPassword(id: number): Promise<boolean> {
      return (await requireRow(db, id)).password_hash !== null;
    },

    /**
     * Ban a reader from commenting (`until` null) or suspend them until a
     * future time. Pass `trx` to make it part of a larger change.
     */
    async ban(id: number, input: { until: string | null; reason: string }, trx?: Db): Promise<Reader> {
      let until = PERMANENT_BAN_UNTIL;
      if (input.until !== null) {
        const t = typeof input.until === 'string' ? Date.parse(input.until) : Number.NaN;
        if (!Number.isFinite(t)) throw invalidInput('The end of a suspension must be a date and time.');
        if (t <= now().getTime()) throw invalidInput('A suspension must end in the future.');
        until = t >= Date.parse(PERMANENT_BAN_UNTIL) ? PERMANENT_BAN_UNTIL : new Date(t).toISOString();
      }
      const reason = String(input.reason ?? '').trim();
      if ([...reason].length > MAX_BAN_REASON_LENGTH) throw invalidInput(`The reason is limited to ${MAX_BAN_REASON_LENGTH} characters.`);
      return change(trx ?? db, id, { banned_until: until, ban_reason: reason });
    },

    /** Lift a ban or suspension. */
    async unban(id: number, trx?: Db): Promise<Reader> {
      return change(trx ?? db, id, { banned_until: null, ban_reason: '' });
    },

    isBanned,

    /** Whether the reader may not comment now, by the service's clock. */
    isBannedNow(reader: Pick<Reader, 'bannedUntil'>): boolean {
      return isBanned(reader, now());
    },

    /** A token for the reader's one-click unsubscribe links: signed, never expiring. */
    async unsubscribeToken(readerId: number): Promise<string> {
      return signUnsubscribe(await settings.secret(), readerId);
    },

    /** Turn reply emails off for the reader an unsubscribe token was made for; 400 for a token we did not sign. */
    async unsubscribe(token: string): Promise<Reader> {
      const id = readUnsubscribe(await settings.secret(), token);
      const invalid = () => badRequest('This unsubscribe link is not valid. Check that you opened the whole link from the email, or turn reply emails off on your account page.');
      if (id === undefined) throw invalid();
      const row = await repo.updateReader(db, id, { notify_replies: 0, updated_at: now().toISOString() });
      if (!row) throw invalid();
      return toReader(row);
    },

    /** Be told how each email went (for the server's log); returns a function that stops it. */
    onMailResult(listener: (result: ReaderMailResult) => void): () => void {
      mailListeners.add(listener);
      return () => mailListeners.delete(listener);
    },

    /** Wait until every email started so far has been handed over (or has failed). */
    settled: sender.settled,

    /** Forget expired sessions and links (run now and then). */
    async prune(): Promise<void> {
      const at = now().toISOString();
      await repo.deleteExpiredSessions(db, at);
      await repo.deleteExpiredLinks(db, at);
    },
  };
}
