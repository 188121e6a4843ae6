import { createBackgroundSender, type MailFailure } from '../../platform/background-mail.js';
import type { ReaderLinkPurpose, ReaderRow } from '../../platform/db/schema.js';
import type { MailMessage } from '../../platform/mailer.js';
import { newToken, tokenHash } from '../../platform/secret-token.js';
import type { ReadersContext } from './readers.context.js';
import * as repo from './readers.repository.js';
import { ACCOUNT_LINK_TTL_MS, MAX_EMAILS_PER_IP_PER_HOUR, MAX_LINKS_PER_HOUR, safeNextPath, SIGN_IN_LINK_TTL_MS, VERIFY_LINK_TTL_MS } from './readers.rules.js';

const HOUR = 3_600_000;

/** Where each kind of link leads: /account/<path>/<token>. */
export const LINK_PATHS: Record<ReaderLinkPurpose, string> = { verify: 'verify', sign_in: 'link', download: 'download', delete: 'delete' };

// Emails ------------------------------------------------------------------------------

export type LinkMail = 'verify' | 'sign_in' | 'existing' | 'download' | 'delete';

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
      text: [
        `Hello ${name},`,
        '',
        `To sign in to ${siteName}, open this link. It works once, within 30 minutes:`,
        '',
        link,
        '',
        'If you did not ask for it, ignore this email: nobody can sign in without opening it.',
      ],
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
    download: {
      subject: `Download your data from ${siteName}`,
      text: [
        `Hello ${name},`,
        '',
        `You asked to download what ${siteName} keeps about you: your profile, your comments and your settings. To download it, open this link. It works once, within an hour:`,
        '',
        link,
        '',
        'If you did not ask for it, ignore this email: nothing is sent without opening it.',
      ],
    },
    delete: {
      subject: `Confirm deleting your account at ${siteName}`,
      text: [
        `Hello ${name},`,
        '',
        `You asked to delete your account at ${siteName}. To confirm, open this link and press the button on the page. It works once, within an hour:`,
        '',
        link,
        '',
        'If you did not ask for it, ignore this email: your account stays as it is.',
      ],
    },
  };
  const { subject, text } = lines[kind];
  return { to, subject, text: [...text, ''].join('\n') };
}

/** How an email a reader was sent went; given to `onMailResult` listeners for the log. Never the address, link or text. */
export type ReaderMailResult = { ok: true; readerId: number; kind: LinkMail } | { ok: false; readerId: number; kind: LinkMail; error: MailFailure };

/** Why no email went out for a request that could have sent one (for tests and logs only; the visitor never learns). */
export type LinkOutcome = 'sent' | 'no_reader' | 'limited';

export type LinkMailer = ReturnType<typeof createLinkMailer>;

/**
 * The emails readers are sent: links to confirm an address or sign in,
 * within the limits per reader and per address, delivered in the
 * background, with listeners told how each went.
 */
export function createLinkMailer(ctx: ReadersContext) {
  const { db, settings, throttle, now, ipHash } = ctx;
  const base = ctx.siteUrl.replace(/\/+$/, '');
  const sender = createBackgroundSender(ctx.mailer);
  const mailListeners = new Set<(result: ReaderMailResult) => void>();

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
    const purpose: ReaderLinkPurpose = kind === 'existing' ? 'sign_in' : kind;
    const token = newToken();
    const hash = tokenHash(token);
    const ttl = purpose === 'verify' ? VERIFY_LINK_TTL_MS : purpose === 'sign_in' ? SIGN_IN_LINK_TTL_MS : ACCOUNT_LINK_TTL_MS;
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
    const [recent, request] = await Promise.all([repo.countUnusedLinksSince(db, row.id, hourAgo), throttle.noteMailRequest(ipH, HOUR)]);
    if (recent > MAX_LINKS_PER_HOUR || request.fromAddress > MAX_EMAILS_PER_IP_PER_HOUR) {
      await repo.deleteLink(db, hash);
      await request.withdraw();
      return 'limited';
    }
    const safe = safeNextPath(next);
    const path = `/account/${LINK_PATHS[purpose]}/${token}`;
    const carriesNext = purpose === 'verify' || purpose === 'sign_in';
    const link = `${base}${path}${carriesNext && safe && safe !== '/account' ? `?next=${encodeURIComponent(safe)}` : ''}`;
    const site = await settings.get();
    deliver(linkMessage(kind, row.email, row.display_name, site.name, link), hash, row.id, kind);
    return 'sent';
  }

  return {
    sendLink,

    /** Be told how each email went (for the server's log); returns a function that stops it. */
    onMailResult(listener: (result: ReaderMailResult) => void): () => void {
      mailListeners.add(listener);
      return () => mailListeners.delete(listener);
    },

    /** Wait until every email started so far has been handed over (or has failed). */
    settled: sender.settled,
  };
}
