import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import type { TokensService } from '../../src/modules/tokens/tokens.service.js';
import type { ArticleRow, Role } from '../../src/platform/db/schema.js';
import { createSmtpMailer } from '../../src/platform/mailer.js';
import { CookieJar } from '../helpers/admin.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle, buildComment } from '../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const FROM = 'Broadsheet <no-reply@news.example.test>';
const PASSWORD = 'correct horse battery staple';
const ROLES: Role[] = ['admin', 'editor', 'author', 'moderator'];

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface ApiComment {
  id: number;
  parentId: number | null;
  depth: number;
  number: number | null;
  body: string;
  authorName: string;
  state: string;
  url: string | null;
  mine: boolean;
  reacted: boolean;
  reactions: number;
  featured: boolean;
  editedAt: string | null;
}

/**
 * The comments JSON API as its clients use it: a browser-like client keeping
 * cookies and sending the CSRF header, readers who sign up by reading the
 * email the site sends, and moderators with API tokens.
 */
describe('comments JSON API', () => {
  let t: TestContext;
  let smtp: TestSmtpServer;
  let tokens: TokensService;
  const token = {} as Record<Role, string>;
  let article: ArticleRow;
  let address = 0;
  /** Each client from an address of its own, so per-address limits stay out of the way unless a test wants them. */
  const nextIp = () => `203.0.113.${(++address % 250) + 1}`;
  let seq = 0;
  const words = () => `Point number ${++seq}: the harbour plan needs a second look at the costs.`;

  /** A browser-like client: keeps cookies, sends the CSRF token it was given in x-csrf-token. */
  function browser(remoteAddress = nextIp()) {
    const jar = new CookieJar();
    let csrf: string | undefined;
    async function send(method: Method, url: string, payload?: unknown, opts: { csrf?: string | false; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { cookie: jar.header() };
      const sentCsrf = opts.csrf === undefined ? csrf : opts.csrf;
      if (method !== 'GET' && sentCsrf) headers['x-csrf-token'] = sentCsrf;
      const res = await t.app.inject({ method, url, remoteAddress, headers: { ...headers, ...opts.headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
      jar.take(res);
      return res;
    }
    return {
      jar,
      remoteAddress,
      get csrf() {
        return csrf;
      },
      async session() {
        const res = await send('GET', '/api/v1/session');
        csrf = res.json().csrf;
        return res;
      },
      get: (url: string) => send('GET', url),
      post: (url: string, payload?: unknown, opts?: { csrf?: string | false }) => send('POST', url, payload, opts),
      patch: (url: string, payload?: unknown, opts?: { csrf?: string | false }) => send('PATCH', url, payload, opts),
      put: (url: string, opts?: { csrf?: string | false }) => send('PUT', url, undefined, opts),
      del: (url: string, opts?: { csrf?: string | false }) => send('DELETE', url, undefined, opts),
    };
  }
  type Browser = ReturnType<typeof browser>;

  /** The last link of a kind the site emailed to an address: its token. */
  async function emailedToken(email: string, kind: 'verify' | 'link'): Promise<string> {
    await t.services.readers.settled();
    const mails = smtp.to(email);
    const last = mails[mails.length - 1];
    const m = last && new RegExp(`/account/${kind}/([A-Za-z0-9_-]{43})`).exec(last.text);
    if (!m) throw new Error(`no ${kind} link emailed to ${email}`);
    return m[1]!;
  }

  /** A reader who signed up through the API and confirmed their address from the email; the browser is signed in. */
  async function reader(name = `Reader ${++seq}`): Promise<{ b: Browser; id: number; email: string; name: string }> {
    const b = browser();
    const email = `reader${++seq}@example.org`;
    await b.session();
    const res = await b.post('/api/v1/readers', { email, displayName: name, password: PASSWORD });
    expect(res.statusCode, res.body).toBe(202);
    const redeemed = await b.post('/api/v1/readers/links', { token: await emailedToken(email, 'verify'), purpose: 'verify' });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
    return { b, id: redeemed.json().data.id, email, name };
  }

  const errorOf = (res: LightMyRequestResponse) => {
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.json().error as { code: string; message: string };
  };
  const expectError = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(errorOf(res).code).toBe(code);
  };

  const commentsUrl = (a: { slug: string }, query = '') => `/api/v1/articles/${a.slug}/comments${query}`;
  const countComments = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const thread = async (b: Browser | null, a: { slug: string }, query = '') => {
    const res = b ? await b.get(commentsUrl(a, query)) : await t.app.inject({ url: commentsUrl(a, query) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { data: ApiComment[]; meta: Record<string, unknown> & { picks: ApiComment[]; commenting: Record<string, unknown> } };
  };

  const api = (method: Method, url: string, bearer?: string | null, payload?: unknown) =>
    t.app.inject({ method, url, headers: bearer ? { authorization: `Bearer ${bearer}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

  const newArticle = async (over: Parameters<typeof buildArticle>[2] = {}) => (await t.services.articles.byId((await buildArticle(t.services, t.clock.now(), over)).id))!;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ mailer: createSmtpMailer(smtp.url, FROM) });
    // Posting limits are tested on their own; elsewhere they only get in the way.
    await t.services.settings.update({ moderationMode: 'none', commentLimitPerIp: 1000, commentLimitPerReader: 1000 });
    article = await newArticle({ headline: 'Harbour plan approved' });
    const wired = t.services.tokens;
    tokens = wired;
    let admin: Actor | undefined;
    for (const role of ROLES) {
      const account = await t.services.accounts.create({ email: `${role}@example.org`, name: `${role} person`, role, password: PASSWORD });
      if (role === 'admin') admin = { accountId: account.id, role, authorId: null, name: account.name };
    }
    for (const role of ROLES) token[role] = (await tokens.create(admin!, { name: `${role} moderation`, role })).token;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  describe('reader sessions', () => {
    it('GET /session hands out a CSRF token, sets its cookie, and is never cached', async () => {
      const b = browser();
      const res = await b.session();
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json();
      expect(body).toEqual({ reader: null, csrf: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      expect(b.jar.cookies.has('bs_csrf')).toBe(true);
      // The same browser keeps its token.
      expect((await b.session()).json().csrf).toBe(body.csrf);
    });

    it('signs up, confirms the address by the emailed link, and is signed in', async () => {
      const b = browser();
      const email = 'ana@example.org';
      const countReaders = async () => (await t.database.db.selectFrom('readers').select('id').where('email', '=', email).execute()).length;

      // Without the CSRF header nothing is stored and nothing is sent.
      await b.session();
      expectError(await b.post('/api/v1/readers', { email, displayName: 'Ana' }, { csrf: false }), 403, 'csrf');
      expect(await countReaders()).toBe(0);
      await t.services.readers.settled();
      expect(smtp.to(email)).toHaveLength(0);

      expectError(await b.post('/api/v1/readers', { email: 'not an address', displayName: 'Ana' }), 422, 'invalid_input');
      expectError(await b.post('/api/v1/readers', { email, displayName: 'Ana', nickname: 'A' }), 400, 'invalid_request');
      expect(await countReaders()).toBe(0);

      const first = await b.post('/api/v1/readers', { email, displayName: 'Ana', password: PASSWORD });
      expect(first.statusCode).toBe(202);
      expect(first.headers['cache-control']).toBe('no-store');
      // An address that has an account is answered the same way.
      const again = await b.post('/api/v1/readers', { email, displayName: 'Someone else' });
      expect(again.statusCode).toBe(202);
      expect(again.body).toBe(first.body);
      expect(await countReaders()).toBe(1);

      // The first email confirms the new address; the second is a sign-in link for the account that exists.
      await t.services.readers.settled();
      const mails = smtp.to(email);
      expect(mails).toHaveLength(2);
      expect(mails[1]!.text).toMatch(/\/account\/link\/[A-Za-z0-9_-]{43}/);
      const token = /\/account\/verify\/([A-Za-z0-9_-]{43})/.exec(mails[0]!.text)![1]!;

      expectError(await b.post('/api/v1/readers/links', { token: 'x'.repeat(43), purpose: 'verify' }), 400, 'reader_link_unknown');
      expectError(await b.post('/api/v1/readers/links', { token, purpose: 'sign_in' }), 400, 'reader_link_unknown');
      const redeemed = await b.post('/api/v1/readers/links', { token, purpose: 'verify' });
      expect(redeemed.statusCode, redeemed.body).toBe(200);
      expect(redeemed.json().data).toMatchObject({ email, displayName: 'Ana', verified: true, hasPassword: true, banned: false });
      const cookie = ([] as string[]).concat(redeemed.headers['set-cookie'] ?? []).find((c) => c.startsWith('bs_reader='));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Secure/i);
      expectError(await b.post('/api/v1/readers/links', { token, purpose: 'verify' }), 400, 'reader_link_used');

      expect((await b.session()).json().reader).toMatchObject({ email, displayName: 'Ana', verified: true });
      const me = await b.get('/api/v1/me');
      expect(me.statusCode).toBe(200);
      expect(me.headers['cache-control']).toBe('no-store');
      expect(me.json().data).toMatchObject({ email, displayName: 'Ana', notifyReplies: true });
    });

    it('signs in with a password or an emailed link, changes the profile, and signs out', async () => {
      const { email } = await reader('Bea');
      const b = browser();
      await b.session();
      expectError(await b.get('/api/v1/me'), 401, 'not_signed_in');

      const wrong = await b.post('/api/v1/readers/sessions', { email, password: 'not the password at all' });
      expectError(wrong, 401, 'invalid_credentials');
      expect(b.jar.cookies.has('bs_reader')).toBe(false);
      expectError(await b.post('/api/v1/readers/sessions', { email, password: PASSWORD }, { csrf: false }), 403, 'csrf');
      expect(b.jar.cookies.has('bs_reader')).toBe(false);

      const signedIn = await b.post('/api/v1/readers/sessions', { email, password: PASSWORD });
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      expect(signedIn.json().data.email).toBe(email);
      expect((await b.get('/api/v1/me')).json().data.displayName).toBe('Bea');

      const changed = await b.patch('/api/v1/me', { displayName: '  Bea  Rossi ', notifyReplies: false });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().data).toMatchObject({ displayName: 'Bea Rossi', notifyReplies: false });
      expectError(await b.patch('/api/v1/me', {}), 400, 'invalid_request');
      expectError(await b.patch('/api/v1/me', { displayName: '\u200b' }), 422, 'invalid_input');
      expectError(await b.patch('/api/v1/me', { displayName: 'Nope' }, { csrf: false }), 403, 'csrf');
      expect((await t.services.readers.byId(signedIn.json().data.id))!.displayName).toBe('Bea Rossi');

      expectError(await b.del('/api/v1/session', { csrf: false }), 403, 'csrf');
      expect((await b.get('/api/v1/me')).statusCode).toBe(200);
      const out = await b.del('/api/v1/session');
      expect(out.statusCode).toBe(204);
      expect(out.body).toBe('');
      expect(b.jar.cookies.has('bs_reader')).toBe(false);
      expectError(await b.get('/api/v1/me'), 401, 'not_signed_in');
      expectError(await b.get('/api/v1/me/comments'), 401, 'not_signed_in');

      // By an emailed link: the same answer whether or not the address has an account.
      const asked = await b.post('/api/v1/readers/sign-in-link', { email });
      expect(asked.statusCode).toBe(202);
      const nobody = await b.post('/api/v1/readers/sign-in-link', { email: 'nobody@example.org' });
      expect(nobody.statusCode).toBe(202);
      expect(nobody.body).toBe(asked.body);
      expectError(await b.post('/api/v1/readers/sign-in-link', { email: 'nope' }), 422, 'invalid_input');
      const linked = await b.post('/api/v1/readers/links', { token: await emailedToken(email, 'link'), purpose: 'sign_in' });
      expect(linked.statusCode, linked.body).toBe(200);
      expect((await b.get('/api/v1/me')).json().data.email).toBe(email);
    });

    it('limits how often one address may ask for emails, answering 429 with Retry-After', async () => {
      const b = browser();
      await b.session();
      for (let i = 0; i < 5; i++) expectError(await b.post('/api/v1/readers/sign-in-link', { email: `bad address ${i}` }), 422, 'invalid_input');
      const limited = await b.post('/api/v1/readers/sign-in-link', { email: 'someone@example.org' });
      expectError(limited, 429, 'rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not held back by it.
      const other = browser();
      await other.session();
      expect((await other.post('/api/v1/readers/sign-in-link', { email: 'someone@example.org' })).statusCode).toBe(202);
    });
  });

  describe('reading and writing comments', () => {
    it('posts a comment and a reply, and reads them back through the thread, the comment and its replies', async () => {
      const alice = await reader('Alice');
      const bob = await reader('Bob');

      const posted = await alice.b.post(commentsUrl(article), { body: 'The ferry timetable matters more than the bridge.' });
      expect(posted.statusCode, posted.body).toBe(201);
      expect(posted.headers['cache-control']).toBe('no-store');
      const top = posted.json();
      expect(top).toMatchObject({ status: 'approved', heldReason: '', data: { authorName: 'Alice', depth: 0, parentId: null, state: 'approved', mine: true, articleId: article.id } });
      expect(posted.headers.location).toBe(`/api/v1/comments/${top.data.id}`);
      expect(top.data.url).toMatch(new RegExp(`^https://news\\.example\\.test/\\d{4}/\\d{2}/\\d{2}/${article.slug}#comment-${top.data.id}$`));

      const replied = await bob.b.post(commentsUrl(article), { body: 'Both matter, surely?', parentId: top.data.id });
      expect(replied.statusCode, replied.body).toBe(201);
      const reply = replied.json().data;
      expect(reply).toMatchObject({ parentId: top.data.id, depth: 1, authorName: 'Bob', mine: true });

      // Anyone can read it; the answer for a stranger may be cached, the reader's may not.
      const anon = await t.app.inject({ url: commentsUrl(article) });
      expect(anon.headers['cache-control']).toBe('public, max-age=30');
      const shown = anon.json();
      const ours = shown.data.filter((c: ApiComment) => c.id === top.data.id || c.id === reply.id);
      expect(ours.map((c: ApiComment) => [c.body, c.depth, c.mine])).toEqual([
        ['The ferry timetable matters more than the bridge.', 0, false],
        ['Both matter, surely?', 1, false],
      ]);
      expect(shown.meta).toMatchObject({ sort: 'oldest', commentsOpen: true, picks: [], commenting: { open: true, canPost: false, reason: 'sign_in', guestsAllowed: false } });
      const mine = await alice.b.get(commentsUrl(article));
      expect(mine.headers['cache-control']).toBe('no-store');
      expect(mine.json().data.find((c: ApiComment) => c.id === top.data.id)).toMatchObject({ mine: true, state: 'approved', reactions: 0, reacted: false, featured: false, editedAt: null });
      expect(mine.json().meta.commenting).toMatchObject({ open: true, canPost: true, reason: null, maxLength: 3000, editWindowMinutes: 15 });

      const one = await t.app.inject({ url: `/api/v1/comments/${reply.id}` });
      expect(one.statusCode).toBe(200);
      expect(one.json().data).toMatchObject({ id: reply.id, articleId: article.id, depth: 1, url: expect.stringMatching(new RegExp(`/${article.slug}#comment-${reply.id}$`)) });

      const sub = (await t.app.inject({ url: `/api/v1/comments/${top.data.id}/replies` })).json();
      expect(sub.meta).toEqual({ articleId: article.id, count: 2 });
      expect(sub.data.map((c: ApiComment) => [c.id, c.depth])).toEqual([
        [top.data.id, 0],
        [reply.id, 1],
      ]);

      for (const url of ['/api/v1/comments/999999', '/api/v1/comments/999999/replies']) expectError(await t.app.inject({ url }), 404, 'not_found');
      expectError(await t.app.inject({ url: '/api/v1/comments/abc' }), 400, 'invalid_request');
      expectError(await t.app.inject({ url: '/api/v1/articles/no-such-story/comments' }), 404, 'not_found');

      // Their own list.
      const own = await alice.b.get('/api/v1/me/comments');
      expect(own.statusCode).toBe(200);
      expect(own.json().data[0]).toMatchObject({ id: top.data.id, status: 'approved', articleId: article.id, articleHeadline: 'Harbour plan approved' });
      expect(own.json().data[0].articleUrl).toMatch(new RegExp(`^https://news\\.example\\.test/.*/${article.slug}$`));
      expectError(await alice.b.get('/api/v1/me/comments?page=3'), 404, 'not_found');
    });

    it('edits one’s own comment within the edit window only', async () => {
      const alice = await reader('Alice E');
      const bob = await reader('Bob E');
      const a = await newArticle();
      const id = (await alice.b.post(commentsUrl(a), { body: 'A first thought.' })).json().data.id;

      const edited = await alice.b.patch(`/api/v1/comments/${id}`, { body: 'A better first thought.' });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json().data).toMatchObject({ id, body: 'A better first thought.', editedAt: t.clock.now().toISOString(), articleId: a.id });
      expectError(await bob.b.patch(`/api/v1/comments/${id}`, { body: 'Hijacked.' }), 404, 'not_found');
      expectError(await alice.b.patch(`/api/v1/comments/${id}`, { body: 'No token.' }, { csrf: false }), 403, 'csrf');
      expectError(await alice.b.patch(`/api/v1/comments/${id}`, { body: '   ' }), 422, 'invalid_input');
      expectError(await alice.b.patch(`/api/v1/comments/${id}`, { text: 'wrong field' }), 400, 'invalid_request');

      t.clock.advance(16 * 60_000);
      expectError(await alice.b.patch(`/api/v1/comments/${id}`, { body: 'Too late now.' }), 403, 'edit_window_closed');
      expect((await t.services.comments.byId(id))!.body).toBe('A better first thought.');
    });

    it('deletes one’s own comment; one with replies stays as a placeholder', async () => {
      const alice = await reader('Alice D');
      const bob = await reader('Bob D');
      const a = await newArticle();
      const parent = (await alice.b.post(commentsUrl(a), { body: 'Delete me later.' })).json().data.id;
      const child = (await bob.b.post(commentsUrl(a), { body: 'A reply that stays.', parentId: parent })).json().data.id;

      expectError(await bob.b.del(`/api/v1/comments/${parent}`), 404, 'not_found');
      expectError(await alice.b.del(`/api/v1/comments/${parent}`, { csrf: false }), 403, 'csrf');
      expect((await t.services.comments.byId(parent))!.status).toBe('approved');

      const gone = await alice.b.del(`/api/v1/comments/${parent}`);
      expect(gone.statusCode).toBe(204);
      expect(gone.body).toBe('');
      expectError(await alice.b.del(`/api/v1/comments/${parent}`), 404, 'not_found');
      expectError(await t.app.inject({ url: `/api/v1/comments/${parent}` }), 404, 'not_found');
      const shown = await thread(null, a);
      expect(shown.data.map((c) => [c.id, c.state, c.body, c.authorName])).toEqual([
        [parent, 'removed', '', ''],
        [child, 'approved', 'A reply that stays.', 'Bob D'],
      ]);
      expect(shown.data[1]!.url).toMatch(new RegExp(`#comment-${child}$`));
    });

    it('reports: once per reader, never one’s own, and enough reports hide the comment', async () => {
      const alice = await reader('Alice R');
      const bob = await reader('Bob R');
      const a = await newArticle();
      const id = (await alice.b.post(commentsUrl(a), { body: 'Something people will report.' })).json().data.id;

      const first = await bob.b.post(`/api/v1/comments/${id}/reports`, { reason: 'abuse', note: 'Rude.' });
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toEqual({ held: false });
      expectError(await bob.b.post(`/api/v1/comments/${id}/reports`, { reason: 'spam' }), 409, 'conflict');
      expectError(await alice.b.post(`/api/v1/comments/${id}/reports`, { reason: 'spam' }), 422, 'invalid_input');
      expectError(await bob.b.post(`/api/v1/comments/${id}/reports`, { reason: 'boring' }), 400, 'invalid_request');
      expectError(await bob.b.post(`/api/v1/comments/999999/reports`, { reason: 'spam' }), 404, 'not_found');

      // Guests report too (with the CSRF header), each address once.
      const guest1 = browser();
      await guest1.session();
      expectError(await guest1.post(`/api/v1/comments/${id}/reports`, { reason: 'spam' }, { csrf: false }), 403, 'csrf');
      expect((await guest1.post(`/api/v1/comments/${id}/reports`, { reason: 'spam' })).json()).toEqual({ held: false });
      const guest2 = browser();
      await guest2.session();
      const third = await guest2.post(`/api/v1/comments/${id}/reports`, { reason: 'off_topic' });
      expect(third.json()).toEqual({ held: true });
      expect((await t.services.comments.byId(id))!.status).toBe('pending');
      expectError(await t.app.inject({ url: `/api/v1/comments/${id}` }), 404, 'not_found');
      const reports = await t.database.db.selectFrom('comment_reports').select('reason').where('comment_id', '=', id).execute();
      expect(reports.map((r) => r.reason).sort()).toEqual(['abuse', 'off_topic', 'spam']);
    });

    it('recommends: PUT twice counts once, DELETE takes it back, never one’s own', async () => {
      const alice = await reader('Alice X');
      const bob = await reader('Bob X');
      const a = await newArticle();
      const id = (await alice.b.post(commentsUrl(a), { body: 'Recommend this.' })).json().data.id;

      const on = await bob.b.put(`/api/v1/comments/${id}/reaction`);
      expect(on.statusCode, on.body).toBe(200);
      expect(on.json()).toEqual({ count: 1, reacted: true });
      expect((await bob.b.put(`/api/v1/comments/${id}/reaction`)).json()).toEqual({ count: 1, reacted: true });
      expect((await thread(bob.b, a)).data[0]).toMatchObject({ reactions: 1, reacted: true });
      expect((await thread(null, a)).data[0]).toMatchObject({ reactions: 1, reacted: false });

      expectError(await alice.b.put(`/api/v1/comments/${id}/reaction`), 422, 'invalid_input');
      expectError(await bob.b.put(`/api/v1/comments/${id}/reaction`, { csrf: false }), 403, 'csrf');
      const guest = browser();
      await guest.session();
      expectError(await guest.put(`/api/v1/comments/${id}/reaction`), 403, 'sign_in_required');
      expectError(await bob.b.put(`/api/v1/comments/999999/reaction`), 404, 'not_found');

      expect((await bob.b.del(`/api/v1/comments/${id}/reaction`)).json()).toEqual({ count: 0, reacted: false });
      expect((await bob.b.del(`/api/v1/comments/${id}/reaction`)).json()).toEqual({ count: 0, reacted: false });
      expect((await thread(bob.b, a)).data[0]).toMatchObject({ reactions: 0, reacted: false });
    });

    it('sorts the thread oldest first (numbered), newest first, or by recommendations; anything else is 400', async () => {
      const a = await newArticle();
      const base = Date.parse(t.clock.now().toISOString()) - 30 * 60_000;
      const at = (m: number) => new Date(base + m * 60_000).toISOString();
      const c1 = await buildComment(t.services, a.id, { body: 'Oldest', createdAt: at(1) });
      const c2 = await buildComment(t.services, a.id, { body: 'Middle', createdAt: at(2) });
      const c3 = await buildComment(t.services, a.id, { body: 'Newest', createdAt: at(3) });
      for (let i = 0; i < 2; i++) {
        const r = await reader(`Fan ${i}`);
        await r.b.put(`/api/v1/comments/${c2.id}/reaction`);
        if (i === 0) await r.b.put(`/api/v1/comments/${c3.id}/reaction`);
      }
      const order = async (sort: string) => (await thread(null, a, sort ? `?sort=${sort}` : '')).data.map((c) => [c.id, c.number]);
      expect(await order('')).toEqual([
        [c1.id, 1],
        [c2.id, 2],
        [c3.id, 3],
      ]);
      expect(await order('oldest')).toEqual(await order(''));
      expect((await order('newest')).map(([id]) => id)).toEqual([c3.id, c2.id, c1.id]);
      expect((await order('top')).map(([id]) => id)).toEqual([c2.id, c3.id, c1.id]);
      expect((await thread(null, a, '?sort=top')).meta.sort).toBe('top');
      const bad = await t.app.inject({ url: commentsUrl(a, '?sort=random') });
      expectError(bad, 400, 'invalid_request');
      expect(errorOf(bad).message).toContain('sort');
      // Permalinks hold whatever the order.
      const top = (await thread(null, a, '?sort=top')).data;
      for (const c of top) expect(c.url).toMatch(new RegExp(`/${a.slug}#comment-${c.id}$`));
    });

    it('refuses writes without the right CSRF header and stores nothing', async () => {
      const alice = await reader('Alice C');
      const other = browser();
      await other.session();
      const before = await countComments();
      expectError(await alice.b.post(commentsUrl(article), { body: 'No header at all.' }, { csrf: false }), 403, 'csrf');
      expectError(await alice.b.post(commentsUrl(article), { body: 'Another browser’s token.' }, { csrf: other.csrf! }), 403, 'csrf');
      const forged = await alice.b.post(commentsUrl(article), { body: 'A made-up token.' }, { csrf: 'x'.repeat(43) });
      expectError(forged, 403, 'csrf');
      expect(forged.headers['cache-control']).toBe('no-store');
      expect(await countComments()).toBe(before);
    });

    it('answers 403 "Comments are closed." on a closed article', async () => {
      const alice = await reader('Alice Z');
      const closed = await newArticle({ commentStatus: 'closed' });
      const before = await countComments();
      const res = await alice.b.post(commentsUrl(closed), { body: 'Too late to the party.' });
      expectError(res, 403, 'comments_closed');
      expect(errorOf(res).message).toBe('Comments are closed.');
      expect(await countComments()).toBe(before);
      expect((await thread(alice.b, closed)).meta).toMatchObject({ commentsOpen: false, commenting: { open: false, canPost: false, reason: 'closed' } });
    });

    it('refuses what the site does not take, with JSON errors people can read', async () => {
      const alice = await reader('Alice Q');
      const a = await newArticle();
      const before = await countComments();

      // Not signed in, on a site without guest comments.
      const guest = browser();
      await guest.session();
      const anonymous = await guest.post(commentsUrl(a), { body: 'Hello?', name: 'Guest', email: 'guest@example.org' });
      expectError(anonymous, 403, 'sign_in_required');

      // Signed in but not confirmed.
      const unconfirmed = browser();
      await unconfirmed.session();
      await unconfirmed.post('/api/v1/readers', { email: 'unconfirmed@example.org', displayName: 'Una', password: PASSWORD });
      expect((await unconfirmed.post('/api/v1/readers/sessions', { email: 'unconfirmed@example.org', password: PASSWORD })).statusCode).toBe(200);
      expectError(await unconfirmed.post(commentsUrl(a), { body: 'Let me in.' }), 403, 'unverified');

      expectError(await alice.b.post(commentsUrl({ slug: 'no-such-story' }), { body: 'Where?' }), 404, 'not_found');
      expectError(await alice.b.post(commentsUrl(a), { body: '   ' }), 422, 'invalid_input');
      expectError(await alice.b.post(commentsUrl(a), { body: 'x'.repeat(3001) }), 422, 'invalid_input');
      expectError(await alice.b.post(commentsUrl(a), { body: 'To nobody.', parentId: 999999 }), 422, 'invalid_input');
      expectError(await alice.b.post(commentsUrl(a), {}), 400, 'invalid_request');
      expectError(await alice.b.post(commentsUrl(a), { body: 'Fine.', website: 'spam' }), 400, 'invalid_request');
      expect(await countComments()).toBe(before);

      const body = 'Saying it once is enough.';
      expect((await alice.b.post(commentsUrl(a), { body })).statusCode).toBe(201);
      const twice = await alice.b.post(commentsUrl(a), { body });
      expectError(twice, 409, 'conflict');
      expect(errorOf(twice).message).toBe('You have already posted this comment.');
      expect(await countComments()).toBe(before + 1);
    });

    it('answers 429 with Retry-After when a reader posts faster than the site allows', async () => {
      await t.services.settings.update({ commentLimitPerReader: 2, commentLimitWindowMinutes: 10 });
      try {
        const alice = await reader('Alice L');
        const a = await newArticle();
        for (let i = 0; i < 2; i++) expect((await alice.b.post(commentsUrl(a), { body: words() })).statusCode).toBe(201);
        t.clock.advance(60_000);
        const before = await countComments();
        const limited = await alice.b.post(commentsUrl(a), { body: words() });
        expectError(limited, 429, 'rate_limited');
        expect(limited.headers['retry-after']).toBe(String(9 * 60));
        expect(errorOf(limited).message).toBe('You are commenting faster than this site allows. Try again in 9 minutes.');
        expect(await countComments()).toBe(before);
        t.clock.advance(9 * 60_000 + 1000);
        expect((await alice.b.post(commentsUrl(a), { body: words() })).statusCode).toBe(201);
      } finally {
        await t.services.settings.update({ commentLimitPerReader: 1000 });
      }
    });

    it('lets guests post with a name and email where the site allows it', async () => {
      await t.services.settings.update({ guestComments: true });
      try {
        const a = await newArticle();
        const guest = browser();
        await guest.session();
        expect((await thread(guest, a)).meta.commenting).toMatchObject({ canPost: true, reason: null, guestsAllowed: true });
        expectError(await guest.post(commentsUrl(a), { body: 'No name given.' }), 422, 'invalid_input');
        const posted = await guest.post(commentsUrl(a), { body: 'A guest’s view.', name: 'Gus', email: 'gus@example.org' });
        expect(posted.statusCode, posted.body).toBe(201);
        expect(posted.json()).toMatchObject({ status: 'approved', data: { authorName: 'Gus', staff: false } });
        expect((await t.services.comments.byId(posted.json().data.id))!.author_email).toBe('gus@example.org');
        expect(JSON.stringify((await thread(null, a)).data)).not.toContain('gus@example.org');
      } finally {
        await t.services.settings.update({ guestComments: false });
      }
    });

    it('shows a held comment to its writer only', async () => {
      const alice = await reader('Alice H');
      const held = await newArticle({ commentModeration: 'all' });
      const posted = await alice.b.post(commentsUrl(held), { body: 'Waiting for a moderator.' });
      expect(posted.statusCode).toBe(201);
      expect(posted.json()).toMatchObject({ status: 'pending', heldReason: 'Every comment here is reviewed before it appears.', data: { state: 'pending', mine: true } });
      const id = posted.json().data.id;
      expect((await thread(alice.b, held)).data.map((c) => [c.id, c.state])).toEqual([[id, 'pending']]);
      expect((await thread(null, held)).data).toEqual([]);
      expect((await alice.b.get(`/api/v1/comments/${id}`)).json().data.state).toBe('pending');
      expectError(await t.app.inject({ url: `/api/v1/comments/${id}` }), 404, 'not_found');
      expect((await alice.b.get('/api/v1/me/comments')).json().data[0]).toMatchObject({ id, status: 'pending' });
    });
  });

  describe('moderation', () => {
    it('needs a token whose role may moderate comments', async () => {
      const noToken = await api('GET', '/api/v1/moderation/comments');
      expectError(noToken, 401, 'unauthorized');
      expect(noToken.headers['www-authenticate']).toBe('Bearer');
      expectError(await api('GET', '/api/v1/moderation/comments', 'bs_not-a-real-token'), 401, 'invalid_token');
      for (const [method, url, payload] of [
        ['GET', '/api/v1/moderation/comments', undefined],
        ['GET', '/api/v1/moderation/summary', undefined],
        ['POST', '/api/v1/moderation/comments/bulk', { ids: [1], action: 'approve' }],
        ['DELETE', '/api/v1/moderation/readers/1/ban', undefined],
      ] as const) {
        const res = await api(method, url, token.author, payload);
        expectError(res, 403, 'forbidden');
      }
      for (const role of ['moderator', 'editor', 'admin'] as const) {
        const res = await api('GET', '/api/v1/moderation/comments', token[role]);
        expect(res.statusCode, `${role}: ${res.body}`).toBe(200);
        expect(res.headers['cache-control']).toBe('no-store');
      }
    });

    it('lists the queue, shows a comment in context, and approves it for everyone to see', async () => {
      const alice = await reader('Alice M');
      const held = await newArticle({ commentModeration: 'all', headline: 'A story under review' });
      const id = (await alice.b.post(commentsUrl(held), { body: 'Please approve me.' })).json().data.id;

      const queue = await api('GET', `/api/v1/moderation/comments?queue=pending&articleId=${held.id}`, token.moderator);
      expect(queue.statusCode, queue.body).toBe(200);
      const body = queue.json();
      expect(body.meta).toMatchObject({ queue: 'pending', total: 1, page: 1, pageCount: 1 });
      expect(body.data[0]).toMatchObject({
        id,
        status: 'pending',
        body: 'Please approve me.',
        heldReason: 'Every comment here is reviewed before it appears.',
        article: { id: held.id, headline: 'A story under review', url: expect.stringMatching(new RegExp(`/${held.slug}$`)) },
        author: { kind: 'reader', readerId: alice.id, name: 'Alice M', email: alice.email, verified: true, banned: false, accountId: null },
        reports: { open: 0, reasons: [], notes: [] },
      });
      expect(body.data[0].spamScore).toEqual(expect.any(Number));
      expectError(await api('GET', '/api/v1/moderation/comments?queue=later', token.moderator), 400, 'invalid_request');
      expectError(await api('GET', `/api/v1/moderation/comments?articleId=${held.id}&page=9`, token.moderator), 404, 'not_found');

      const ctx = await api('GET', `/api/v1/moderation/comments/${id}`, token.moderator);
      expect(ctx.statusCode, ctx.body).toBe(200);
      expect(ctx.json().data).toMatchObject({ comment: { id }, ancestors: [], replies: [], history: { counts: { pending: 1, approved: 0 } }, log: [] });
      expectError(await api('GET', '/api/v1/moderation/comments/999999', token.moderator), 404, 'not_found');

      const approved = await api('POST', `/api/v1/moderation/comments/${id}/actions`, token.moderator, { action: 'approve', note: 'Fine.' });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json().data).toMatchObject({ id, status: 'approved', changed: true });
      expect((await thread(null, held)).data.map((c) => c.id)).toEqual([id]);
      expect((await t.app.inject({ url: `/api/v1/comments/${id}` })).statusCode).toBe(200);
      expect((await api('POST', `/api/v1/moderation/comments/${id}/actions`, token.moderator, { action: 'approve' })).json().data.changed).toBe(false);

      const log = (await api('GET', `/api/v1/moderation/comments/${id}`, token.moderator)).json().data.log;
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ action: 'comment.approve', subjectType: 'comment', subjectId: id, details: { from: 'pending', to: 'approved', note: 'Fine.' } });

      expectError(await api('POST', `/api/v1/moderation/comments/${id}/actions`, token.moderator, { action: 'bless' }), 400, 'invalid_request');
      expectError(await api('POST', `/api/v1/moderation/comments/999999/actions`, token.moderator, { action: 'approve' }), 404, 'not_found');
    });

    it('files spam, features picks, and refuses to feature what is not approved', async () => {
      const alice = await reader('Alice S');
      const a = await newArticle();
      const good = (await alice.b.post(commentsUrl(a), { body: 'A thoughtful comment worth featuring.' })).json().data.id;
      const bad = (await alice.b.post(commentsUrl(a), { body: 'Another comment, a little less thoughtful.' })).json().data.id;

      const spam = await api('POST', `/api/v1/moderation/comments/${bad}/actions`, token.editor, { action: 'spam' });
      expect(spam.json().data).toMatchObject({ status: 'spam', changed: true });
      expect((await thread(null, a)).data.map((c) => c.id)).toEqual([good]);
      expect((await api('GET', `/api/v1/moderation/comments?queue=spam&articleId=${a.id}`, token.moderator)).json().data.map((c: { id: number }) => c.id)).toEqual([bad]);
      expectError(await api('POST', `/api/v1/moderation/comments/${bad}/actions`, token.moderator, { action: 'feature' }), 422, 'not_approved');

      const featured = await api('POST', `/api/v1/moderation/comments/${good}/actions`, token.moderator, { action: 'feature' });
      expect(featured.json().data).toMatchObject({ featured: true, changed: true });
      const shown = await thread(null, a);
      expect(shown.meta.picks.map((c) => [c.id, c.featured])).toEqual([[good, true]]);
      expect(shown.meta.picks[0]!.url).toMatch(new RegExp(`#comment-${good}$`));
      expect(shown.data[0]!.featured).toBe(true);

      await api('POST', `/api/v1/moderation/comments/${good}/actions`, token.moderator, { action: 'unfeature' });
      expect((await thread(null, a)).meta.picks).toEqual([]);

      // An author's own deletion leaves nothing to moderate.
      await alice.b.del(`/api/v1/comments/${good}`);
      expectError(await api('POST', `/api/v1/moderation/comments/${good}/actions`, token.moderator, { action: 'approve' }), 409, 'comment_deleted');
    });

    it('decides many comments at once, listing those it could not', async () => {
      const alice = await reader('Alice B');
      const held = await newArticle({ commentModeration: 'all' });
      const ids: number[] = [];
      for (let i = 0; i < 2; i++) ids.push((await alice.b.post(commentsUrl(held), { body: words() })).json().data.id);

      const res = await api('POST', '/api/v1/moderation/comments/bulk', token.moderator, { ids: [...ids, 999999], action: 'approve', note: 'Batch.' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data).toEqual({ done: 2, skipped: [{ id: 999999, code: 'not_found', message: "We couldn't find that comment." }] });
      expect((await thread(null, held)).data.map((c) => c.id)).toEqual(ids);

      expectError(await api('POST', '/api/v1/moderation/comments/bulk', token.moderator, { ids: [], action: 'approve' }), 400, 'invalid_request');
      expectError(await api('POST', '/api/v1/moderation/comments/bulk', token.moderator, { ids: Array.from({ length: 201 }, (_, i) => i + 1), action: 'reject' }), 400, 'invalid_request');
      expectError(await api('POST', '/api/v1/moderation/comments/bulk', token.moderator, { ids, action: 'approve', extra: 1 }), 400, 'invalid_request');
    });

    it('bans a reader, who then gets 403 banned, and lifts the ban', async () => {
      const bob = await reader('Bob Banned');
      const a = await newArticle();
      const url = `/api/v1/moderation/readers/${bob.id}/ban`;

      expectError(await api('POST', url, token.moderator, { days: 0, reason: 'Spam.' }), 400, 'invalid_request');
      expectError(await api('POST', url, token.moderator, { reason: 'Spam.' }), 400, 'invalid_request');
      expectError(await api('POST', url, token.moderator, { days: null, reason: '  ' }), 422, 'invalid_input');
      expectError(await api('POST', '/api/v1/moderation/readers/999999/ban', token.moderator, { days: null, reason: 'Spam.' }), 404, 'not_found');
      expect((await t.services.readers.byId(bob.id))!.bannedUntil).toBeNull();

      const suspended = await api('POST', url, token.moderator, { days: 3, reason: 'Cool off.' });
      expect(suspended.statusCode, suspended.body).toBe(200);
      expect(suspended.json().data.reader).toMatchObject({ id: bob.id, banned: true, bannedUntil: new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString(), banReason: 'Cool off.' });

      const banned = await api('POST', url, token.moderator, { days: null, reason: 'Repeated abuse.' });
      expect(banned.json().data).toMatchObject({ reader: { banned: true, bannedUntil: '9999-12-31T00:00:00.000Z' }, removed: 0 });
      const before = await countComments();
      const refused = await bob.b.post(commentsUrl(a), { body: 'Am I still here?' });
      expectError(refused, 403, 'banned');
      expect(errorOf(refused).message).toBe("You can't comment. Reason: Repeated abuse.");
      expect(await countComments()).toBe(before);
      expect((await thread(bob.b, a)).meta.commenting).toMatchObject({ canPost: false, reason: 'banned', bannedUntil: '9999-12-31T00:00:00.000Z' });
      expect((await bob.b.get('/api/v1/me')).json().data).toMatchObject({ banned: true, banReason: 'Repeated abuse.' });

      const lifted = await api('DELETE', url, token.moderator);
      expect(lifted.json().data).toMatchObject({ reader: { banned: false, bannedUntil: null }, changed: true });
      expect((await api('DELETE', url, token.moderator)).json().data.changed).toBe(false);
      expect((await bob.b.post(commentsUrl(a), { body: 'Back again, politely.' })).statusCode).toBe(201);
    });

    it('gives the dashboard counts', async () => {
      const res = await api('GET', '/api/v1/moderation/summary', token.moderator);
      expect(res.statusCode).toBe(200);
      const { pending, reported, spamToday } = res.json().data;
      expect({ pending, reported, spamToday }).toEqual({
        pending: await t.database.db
          .selectFrom('comments')
          .select('id')
          .where('status', '=', 'pending')
          .execute()
          .then((r) => r.length),
        reported: expect.any(Number),
        spamToday: expect.any(Number),
      });
      expect(spamToday).toBeGreaterThanOrEqual(1);
    });
  });

  it('documents every endpoint in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const expected: Record<string, string[]> = {
      '/api/v1/articles/{slug}/comments': ['get', 'post'],
      '/api/v1/comments/{id}': ['get', 'patch', 'delete'],
      '/api/v1/comments/{id}/replies': ['get'],
      '/api/v1/comments/{id}/reports': ['post'],
      '/api/v1/comments/{id}/reaction': ['put', 'delete'],
      '/api/v1/session': ['get', 'delete'],
      '/api/v1/readers': ['post'],
      '/api/v1/readers/sign-in-link': ['post'],
      '/api/v1/readers/sessions': ['post'],
      '/api/v1/readers/links': ['post'],
      '/api/v1/me': ['get', 'patch'],
      '/api/v1/me/comments': ['get'],
      '/api/v1/moderation/comments': ['get'],
      '/api/v1/moderation/comments/{id}': ['get'],
      '/api/v1/moderation/comments/{id}/actions': ['post'],
      '/api/v1/moderation/comments/bulk': ['post'],
      '/api/v1/moderation/readers/{id}/ban': ['post', 'delete'],
      '/api/v1/moderation/summary': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(doc.paths[path], path).toBeDefined();
      expect(Object.keys(doc.paths[path]).sort(), path).toEqual([...methods].sort());
    }
    const post = doc.paths['/api/v1/articles/{slug}/comments'].post;
    expect(post.tags).toEqual(['comments']);
    expect(post.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['header:x-csrf-token', 'path:slug']));
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '403', '409', '422', '429']));
    expect(doc.paths['/api/v1/articles/{slug}/comments'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['sort', 'page', 'limit']));
    expect(doc.paths['/api/v1/session'].get.tags).toEqual(['readers']);
    for (const path of Object.keys(expected).filter((p) => p.startsWith('/api/v1/moderation/'))) {
      for (const op of Object.values(doc.paths[path]) as { tags: string[]; security: unknown }[]) {
        expect(op.tags).toEqual(['moderation']);
        expect(op.security).toEqual([{ bearerAuth: [] }]);
      }
    }
  });
});
