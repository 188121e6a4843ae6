import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { articlePath } from '../../src/platform/urls.js';
import { REPLIES_SHOWN } from '../../src/modules/comments/comments.service.js';
import type { SiteSettings } from '../../src/modules/settings/settings.service.js';
import type { MailMessage } from '../../src/platform/mailer.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle, buildComment } from '../helpers/factories.js';
import { countRows } from '../helpers/db.js';

/*
 * What a reader sees and clicks in the comments: the section on the article
 * page, the form in each of its states, posting (as a page and as JSON), and
 * the pages behind each comment's links. Through HTTP, on a real database,
 * every assertion on the parsed document.
 */

const NOW = '2024-03-29T15:00:00.000Z';
const PASSWORD = 'correct horse battery staple';

type Client = ReturnType<typeof adminClient>;

describe('comment pages', () => {
  let t: TestContext;
  const mail: MailMessage[] = [];
  let ipSeq = 0;
  let readerSeq = 0;

  const nextIp = () => `192.0.2.${(++ipSeq % 250) + 1}`;
  /** A browser of its own address, without cookies: an anonymous visitor. */
  const visitor = (): Client => adminClient(t.app, nextIp());
  const storedComments = () => countRows(t.database.db, 'comments');

  /** A published article and its public path. */
  async function story(over: Parameters<typeof buildArticle>[2] = {}) {
    const row = await buildArticle(t.services, t.clock.now(), over);
    return { id: row.id, path: articlePath(row.slug, row.published_at, 'UTC') };
  }

  /** A reader signed in through an emailed link (verified), or by password before confirming (unverified). */
  async function reader(opts: { verified?: boolean; bannedUntil?: string } = {}) {
    const n = ++readerSeq;
    const email = `reader${n}@example.org`;
    const ip = nextIp();
    await t.services.readers.signUp({ email, displayName: `Reader ${n}`, password: PASSWORD, ip });
    await t.services.readers.settled();
    let session: { reader: { id: number; displayName: string }; sessionToken: string };
    if (opts.verified === false) {
      session = await t.services.readers.signIn({ email, password: PASSWORD, ip });
    } else {
      const sent = mail.filter((m) => m.to === email).at(-1);
      const token = /\/account\/verify\/([A-Za-z0-9_-]+)/.exec(sent?.text ?? '')?.[1];
      if (!token) throw new Error(`no confirmation link for ${email}`);
      session = await t.services.readers.redeemLink(token, 'verify');
    }
    if (opts.bannedUntil) await t.services.readers.ban(session.reader.id, { until: opts.bannedUntil, reason: 'Repeated abuse' });
    const client = adminClient(t.app, ip);
    client.jar.cookies.set('bs_reader', session.sessionToken);
    return { client, id: session.reader.id, name: session.reader.displayName };
  }

  async function page(client: Client, url: string): Promise<{ res: LightMyRequestResponse; doc: Document }> {
    const res = await client.get(url);
    return { res, doc: parse(res.body) };
  }

  /** The values a browser would send for a form, as served. */
  function valuesOf(form: Element): Record<string, string> {
    const out: Record<string, string> = {};
    for (const el of form.querySelectorAll('input[name], textarea[name]')) {
      const name = el.getAttribute('name')!;
      if (el.getAttribute('type') === 'radio' && !el.hasAttribute('checked')) continue;
      out[name] = el.tagName === 'TEXTAREA' ? (el.textContent ?? '') : (el.getAttribute('value') ?? '');
    }
    return out;
  }

  /** Open a page, fill in a form on it as a person would (taking a few seconds), and send it. */
  async function submit(client: Client, url: string, fill: Record<string, string>, selector = '#respond') {
    const { doc } = await page(client, url);
    const form = doc.querySelector(selector);
    if (!form) throw new Error(`no ${selector} on ${url}`);
    t.clock.advance(5_000);
    return client.post(form.getAttribute('action')!, { ...valuesOf(form), ...fill });
  }

  /** Post a top-level comment from the article page; answers the new comment's id. */
  async function comment(client: Client, path: string, body: string, fill: Record<string, string> = {}): Promise<number> {
    const res = await submit(client, path, { body, ...fill });
    expect(res.statusCode, res.body).toBe(303);
    const m = /^\/comments\/(\d+)$/.exec(String(res.headers.location));
    if (!m) throw new Error(`no permalink in ${String(res.headers.location)}`);
    return Number(m[1]);
  }

  async function setPolicy(patch: Partial<SiteSettings>) {
    await t.services.settings.update(patch);
  }

  beforeAll(async () => {
    t = await createTestApp({
      now: NOW,
      mailer: {
        send: async (m) => {
          mail.push(m);
        },
      },
    });
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    t.clock.set(NOW);
    await setPolicy({
      moderationMode: 'none',
      guestComments: false,
      minSubmitSeconds: 3,
      commentLimitPerIp: 1000,
      commentLimitPerReader: 1000,
      maxCommentLength: 3000,
      editWindowMinutes: 15,
      commentsPerPage: 50,
      reportsToHold: 3,
    });
  });

  describe('the comments section', () => {
    it('carries what the live updates need in its data attributes', async () => {
      const a = await story({ developing: true });
      await t.services.articles.addLiveUpdate(a.id, 'Crews closed the gates.', '2024-03-29T14:10:00.000Z');
      const update = await t.services.articles.addLiveUpdate(a.id, 'The mayor will speak.', '2024-03-29T14:20:00.000Z');
      const c1 = await buildComment(t.services, a.id, { createdAt: '2024-03-29T14:30:00Z' });
      const r1 = await buildComment(t.services, a.id, { parentId: c1.id, createdAt: '2024-03-29T14:31:00Z' });
      // Newer, but no one else can see it: it must not move the live stream's starting point.
      await buildComment(t.services, a.id, { status: 'pending', createdAt: '2024-03-29T14:32:00Z' });

      const { doc } = await page(visitor(), a.path);
      const section = doc.querySelector('section#comments.comments');
      expect(section?.getAttribute('data-article-id')).toBe(String(a.id));
      expect(section?.getAttribute('data-live-url')).toBe(`/live/articles/${a.id}`);
      expect(section?.getAttribute('data-since-comment')).toBe(String(r1.id));
      expect(section?.getAttribute('data-since-update')).toBe(String(update.id));
      expect(section?.getAttribute('data-sort')).toBe('oldest');
      expect(section?.getAttribute('data-page')).toBe('1');
      expect(section?.getAttribute('data-page-count')).toBe('1');
      expect(text(doc.querySelector('#comments-heading'))).toBe('2 Comments');
      expect(doc.querySelector('script[type="module"][src^="/assets/comments.js"]')).not.toBeNull();
    });

    it('starts the live stream at 0 on an article without comments or updates', async () => {
      const a = await story();
      const { doc } = await page(visitor(), a.path);
      const section = doc.querySelector('#comments');
      expect(section?.getAttribute('data-since-comment')).toBe('0');
      expect(section?.getAttribute('data-since-update')).toBe('0');
      expect(text(doc.querySelector('.comments__empty'))).toBe('No comments yet.');
    });

    it('shows each comment with its author, permalink, number and nested replies; staff and edits marked', async () => {
      const a = await story();
      const staff = await t.services.accounts.create({ email: 'desk@example.org', name: 'Desk Editor', role: 'editor', password: PASSWORD });
      const c1 = await buildComment(t.services, a.id, { authorName: 'Dana', body: 'First!\n\nSecond paragraph.', createdAt: '2024-03-29T14:00:00Z' });
      const r1 = await buildComment(t.services, a.id, { parentId: c1.id, authorName: 'Desk Editor', accountId: staff.id, createdAt: '2024-03-29T14:05:00Z' });
      const c2 = await buildComment(t.services, a.id, { authorName: 'Priya', createdAt: '2024-03-29T14:10:00Z' });
      await t.database.db.updateTable('comments').set({ edited_at: '2024-03-29T14:12:00.000Z' }).where('id', '=', c2.id).execute();
      t.app.pageCache.clear();

      const { doc } = await page(visitor(), a.path);
      const top = [...doc.querySelectorAll('ol.comment-list > li.comment')];
      expect(top.map((li) => li.id)).toEqual([`comment-${c1.id}`, `comment-${c2.id}`]);
      expect(top.map((li) => text(li.querySelector(':scope > article .comment__number')))).toEqual(['1.', '2.']);
      expect(top[0]?.getAttribute('data-comment-id')).toBe(String(c1.id));
      expect(top[0]?.querySelector('.comment__permalink')?.getAttribute('href')).toBe(`/comments/${c1.id}`);
      expect(top[0]?.querySelectorAll(':scope > article .comment__body p')).toHaveLength(2);
      const reply = top[0]?.querySelector(`:scope > ol.comment-replies > li#comment-${r1.id}`);
      expect(text(reply?.querySelector('.comment__author'))).toBe('Desk Editor');
      expect(text(reply?.querySelector('.comment__badge'))).toBe('Staff');
      expect(top[0]?.querySelector(':scope > article .comment__badge')).toBeNull();
      const edited = top[1]?.querySelector('.comment__edited');
      expect(text(edited)).toBe('(edited)');
      expect(edited?.getAttribute('title')).toBe('Edited March 29, 2024 at 2:12 PM UTC');
      expect(top[0]?.querySelector('.comment__edited')).toBeNull();
      // Anonymous visitors: Reply and Report links, no recommend button, edit or delete.
      const actions = top[0]?.querySelector(':scope > article .comment__actions');
      expect(actions?.querySelector('a.comment__reply')?.getAttribute('href')).toBe(`/comments/${c1.id}/reply#respond`);
      expect(actions?.querySelector('a.comment__report')?.getAttribute('href')).toBe(`/comments/${c1.id}/report`);
      expect(actions?.querySelector('form.comment__react, a.comment__edit, form.comment__delete')).toBeNull();
    });

    it('sorts by oldest, newest or most recommended, marking the current order and keeping pages apart', async () => {
      const a = await story();
      const first = await buildComment(t.services, a.id, { body: 'First.', createdAt: '2024-03-29T14:00:00Z' });
      const second = await buildComment(t.services, a.id, { body: 'Second.', createdAt: '2024-03-29T14:01:00Z' });
      const third = await buildComment(t.services, a.id, { body: 'Third.', createdAt: '2024-03-29T14:02:00Z' });
      await t.database.db.updateTable('comments').set({ reaction_count: 7 }).where('id', '=', second.id).execute();
      await t.database.db.updateTable('comments').set({ reaction_count: 2 }).where('id', '=', first.id).execute();
      t.app.pageCache.clear();
      const order = (doc: Document) => [...doc.querySelectorAll('ol.comment-list > li.comment')].map((li) => Number(li.getAttribute('data-comment-id')));

      const oldest = (await page(visitor(), a.path)).doc;
      const links = [...oldest.querySelectorAll('nav.comments__sort a')];
      expect(links.map((l) => [text(l), l.getAttribute('href')])).toEqual([
        ['Oldest', `${a.path}#comments`],
        ['Newest', `${a.path}?sort=newest#comments`],
        ['Most recommended', `${a.path}?sort=top#comments`],
      ]);
      expect(links.map((l) => l.getAttribute('aria-current'))).toEqual(['true', null, null]);
      expect(order(oldest)).toEqual([first.id, second.id, third.id]);

      const newest = (await page(visitor(), `${a.path}?sort=newest`)).doc;
      expect(order(newest)).toEqual([third.id, second.id, first.id]);
      expect(newest.querySelector('#comments')?.getAttribute('data-sort')).toBe('newest');
      expect(text(newest.querySelector('nav.comments__sort a[aria-current]'))).toBe('Newest');

      const top = (await page(visitor(), `${a.path}?sort=top`)).doc;
      expect(order(top)).toEqual([second.id, first.id, third.id]);
      expect(text(top.querySelector('nav.comments__sort a[aria-current]'))).toBe('Most recommended');

      const bad = await visitor().get(`${a.path}?sort=loudest`);
      expect(bad.statusCode).toBe(400);
      expect(text(parse(bad.body).querySelector('main'))).toContain('"sort" must be one of oldest, newest, top.');
    });

    it('keeps the sort in the pagination links and starts each order on its first page', async () => {
      const a = await story();
      await setPolicy({ commentsPerPage: 5 });
      const rows = Array.from({ length: 7 }, (_, i) => ({
        article_id: a.id,
        parent_id: null,
        author_name: `Commenter ${i + 1}`,
        author_email: '',
        body: `Comment number ${i + 1}.`,
        status: 'approved' as const,
        created_at: new Date(Date.parse('2024-03-29T13:00:00Z') + i * 60_000).toISOString(),
        updated_at: new Date(Date.parse('2024-03-29T13:00:00Z') + i * 60_000).toISOString(),
      }));
      const ids = await t.services.comments.insertMany(rows);
      const { doc } = await page(visitor(), `${a.path}?sort=newest&comments=2`);
      expect(doc.querySelector('#comments')?.getAttribute('data-page')).toBe('2');
      expect(doc.querySelector('#comments')?.getAttribute('data-page-count')).toBe('2');
      expect(doc.querySelector('#comments')?.getAttribute('data-at-end')).toBe('true');
      // Newest first, the second page holds the two oldest: the previous page ends just before the newer of them.
      expect(doc.querySelector('nav.pagination a[rel="prev"]')?.getAttribute('href')).toBe(`${a.path}?sort=newest&before=${ids[1]}#comments`);
      expect([...doc.querySelectorAll('nav.pagination--end .pagination__pages a')].map((l) => [l.getAttribute('href'), l.getAttribute('aria-current')])).toEqual([
        [`${a.path}?sort=newest#comments`, null],
        [`${a.path}?sort=newest&comments=2#comments`, 'page'],
      ]);
      expect([...doc.querySelectorAll('nav.comments__sort a')].map((l) => l.getAttribute('href'))).toEqual([`${a.path}#comments`, `${a.path}?sort=newest#comments`, `${a.path}?sort=top#comments`]);
      const first = (await page(visitor(), a.path)).doc;
      expect(first.querySelector('nav.pagination a[rel="next"]')?.getAttribute('href')).toBe(`${a.path}?after=${ids[4]}#comments`);
      expect([...first.querySelectorAll('nav.pagination--end a:not([rel])')].map((l) => l.getAttribute('href'))).toEqual([`${a.path}#comments`, `${a.path}?comments=2#comments`]);
      expect((await visitor().get(`${a.path}?sort=top&comments=3`)).statusCode).toBe(404);
    });

    it('pages by key with previous and next links and by number, and refuses keys that are not top-level comments of the story', async () => {
      const a = await story();
      await setPolicy({ commentsPerPage: 5 });
      const rows = Array.from({ length: 12 }, (_, i) => ({
        article_id: a.id,
        parent_id: null,
        author_name: `Keyed ${i + 1}`,
        author_email: '',
        body: `Keyed comment ${i + 1}.`,
        status: 'approved' as const,
        created_at: new Date(Date.parse('2024-03-29T13:00:00Z') + i * 60_000).toISOString(),
        updated_at: new Date(Date.parse('2024-03-29T13:00:00Z') + i * 60_000).toISOString(),
      }));
      const ids = await t.services.comments.insertMany(rows);
      const numbers = (doc: Document) => [...doc.querySelectorAll('ol.comment-list > li .comment__number')].map((el) => text(el));
      const middle = (await page(visitor(), `${a.path}?after=${ids[4]}`)).doc;
      expect(numbers(middle)).toEqual(['6.', '7.', '8.', '9.', '10.']);
      expect(middle.querySelector('#comments')?.getAttribute('data-at-start')).toBe('false');
      expect(middle.querySelector('#comments')?.getAttribute('data-at-end')).toBe('false');
      expect(text(middle.querySelector('.pagination__position'))).toBe('Page 2 of 3');
      expect([...middle.querySelectorAll('nav.pagination--end a')].map((l) => l.getAttribute('href'))).toEqual([
        `${a.path}?before=${ids[5]}#comments`,
        `${a.path}#comments`,
        `${a.path}?comments=2#comments`,
        `${a.path}?comments=3#comments`,
        `${a.path}?after=${ids[9]}#comments`,
      ]);
      // The last page holds the last five, and links back only.
      const last = (await page(visitor(), `${a.path}?last=1`)).doc;
      expect(numbers(last)).toEqual(['8.', '9.', '10.', '11.', '12.']);
      expect(last.querySelector('#comments')?.getAttribute('data-at-end')).toBe('true');
      expect(last.querySelector('nav.pagination a[rel="next"]')).toBeNull();
      expect((await page(visitor(), `${a.path}?before=${ids[7]}`)).doc.querySelectorAll('ol.comment-list > li').length).toBe(5);

      const reply = await t.services.comments.create({ articleId: a.id, parentId: ids[0]!, authorName: 'Replier', body: 'A reply.', status: 'approved' });
      const elsewhere = await story();
      const foreign = await t.services.comments.create({ articleId: elsewhere.id, authorName: 'Elsewhere', body: 'Another story.', status: 'approved' });
      for (const q of [`after=${reply.id}`, `before=${foreign.id}`, 'after=99999999']) expect((await visitor().get(`${a.path}?${q}`)).statusCode, q).toBe(404);
      for (const q of ['after=abc', 'before=-1', 'last=2', `after=${ids[1]}&comments=2`]) expect((await visitor().get(`${a.path}?${q}`)).statusCode, q).toBe(400);
    });

    it("shows editors' picks above the thread, each marked and linking to its place", async () => {
      const a = await story();
      const plain = await buildComment(t.services, a.id, { authorName: 'Plain', createdAt: '2024-03-29T14:00:00Z' });
      const pick = await buildComment(t.services, a.id, { authorName: 'Picked', body: 'A sharp point about the budget.', createdAt: '2024-03-29T14:01:00Z' });
      const hidden = await buildComment(t.services, a.id, { authorName: 'Held', status: 'pending', createdAt: '2024-03-29T14:02:00Z' });
      await t.database.db.updateTable('comments').set({ featured: 1 }).where('id', 'in', [pick.id, hidden.id]).execute();
      t.app.pageCache.clear();

      const { doc } = await page(visitor(), a.path);
      const picks = doc.querySelector('aside.comment-picks');
      expect(text(picks?.querySelector('h3'))).toBe("Editors' picks");
      const items = [...(picks?.querySelectorAll('li.comment-pick') ?? [])];
      expect(items.map((li) => li.getAttribute('data-comment-id'))).toEqual([String(pick.id)]);
      expect(text(items[0]?.querySelector('.comment__pick'))).toBe("Editors' pick");
      expect(text(items[0]?.querySelector('.comment__author'))).toBe('Picked');
      expect(text(items[0]?.querySelector('.comment__body'))).toBe('A sharp point about the budget.');
      expect(items[0]?.querySelector('a')?.getAttribute('href')).toBe(`/comments/${pick.id}`);
      // In the thread too, the comment carries the mark; the others do not.
      expect(text(doc.querySelector(`ol.comment-list #comment-${pick.id} .comment__pick`))).toBe("Editors' pick");
      expect(doc.querySelector(`#comment-${plain.id} .comment__pick`)).toBeNull();
      // The picks block precedes the thread.
      const section = doc.querySelector('#comments')!;
      const children = [...section.children].map((el) => el.className);
      expect(children.indexOf('comment-picks')).toBeLessThan(children.indexOf('comment-list'));

      const none = await story();
      expect((await page(visitor(), none.path)).doc.querySelector('.comment-picks')).toBeNull();
    });
  });

  describe('the form, in each state', () => {
    it('says "Comments are closed." and offers no form or reply links when closed', async () => {
      const a = await story({ commentStatus: 'closed' });
      await buildComment(t.services, a.id);
      const { doc } = await page(visitor(), a.path);
      expect(text(doc.querySelector('#comments .comments__closed'))).toBe('Comments are closed.');
      expect(doc.querySelector('#respond')).toBeNull();
      expect(doc.querySelector('.comment-form__prompt')).toBeNull();
      expect(doc.querySelector('a.comment__reply')).toBeNull();
      const { doc: asReader } = await page((await reader()).client, a.path);
      expect(asReader.querySelector('#respond')).toBeNull();
      expect(text(asReader.querySelector('.comments__closed'))).toBe('Comments are closed.');
    });

    it('asks visitors to sign in when guests may not comment', async () => {
      const a = await story();
      const { doc } = await page(visitor(), a.path);
      expect(doc.querySelector('#respond')).toBeNull();
      const prompt = doc.querySelector('#comments .comment-form__prompt');
      expect(text(prompt)).toBe('Sign in or create an account to join the discussion.');
      expect([...(prompt?.querySelectorAll('a') ?? [])].map((l) => l.getAttribute('href'))).toEqual([
        `/account/sign-in?next=${encodeURIComponent(`${a.path}#respond`)}`,
        `/account/sign-up?next=${encodeURIComponent(`${a.path}#respond`)}`,
      ]);
      expect(doc.querySelector('.comments__closed')).toBeNull();
    });

    it('gives guests a name and email form, with empty tokens on the shared page and a hidden honeypot', async () => {
      await setPolicy({ guestComments: true, moderationMode: 'first_time', maxCommentLength: 1200 });
      const a = await story();
      const { res, doc } = await page(visitor(), a.path);
      expect(res.headers['cache-control']).toBe('public, max-age=0, must-revalidate, s-maxage=60');
      expect(res.headers['set-cookie']).toBeUndefined();
      const form = doc.querySelector('form#respond');
      expect(form?.getAttribute('method')).toBe('post');
      expect(form?.getAttribute('action')).toBe('/comments');
      const v = valuesOf(form!);
      expect(v).toMatchObject({ articleId: String(a.id), parentId: '', _csrf: '', t: '', website: '', name: '', email: '', body: '' });
      expect(form?.querySelector('input[name="name"]')?.hasAttribute('required')).toBe(true);
      // The browser stops at the same length the server accepts.
      expect(form?.querySelector('input[name="name"]')?.getAttribute('maxlength')).toBe('50');
      expect(form?.querySelector('input[name="email"][type="email"]')).not.toBeNull();
      expect(form?.querySelector('textarea[name="body"]')?.getAttribute('maxlength')).toBe('1200');
      expect(text(form?.querySelector('.comment-form__count'))).toBe('Up to 1,200 characters.');
      expect(text(form?.querySelector('.comment-form__note'))).toBe('Comments may be held for a moderator to review before they appear.');
      const trap = form?.querySelector('input[name="website"]');
      const wrapper = trap?.closest('.comment-form__website');
      expect(wrapper?.getAttribute('aria-hidden')).toBe('true');
      expect(trap?.getAttribute('tabindex')).toBe('-1');
      expect(trap?.getAttribute('autocomplete')).toBe('off');
      expect(text(wrapper?.querySelector(`label[for="${trap?.getAttribute('id')}"]`))).toBe('Leave this field empty');
    });

    it('gives a signed-in reader the form with real tokens on a page of their own', async () => {
      const me = await reader();
      const a = await story();
      const { res, doc } = await page(me.client, a.path);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-cache']).toBeUndefined();
      const form = doc.querySelector('form#respond')!;
      const v = valuesOf(form);
      expect(v._csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(v.t).toMatch(/^\d{13}\.[A-Za-z0-9_-]{32}$/);
      expect(form.querySelector('input[name="name"], input[name="email"]')).toBeNull();
      expect(text(form.querySelector('.comment-form__as'))).toBe(`Commenting as ${me.name}`);
      // Post-moderation: nothing to warn about.
      expect(form.querySelector('.comment-form__note')).toBeNull();
    });

    it('tells a reader who has not confirmed their email how to do it', async () => {
      const me = await reader({ verified: false });
      const a = await story();
      const { doc } = await page(me.client, a.path);
      expect(doc.querySelector('#respond')).toBeNull();
      const prompt = doc.querySelector('.comment-form__prompt');
      expect(text(prompt)).toMatch(/^Confirm your email to comment\./);
      expect(prompt?.querySelector('a')?.getAttribute('href')).toBe('/account');
    });

    it('tells a banned reader until when', async () => {
      const me = await reader({ bannedUntil: '2024-04-05T12:00:00.000Z' });
      const a = await story();
      const { doc } = await page(me.client, a.path);
      expect(doc.querySelector('#respond')).toBeNull();
      expect(text(doc.querySelector('.comment-form__prompt'))).toBe("You can't comment until April 5, 2024.");
      expect(doc.querySelector('.comment-form__prompt time')?.getAttribute('datetime')).toBe('2024-04-05T12:00:00.000Z');
    });
  });

  describe('posting through the form', () => {
    it('publishes a reader comment and sends them to its permalink, which leads to its place', async () => {
      const me = await reader();
      const a = await story();
      const res = await submit(me.client, a.path, { body: 'The vote was closer than reported.' });
      expect(res.statusCode).toBe(303);
      const id = Number(/^\/comments\/(\d+)$/.exec(String(res.headers.location))?.[1]);
      const permalink = await me.client.get(`/comments/${id}`);
      expect(permalink.statusCode).toBe(302);
      expect(permalink.headers.location).toBe(`${a.path}#comment-${id}`);
      const { doc } = await page(me.client, a.path);
      const li = doc.querySelector(`#comment-${id}`);
      expect(text(li?.querySelector('.comment__author'))).toBe(me.name);
      expect(text(li?.querySelector('.comment__body'))).toBe('The vote was closer than reported.');
      // Their own comment: edit and delete, no recommending or reporting it.
      expect(li?.querySelector('a.comment__edit')?.getAttribute('href')).toBe(`/comments/${id}/edit`);
      expect(li?.querySelector('form.comment__delete')?.getAttribute('action')).toBe(`/comments/${id}/delete`);
      expect(li?.querySelector('form.comment__react, a.comment__report')).toBeNull();
      expect(text(doc.querySelector('#comments-heading'))).toBe('1 Comment');
      // Everyone sees it.
      expect(text(parse((await visitor().get(a.path)).body).querySelector(`#comment-${id} .comment__body`))).toBe('The vote was closer than reported.');
    });

    it('lets a signed-in staff member comment as themselves, marked as staff, even where every comment is held', async () => {
      await setPolicy({ moderationMode: 'all' });
      const email = `staff${++readerSeq}@example.org`;
      await t.services.accounts.create({ email, name: 'Nadia Newsdesk', role: 'editor', password: PASSWORD });
      const ip = nextIp();
      const { token } = await t.services.accounts.signIn({ email, password: PASSWORD, ip, userAgent: 'test' });
      const staff = adminClient(t.app, ip);
      staff.jar.cookies.set('bs_session', token);
      const a = await story();
      const { res, doc } = await page(staff, a.path);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(text(doc.querySelector('#respond .comment-form__as'))).toBe('Commenting as Nadia Newsdesk');
      expect(doc.querySelector('#respond input[name="name"]')).toBeNull();
      const id = await comment(staff, a.path, 'From the newsroom: the vote is on Monday.');
      const li = parse((await visitor().get(a.path)).body).getElementById(`comment-${id}`);
      expect(text(li?.querySelector('.comment__author'))).toBe('Nadia Newsdesk');
      expect(text(li?.querySelector('.comment__badge'))).toBe('Staff');
      // A stale staff cookie is only an anonymous visitor.
      const stale = visitor();
      stale.jar.cookies.set('bs_session', 'x'.repeat(43));
      expect(parse((await stale.get(a.path)).body).querySelector('#respond')).toBeNull();
    });

    it("shows a reader's held comment only to them, marked as awaiting moderation", async () => {
      await setPolicy({ moderationMode: 'all' });
      const me = await reader();
      const a = await story();
      const id = await comment(me.client, a.path, 'Held for a moderator.');
      const place = await me.client.get(`/comments/${id}`);
      expect(place.statusCode).toBe(302);
      expect(place.headers.location).toBe(`${a.path}#comment-${id}`);
      const { doc } = await page(me.client, a.path);
      const li = doc.querySelector(`#comment-${id}`);
      expect(li?.classList.contains('comment--pending')).toBe(true);
      expect(text(li?.querySelector('.comment__state'))).toBe('Awaiting moderation — only you can see this');
      expect(li?.querySelector('a.comment__reply, a.comment__report, form.comment__react')).toBeNull();
      expect(text(doc.querySelector('#comments-heading'))).toBe('0 Comments');
      expect(text(doc.querySelector('.comment-form__note'))).toBe('Comments may be held for a moderator to review before they appear.');
      const other = parse((await visitor().get(a.path)).body);
      expect(other.getElementById(`comment-${id}`)).toBeNull();
      expect((await visitor().get(`/comments/${id}`)).statusCode).toBe(404);
    });

    it("answers a guest's held comment with a page showing it, after confirming the form the shared page could not sign", async () => {
      await setPolicy({ guestComments: true, moderationMode: 'first_time' });
      const a = await story();
      const guest = visitor();
      const before = await storedComments();
      // The shared page's form has no tokens: without scripts, the post is refused and nothing stored…
      const first = await submit(guest, a.path, { name: 'Gwen Guest', email: 'gwen@example.org', body: 'A guest speaks.' });
      expect(first.statusCode).toBe(403);
      expect(await storedComments()).toBe(before);
      const confirm = parse(first.body);
      expect(text(confirm.querySelector('h1'))).toBe('Confirm your comment');
      expect(text(confirm.querySelector('.form-notice'))).toContain('has not been posted yet');
      const form = confirm.querySelector('form#respond')!;
      const v = valuesOf(form);
      expect(v).toMatchObject({ name: 'Gwen Guest', email: 'gwen@example.org', body: 'A guest speaks.', articleId: String(a.id) });
      expect(v._csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(v.t).not.toBe('');
      expect(first.headers['cache-control']).toBe('no-store');

      // …and one more click posts it.
      t.clock.advance(5_000);
      const second = await guest.post('/comments', v);
      expect(second.statusCode).toBe(200);
      expect(await storedComments()).toBe(before + 1);
      const done = parse(second.body);
      expect(text(done.querySelector('h1'))).toBe('Your comment is awaiting moderation');
      expect(text(done.querySelector('[role="status"]'))).toContain('Comments from guests are reviewed before they appear.');
      const li = done.querySelector('li.comment--pending');
      expect(text(li?.querySelector('.comment__author'))).toBe('Gwen Guest');
      expect(text(li?.querySelector('.comment__body'))).toBe('A guest speaks.');
      expect(text(li?.querySelector('.comment__state'))).toBe('Awaiting moderation — only you can see this');
      // Not public.
      expect(parse((await visitor().get(a.path)).body).querySelector('li.comment')).toBeNull();
    });

    it('publishes a guest comment at once in post-moderation mode, with tokens from /comments/form-token', async () => {
      await setPolicy({ guestComments: true, moderationMode: 'none' });
      const a = await story();
      const guest = visitor();
      const tokens = await guest.get('/comments/form-token');
      expect(tokens.statusCode).toBe(200);
      expect(tokens.headers['cache-control']).toBe('no-store');
      const { csrf, formToken } = tokens.json() as { csrf: string; formToken: string };
      expect(guest.jar.cookies.get('bs_csrf')).toBeTruthy();
      const form = parse((await guest.get(a.path)).body).querySelector('#respond')!;
      t.clock.advance(5_000);
      const res = await guest.post('/comments', { ...valuesOf(form), _csrf: csrf, t: formToken, name: 'Gus', email: 'gus@example.org', body: 'Straight through.' });
      expect(res.statusCode).toBe(303);
      const id = Number(String(res.headers.location).split('/').pop());
      expect(text(parse((await visitor().get(a.path)).body).querySelector(`#comment-${id} .comment__author`))).toBe('Gus');
    });

    describe('refusals come back on the form, the text kept and nothing stored', () => {
      const refused = async (res: LightMyRequestResponse, status: number, message: string | RegExp) => {
        expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
        expect(res.headers['cache-control']).toBe('no-store');
        const doc = parse(res.body);
        const alert = doc.querySelector('[role="alert"]');
        if (typeof message === 'string') expect(text(alert)).toBe(message);
        else expect(text(alert)).toMatch(message);
        return doc;
      };

      it('an empty comment: 422', async () => {
        const me = await reader();
        const a = await story();
        const before = await storedComments();
        const doc = await refused(await submit(me.client, a.path, { body: '   \n ' }), 422, /needs some text|empty/i);
        expect(doc.querySelector('form#respond textarea[name="body"]')?.getAttribute('aria-invalid')).toBe('true');
        expect(valuesOf(doc.querySelector('form#respond')!)._csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(await storedComments()).toBe(before);
      });

      it('a comment over the length limit: 422, with the text back in the box', async () => {
        await setPolicy({ maxCommentLength: 200 });
        const me = await reader();
        const a = await story();
        const long = `${'All work and no play. '.repeat(12)}The end.`;
        const before = await storedComments();
        const doc = await refused(await submit(me.client, a.path, { body: long }), 422, /200/);
        expect(doc.querySelector('form#respond textarea[name="body"]')?.textContent).toBe(long);
        expect(await storedComments()).toBe(before);
      });

      it('a forged CSRF token: 403 and a form to confirm, nothing stored', async () => {
        const me = await reader();
        const a = await story();
        const before = await storedComments();
        const res = await submit(me.client, a.path, { body: 'Is this really me?', _csrf: 'x'.repeat(43) });
        expect(res.statusCode).toBe(403);
        const doc = parse(res.body);
        expect(text(doc.querySelector('h1'))).toBe('Confirm your comment');
        expect(doc.querySelector('form#respond textarea[name="body"]')?.textContent).toBe('Is this really me?');
        expect(await storedComments()).toBe(before);
      });

      it('a closed article: 403 "Comments are closed."', async () => {
        const me = await reader();
        const a = await story();
        const { doc: open } = await page(me.client, a.path);
        await t.database.db.updateTable('articles').set({ comment_status: 'closed' }).where('id', '=', a.id).execute();
        t.app.pageCache.clear();
        t.clock.advance(5_000);
        const before = await storedComments();
        const res = await me.client.post('/comments', { ...valuesOf(open.querySelector('#respond')!), body: 'Too late?' });
        const doc = await refused(res, 403, 'Comments are closed.');
        expect(doc.querySelector('form#respond')).toBeNull();
        expect(doc.querySelector('textarea#unsent-body')?.textContent).toBe('Too late?');
        expect(await storedComments()).toBe(before);
      });

      it('a filled honeypot: 400', async () => {
        const me = await reader();
        const a = await story();
        const before = await storedComments();
        const doc = await refused(await submit(me.client, a.path, { body: 'Buy now', website: 'http://spam.example' }), 400, /automated/);
        expect(doc.querySelector('form#respond textarea[name="body"]')?.textContent).toBe('Buy now');
        expect(valuesOf(doc.querySelector('form#respond')!).website).toBe('');
        expect(await storedComments()).toBe(before);
      });

      it('a form sent sooner than a person could: 400', async () => {
        const me = await reader();
        const a = await story();
        const form = parse((await me.client.get(a.path)).body).querySelector('#respond')!;
        t.clock.advance(1_000);
        const before = await storedComments();
        await refused(await me.client.post('/comments', { ...valuesOf(form), body: 'Instant.' }), 400, /faster than a person/);
        expect(await storedComments()).toBe(before);
      });

      it('a duplicate: 409', async () => {
        const me = await reader();
        const a = await story();
        await comment(me.client, a.path, 'Say it once.');
        const before = await storedComments();
        await refused(await submit(me.client, a.path, { body: 'Say it once.' }), 409, 'You have already posted this comment.');
        expect(await storedComments()).toBe(before);
      });

      it('too many comments: 429 with Retry-After', async () => {
        await setPolicy({ commentLimitPerReader: 1, commentLimitWindowMinutes: 10 });
        const me = await reader();
        const a = await story();
        await comment(me.client, a.path, 'The first.');
        const before = await storedComments();
        const res = await submit(me.client, a.path, { body: 'The second.' });
        await refused(res, 429, /faster than this site allows/);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(await storedComments()).toBe(before);
      });

      it('no article, or one that is not published: 400 and 404', async () => {
        const me = await reader();
        const a = await story();
        const draft = await buildArticle(t.services, t.clock.now(), { status: 'draft', publishedAt: null });
        const form = parse((await me.client.get(a.path)).body).querySelector('#respond')!;
        t.clock.advance(5_000);
        expect((await me.client.post('/comments', { ...valuesOf(form), articleId: 'abc', body: 'Where?' })).statusCode).toBe(400);
        expect((await me.client.post('/comments', { ...valuesOf(form), articleId: String(draft.id), body: 'Sneaky.' })).statusCode).toBe(404);
      });
    });
  });

  describe('the pages behind the links', () => {
    it('replies without scripts: the parent, then a form that posts the reply under it', async () => {
      const me = await reader();
      const a = await story();
      const parent = await buildComment(t.services, a.id, { authorName: 'Dana', body: 'Start here.' });
      const { res, doc } = await page(me.client, `/comments/${parent.id}/reply`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(text(doc.querySelector('h1'))).toBe('Reply to Dana');
      expect(text(doc.querySelector(`#comment-${parent.id} .comment__body`))).toBe('Start here.');
      expect(doc.querySelector(`#comment-${parent.id} .comment__actions`)).toBeNull();
      const form = doc.querySelector('form#respond')!;
      expect(valuesOf(form)).toMatchObject({ parentId: String(parent.id), articleId: String(a.id) });
      expect(valuesOf(form)._csrf).not.toBe('');

      const posted = await submit(me.client, `/comments/${parent.id}/reply`, { body: 'And here.' });
      expect(posted.statusCode).toBe(303);
      const id = Number(String(posted.headers.location).split('/').pop());
      const thread = parse((await visitor().get(a.path)).body);
      expect(thread.querySelector(`#comment-${parent.id} > ol.comment-replies > li#comment-${id}`)).not.toBeNull();

      // Anonymous visitors on a sign-in-only site are asked to sign in, returning to the reply page.
      const anon = parse((await visitor().get(`/comments/${parent.id}/reply`)).body);
      expect(anon.querySelector('form#respond')).toBeNull();
      expect(anon.querySelector('.comment-form__prompt a')?.getAttribute('href')).toBe(`/account/sign-in?next=${encodeURIComponent(`/comments/${parent.id}/reply`)}`);
      expect((await visitor().get('/comments/999999/reply')).statusCode).toBe(404);
    });

    it('edits within the window, and refuses after it', async () => {
      const me = await reader();
      const a = await story();
      const id = await comment(me.client, a.path, 'Frist!');
      const { res, doc } = await page(me.client, `/comments/${id}/edit`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const form = doc.querySelector(`form[action="/comments/${id}/edit"]`)!;
      expect(form.querySelector('textarea[name="body"]')?.textContent).toBe('Frist!');

      const saved = await me.client.post(`/comments/${id}/edit`, { ...valuesOf(form), body: 'First!' });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(`/comments/${id}`);
      const after = parse((await me.client.get(a.path)).body).querySelector(`#comment-${id}`);
      expect(text(after?.querySelector('.comment__body'))).toBe('First!');
      expect(text(after?.querySelector('.comment__edited'))).toBe('(edited)');

      // Someone else may neither open nor send the edit form.
      const other = await reader();
      expect((await other.client.get(`/comments/${id}/edit`)).statusCode).toBe(404);
      const otherForm = parse((await other.client.get(a.path)).body).querySelector('#respond')!;
      expect((await other.client.post(`/comments/${id}/edit`, { _csrf: valuesOf(otherForm)._csrf!, body: 'Hijacked' })).statusCode).toBe(404);

      // After the window: no Edit link, the page says so, and a late save changes nothing.
      const { doc: late } = await page(me.client, `/comments/${id}/edit`);
      const lateForm = late.querySelector(`form[action="/comments/${id}/edit"]`)!;
      t.clock.advance(16 * 60_000);
      const thread = parse((await me.client.get(a.path)).body);
      expect(thread.querySelector(`#comment-${id} a.comment__edit`)).toBeNull();
      expect(thread.querySelector(`#comment-${id} form.comment__delete`)).not.toBeNull();
      const expired = await me.client.get(`/comments/${id}/edit`);
      expect(expired.statusCode).toBe(403);
      expect(text(parse(expired.body).querySelector('[role="alert"]'))).toMatch(/can no longer be changed/);
      expect(parse(expired.body).querySelector(`form[action="/comments/${id}/edit"]`)).toBeNull();
      const tooLate = await me.client.post(`/comments/${id}/edit`, { ...valuesOf(lateForm), body: 'Changed my mind.' });
      expect(tooLate.statusCode).toBe(403);
      expect((await t.services.comments.byId(id))?.body).toBe('First!');
    });

    it('refuses an edit with a forged CSRF token, keeping the text', async () => {
      const me = await reader();
      const a = await story();
      const id = await comment(me.client, a.path, 'Original words.');
      const res = await me.client.post(`/comments/${id}/edit`, { _csrf: 'forged', body: 'New words.' });
      expect(res.statusCode).toBe(403);
      expect(text(parse(res.body).querySelector('[role="alert"]'))).toMatch(/This form has expired/);
      expect(parse(res.body).querySelector('textarea[name="body"]')?.textContent).toBe('New words.');
      expect((await t.services.comments.byId(id))?.body).toBe('Original words.');
    });

    it('deletes after asking: a placeholder where replies hang from it, nothing where none do', async () => {
      const me = await reader();
      const a = await story();
      const lonely = await comment(me.client, a.path, 'Nobody answers this.');
      const answered = await comment(me.client, a.path, 'Somebody answers this.');
      const reply = await buildComment(t.services, a.id, { parentId: answered, authorName: 'Replier', body: 'I answer.' });
      const thread = (await page(me.client, a.path)).doc;
      const form = thread.querySelector(`#comment-${lonely} form.comment__delete`)!;
      // The first press asks once more.
      const ask = await me.client.post(`/comments/${lonely}/delete`, valuesOf(form));
      expect(ask.statusCode).toBe(200);
      const askDoc = parse(ask.body);
      expect(text(askDoc.querySelector('h1'))).toBe('Delete your comment?');
      const confirmForm = askDoc.querySelector(`form[action="/comments/${lonely}/delete"]`)!;
      expect(valuesOf(confirmForm).confirm).toBe('1');
      expect((await t.services.comments.byId(lonely))?.status).toBe('approved');

      const gone = await me.client.post(`/comments/${lonely}/delete`, valuesOf(confirmForm));
      expect(gone.statusCode).toBe(303);
      expect(gone.headers.location).toBe(`${a.path}#comments`);
      const answeredForm = thread.querySelector(`#comment-${answered} form.comment__delete`)!;
      expect((await me.client.post(`/comments/${answered}/delete`, { ...valuesOf(answeredForm), confirm: '1' })).statusCode).toBe(303);

      const after = parse((await visitor().get(a.path)).body);
      expect(after.getElementById(`comment-${lonely}`)).toBeNull();
      const placeholder = after.getElementById(`comment-${answered}`);
      expect(placeholder?.classList.contains('comment--removed')).toBe(true);
      expect(text(placeholder?.querySelector(':scope > article'))).toBe('Comment removed');
      expect(placeholder?.querySelector(':scope > article .comment__author, :scope > article .comment__body, :scope > article .comment__actions')).toBeNull();
      expect(text(placeholder?.querySelector(`:scope > ol.comment-replies > li#comment-${reply.id} .comment__body`))).toBe('I answer.');
      expect(text(after.querySelector('#comments-heading'))).toBe('1 Comment');
    });

    it("refuses to delete someone else's comment or without a valid form", async () => {
      const me = await reader();
      const other = await reader();
      const a = await story();
      const id = await comment(me.client, a.path, 'Mine to delete.');
      const theirs = valuesOf(parse((await other.client.get(a.path)).body).querySelector('#respond')!);
      expect((await other.client.post(`/comments/${id}/delete`, { _csrf: theirs._csrf!, confirm: '1' })).statusCode).toBe(404);
      expect((await me.client.post(`/comments/${id}/delete`, { _csrf: 'nope', confirm: '1' })).statusCode).toBe(403);
      expect((await t.services.comments.byId(id))?.status).toBe('approved');
    });

    it('lets a reader delete their comment after its story was taken down, from their account page', async () => {
      const me = await reader();
      const a = await story();
      const id = await comment(me.client, a.path, 'Said before the story went.');
      await t.database.db.updateTable('articles').set({ status: 'unpublished' }).where('id', '=', a.id).execute();
      const account = parse((await me.client.get('/account')).body);
      const form = account.querySelector(`form[action="/comments/${id}/delete"]`)!;
      const ask = await me.client.post(`/comments/${id}/delete`, valuesOf(form));
      expect(ask.statusCode).toBe(200);
      const askDoc = parse(ask.body);
      expect(askDoc.querySelector('form.comment-confirm a')?.getAttribute('href')).toBe('/account');
      const gone = await me.client.post(`/comments/${id}/delete`, valuesOf(askDoc.querySelector(`form[action="/comments/${id}/delete"]`)!));
      expect([gone.statusCode, gone.headers.location]).toEqual([303, '/account']);
      expect((await t.services.comments.byId(id))?.status).toBe('deleted');
    });

    it('takes reports, from readers and guests alike', async () => {
      const a = await story();
      const target = await buildComment(t.services, a.id, { authorName: 'Troll', body: 'Something nasty.' });
      const guest = visitor();
      const { res, doc } = await page(guest, `/comments/${target.id}/report`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(text(doc.querySelector('h1'))).toBe('Report a comment');
      const form = doc.querySelector(`form[action="/comments/${target.id}/report"]`)!;
      const reasons = [...form.querySelectorAll('input[name="reason"][type="radio"]')].map((r) => [r.getAttribute('value'), text(form.querySelector(`label[for="${r.id}"]`))]);
      expect(reasons).toEqual([
        ['spam', 'Spam'],
        ['abuse', 'Abusive or hateful'],
        ['off_topic', 'Off topic'],
        ['misinformation', 'Misinformation'],
        ['other', 'Something else'],
      ]);
      expect(form.querySelector('textarea[name="note"]')?.getAttribute('maxlength')).toBe('500');

      // No reason chosen: 422, the note kept.
      const none = await guest.post(`/comments/${target.id}/report`, { ...valuesOf(form), note: 'See above' });
      expect(none.statusCode).toBe(422);
      expect(parse(none.body).querySelector('textarea[name="note"]')?.textContent).toBe('See above');

      const sent = await guest.post(`/comments/${target.id}/report`, { ...valuesOf(form), reason: 'abuse', note: 'Insults another reader.' });
      expect(sent.statusCode).toBe(200);
      expect(text(parse(sent.body).querySelector('h1'))).toBe('Thank you for your report');
      const rows = await t.database.db.selectFrom('comment_reports').selectAll().where('comment_id', '=', target.id).execute();
      expect(rows.map((r) => [r.reason, r.note, r.reader_id])).toEqual([['abuse', 'Insults another reader.', null]]);

      const again = await guest.post(`/comments/${target.id}/report`, { ...valuesOf(form), reason: 'spam' });
      expect(again.statusCode).toBe(409);

      const me = await reader();
      const mine = await page(me.client, `/comments/${target.id}/report`);
      expect((await me.client.post(`/comments/${target.id}/report`, { ...valuesOf(mine.doc.querySelector('form.comment-form--report')!), reason: 'off_topic' })).statusCode).toBe(200);
      expect(await t.database.db.selectFrom('comment_reports').select('reader_id').where('comment_id', '=', target.id).where('reader_id', '=', me.id).execute()).toHaveLength(1);

      expect((await guest.post(`/comments/${target.id}/report`, { reason: 'spam' })).statusCode).toBe(403);
      expect((await visitor().get('/comments/999999/report')).statusCode).toBe(404);
    });

    it('thanks the reporter whose report holds the comment, linking back to the story', async () => {
      await setPolicy({ reportsToHold: 1 });
      const a = await story();
      const target = await buildComment(t.services, a.id, { body: 'Held by one report.' });
      const guest = visitor();
      const form = parse((await guest.get(`/comments/${target.id}/report`)).body).querySelector('form.comment-form--report')!;
      const sent = await guest.post(`/comments/${target.id}/report`, { ...valuesOf(form), reason: 'spam' });
      expect(sent.statusCode).toBe(200);
      expect(parse(sent.body).querySelector('main p:last-child a')?.getAttribute('href')).toBe(`${a.path}#comments`);
      expect((await t.services.comments.byId(target.id))?.status).toBe('pending');
      expect((await visitor().get(`/comments/${target.id}`)).statusCode).toBe(404);
    });

    it('counts one recommendation per reader, toggled by the form or by JSON', async () => {
      const a = await story();
      const target = await buildComment(t.services, a.id, { authorName: 'Wise', body: 'A good point.' });
      const me = await reader();
      const button = (doc: Document) => doc.querySelector(`#comment-${target.id} form.comment__react button`);

      let doc = (await page(me.client, a.path)).doc;
      expect(button(doc)?.getAttribute('aria-pressed')).toBe('false');
      expect(text(button(doc)?.querySelector('.comment__recommend-count'))).toBe('');
      expect(text(button(doc))).toBe('Recommend');
      const form = doc.querySelector(`#comment-${target.id} form.comment__react`)!;
      expect(form.getAttribute('action')).toBe(`/comments/${target.id}/react`);
      expect(valuesOf(form).on).toBe('1');

      const first = await me.client.post(`/comments/${target.id}/react`, valuesOf(form));
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toBe(`${a.path}#comment-${target.id}`);
      // Pressing again with the same form (another tab) does not count twice.
      expect((await me.client.post(`/comments/${target.id}/react`, valuesOf(form))).statusCode).toBe(303);
      doc = (await page(me.client, a.path)).doc;
      expect(button(doc)?.getAttribute('aria-pressed')).toBe('true');
      expect(text(button(doc)?.querySelector('.comment__recommend-count'))).toBe('1');
      expect(valuesOf(doc.querySelector(`#comment-${target.id} form.comment__react`)!).on).toBe('0');
      expect(text(parse((await visitor().get(a.path)).body).querySelector(`#comment-${target.id} .comment__recommendations`))).toBe('1 recommendation');

      const csrf = valuesOf(form)._csrf!;
      const json = (on: boolean, c: Client = me.client, token = csrf) =>
        t.app.inject({
          method: 'POST',
          url: `/comments/${target.id}/react`,
          headers: { cookie: c.jar.header(), 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
          payload: { on },
        });
      const off = await json(false);
      expect(off.statusCode).toBe(200);
      expect(off.json()).toEqual({ count: 0, reacted: false });
      expect((await json(true)).json()).toEqual({ count: 1, reacted: true });

      const second = await reader();
      const secondCsrf = valuesOf(parse((await second.client.get(a.path)).body).querySelector(`#comment-${target.id} form.comment__react`)!)._csrf!;
      expect((await json(true, second.client, secondCsrf)).json()).toEqual({ count: 2, reacted: true });

      // Guests cannot recommend; a bad token is refused before anything else.
      const guest = visitor();
      const { csrf: guestCsrf } = (await guest.get('/comments/form-token')).json() as { csrf: string };
      const refused = await json(true, guest, guestCsrf);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('sign_in_required');
      const forged = await json(true, me.client, 'forged');
      expect(forged.statusCode).toBe(403);
      expect(forged.json().error.code).toBe('csrf');
      expect((await t.services.comments.byId(target.id))?.reaction_count).toBe(2);
    });

    it('sends a permalink to the right page of a long thread', async () => {
      const a = await story();
      const base = Date.parse('2024-03-20T10:00:00Z');
      const ids = await t.services.comments.insertMany(
        Array.from({ length: 120 }, (_, i) => ({
          article_id: a.id,
          parent_id: null,
          author_name: `Commenter ${i + 1}`,
          author_email: '',
          body: `Comment ${i + 1}.`,
          status: 'approved' as const,
          created_at: new Date(base + i * 60_000).toISOString(),
          updated_at: new Date(base + i * 60_000).toISOString(),
        })),
      );
      const go = async (id: number) => {
        const res = await visitor().get(`/comments/${id}`);
        expect(res.statusCode).toBe(302);
        return String(res.headers.location);
      };
      expect(await go(ids[74]!)).toBe(`${a.path}?comments=2#comment-${ids[74]}`);
      expect(await go(ids[9]!)).toBe(`${a.path}#comment-${ids[9]}`);
      expect(await go(ids[119]!)).toBe(`${a.path}?comments=3#comment-${ids[119]}`);
      const target = parse((await visitor().get(`${a.path}?comments=2`)).body).getElementById(`comment-${ids[74]}`);
      expect(text(target?.querySelector('.comment__number'))).toBe('75.');

      await t.database.db.updateTable('comments').set({ status: 'spam' }).where('id', '=', ids[5]!).execute();
      expect((await visitor().get(`/comments/${ids[5]}`)).statusCode).toBe(404);
      expect((await visitor().get('/comments/99999999')).statusCode).toBe(404);
      expect((await visitor().get('/comments/not-a-number')).statusCode).toBe(404);
    });

    it('lists every reply on the replies page, and links there from the thread when some are cut', async () => {
      const a = await story();
      const root = await buildComment(t.services, a.id, { authorName: 'Root', body: 'Talk to me.', createdAt: '2024-03-29T10:00:00Z' });
      const extra = 3;
      const base = Date.parse('2024-03-29T10:01:00Z');
      const replyIds = await t.services.comments.insertMany(
        Array.from({ length: REPLIES_SHOWN + extra }, (_, i) => ({
          article_id: a.id,
          parent_id: root.id,
          author_name: `Replier ${i + 1}`,
          author_email: '',
          body: `Reply ${i + 1}.`,
          status: 'approved' as const,
          created_at: new Date(base + i * 60_000).toISOString(),
          updated_at: new Date(base + i * 60_000).toISOString(),
        })),
      );

      const thread = parse((await visitor().get(a.path)).body);
      const li = thread.getElementById(`comment-${root.id}`);
      expect(li?.querySelectorAll(':scope > ol.comment-replies > li.comment')).toHaveLength(REPLIES_SHOWN);
      const more = li?.querySelector(':scope > .comment__more a');
      expect(text(more)).toBe(`Show ${extra} more replies`);
      expect(more?.getAttribute('href')).toBe(`/comments/${root.id}/replies#comment-${root.id}`);
      expect(more?.getAttribute('data-fragment')).toBe(`/comments/${root.id}/replies?fragment=1`);

      const last = replyIds.at(-1)!;
      expect((await visitor().get(`/comments/${last}`)).headers.location).toBe(`/comments/${root.id}/replies#comment-${last}`);
      expect((await visitor().get(`/comments/${replyIds[0]}`)).headers.location).toBe(`${a.path}#comment-${replyIds[0]}`);

      const { res, doc } = await page(visitor(), `/comments/${root.id}/replies`);
      expect(res.statusCode).toBe(200);
      expect(text(doc.querySelector('h1'))).toBe('Replies to Root');
      expect(doc.querySelectorAll(`#comment-${root.id} > ol.comment-replies > li.comment`)).toHaveLength(REPLIES_SHOWN + extra);
      expect(doc.getElementById(`comment-${last}`)).not.toBeNull();
      expect(doc.querySelector('.comment__more')).toBeNull();

      const fragment = await visitor().get(`/comments/${root.id}/replies?fragment=1`);
      expect(fragment.statusCode).toBe(200);
      expect(fragment.headers['content-type']).toContain('text/html');
      const list = parse(`<!doctype html><html><body>${fragment.body}</body></html>`).body;
      expect(list.children).toHaveLength(1);
      expect(list.firstElementChild?.matches('ol.comment-replies')).toBe(true);
      expect(list.querySelectorAll('ol.comment-replies > li.comment')).toHaveLength(REPLIES_SHOWN + extra);
      expect((await visitor().get('/comments/99999999/replies')).statusCode).toBe(404);
    });
  });

  describe('comments the visitor cannot act on', () => {
    it('lists the replies of a removed top-level comment on its replies page, where its permalinks lead', async () => {
      const me = await reader();
      const a = await story();
      const root = await comment(me.client, a.path, 'Soon to be removed.');
      const base = Date.parse('2024-03-29T15:01:00Z');
      const replyIds = await t.services.comments.insertMany(
        Array.from({ length: REPLIES_SHOWN + 2 }, (_, i) => ({
          article_id: a.id,
          parent_id: root,
          author_name: `Replier ${i + 1}`,
          author_email: '',
          body: `Reply ${i + 1}.`,
          status: 'approved' as const,
          created_at: new Date(base + i * 60_000).toISOString(),
          updated_at: new Date(base + i * 60_000).toISOString(),
        })),
      );
      await t.services.comments.remove(root, { readerId: me.id, accountId: null });

      const more = parse((await visitor().get(a.path)).body).querySelector(`#comment-${root} > .comment__more a`);
      const last = replyIds.at(-1)!;
      expect((await visitor().get(`/comments/${last}`)).headers.location).toBe(`/comments/${root}/replies#comment-${last}`);
      const { res, doc } = await page(visitor(), String(more?.getAttribute('href')));
      expect(res.statusCode).toBe(200);
      expect(text(doc.querySelector('h1'))).toBe('Replies to a removed comment');
      expect(text(doc.querySelector(`#comment-${root} > article`))).toBe('Comment removed');
      expect(doc.querySelector(`#comment-${root} > article .comment__actions`)).toBeNull();
      expect(doc.querySelectorAll(`#comment-${root} > ol.comment-replies > li.comment`)).toHaveLength(REPLIES_SHOWN + 2);
      const fragment = await visitor().get(String(more?.getAttribute('data-fragment')));
      expect(fragment.statusCode).toBe(200);
      expect(parse(`<!doctype html><html><body>${fragment.body}</body></html>`).querySelectorAll('ol.comment-replies > li.comment')).toHaveLength(REPLIES_SHOWN + 2);
      // Nothing of the removed comment comes back through its other pages.
      expect((await visitor().get(`/comments/${root}/report`)).statusCode).toBe(404);
      expect((await visitor().get(`/comments/${root}/reply`)).statusCode).toBe(404);
    });

    it('refuses to report or recommend a comment on a story that was taken down, storing nothing', async () => {
      const me = await reader();
      const a = await story();
      const target = await buildComment(t.services, a.id, { body: 'On a story soon pulled.' });
      const guest = visitor();
      const reportForm = valuesOf(parse((await guest.get(`/comments/${target.id}/report`)).body).querySelector('form.comment-form--report')!);
      const reactForm = valuesOf(parse((await me.client.get(a.path)).body).querySelector(`#comment-${target.id} form.comment__react`)!);
      await t.database.db.updateTable('articles').set({ status: 'draft' }).where('id', '=', a.id).execute();

      expect((await guest.post(`/comments/${target.id}/report`, { ...reportForm, reason: 'spam' })).statusCode).toBe(404);
      expect((await me.client.post(`/comments/${target.id}/react`, reactForm)).statusCode).toBe(404);
      expect(await t.database.db.selectFrom('comment_reports').select('id').where('comment_id', '=', target.id).execute()).toEqual([]);
      expect(await t.database.db.selectFrom('comment_reactions').select('reader_id').where('comment_id', '=', target.id).execute()).toEqual([]);
    });

    it('limits requests per IPv6 network, not per address within it', async () => {
      const from = (address: string) => t.app.inject({ method: 'POST', url: '/comments/1/delete', remoteAddress: address, payload: {} });
      for (let i = 1; i <= 30; i++) expect((await from(`2001:db8:5:5::${i.toString(16)}`)).statusCode).toBe(403);
      const over = await from('2001:db8:5:5:ffff::1');
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect((await from('2001:db8:5:6::1')).statusCode).toBe(403);
    });

    it("refuses an edit of one's comment on a story that was taken down, keeping the text", async () => {
      const me = await reader();
      const a = await story();
      const id = await comment(me.client, a.path, 'Before the story was pulled.');
      const form = valuesOf(parse((await me.client.get(`/comments/${id}/edit`)).body).querySelector('form.comment-form--edit')!);
      await t.database.db.updateTable('articles').set({ status: 'draft' }).where('id', '=', a.id).execute();
      expect((await me.client.post(`/comments/${id}/edit`, { ...form, body: 'Changed while hidden.' })).statusCode).toBe(404);
      expect((await t.services.comments.byId(id))?.body).toBe('Before the story was pulled.');
    });
  });

  describe('posting as JSON, for the page script', () => {
    const postJson = (c: Client, payload: Record<string, unknown>, csrf: string) =>
      t.app.inject({
        method: 'POST',
        url: '/comments',
        remoteAddress: nextIp(),
        headers: { cookie: c.jar.header(), 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        payload,
      });

    it('answers 201 with the comment rendered for its place, or the standard error', async () => {
      const me = await reader();
      const a = await story();
      const parent = await buildComment(t.services, a.id, { authorName: 'Dana' });
      const v = valuesOf(parse((await me.client.get(a.path)).body).querySelector('#respond')!);
      t.clock.advance(5_000);

      const res = await postJson(me.client, { ...v, parentId: parent.id, body: 'Posted by script.' }, v._csrf!);
      expect(res.statusCode).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const answer = res.json() as { id: number; status: string; heldReason: string; html: string };
      expect(answer).toMatchObject({ status: 'approved', heldReason: '' });
      const li = parse(`<!doctype html><html><body><ol>${answer.html}</ol></body></html>`).querySelector('ol > li');
      expect(li?.id).toBe(`comment-${answer.id}`);
      expect(li?.classList.contains('comment--reply')).toBe(true);
      expect(text(li?.querySelector('.comment__body'))).toBe('Posted by script.');
      expect(li?.querySelector('a.comment__edit')?.getAttribute('href')).toBe(`/comments/${answer.id}/edit`);
      expect((await t.services.comments.byId(answer.id))?.parent_id).toBe(parent.id);

      const empty = await postJson(me.client, { ...v, body: '' }, v._csrf!);
      expect(empty.statusCode).toBe(422);
      expect(empty.json().error.code).toBe('invalid_input');

      const forged = await postJson(me.client, { ...v, body: 'Forged.', _csrf: undefined }, 'forged');
      expect(forged.statusCode).toBe(403);
      expect(forged.json().error.code).toBe('csrf');
    });

    it('marks a held comment as visible only to its author', async () => {
      await setPolicy({ moderationMode: 'all' });
      const me = await reader();
      const a = await story();
      const v = valuesOf(parse((await me.client.get(a.path)).body).querySelector('#respond')!);
      t.clock.advance(5_000);
      const res = await postJson(me.client, { ...v, body: 'Wait for it.' }, v._csrf!);
      expect(res.statusCode).toBe(201);
      const answer = res.json() as { id: number; status: string; heldReason: string; html: string };
      expect(answer.status).toBe('pending');
      expect(answer.heldReason).toBe('Every comment here is reviewed before it appears.');
      const li = parse(`<!doctype html><html><body><ol>${answer.html}</ol></body></html>`).querySelector('ol > li');
      expect(text(li?.querySelector('.comment__state'))).toBe('Awaiting moderation — only you can see this');
    });
  });
});
