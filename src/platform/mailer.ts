import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';

/** One email: plain text always, HTML optionally as its alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * Extra header fields, such as List-Unsubscribe and List-Unsubscribe-Post
   * (RFC 8058). Names are header tokens; values are one line each.
   */
  headers?: Record<string, string>;
  /**
   * The sender's display name (the site's name); the address stays the
   * configured one. Any text: it is quoted or encoded as the header needs.
   */
  fromName?: string;
}

/**
 * Sends email. Messages often carry secrets (sign-in and reset links), so
 * no implementation logs a message's body, and errors never quote it.
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Delivery failed. `code` and `responseCode` come from the SMTP client when it knows them. */
export class MailError extends Error {
  override name = 'MailError';
  constructor(
    message: string,
    readonly code?: string,
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

/**
 * The mailer the configuration asks for: SMTP when SMTP_URL is set,
 * otherwise the outbox folder DATA_DIR/outbox, where each message is one
 * .eml file any mail program opens (for development and trying things out).
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>): Mailer {
  if (config.smtpUrl) return createSmtpMailer(config.smtpUrl, config.mailFrom);
  return createOutboxMailer(outboxDir(config.dataDir), config.mailFrom);
}

export const outboxDir = (dataDir: string): string => path.join(dataDir, 'outbox');

/** Header fields the composer writes from the message itself; extra headers may not replace them. */
const COMPOSED_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'reply-to', 'sender', 'subject', 'date', 'message-id', 'mime-version', 'content-type', 'content-transfer-encoding']);
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** Refuse extra headers that would forge the message's own fields or smuggle in more lines. */
function checkedHeaders(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || COMPOSED_HEADERS.has(name.toLowerCase())) throw new MailError(`the header "${name.slice(0, 60)}" may not be set on a message`);
    if (typeof value !== 'string' || /[\r\n]/.test(value)) throw new MailError(`the header "${name}" must be one line of text`);
  }
  return headers;
}

/** The address of a From as configured: "Name <address>" or the bare address. */
export function fromAddress(from: string): string {
  const m = /<([^<>]*)>\s*$/.exec(from);
  return (m ? (m[1] ?? '') : from).trim();
}

/**
 * The From field for a message: with a display name of its own, that name
 * and the configured address, which nodemailer writes quoted or as an
 * encoded word as needed, so a name with quotes, commas, angle brackets or
 * non-ASCII letters can neither break the header nor add an address to it.
 */
function fromOf(m: MailMessage, configured: string): string | { name: string; address: string } {
  const name = m.fromName?.replace(/[\r\n\u0000-\u001f\u007f]+/g, ' ').trim();
  return name ? { name, address: fromAddress(configured) } : configured;
}

const fields = (m: MailMessage, from: string) => ({
  from: fromOf(m, from),
  to: m.to,
  subject: m.subject,
  text: m.text,
  ...(m.html !== undefined ? { html: m.html } : {}),
  ...(m.headers !== undefined ? { headers: checkedHeaders(m.headers) } : {}),
});

/**
 * A mail server's reply with the addresses it quotes masked: a refused
 * recipient usually comes back as "550 5.1.1 <ana@example.org>: …", and
 * MailError messages end up in logs, which never carry a reader's address.
 */
const withoutAddresses = (reply: string): string => reply.replace(/[^\s<>()[\]",;:@]+@[^\s<>()[\]",;:@]+/g, '[address]');

/** Deliver through an SMTP server given as smtp://[user:password@]host[:port] or smtps://…. */
export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(
    {
      url,
      // Fail within seconds rather than the client's minutes when the server is away.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // nodemailer's own logging would print the conversation, message included.
      logger: false,
      debug: false,
    },
    { from },
  );
  return {
    async send(message) {
      const mail = fields(message, from);
      try {
        await transport.sendMail(mail);
      } catch (err) {
        const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
        const code = typeof e.code === 'string' ? e.code : undefined;
        const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
        const reason = typeof e.message === 'string' ? withoutAddresses(e.message.split('\n')[0]!).slice(0, 300) : 'unknown error';
        throw new MailError(`SMTP delivery failed: ${reason}`, code, responseCode);
      }
    },
  };
}

/** A file name that sorts by time: ISO 8601 basic format in UTC, then a random part. */
export function outboxFileName(at: Date = new Date()): string {
  const iso = at.toISOString().replace(/[-:]/g, '');
  return `${iso}-${crypto.randomBytes(6).toString('hex')}.eml`;
}

/**
 * Write each message, as an RFC 5322 file (CRLF line ends), into `dir`.
 * Files are readable by the server's user only, since links in them work.
 * Returns the path written as well, for callers that want it.
 */
export function createOutboxMailer(dir: string, from: string): Mailer & { write(message: MailMessage): Promise<string> } {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, { from });
  async function write(message: MailMessage): Promise<string> {
    const info = await composer.sendMail(fields(message, from));
    const raw = info.message;
    if (!Buffer.isBuffer(raw)) throw new MailError('the outbox expected the composed message as a buffer');
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, outboxFileName());
    // Written under a temporary name, so a reader never sees half a message.
    const partial = `${file}.partial`;
    await fs.writeFile(partial, raw, { mode: 0o600, flag: 'wx' });
    await fs.rename(partial, file);
    return file;
  }
  return {
    write,
    async send(message) {
      await write(message);
    },
  };
}

/**
 * A mailer whose messages come from the site's name (its setting, read for
 * each message, so a renamed site sends under its new name at once).
 */
export function fromSiteName(mailer: Mailer, siteName: () => Promise<string>): Mailer {
  return {
    async send(message) {
      await mailer.send({ fromName: await siteName(), ...message });
    },
  };
}
