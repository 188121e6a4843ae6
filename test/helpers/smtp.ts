import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as a mail program would show it: decoded headers and text. */
export interface ParsedMail {
  /** Header values by lower-case name, unfolded and with encoded words decoded. */
  headers: Map<string, string>;
  subject: string;
  from: string;
  to: string;
  /** The text/plain body (or part), decoded. */
  text: string;
  /** The text/html body (or part), decoded, when there is one. */
  html?: string;
}

/** A message the test server accepted, with the SMTP envelope it came with. */
export interface ReceivedMail extends ParsedMail {
  envelope: { from: string; to: string[] };
  raw: string;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:PORT, with user:password when the server requires them. */
  url: string;
  port: number;
  /** Everything received so far, oldest first. */
  messages: ReceivedMail[];
  /** Messages to one recipient. */
  to(address: string): ReceivedMail[];
  clear(): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback, on a free port, that keeps every message
 * it accepts. Plain text only (no STARTTLS), so no certificate is involved.
 * A message is in `messages` before the server acknowledges it, so once a
 * client's send has resolved, the message is there.
 */
export async function startSmtpServer(options: { user?: string; password?: string } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const needsAuth = options.user !== undefined;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: needsAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !needsAuth,
    allowInsecureAuth: needsAuth,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((a) => a.address),
        };
        messages.push({ ...parseMail(raw), envelope, raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = needsAuth ? `${encodeURIComponent(options.user ?? '')}:${encodeURIComponent(options.password ?? '')}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    port,
    messages,
    to: (address) => messages.filter((m) => m.envelope.to.includes(address)),
    clear: () => void messages.splice(0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// A small MIME reader: enough for what nodemailer writes (multipart/alternative,
// quoted-printable or base64 parts, RFC 2047 encoded words in headers).

function splitHead(raw: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) return { head: raw, body: '' };
  return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

function decodeQuotedPrintable(s: string): Buffer {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const ch = soft[i]!;
    const hex = soft.slice(i + 1, i + 3);
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
    );
}

function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(i + 1).trim()));
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body).toString('utf8');
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

function collectParts(raw: string, into: { text?: string; html?: string }): Map<string, string> {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const sections = body.split(`--${boundary}`);
    // Skip the preamble and everything from the closing delimiter on.
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      collectParts(section.replace(/^\r?\n/, '').replace(/\r?\n$/, ''), into);
    }
  } else {
    const decoded = decodeBody(body, headers.get('content-transfer-encoding'));
    if (/^text\/html/i.test(type)) into.html ??= decoded;
    else if (/^text\/plain/i.test(type)) into.text ??= decoded;
  }
  return headers;
}

/** Read an RFC 5322 message the way a mail program would, for assertions. */
export function parseMail(raw: string): ParsedMail {
  const parts: { text?: string; html?: string } = {};
  const headers = collectParts(raw, parts);
  return {
    headers,
    subject: headers.get('subject') ?? '',
    from: headers.get('from') ?? '',
    to: headers.get('to') ?? '',
    text: (parts.text ?? '').replace(/\r\n/g, '\n'),
    ...(parts.html !== undefined ? { html: parts.html.replace(/\r\n/g, '\n') } : {}),
  };
}
