import crypto from 'node:crypto';
import type { ReaderRow } from '../../platform/db/schema.js';
import { invalidInput } from '../../platform/errors.js';

/*
 * The readers module's pure rules and limits: what a reader looks like to the
 * rest of the application, and the checks that need no database. The service
 * (readers.service.ts) re-exports everything public here.
 */

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
/** …and a link to download one's data or delete one's account this long. */
export const ACCOUNT_LINK_TTL_MS = HOUR;
/** Unused links one reader is sent per hour; beyond that, requests are quietly ignored. */
export const MAX_LINKS_PER_HOUR = 3;
/** Emails one address may make the site send per hour, over all readers (sign-ups included). */
export const MAX_EMAILS_PER_IP_PER_HOUR = 20;
/** A ban without an end is stored as this date, so "banned until" is one comparison. */
export const PERMANENT_BAN_UNTIL = '9999-12-31T00:00:00.000Z';
export const MAX_DISPLAY_NAME_LENGTH = 50;
export const MAX_BAN_REASON_LENGTH = 500;

/** Session and link tokens are 32 random bytes, base64url: exactly 43 characters. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

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

export const toReader = (r: ReaderRow): Reader => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  verified: r.email_verified_at !== null,
  notifyReplies: r.notify_replies === 1,
  bannedUntil: r.banned_until,
  banReason: r.ban_reason,
  createdAt: r.created_at,
});

/**
 * A display name as compared with others: compatibility forms folded (NFKC:
 * full-width and styled letters read as plain ones), case folded, runs of
 * space collapsed and the ends trimmed. "Ａｎａ  RUIZ" and "ana ruiz" are one name.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\s\u00a0\u2000-\u200b\u3000]+/g, ' ')
    .trim();
}
