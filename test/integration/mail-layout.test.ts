import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { brandedMailer, type MailBrand } from '../../src/platform/mail-layout.js';
import { createSmtpMailer, type Mailer } from '../../src/platform/mailer.js';
import { parse, TEST_SITE_URL, text } from '../helpers/app.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

/*
 * Every email the site sends goes through one layout: text and HTML
 * alternatives, the site's name (or logo) on top, readable in dark mode,
 * the message escaped, and the unsubscribe link kept in the HTML too.
 */
describe('the email layout', () => {
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  const FROM = 'Newsroom <news@example.test>';
  let brand: MailBrand = { name: 'The <Harbour> & "Gazette"', url: TEST_SITE_URL, logo: null };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    mailer = brandedMailer(createSmtpMailer(smtp.url, FROM), async () => brand);
  });

  afterEach(() => smtp.clear());
  afterAll(async () => {
    await smtp?.close();
  });

  it('sends a text-only message as text and HTML, branded, escaped and dark-mode ready', async () => {
    await mailer.send({
      to: 'ana@example.org',
      subject: 'A <test> & more',
      text: 'Hello <Ana> & co,\n\nOpen this:\nhttps://news.example.test/a?b=1&c=2\n\n> quoted <i>text</i>\n\n--\nSmall print.',
      headers: { 'List-Unsubscribe': `<${TEST_SITE_URL}/unsubscribe/abc>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.headers.get('content-type')).toMatch(/^multipart\/alternative/);
    expect(mail.text).toContain('Hello <Ana> & co,');
    expect(mail.headers.get('list-unsubscribe')).toBe(`<${TEST_SITE_URL}/unsubscribe/abc>`);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const html = mail.html!;
    expect(html).not.toContain('<Ana>');
    expect(html).not.toContain('<i>text');
    expect(html).not.toContain('<Harbour>');
    const doc = parse(html);
    expect(doc.querySelector('meta[name="color-scheme"]')?.getAttribute('content')).toBe('light dark');
    expect(doc.querySelector('style')?.textContent).toContain('@media (prefers-color-scheme: dark)');
    expect(doc.body.getAttribute('style')).toContain('background:#fbfaf7');
    expect(text(doc.querySelector('.brand-name'))).toBe('The <Harbour> & "Gazette"');
    expect(text(doc.querySelector('title'))).toBe('A <test> & more');
    expect(text(doc.querySelector('.card > p:nth-of-type(2)'))).toBe('Hello <Ana> & co,');
    expect(doc.querySelector('a[href="https://news.example.test/a?b=1&c=2"]')).not.toBeNull();
    expect(text(doc.querySelector('blockquote'))).toBe('quoted <i>text</i>');
    expect(text(doc.querySelector(`a[href="${TEST_SITE_URL}/unsubscribe/abc"]`))).toBe('Unsubscribe');
    expect(mail.from).toBe('"The <Harbour> & \\"Gazette\\"" <news@example.test>');
  });

  it('wraps a sender’s own HTML part, and shows the logo once the site has one', async () => {
    brand = { ...brand, logo: { url: `${TEST_SITE_URL}/media/logo.png`, width: 400, height: 100 } };
    await mailer.send({ to: 'ben@example.org', subject: 'Hi', text: 'Hello Ben.', html: '<p>Hello <strong>Ben</strong>.</p>' });
    const doc = parse(smtp.messages[0]!.html!);
    expect(doc.querySelector('.card strong')?.textContent).toBe('Ben');
    const img = doc.querySelector('img');
    expect(img?.getAttribute('src')).toBe(`${TEST_SITE_URL}/media/logo.png`);
    expect(img?.getAttribute('alt')).toBe('The <Harbour> & "Gazette"');
    expect(img?.getAttribute('height')).toBe('48');
    expect(img?.getAttribute('width')).toBe('192');
    // No unsubscribe where the message offers none.
    expect([...doc.querySelectorAll('a')].some((a) => text(a) === 'Unsubscribe')).toBe(false);
  });
});
