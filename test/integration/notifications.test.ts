import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { ArticleRow, CommentRow, CommentStatus } from '../../src/platform/db/schema.js';
import { CommentSignals } from '../../src/modules/comments/comments.signals.js';
import { createCommentNotifier, type NotifierLog } from '../../src/modules/comments/notifications.js';
import { createSmtpMailer, type Mailer } from '../../src/platform/mailer.js';
import { captureLogs } from '../helpers/logs.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext, text } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildArticle } from '../helpers/factories.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const FROM = 'Broadsheet <no-reply@news.example.test>';
const MODERATORS = 'moderators@example.org';
const UNSUBSCRIBE_LINE = /^Don't want these emails\? Unsubscribe: (\S+)$/m;

let seq = 0;

/** What the helpers below need of a test's app. */
type Ctx = Pick<TestContext, 'database' | 'services' | 'clock'>;

/** A reader account, verified and wanting reply emails unless told otherwise. */
async function makeReader(t: Ctx, over: { verified?: boolean; notify?: boolean; bannedUntil?: string | null } = {}) {
  const n = ++seq;
  const at = t.clock.now().toISOString();
  return t.database.db
    .insertInto('readers')
    .values({
      email: `reader${n}@example.org`,
      display_name: `Reader ${n}`,
      password_hash: null,
      email_verified_at: over.verified === false ? null : at,
      notify_replies: over.notify === false ? 0 : 1,
      banned_until: over.bannedUntil ?? null,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

type Author = { readerId?: number | null; accountId?: number | null; name?: string };

/** Store a comment through the comments service, which signals it like any other. */
function makeComment(t: Ctx, article: Pick<ArticleRow, 'id'>, by: Author, over: { parentId?: number; body?: string; status?: CommentStatus } = {}) {
  const n = ++seq;
  return t.services.comments.create({
    articleId: article.id,
    parentId: over.parentId ?? null,
    authorName: by.name ?? `Commenter ${n}`,
    body: over.body ?? `Comment number ${n}, with a view.`,
    status: over.status ?? 'approved',
    readerId: by.readerId ?? null,
    accountId: by.accountId ?? null,
  });
}

const readerOf = (r: { id: number; display_name: string }): Author => ({ readerId: r.id, name: r.display_name });

/** The unsubscribe link at the bottom of a reply email, as a site-relative path. */
function unsubscribePath(mail: ReceivedMail): string {
  const m = UNSUBSCRIBE_LINE.exec(mail.text);
  if (!m) throw new Error(`no unsubscribe line in: ${mail.text}`);
  expect(m[1]!.startsWith(`${TEST_SITE_URL}/unsubscribe/`)).toBe(true);
  return m[1]!.slice(TEST_SITE_URL.length);
}

const ledger = (t: Ctx, replyId: number) => t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'comment.reply-notified').where('subject_id', '=', replyId).execute();

describe('reply notifications', () => {
  let t: TestContext;
  let smtp: TestSmtpServer;
  let article: ArticleRow;
  let address = 0;
  /** Each request from an address of its own, so the rate limit stays out of the way. */
  const ip = () => `198.51.100.${(++address % 250) + 1}`;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ mailer: createSmtpMailer(smtp.url, FROM) });
    const created = await buildArticle(t.services, t.clock.now(), { headline: 'Harbour “bridge” plan approved' });
    article = (await t.services.articles.byId(created.id))!;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  afterEach(() => smtp.clear());

  /** A reply by `by` to `parent`, waiting until any email it causes has been handed over. */
  async function reply(parent: CommentRow, by: Author, body?: string) {
    const row = await makeComment(t, { id: parent.article_id }, by, { parentId: parent.id, ...(body !== undefined ? { body } : {}) });
    await t.services.notifier.settled();
    return row;
  }

  it('emails the parent comment’s reader when a reply is posted and shown, with the reply, its permalink and a way out', async () => {
    await t.services.settings.update({ moderationMode: 'none' });
    const a = await makeReader(t);
    const b = await makeReader(t);
    const parent = await makeComment(t, article, readerOf(a));
    await t.services.notifier.settled();
    expect(smtp.messages).toEqual([]);

    // B replies through the site's own posting rules.
    const posted = await t.services.comments.post({
      articleId: article.id,
      parentId: parent.id,
      body: 'I disagree.\n\nThe bridge was approved in 2019 & <b>nobody</b> asked us.',
      viewer: { readerId: b.id, accountId: null },
      ip: ip(),
    });
    expect(posted.status).toBe('approved');
    await t.services.notifier.settled();

    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.envelope.to).toEqual([a.email]);
    expect(mail.from).toBe(FROM);
    expect(mail.subject).toBe(`${b.display_name} replied to your comment on “Harbour “bridge” plan approved”`);
    // Text and HTML alternatives; the HTML escapes the reply and carries the same way out.
    expect(mail.headers.get('content-type')).toMatch(/^multipart\/alternative/);
    expect(mail.html).toContain('I disagree.');
    expect(mail.html).toContain('2019 &#38; &#60;b&#62;nobody&#60;/b&#62; asked us.');
    expect(mail.html).not.toContain('<b>nobody');
    expect(mail.text).toContain(`Hello ${a.display_name},`);
    expect(mail.text).toContain(`${b.display_name} replied to your comment on “Harbour “bridge” plan approved”:`);
    expect(mail.text).toContain('> I disagree.\n>\n> The bridge was approved in 2019 & <b>nobody</b> asked us.');
    const permalink = `${TEST_SITE_URL}/comments/${posted.comment.id}`;
    expect(mail.text.split('\n')).toContain(permalink);

    // The way out is the last line, and the same link is offered to mail programs for one click.
    const lines = mail.text.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(UNSUBSCRIBE_LINE);
    const path = unsubscribePath(mail);
    expect(mail.headers.get('list-unsubscribe')).toBe(`<${TEST_SITE_URL}${path}>`);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.html).toContain(`<a href="${TEST_SITE_URL}${path}" style="color:#1f4f8f;">Unsubscribe</a>`);

    const entries = await ledger(t, posted.comment.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.account_id).toBeNull();
    expect(entries[0]!.subject_type).toBe('comment');
    expect(JSON.parse(entries[0]!.details)).toEqual({ parentId: parent.id, readerId: a.id });
  });

  it('follows the unsubscribe link: the page asks, the button turns reply emails off, and later replies send nothing', async () => {
    const a = await makeReader(t);
    const b = await makeReader(t);
    const parent = await makeComment(t, article, readerOf(a));
    await reply(parent, readerOf(b));
    const path = unsubscribePath(smtp.to(a.email)[0]!);

    const page = await t.app.inject({ method: 'GET', url: path, remoteAddress: ip() });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const doc = parse(page.body);
    expect(text(doc.querySelector('h1'))).toBe('Stop emails about replies?');
    expect(doc.querySelector('.site-header')).not.toBeNull();
    const forms = doc.querySelectorAll('main form');
    expect(forms).toHaveLength(1);
    const form = forms[0]!;
    expect(form.getAttribute('method')).toBe('post');
    expect(form.getAttribute('action')).toBe(path);
    expect(form.querySelectorAll('button')).toHaveLength(1);
    // Only looking at the page changes nothing.
    expect((await t.services.readers.byId(a.id))!.notifyReplies).toBe(true);

    const done = await t.app.inject({ method: 'POST', url: path, remoteAddress: ip() });
    expect(done.statusCode).toBe(200);
    expect(text(parse(done.body).querySelector('[role="status"]'))).toBe('You will no longer get emails about replies.');
    expect((await t.services.readers.byId(a.id))!.notifyReplies).toBe(false);

    smtp.clear();
    await reply(parent, readerOf(b));
    expect(smtp.messages).toEqual([]);

    // Pressing the button again (a reload, a second click) is harmless.
    const again = await t.app.inject({ method: 'POST', url: path, remoteAddress: ip() });
    expect(again.statusCode).toBe(200);
    expect((await t.services.readers.byId(a.id))!.notifyReplies).toBe(false);
  });

  it('accepts the one-click POST mail programs send (RFC 8058), form-encoded or multipart, without cookies or CSRF', async () => {
    for (const kind of ['form', 'multipart'] as const) {
      const a = await makeReader(t);
      const parent = await makeComment(t, article, readerOf(a));
      await reply(parent, readerOf(await makeReader(t)));
      const path = unsubscribePath(smtp.to(a.email)[0]!);
      const boundary = '----mailprogram';
      const res = await t.app.inject({
        method: 'POST',
        url: path,
        remoteAddress: ip(),
        ...(kind === 'form'
          ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' }
          : {
              headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
              payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
            }),
      });
      expect(res.statusCode, kind).toBe(200);
      expect(text(parse(res.body).querySelector('[role="status"]'))).toBe('You will no longer get emails about replies.');
      expect((await t.services.readers.byId(a.id))!.notifyReplies, kind).toBe(false);
    }
  });

  it('answers 400 with an explanation for a link that is not one of ours, and changes nothing', async () => {
    const a = await makeReader(t);
    const parent = await makeComment(t, article, readerOf(a));
    await reply(parent, readerOf(await makeReader(t)));
    const path = unsubscribePath(smtp.to(a.email)[0]!);
    const token = path.slice('/unsubscribe/'.length);
    const tampered = `/unsubscribe/${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;

    // Signed by this site, but for a reader who does not exist (any more).
    const nobody = `/unsubscribe/${await t.services.readers.unsubscribeToken(999_999)}`;
    for (const url of [tampered, nobody, '/unsubscribe/not-a-token', `/unsubscribe/${'x'.repeat(150)}`, '/unsubscribe/%E2%80%AE']) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await t.app.inject({ method, url, remoteAddress: ip() });
        expect(res.statusCode, `${method} ${url}`).toBe(400);
        expect(text(parse(res.body).querySelector('main'))).toContain('This unsubscribe link is not valid.');
        expect(parse(res.body).querySelector('main form'), 'no unsubscribe form').toBeNull();
      }
    }
    const api = await t.app.inject({ method: 'POST', url: tampered, remoteAddress: ip(), headers: { accept: 'application/json' } });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toEqual({ error: { code: 'unsubscribe_link_invalid', message: expect.stringContaining('not valid') } });
    expect((await t.services.readers.byId(a.id))!.notifyReplies).toBe(true);
  });

  it('limits how often one address may use the unsubscribe link', async () => {
    const from = '203.0.113.77';
    let last = 0;
    for (let i = 0; i < 61; i++) last = (await t.app.inject({ method: 'GET', url: '/unsubscribe/not-a-token', remoteAddress: from })).statusCode;
    expect(last).toBe(429);
    // Another address is unaffected.
    expect((await t.app.inject({ method: 'GET', url: '/unsubscribe/not-a-token', remoteAddress: ip() })).statusCode).toBe(400);
  });

  const silentCases: [string, (a: Awaited<ReturnType<typeof makeReader>>) => Promise<{ parent: CommentRow; by: Author }>][] = [
    ['a reply to one’s own comment', async (a) => ({ parent: await makeComment(t, article, readerOf(a)), by: readerOf(a) })],
    [
      'an unverified reader',
      async () => {
        const u = await makeReader(t, { verified: false });
        return { parent: await makeComment(t, article, readerOf(u)), by: readerOf(await makeReader(t)) };
      },
    ],
    [
      'a banned reader',
      async () => {
        const banned = await makeReader(t, { bannedUntil: '9999-12-31T00:00:00.000Z' });
        return { parent: await makeComment(t, article, readerOf(banned)), by: readerOf(await makeReader(t)) };
      },
    ],
    [
      'a suspended reader',
      async () => {
        const until = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
        const suspended = await makeReader(t, { bannedUntil: until });
        return { parent: await makeComment(t, article, readerOf(suspended)), by: readerOf(await makeReader(t)) };
      },
    ],
    [
      'a reader with reply emails off',
      async () => {
        const off = await makeReader(t, { notify: false });
        return { parent: await makeComment(t, article, readerOf(off)), by: readerOf(await makeReader(t)) };
      },
    ],
    ['a guest’s comment', async (a) => ({ parent: await makeComment(t, article, { name: 'A Guest' }), by: readerOf(a) })],
    [
      'a comment its author has since deleted',
      async (a) => {
        const parent = await makeComment(t, article, readerOf(a));
        await t.database.db.updateTable('comments').set({ status: 'deleted', body: '' }).where('id', '=', parent.id).execute();
        return { parent, by: readerOf(await makeReader(t)) };
      },
    ],
    [
      'an article readers can no longer see',
      async (a) => {
        const other = await buildArticle(t.services, t.clock.now());
        const parent = await makeComment(t, other, readerOf(a));
        await t.database.db.updateTable('articles').set({ status: 'unpublished' }).where('id', '=', other.id).execute();
        return { parent, by: readerOf(await makeReader(t)) };
      },
    ],
  ];

  it.each(silentCases)('sends nothing for %s', async (_label, setUp) => {
    const a = await makeReader(t);
    const { parent, by } = await setUp(a);
    const row = await reply(parent, by);
    expect(smtp.messages).toEqual([]);
    expect(await ledger(t, row.id)).toEqual([]);
  });

  it('does email a reader whose suspension has ended', async () => {
    const past = new Date(t.clock.now().getTime() - 1000).toISOString();
    const r = await makeReader(t, { bannedUntil: past });
    const parent = await makeComment(t, article, readerOf(r));
    await reply(parent, readerOf(await makeReader(t)));
    expect(smtp.to(r.email)).toHaveLength(1);
  });

  it('sends nothing for a top-level comment, or a reply that is held or hidden again before it is handled', async () => {
    const a = await makeReader(t);
    const parent = await makeComment(t, article, readerOf(a));
    const b = await makeReader(t);
    await makeComment(t, article, readerOf(b));
    const held = await makeComment(t, article, readerOf(b), { parentId: parent.id, status: 'pending' });
    // A stale signal: the row says approved, but the stored comment is held.
    t.services.commentSignals.emit('visible', { ...held, status: 'approved' });
    await t.services.notifier.settled();
    expect(smtp.messages).toEqual([]);
  });

  it('sends one email per reply, however often it is hidden and shown again', async () => {
    const a = await makeReader(t);
    const parent = await makeComment(t, article, readerOf(a));
    const row = await reply(parent, readerOf(await makeReader(t)));
    expect(smtp.to(a.email)).toHaveLength(1);

    for (let i = 0; i < 2; i++) {
      const hidden = await t.database.db.updateTable('comments').set({ status: 'pending' }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
      t.services.commentSignals.emit('hidden', hidden);
      const shown = await t.database.db.updateTable('comments').set({ status: 'approved' }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
      t.services.commentSignals.emit('visible', shown);
      // Two signals at once (two moderators) still make one email.
      t.services.commentSignals.emit('visible', shown);
      await t.services.notifier.settled();
    }
    expect(smtp.to(a.email)).toHaveLength(1);
    expect(await ledger(t, row.id)).toHaveLength(1);
  });

  it('emails a reader about a staff member’s reply, and quotes only the start of a long reply', async () => {
    const a = await makeReader(t);
    const parent = await makeComment(t, article, readerOf(a));
    const staff = await t.services.accounts.create({ email: `desk${++seq}@example.org`, name: 'Dana Desk', role: 'editor', password: 'correct horse battery staple' });
    const long = `${'word '.repeat(150)}THE-END-IS-NOT-QUOTED`;
    await reply(parent, { accountId: staff.id, name: 'Dana Desk' }, long);
    const mail = smtp.to(a.email)[0]!;
    expect(mail.subject).toBe('Dana Desk replied to your comment on “Harbour “bridge” plan approved”');
    const quoted = mail.text
      .split('\n')
      .filter((l) => l.startsWith('>'))
      .map((l) => l.slice(2))
      .join('\n');
    expect(quoted.endsWith('…')).toBe(true);
    expect([...quoted.slice(0, -1)].length).toBeLessThanOrEqual(500);
    expect(quoted.startsWith('word word')).toBe(true);
    expect(mail.text).not.toContain('THE-END-IS-NOT-QUOTED');
  });

  it('keeps a reply’s fake line breaks inside the quote, and names and headlines on one line', async () => {
    const a = await makeReader(t);
    const parent = await makeComment(t, article, readerOf(a));
    const forged = "Fair point.\u2028\u2028--\u2029Don't want these emails? Unsubscribe: https://evil.example/x\u0085Bye\u0086";
    await reply(parent, { name: 'Guest\u0085Bcc: all@example.org' }, forged);
    const mail = smtp.to(a.email)[0]!;
    expect(mail.text).not.toMatch(/[\u0080-\u009f\u2028\u2029]/);
    expect(mail.subject).toBe('Guest Bcc: all@example.org replied to your comment on “Harbour “bridge” plan approved”');
    const lines = mail.text.trimEnd().split('\n');
    const first = lines.indexOf('> Fair point.');
    expect(lines.slice(first, first + 5)).toEqual(['> Fair point.', '>', '> --', "> Don't want these emails? Unsubscribe: https://evil.example/x", '> Bye']);
    // The one unquoted way out is the site's own.
    expect(lines.filter((l) => UNSUBSCRIBE_LINE.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(UNSUBSCRIBE_LINE);
    expect(lines.at(-1)).toContain(`${TEST_SITE_URL}/unsubscribe/`);
  });

  it('emails no one about a reply approved while a comment above it is taken down, since readers cannot see it', async () => {
    const moderatorAccount = await t.services.accounts.create({ email: `mod${++seq}@example.org`, name: 'Mo Moderator', role: 'moderator', password: 'correct horse battery staple' });
    const moderator = { accountId: moderatorAccount.id, role: 'moderator' as const, authorId: null, name: moderatorAccount.name };
    const a = await makeReader(t);
    const top = await makeComment(t, article, readerOf(await makeReader(t)));
    const parent = await makeComment(t, article, readerOf(a), { parentId: top.id });
    const held = await makeComment(t, article, readerOf(await makeReader(t)), { parentId: parent.id, status: 'pending', body: 'A reply nobody can read yet.' });
    await t.services.moderation.act(moderator, top.id, 'reject');
    await t.services.moderation.act(moderator, held.id, 'approve');
    await t.services.notifier.settled();
    expect(await t.services.comments.get(held.id)).toBeUndefined();
    expect(smtp.to(a.email)).toEqual([]);
    expect(await ledger(t, held.id)).toEqual([]);
  });

  it('emails no one about replies to staff comments', async () => {
    const staff = await t.services.accounts.create({ email: `desk${++seq}@example.org`, name: 'Sam Staff', role: 'editor', password: 'correct horse battery staple' });
    const parent = await makeComment(t, article, { accountId: staff.id, name: 'Sam Staff' });
    await reply(parent, readerOf(await makeReader(t)));
    expect(smtp.messages).toEqual([]);
  });
});

describe('when the mail server is down', () => {
  let t: TestContext;
  let smtp: TestSmtpServer;
  let deadUrl: string;

  beforeAll(async () => {
    const gone = await startSmtpServer();
    deadUrl = gone.url;
    await gone.close();
    smtp = await startSmtpServer();
    t = await createTestApp({ mailer: createSmtpMailer(deadUrl, FROM) });
    await t.services.settings.update({ moderatorEmail: MODERATORS });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('still stores replies and held comments, throws nothing, and records no email as sent', async () => {
    const created = await buildArticle(t.services, t.clock.now());
    const article = (await t.services.articles.byId(created.id))!;
    const a = await makeReader(t);
    const parent = await makeComment(t, article, readerOf(a));
    const row = await makeComment(t, article, readerOf(await makeReader(t)), { parentId: parent.id });
    const held = await makeComment(t, article, { name: 'A Guest' }, { status: 'pending' });
    await expect(t.services.notifier.settled()).resolves.toBeUndefined();
    expect((await t.services.comments.byId(row.id))!.status).toBe('approved');
    expect((await t.services.comments.byId(held.id))!.status).toBe('pending');
    expect(await ledger(t, row.id)).toEqual([]);
  });

  it('logs the failure without the email’s text or its link, and tries again when the reply is shown again', async () => {
    const created = await buildArticle(t.services, t.clock.now());
    const article = (await t.services.articles.byId(created.id))!;
    const signals = new CommentSignals();
    const logs: { level: string; obj: object; msg: string }[] = [];
    const log: NotifierLog = {
      info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
      error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
    };
    let mailer: Mailer = createSmtpMailer(deadUrl, FROM);
    const notifier = createCommentNotifier({
      clock: t.clock,
      signals,
      mailer: { send: (m) => mailer.send(m) },
      settings: t.services.settings,
      readers: t.services.readers,
      comments: t.services.comments,
      articles: t.services.articles,
      audit: t.services.audit,
      moderation: t.services.moderation,
      siteUrl: TEST_SITE_URL,
      log,
    });
    try {
      const a = await makeReader(t);
      const parent = await makeComment(t, article, readerOf(a));
      const row = await makeComment(t, article, readerOf(await makeReader(t)), { parentId: parent.id, body: 'SECRET-LOOKING REPLY TEXT' });
      await t.services.notifier.settled();
      expect(() => signals.emit('visible', row)).not.toThrow();
      await notifier.settled();

      const failed = logs.filter((l) => l.level === 'error');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.msg).toBe('reply notification could not be sent');
      expect(failed[0]!.obj).toMatchObject({ commentId: row.id, parentId: parent.id, readerId: a.id, mail: { code: 'ESOCKET' } });
      const logged = JSON.stringify(logs);
      expect(logged).not.toContain('SECRET-LOOKING');
      expect(logged).not.toContain('/unsubscribe/');
      expect(logged).not.toContain(a.email);
      expect(await ledger(t, row.id)).toEqual([]);

      // The server is back: the next time the reply is shown, the email goes out, once.
      mailer = createSmtpMailer(smtp.url, FROM);
      signals.emit('visible', row);
      signals.emit('visible', row);
      await notifier.settled();
      expect(smtp.to(a.email)).toHaveLength(1);
      expect(await ledger(t, row.id)).toHaveLength(1);
      expect(logs.at(-1)).toMatchObject({ level: 'info', msg: 'reply notification sent' });
    } finally {
      notifier.close();
    }
  });
});

describe('notification logs', () => {
  let database: TestDatabase;
  let app: App;
  let smtp: TestSmtpServer;
  let deadUrl: string;
  let dataDir: string;
  let mailer: Mailer;
  const logs = captureLogs();
  const { lines } = logs;

  beforeAll(async () => {
    const gone = await startSmtpServer();
    deadUrl = gone.url;
    await gone.close();
    smtp = await startSmtpServer();
    mailer = createSmtpMailer(smtp.url, FROM);
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
    const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    app = await buildApp({
      config: { ...config, database: database.config },
      database,
      clock: fixedClock('2024-03-29T15:00:00.000Z'),
      mailer: { send: (m) => mailer.send(m) },
      logger: { level: 'info', stream: logs.stream },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await smtp?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs sends and failures through the app’s logger by id, and masks the unsubscribe token in request lines', async () => {
    const t: Ctx = { database, services: app.services, clock: fixedClock('2024-03-29T15:00:00.000Z') };
    const created = await buildArticle(app.services, t.clock.now());
    const a = await makeReader(t);
    const parent = await makeComment(t, created, readerOf(a));
    const ok = await makeComment(t, created, readerOf(await makeReader(t)), { parentId: parent.id, body: 'PRIVATE WORDS ONE' });
    await app.services.notifier.settled();
    mailer = createSmtpMailer(deadUrl, FROM);
    const failed = await makeComment(t, created, readerOf(await makeReader(t)), { parentId: parent.id, body: 'PRIVATE WORDS TWO' });
    await app.services.notifier.settled();

    const byMsg = (msg: string) => lines.filter((l) => l.msg === msg);
    expect(byMsg('reply notification sent')).toEqual([expect.objectContaining({ level: 30, commentId: ok.id, parentId: parent.id, readerId: a.id })]);
    expect(byMsg('reply notification could not be sent')).toEqual([
      expect.objectContaining({ level: 50, commentId: failed.id, readerId: a.id, mail: expect.objectContaining({ code: 'ESOCKET', message: expect.stringMatching(/^SMTP delivery failed/) }) }),
    ]);

    const link = unsubscribePath(smtp.to(a.email)[0]!);
    expect((await app.inject({ method: 'GET', url: link })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: link })).statusCode).toBe(200);
    expect(byMsg('reader unsubscribed from reply emails')).toEqual([expect.objectContaining({ readerId: a.id })]);

    const urls = lines.filter((l) => l.msg === 'incoming request').map((l) => (l.req as { url: string }).url);
    expect(urls.filter((u) => u.startsWith('/unsubscribe/'))).toEqual(['/unsubscribe/[token]', '/unsubscribe/[token]']);
    const token = link.slice('/unsubscribe/'.length);
    expect(logs.raw()).not.toContain(token);
    expect(logs.raw()).not.toContain(a.email);
    expect(logs.raw()).not.toContain('PRIVATE WORDS');
  });
});

describe('moderator alerts', () => {
  let t: TestContext;
  let smtp: TestSmtpServer;
  let article: ArticleRow;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ mailer: createSmtpMailer(smtp.url, FROM) });
    const created = await buildArticle(t.services, t.clock.now());
    article = (await t.services.articles.byId(created.id))!;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  afterEach(() => smtp.clear());

  /** A notifier of its own with a short window, so a test can see the window end. */
  function shortWindowNotifier(windowMs: number) {
    const signals = new CommentSignals();
    const notifier = createCommentNotifier({
      clock: t.clock,
      signals,
      mailer: createSmtpMailer(smtp.url, FROM),
      settings: t.services.settings,
      readers: t.services.readers,
      comments: t.services.comments,
      articles: t.services.articles,
      audit: t.services.audit,
      moderation: t.services.moderation,
      siteUrl: TEST_SITE_URL,
      log: { info: () => undefined, error: () => undefined },
      alertWindowMs: windowMs,
    });
    return { signals, notifier };
  }

  /**
   * A comment stored without a signal: the notifiers under test are told
   * about it by hand, and the app's own notifier does not hear of it.
   */
  const stored = (status: CommentStatus) =>
    t.database.db
      .insertInto('comments')
      .values({
        article_id: article.id,
        parent_id: null,
        author_name: 'Someone',
        author_email: '',
        body: `Comment ${++seq}.`,
        status,
        created_at: t.clock.now().toISOString(),
        updated_at: t.clock.now().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();

  const held = () => stored('pending');

  /** A published comment with an open report, as the comments service stores reports. */
  async function reported(): Promise<CommentRow> {
    const row = await stored('approved');
    await t.database.db
      .insertInto('comment_reports')
      .values({ comment_id: row.id, reader_id: null, ip_hash: 'x', reason: 'abuse', note: '', created_at: t.clock.now().toISOString(), resolved_at: null, resolved_by: null })
      .execute();
    return row;
  }

  it('sends nothing while the site has no moderators’ address', async () => {
    await makeComment(t, article, { name: 'Someone' }, { status: 'pending' });
    t.services.commentSignals.emit('reported', await reported(), 1, false);
    await t.services.notifier.settled();
    expect(smtp.messages).toEqual([]);
  });

  it('emails the moderators at once about the first held comment, then keeps quiet for the rest of the window', async () => {
    await t.services.settings.update({ moderatorEmail: MODERATORS });
    // Held by the site's posting rules, as a guest's comment is when everything is moderated.
    await t.services.settings.update({ guestComments: true, moderationMode: 'all' });
    const posted = await t.services.comments.post({
      articleId: article.id,
      body: 'A first comment from a guest.',
      viewer: { readerId: null, accountId: null },
      guest: { name: 'Gus Guest', email: 'gus@example.org' },
      ip: '192.0.2.10',
    });
    expect(posted.status).toBe('pending');
    await t.services.notifier.settled();
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.envelope.to).toEqual([MODERATORS]);
    expect(mail.subject).toBe('1 comment is waiting for moderation');
    expect(mail.text.split('\n')).toContain(`${TEST_SITE_URL}/admin/comments?queue=pending`);
    expect(mail.text).not.toContain('queue=reported');
    expect(mail.text).toContain('at most once every 10 minutes');

    await makeComment(t, article, { name: 'Someone' }, { status: 'pending' });
    t.services.commentSignals.emit('reported', await reported(), 1, false);
    await t.services.notifier.settled();
    expect(smtp.messages).toHaveLength(1);
  });

  it('gathers what happens during the window into one email when it ends', async () => {
    const { signals, notifier } = shortWindowNotifier(300);
    try {
      signals.emit('held', await held(), 'First comment from this reader.');
      await notifier.settled();
      expect(smtp.messages).toHaveLength(1);

      const second = await held();
      signals.emit('held', second, 'Contains a suspect word.');
      const r = await reported();
      signals.emit('reported', r, 1, false);
      signals.emit('reported', r, 2, false);
      await notifier.settled();
      expect(smtp.messages).toHaveLength(1);

      await vi.waitFor(() => expect(smtp.messages).toHaveLength(2), { timeout: 5000, interval: 50 });
      await notifier.settled();
      const mail = smtp.messages[1]!;
      expect(mail.subject).toBe('2 comments are waiting for moderation');
      expect(mail.text).toContain('Held for review (1):');
      expect(mail.text).toContain('Reported by readers (1):');
      expect(mail.text.split('\n')).toEqual(expect.arrayContaining([`${TEST_SITE_URL}/admin/comments?queue=pending`, `${TEST_SITE_URL}/admin/comments?queue=reported`]));
    } finally {
      notifier.close();
    }
  });

  it('leaves out what moderators dealt with before the window ended, and sends nothing when that is everything', async () => {
    const { signals, notifier } = shortWindowNotifier(300);
    try {
      signals.emit('held', await held(), 'x');
      await notifier.settled();
      expect(smtp.messages).toHaveLength(1);

      const dealt = await held();
      signals.emit('held', dealt, 'x');
      await t.database.db.updateTable('comments').set({ status: 'approved' }).where('id', '=', dealt.id).execute();
      await new Promise((r) => setTimeout(r, 600));
      await notifier.settled();
      expect(smtp.messages).toHaveLength(1);

      // Nothing went out, so the window is still the first email's: with the clock past it, the next one goes at once.
      t.clock.advance(300);
      signals.emit('held', await held(), 'x');
      await notifier.settled();
      expect(smtp.messages).toHaveLength(2);
      expect(smtp.messages[1]!.subject).toBe('1 comment is waiting for moderation');
    } finally {
      notifier.close();
    }
  });

  it('counts a comment held because of its reports once', async () => {
    const { signals, notifier } = shortWindowNotifier(300);
    try {
      t.clock.advance(1000);
      const r = await reported();
      const nowHeld = await t.database.db.updateTable('comments').set({ status: 'pending' }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
      signals.emit('held', nowHeld, 'Reported by 3 readers.');
      signals.emit('reported', nowHeld, 3, true);
      await notifier.settled();
      await vi.waitFor(() => expect(smtp.messages.length).toBeGreaterThan(0), { timeout: 5000, interval: 50 });
      await new Promise((res) => setTimeout(res, 400));
      await notifier.settled();
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.subject).toBe('1 comment is waiting for moderation');
      expect(smtp.messages[0]!.text).toContain('queue=reported');
    } finally {
      notifier.close();
    }
  });

  it('drops a waiting alert when closed, and stops listening', async () => {
    const { signals, notifier } = shortWindowNotifier(200);
    t.clock.advance(1000);
    signals.emit('held', await held(), 'x');
    await notifier.settled();
    expect(smtp.messages).toHaveLength(1);
    signals.emit('held', await held(), 'x');
    notifier.close();
    await new Promise((r) => setTimeout(r, 400));
    signals.emit('held', await held(), 'x');
    await notifier.settled();
    expect(smtp.messages).toHaveLength(1);
  });
});
