import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../../test/helpers/smtp.js';
import { createMailer, createOutboxMailer, createSmtpMailer, fromAddress, fromSiteName, MailError, outboxDir, outboxFileName } from './mailer.js';

const FROM = 'Broadsheet <no-reply@news.example.test>';
const LINK = `https://news.example.test/admin/password-reset/${'x'.repeat(43)}`;
const UNSUBSCRIBE_HEADERS = {
  'List-Unsubscribe': `<https://news.example.test/unsubscribe/${'u'.repeat(60)}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
};
const message = {
  to: 'ana@example.org',
  subject: 'Réglages — reset your password',
  text: `Hello Ana,\n\nOpen this link:\n\n${LINK}\n`,
  html: `<p>Hello Ana,</p><p><a href="${LINK}">Reset</a></p>`,
};

describe('outbox mailer', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-mail-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is what createMailer gives without SMTP_URL, writing into DATA_DIR/outbox', async () => {
    const mailer = createMailer({ smtpUrl: null, mailFrom: FROM, dataDir });
    await mailer.send(message);
    const files = fs.readdirSync(outboxDir(dataDir));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{12}\.eml$/);
  });

  it('writes a message a mail program reads, with the right headers and CRLF line ends', async () => {
    const dir = path.join(dataDir, 'other');
    const file = await createOutboxMailer(dir, FROM).write(message);
    const raw = fs.readFileSync(file, 'utf8');
    expect(raw).toMatch(/\r\n\r\n/);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const mail = parseMail(raw);
    expect(mail.from).toBe(FROM);
    expect(mail.to).toBe('ana@example.org');
    expect(mail.subject).toBe('Réglages — reset your password');
    expect(mail.headers.get('message-id')).toMatch(/^<.+@.+>$/);
    expect(Date.parse(mail.headers.get('date') ?? '')).not.toBeNaN();
    expect(mail.headers.get('mime-version')).toBe('1.0');
    expect(mail.text).toContain(LINK);
    expect(mail.html).toContain(`href="${LINK}"`);
  });

  it('sends from the site’s name at the configured address, any name encoded so it cannot add an address or a line', async () => {
    const dir = path.join(dataDir, 'named');
    const outbox = createOutboxMailer(dir, FROM);
    for (const name of ['The Harbour Herald', 'Herald, "Daily" <evil@attacker.example>', 'Crónica de Navarra', 'Line\r\nBcc: evil@attacker.example']) {
      const sent: string[] = [];
      await fromSiteName({ send: async (m) => void sent.push(await outbox.write(m)) }, async () => name).send(message);
      const raw = fs.readFileSync(sent[0]!, 'utf8');
      const head = raw.split('\r\n\r\n')[0]!;
      expect(head, name).not.toMatch(/^Bcc:/im);
      const from = head.match(/^From: (.*(?:\r\n[ \t].*)*)/m)?.[1] ?? '';
      // As a mail program reads it: outside the quoted name, one address only, the configured one.
      const unquoted = from.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      expect(unquoted.match(/<[^<>]*>/g), name).toEqual(['<no-reply@news.example.test>']);
      expect(parseMail(raw).from, name).toContain(name.split(/[,\r]/)[0]);
    }
    expect(fromAddress('Name <a@b.example>')).toBe('a@b.example');
    expect(fromAddress('a@b.example')).toBe('a@b.example');
  });

  it('keeps the files to the server user, and leaves no partial files', async () => {
    const dir = path.join(dataDir, 'private');
    const file = await createOutboxMailer(dir, FROM).write(message);
    if (process.platform !== 'win32') {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    }
    expect(fs.readdirSync(dir).filter((f) => !f.endsWith('.eml'))).toEqual([]);
  });

  it('writes extra headers, and refuses ones that would forge or add lines', async () => {
    const dir = path.join(dataDir, 'headers');
    const outbox = createOutboxMailer(dir, FROM);
    const file = await outbox.write({ ...message, headers: UNSUBSCRIBE_HEADERS });
    const mail = parseMail(fs.readFileSync(file, 'utf8'));
    expect(mail.headers.get('list-unsubscribe')).toBe(UNSUBSCRIBE_HEADERS['List-Unsubscribe']);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    const refused: Record<string, string>[] = [{ Bcc: 'eve@example.org' }, { 'X-Note': 'one\r\nBcc: eve@example.org' }, { 'X Bad': 'x' }];
    for (const headers of refused) {
      const err = await outbox.send({ ...message, headers }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MailError);
    }
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  it('names files so that they sort by time', () => {
    const a = outboxFileName(new Date('2024-03-29T09:59:59.999Z'));
    const b = outboxFileName(new Date('2024-03-29T10:00:00.000Z'));
    expect(a.startsWith('20240329T095959.999Z-')).toBe(true);
    expect([b, a].sort()).toEqual([a, b]);
  });
});

describe('SMTP mailer', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp?.close());
  afterEach(() => smtp.clear());

  it('is what createMailer gives with SMTP_URL, and delivers to the server', async () => {
    await createMailer({ smtpUrl: smtp.url, mailFrom: FROM, dataDir: '/nonexistent' }).send(message);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.envelope).toEqual({ from: 'no-reply@news.example.test', to: ['ana@example.org'] });
    expect(mail.from).toBe(FROM);
    expect(mail.to).toBe('ana@example.org');
    expect(mail.subject).toBe(message.subject);
    expect(mail.text).toContain(LINK);
    expect(mail.html).toContain(LINK);
  });

  it('sends plain text alone when there is no HTML', async () => {
    await createSmtpMailer(smtp.url, FROM).send({ to: 'bo@example.org', subject: 'Hi', text: 'Just text.' });
    const mail = smtp.to('bo@example.org')[0]!;
    expect(mail.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(mail.text.trim()).toBe('Just text.');
    expect(mail.html).toBeUndefined();
  });

  it('sends extra headers, such as a one-click unsubscribe', async () => {
    await createSmtpMailer(smtp.url, FROM).send({ to: 'cy@example.org', subject: 'A reply', text: 'Someone replied.', headers: UNSUBSCRIBE_HEADERS });
    const mail = smtp.to('cy@example.org')[0]!;
    expect(mail.headers.get('list-unsubscribe')).toBe(UNSUBSCRIBE_HEADERS['List-Unsubscribe']);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.text.trim()).toBe('Someone replied.');

    const err = await createSmtpMailer(smtp.url, FROM)
      .send({ to: 'cy@example.org', subject: 'Forged', text: 'x', headers: { From: 'Someone Else <boss@example.org>' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailError);
    expect(smtp.to('cy@example.org')).toHaveLength(1);
  });

  it('signs in with the user and password of the URL', async () => {
    const authed = await startSmtpServer({ user: 'news@example.test', password: 'p@ss word' });
    try {
      await createSmtpMailer(authed.url, FROM).send(message);
      expect(authed.messages).toHaveLength(1);
      const wrong = authed.url.replace('p%40ss%20word', 'nope');
      const err = await createSmtpMailer(wrong, FROM)
        .send(message)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MailError);
      expect((err as MailError).responseCode).toBe(535);
      expect(authed.messages).toHaveLength(1);
    } finally {
      await authed.close();
    }
  });

  it('fails with a MailError that leaves out the address a server quotes when it refuses the recipient', async () => {
    const refusing = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onRcptTo(address, _session, callback) {
        const err = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown in local recipient table`), { responseCode: 550 });
        callback(err);
      },
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = refusing.server.address() as AddressInfo;
      const err = await createSmtpMailer(`smtp://127.0.0.1:${port}`, FROM)
        .send({ ...message, to: 'Ana Ruiz <ana.ruiz+news@example.org>' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MailError);
      expect((err as MailError).responseCode).toBe(550);
      expect((err as MailError).message).toMatch(/^SMTP delivery failed: .*550 5\.1\.1 <\[address\]>: Recipient address rejected/);
      expect((err as MailError).message).not.toMatch(/ana|example\.org/i);
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });

  it('fails with a MailError that does not quote the message when the server is away', async () => {
    const gone = await startSmtpServer();
    const url = gone.url;
    await gone.close();
    const err = await createSmtpMailer(url, FROM)
      .send(message)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailError);
    expect((err as MailError).code).toBe('ESOCKET');
    expect((err as MailError).message).toMatch(/^SMTP delivery failed: .*ECONNREFUSED/);
    expect((err as MailError).message).not.toContain(LINK);
  });
});
