import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READER_COOKIE } from '../../src/platform/cookies.js';
import { createSmtpMailer } from '../../src/platform/mailer.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext, text } from '../helpers/app.js';
import { buildArticle, buildComment } from '../helpers/factories.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const FROM = 'Broadsheet <no-reply@news.example.test>';
const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;
const STORY = '/2024/03/29/harbour-story';
const LINK = new RegExp(`${TEST_SITE_URL.replace(/\./g, '\\.')}(/account/(verify|link|download|delete)/[A-Za-z0-9_-]{43})(?:\\?next=(\\S+))?`);

function linkIn(mail: ReceivedMail): { path: string; next: string | undefined } {
  const m = LINK.exec(mail.text);
  if (!m) throw new Error(`no link in: ${mail.text}`);
  return { path: m[1]!, next: m[3] === undefined ? undefined : decodeURIComponent(m[3]) };
}

describe('reader accounts: header, coming back, data download and deletion', () => {
  let t: TestContext;
  let smtp: TestSmtpServer;
  let articleId: number;
  let ipSeq = 0;
  let emailSeq = 0;
  const browser = () => adminClient(t.app, `198.19.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`);
  const freshEmail = () => `account${++emailSeq}@example.org`;
  const readerRow = (email: string) => t.database.db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();
  const lastMailTo = (email: string) => {
    const all = smtp.to(email);
    if (all.length === 0) throw new Error(`no mail to ${email}`);
    return all[all.length - 1]!;
  };
  const alert = (body: string) => text(parse(body).querySelector('[role="alert"]'));
  const anonymous = () => t.app.inject({ url: STORY });

  async function signUp(email: string, name: string, c = browser(), next?: string) {
    const _csrf = await c.csrfFrom(next ? `/account/sign-up?next=${encodeURIComponent(next)}` : '/account/sign-up');
    const res = await c.post('/account/sign-up', { _csrf, email, displayName: name, password: PASSWORD, ...(next !== undefined ? { next } : {}) });
    await t.services.readers.settled();
    expect(res.statusCode).toBe(200);
    return c;
  }

  /** Open an emailed link and press its button in the same browser. */
  async function follow(path: string, c = browser()) {
    const page = await c.get(path);
    expect(page.statusCode, page.body).toBe(200);
    const form = parse(page.body).querySelector('main form[method="post"]');
    const _csrf = form?.querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '';
    const next = form?.querySelector('input[name="next"]')?.getAttribute('value');
    return c.post(form?.getAttribute('action') ?? path, { _csrf, ...(next ? { next } : {}) });
  }

  async function signedInReader(name: string) {
    const email = freshEmail();
    const c = await signUp(email, name);
    expect((await follow(linkIn(lastMailTo(email)).path, c)).statusCode).toBe(303);
    const id = (await readerRow(email))!.id;
    return { c, email, id };
  }

  /** Press an account page button that emails a link; the link's path. */
  async function askByEmail(c: ReturnType<typeof browser>, email: string, action: '/account/download' | '/account/delete') {
    const page = parse((await c.get('/account')).body);
    const _csrf = page.querySelector(`form[action="${action}"] input[name="_csrf"]`)!.getAttribute('value')!;
    const ours = () => smtp.to(email).filter((m) => m.text.includes(`${TEST_SITE_URL}${action}/`));
    const before = ours().length;
    const res = await c.post(action, { _csrf });
    await t.services.readers.settled();
    expect(res.statusCode).toBe(303);
    expect(ours()).toHaveLength(before + 1);
    return { res, link: linkIn(ours()[before]!).path, mail: ours()[before]! };
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ mailer: createSmtpMailer(smtp.url, FROM) });
    const a = await buildArticle(t.services, t.clock.now(), { slug: 'harbour-story', headline: 'Harbour story', publishedAt: '2024-03-29T10:00:00Z' });
    articleId = a.id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  describe('coming back after signing in', () => {
    const GOOD = ['/2024/03/29/harbour-story', '/2024/03/29/harbour-story?comments=2#respond', '/search?q=harbour'];
    const welcomed = (path: string, kind: string) => {
      const [p, f] = path.includes('#') ? [path.slice(0, path.indexOf('#')), path.slice(path.indexOf('#'))] : [path, ''];
      return `${p}${p.includes('?') ? '&' : '?'}welcome=${kind}${f}`;
    };
    const BAD = ['//evil.example', 'https://evil.example', '/\\evil', '\\\\evil.example', '%2F%2Fevil.example', 'javascript:alert(1)', ' /account', '/\t/evil.example'];

    it('carries a same-site next through password sign-in, and drops anything else for /account', async () => {
      const email = freshEmail();
      await signUp(email, 'Pia Path');
      for (const next of GOOD) {
        const c = browser();
        const _csrf = await c.csrfFrom('/account/sign-in');
        const res = await c.post('/account/sign-in', { _csrf, email, password: PASSWORD, next });
        expect(res.statusCode).toBe(303);
        expect(res.headers.location, next).toBe(welcomed(next, 'signed-in'));
      }
      for (const next of BAD) {
        const c = browser();
        const _csrf = await c.csrfFrom('/account/sign-in');
        const res = await c.post('/account/sign-in', { _csrf, email, password: PASSWORD, next });
        expect(res.statusCode).toBe(303);
        expect(res.headers.location, next).toBe('/account?welcome=signed-in');
      }
      // Each sign-in checks a password hash: slow by design.
    }, 90_000);

    it('does not put an unsafe next from the address into the form (encoded in the query)', async () => {
      for (const encoded of ['%2F%2Fevil.example', 'https%3A%2F%2Fevil.example', '%2F%5Cevil', '%2F%09%2Fevil.example']) {
        const page = parse((await browser().get(`/account/sign-in?next=${encoded}`)).body);
        expect(page.querySelector('form[action="/account/sign-in"] input[name="next"]'), encoded).toBeNull();
      }
      const page = parse((await browser().get(`/account/sign-in?next=${encodeURIComponent(STORY)}`)).body);
      expect(page.querySelector('form[action="/account/sign-in"] input[name="next"]')?.getAttribute('value')).toBe(STORY);
      expect(page.querySelector('form[action="/account/sign-in"] button[formaction="/account/sign-in/link"]')).not.toBeNull();
      expect(page.querySelectorAll('main input[name="email"]')).toHaveLength(1);
    });

    it('carries next through the emailed sign-in link, and a forged next on the link falls back to /account', async () => {
      const { email } = await signedInReader('Lia Link');
      for (const [next, landing] of [
        [STORY, welcomed(STORY, 'signed-in')],
        ['//evil.example', '/account?welcome=signed-in'],
        ['https://evil.example', '/account?welcome=signed-in'],
        ['/\\evil', '/account?welcome=signed-in'],
      ] as const) {
        const c = browser();
        const _csrf = await c.csrfFrom('/account/sign-in');
        // The second button of the one sign-in form.
        expect((await c.post('/account/sign-in/link', { _csrf, email, next })).statusCode).toBe(200);
        await t.services.readers.settled();
        const link = linkIn(lastMailTo(email));
        expect(link.next, next).toBe(next === STORY ? STORY : undefined);
        const res = await follow(link.next ? `${link.path}?next=${encodeURIComponent(link.next)}` : link.path, c);
        expect(res.headers.location, next).toBe(landing);
      }
      // A next added to the link by hand is checked as well.
      const c = browser();
      const _csrf = await c.csrfFrom('/account/sign-in');
      await c.post('/account/sign-in/link', { _csrf, email });
      await t.services.readers.settled();
      const res = await follow(`${linkIn(lastMailTo(email)).path}?next=%2F%2Fevil.example`, c);
      expect(res.headers.location).toBe('/account?welcome=signed-in');
    });

    it('brings a reader who confirms their sign-up back to the story, saying the address is confirmed', async () => {
      const email = freshEmail();
      const c = await signUp(email, 'Sam Story', browser(), STORY);
      const link = linkIn(lastMailTo(email));
      expect(link.next).toBe(STORY);
      const res = await follow(`${link.path}?next=${encodeURIComponent(link.next!)}`, c);
      expect(res.headers.location).toBe(`${STORY}?welcome=confirmed`);

      const evil = freshEmail();
      await signUp(evil, 'Eve Away', browser(), '//evil.example');
      const bad = linkIn(lastMailTo(evil));
      expect(bad.next).toBeUndefined();
      const landed = await follow(`${bad.path}?next=${encodeURIComponent('https://evil.example')}`);
      expect(landed.headers.location).toBe('/account?welcome=confirmed');
    });

    it('shows the one-time notice on the account page', async () => {
      const { c } = await signedInReader('Nina Notice');
      expect(text(parse((await c.get('/account?welcome=confirmed')).body).querySelector('main [role="status"]'))).toBe("Your address is confirmed, you're signed in.");
      expect(text(parse((await c.get('/account?welcome=signed-in')).body).querySelector('main [role="status"]'))).toBe("You're signed in.");
      expect(parse((await c.get('/account?welcome=%3Cb%3E')).body).querySelector('main [role="status"]')).toBeNull();
    });
  });

  describe('the header', () => {
    it('says who is signed in at /account/whoami, never cached', async () => {
      const anon = await browser().get('/account/whoami');
      expect(anon.statusCode).toBe(200);
      expect(anon.headers['cache-control']).toBe('private, no-store');
      expect(anon.headers['x-cache']).toBeUndefined();
      expect(JSON.parse(anon.body)).toEqual({ signedIn: false });

      const { c } = await signedInReader('Wanda <Who>');
      const mine = await c.get('/account/whoami');
      expect(mine.headers['cache-control']).toBe('private, no-store');
      expect(JSON.parse(mine.body)).toEqual({ signedIn: true, displayName: 'Wanda <Who>' });
      // Only the name: the address is not the script's to know.
      expect(mine.body).not.toContain('@');
    });

    it('carries the same "Sign in" link and script in every cached page, and stays a cache hit for anonymous readers after a reader viewed it', async () => {
      const first = await anonymous();
      const second = await anonymous();
      expect(second.headers['x-cache']).toBe('hit');
      const doc = parse(first.body);
      const link = doc.querySelector('header.site-header a[data-account-link]')!;
      expect(text(link)).toBe('Sign in');
      expect(link.getAttribute('href')).toBe(`/account/sign-in?next=${encodeURIComponent(STORY)}`);
      const script = doc.querySelector('script[src^="/assets/account-header.js"]')!;
      expect(script.getAttribute('type')).toBe('module');

      const { c } = await signedInReader('Viv Viewer');
      const asReader = await c.get(STORY);
      expect(asReader.statusCode).toBe(200);
      expect(asReader.headers['x-cache']).not.toBe('hit');
      // Arriving with the welcome flag is the same cached page.
      const flagged = await c.get(`${STORY}?welcome=signed-in`);
      expect(flagged.statusCode).toBe(200);

      const after = await anonymous();
      expect(after.headers['x-cache']).toBe('hit');
      expect(after.body).toBe(first.body);
      expect(after.body).not.toContain('Viv Viewer');
      const anonFlagged = await t.app.inject({ url: `${STORY}?welcome=signed-in` });
      expect(anonFlagged.headers['x-cache']).toBe('hit');
      expect(anonFlagged.body).toBe(first.body);
    });
  });

  describe('downloading one’s data', () => {
    it('emails a single-use link; its page changes nothing; its button downloads the JSON once', async () => {
      const { c, email, id } = await signedInReader('Dora Data');
      const other = await signedInReader('Otto Other');
      const mine = await buildComment(t.services, articleId, { authorName: 'Dora Data', body: 'My view on the harbour.', readerId: id });
      const theirs = await buildComment(t.services, articleId, { authorName: 'Otto Other', body: 'Another view.', readerId: other.id });
      await t.database.db.insertInto('comment_reactions').values({ comment_id: theirs.id, reader_id: id, created_at: '2024-03-29T14:00:00.000Z' }).execute();

      const { res, link } = await askByEmail(c, email, '/account/download');
      expect(res.headers.location).toBe('/account?saved=download#your-data');
      expect(lastMailTo(email).subject).toBe('Download your data from Broadsheet');
      expect(link).toMatch(/^\/account\/download\//);
      expect(text(parse((await c.get('/account?saved=download')).body).querySelector('main [role="status"]'))).toBe('We have emailed you a link to download your data. It works once, within an hour.');

      const opened = await browser().get(link);
      expect(opened.statusCode).toBe(200);
      expect(opened.headers['cache-control']).toBe('no-store');
      expect(text(parse(opened.body).querySelector('h1'))).toBe('Download your data');
      const unused = await t.database.db.selectFrom('reader_links').select('used_at').where('reader_id', '=', id).where('purpose', '=', 'download').execute();
      expect(unused.map((r) => r.used_at)).toEqual([null]);

      // A forged press (no CSRF token) spends nothing.
      expect((await browser().post(link, {})).statusCode).toBe(403);

      const download = await follow(link);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename="account-data-\d{4}-\d{2}-\d{2}\.json"$/);
      const data = JSON.parse(download.body);
      expect(data.profile).toMatchObject({ email, displayName: 'Dora Data', hasPassword: true });
      expect(data.profile.emailConfirmedAt).toBeTruthy();
      expect(JSON.stringify(data)).not.toMatch(/password_hash|\$argon|\$scrypt/);
      expect(data.notificationSettings).toEqual({ replies: true });
      expect(data.comments).toEqual([
        expect.objectContaining({
          id: mine.id,
          articleHeadline: 'Harbour story',
          articleUrl: `${TEST_SITE_URL}${STORY}`,
          url: `${TEST_SITE_URL}${STORY}#comment-${mine.id}`,
          body: 'My view on the harbour.',
          status: 'approved',
          createdAt: expect.any(String),
        }),
      ]);
      expect(data.reactions).toEqual([{ commentId: theirs.id, articleHeadline: 'Harbour story', articleUrl: `${TEST_SITE_URL}${STORY}`, createdAt: '2024-03-29T14:00:00.000Z' }]);

      // Once only.
      const late = browser();
      const again = await late.post(link, { _csrf: await late.csrfFrom('/account/sign-in') });
      expect(again.statusCode).toBe(400);
      expect(again.headers['content-disposition']).toBeUndefined();
      const reopened = await browser().get(link);
      expect(reopened.statusCode).toBe(400);
      expect(alert(reopened.body)).toBe('This link has already been used: each link works once. Sign in, or ask for a new link.');
    });

    it('refuses an expired link with 400 and says what to do', async () => {
      const { c, email } = await signedInReader('Ezra Expired');
      const { link } = await askByEmail(c, email, '/account/download');
      const page = parse((await c.get(link)).body);
      const _csrf = page.querySelector('main form input[name="_csrf"]')!.getAttribute('value')!;
      t.clock.advance(61 * MINUTE);
      const opened = await c.get(link);
      expect(opened.statusCode).toBe(400);
      expect(alert(opened.body)).toBe('This link to download your data has expired: links work for an hour. Sign in and ask for a new one from your account page.');
      const pressed = await c.post(link, { _csrf });
      expect(pressed.statusCode).toBe(400);
      expect(pressed.headers['content-disposition']).toBeUndefined();
    });

    it('cannot be used as a sign-in link, nor a sign-in link as a download', async () => {
      const { c, email } = await signedInReader('Tia Token');
      const { link } = await askByEmail(c, email, '/account/download');
      const token = link.split('/').pop()!;
      expect((await browser().get(`/account/link/${token}`)).statusCode).toBe(400);
      expect((await browser().get(`/account/delete/${token}`)).statusCode).toBe(400);
      expect((await browser().get(link)).statusCode).toBe(200);
    });

    it('sends a signed-out visitor to sign in', async () => {
      const c = browser();
      const _csrf = await c.csrfFrom('/account/sign-in');
      const res = await c.post('/account/download', { _csrf });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account/sign-in?next=%2Faccount');
    });
  });

  describe('deleting one’s account', () => {
    /** A reader with a visible comment someone answered, a comment of their own, a reaction, and a second device signed in. */
    async function readerWithComments(name: string) {
      const reader = await signedInReader(name);
      const phone = browser();
      const _csrf = await phone.csrfFrom('/account/sign-in');
      expect((await phone.post('/account/sign-in', { _csrf, email: reader.email, password: PASSWORD })).statusCode).toBe(303);
      const answered = await buildComment(t.services, articleId, { authorName: name, body: `First point, ${name.split(' ')[1]!.toLowerCase()}.`, readerId: reader.id });
      await buildComment(t.services, articleId, { authorName: 'Replying Rita', body: 'A reply that stays.', parentId: answered.id });
      const alone = await buildComment(t.services, articleId, { authorName: name, body: `One more point, ${name.split(' ')[1]!.toLowerCase()}.`, readerId: reader.id });
      const liked = await buildComment(t.services, articleId, { authorName: 'Liked Lou', body: 'Something worth recommending.' });
      await t.database.db.insertInto('comment_reactions').values({ comment_id: liked.id, reader_id: reader.id, created_at: '2024-03-29T14:00:00.000Z' }).execute();
      await t.database.db.updateTable('comments').set({ reaction_count: 1 }).where('id', '=', liked.id).execute();
      return { ...reader, phone, answered, alone, liked };
    }

    const visibleCount = async () => (await t.services.comments.counts([articleId])).get(articleId) ?? 0;
    const commentRow = (id: number) => t.database.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    async function deleteByEmail(reader: Awaited<ReturnType<typeof readerWithComments>>) {
      const { res, link, mail } = await askByEmail(reader.c, reader.email, '/account/delete');
      expect(res.headers.location).toBe('/account?saved=delete#delete-account');
      expect(mail.subject).toBe('Confirm deleting your account at Broadsheet');
      return link;
    }

    it('keeps comments as "Deleted reader" by default; the GET changes nothing; CSRF is required; sessions end; the address can sign up again', async () => {
      expect((await t.services.settings.get()).deletedAccountComments).toBe('keep');
      const r = await readerWithComments('Kim Keep');
      const link = await deleteByEmail(r);

      // Opening the link shows what will happen, and changes nothing.
      const page = await r.c.get(link);
      expect(page.statusCode).toBe(200);
      const doc = parse(page.body);
      expect(text(doc.querySelector('h1'))).toBe('Delete your account');
      expect(text(doc.querySelector('main'))).toContain('shown as written by “Deleted reader”');
      expect(doc.querySelector(`main form[method="post"][action="${link}"] input[name="_csrf"]`)).not.toBeNull();
      expect(await readerRow(r.email)).toBeDefined();
      expect(JSON.parse((await r.phone.get('/account/whoami')).body)).toEqual({ signedIn: true, displayName: 'Kim Keep' });

      // A forged press is refused and changes nothing.
      expect((await browser().post(link, {})).statusCode).toBe(403);
      expect((await r.c.post(link, { _csrf: 'forged' })).statusCode).toBe(403);
      expect(await readerRow(r.email)).toBeDefined();

      // The story is cached with the reader's name.
      await anonymous();
      const cached = await anonymous();
      expect(cached.headers['x-cache']).toBe('hit');
      expect(cached.body).toContain('Kim Keep');
      const before = await visibleCount();

      const done = await follow(link, r.c);
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/account/deleted');
      expect(text(parse((await r.c.get('/account/deleted')).body).querySelector('main [role="status"]'))).toMatch(/^Your account is deleted/);

      expect(await readerRow(r.email)).toBeUndefined();
      expect(r.c.jar.cookies.has(READER_COOKIE)).toBe(false);
      expect(JSON.parse((await r.phone.get('/account/whoami')).body)).toEqual({ signedIn: false });
      expect((await r.phone.get('/account')).statusCode).toBe(303);
      for (const c of [r.answered, r.alone]) {
        const row = await commentRow(c.id);
        expect(row).toMatchObject({ author_name: 'Deleted reader', author_email: '', reader_id: null, status: 'approved' });
      }
      expect((await commentRow(r.liked.id)).reaction_count).toBe(0);
      expect(await visibleCount()).toBe(before);
      expect(await t.services.comments.repairCounts()).toEqual([]);

      // The cached story was dropped: the name is gone from it.
      const fresh = await anonymous();
      expect(fresh.headers['x-cache']).toBe('miss');
      expect(fresh.body).not.toContain('Kim Keep');
      expect(text(parse(fresh.body).querySelector(`#comment-${r.alone.id}`))).toContain('Deleted reader');

      // The link is spent, and the address is free again.
      expect((await browser().get(link)).statusCode).toBe(400);
      await signUp(r.email, 'Kim Again');
      expect((await readerRow(r.email))!.display_name).toBe('Kim Again');
      expect(lastMailTo(r.email).subject).toBe('Confirm your email for Broadsheet');
    });

    it('removes the comments when the site says so, keeping counts equal to what readers see', async () => {
      await t.services.settings.update({ deletedAccountComments: 'remove' });
      try {
        const r = await readerWithComments('Rex Remove');
        const link = await deleteByEmail(r);
        expect(text(parse((await r.c.get(link)).body).querySelector('main'))).toContain('Your comments are removed from the site.');
        const before = await visibleCount();
        expect((await follow(link, r.c)).headers.location).toBe('/account/deleted');

        expect(await readerRow(r.email)).toBeUndefined();
        for (const c of [r.answered, r.alone]) expect(await commentRow(c.id)).toMatchObject({ status: 'deleted', body: '', author_name: 'Deleted reader', reader_id: null });
        expect(await visibleCount()).toBe(before - 2);
        expect(await t.services.comments.repairCounts()).toEqual([]);
        const page = await anonymous();
        expect(page.body).not.toContain('Rex Remove');
        expect(page.body).not.toContain('One more point, remove.');
        expect(page.body).not.toContain('First point, remove.');
        expect(parse(page.body).querySelector(`#comment-${r.alone.id}`)).toBeNull();
        // The reply keeps its place under the removed comment.
        expect(page.body).toContain('A reply that stays.');
        expect(JSON.parse((await r.phone.get('/account/whoami')).body)).toEqual({ signedIn: false });
      } finally {
        await t.services.settings.update({ deletedAccountComments: 'keep' });
      }
    });

    it('refuses an expired deletion link with 400, and deletes nothing', async () => {
      const r = await signedInReader('Eli Expired');
      const { link } = await askByEmail(r.c, r.email, '/account/delete');
      const _csrf = parse((await r.c.get(link)).body)
        .querySelector('main form input[name="_csrf"]')!
        .getAttribute('value')!;
      t.clock.advance(61 * MINUTE);
      const res = await r.c.post(link, { _csrf });
      expect(res.statusCode).toBe(400);
      expect(alert(res.body)).toBe('This link to delete your account has expired: links work for an hour. Sign in and ask for a new one from your account page.');
      expect(await readerRow(r.email)).toBeDefined();
    });
  });
});
