import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle, buildSection } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';
const STACK = /\n\s+at |node_modules|\.ts:\d+/;

/**
 * Text no field may hold (NUL, other control characters, broken characters)
 * and numbers that are not plain digits are refused at the edge, for every
 * route, with a 400 that says what is wrong; never a 500 from the database.
 */
describe('bad input refused at the edge', () => {
  let t: TestContext;
  let bearer: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.services.accounts.create({ email: 'admin@example.org', name: 'Admin Person', role: 'admin', password: PASSWORD });
    bearer = (await t.services.tokens.create({ accountId: admin.id, role: 'admin', authorId: null, name: admin.name }, { name: 'edges', role: 'editor' })).token;
    const s = await buildSection(t.services, { slug: 'news', name: 'News' });
    await buildArticle(t.services, t.clock.now(), { slug: 'real-story', sectionId: s.id, publishedAt: '2024-03-29T10:00:00Z' });
    await t.services.settings.update({ guestComments: true });
  });
  afterAll(() => t?.close());

  /** A form posted as a browser would: with the page's CSRF token, so only the text can be at fault. */
  const form = async (page: string, url: string, fields: Record<string, string>) => {
    const c = adminClient(t.app);
    const _csrf = await c.csrfFrom(page);
    return c.post(url, { _csrf, ...fields });
  };
  /** JSON as a browser's script sends it, with the session's CSRF header. */
  const json = async (url: string, payload: unknown) => {
    const c = adminClient(t.app);
    const session = await c.get('/api/v1/session');
    return t.app.inject({ method: 'POST', url, headers: { cookie: c.jar.header(), 'x-csrf-token': session.json().csrf, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  };
  const api = (url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  /** The message of an error answer, from the JSON or from the error page. */
  const messageOf = (res: LightMyRequestResponse) =>
    String(res.headers['content-type']).startsWith('application/json') ? (res.json().error.message as string) : text(parse(res.body).querySelector('.error-page p:not(.error-page__status)'));

  const cases: [string, () => Promise<LightMyRequestResponse>, RegExp][] = [
    ['staff sign-in', () => form('/admin/sign-in', '/admin/sign-in', { email: 'a\u0000b@example.org', password: PASSWORD }), /field "email" contains a NUL character \(U\+0000\)/],
    ['reader sign-in', () => form('/account/sign-in', '/account/sign-in', { email: 'a\u0000b@example.org', password: PASSWORD }), /field "email" contains a NUL character/],
    ['password reset', () => form('/admin/password-reset', '/admin/password-reset', { email: 'a\u0000b@example.org' }), /field "email" contains a NUL character/],
    ['reader sign-in (API)', () => json('/api/v1/readers/sessions', { email: 'a\u0000b@example.org', password: PASSWORD }), /field "email" contains a NUL/],
    ['a tag page', () => t.app.inject({ url: '/tag/a%00b' }), /address contains a NUL character/],
    ['a search', () => t.app.inject({ url: '/search?q=a%00b' }), /query parameter "q" contains a NUL character/],
    ['a query parameter’s name', () => t.app.inject({ url: '/api/v1/articles?a%00b=1' }), /query parameter "a\?b" contains a NUL/],
    ['a headline (newsroom API)', () => api('/api/v1/newsroom/articles', { headline: 'Harbour\u0000plan' }), /field "headline" contains a NUL character/],
    [
      'a body with a control character',
      () => api('/api/v1/newsroom/articles', { headline: 'Harbour plan', body: 'Bell\u0007 here' }),
      /field "body" contains an invisible control character \(U\+0007\)/,
    ],
    ['a broken character', () => api('/api/v1/newsroom/articles', { headline: 'Harbour \ud800 plan' }), /field "headline" contains a broken character \(a lone UTF-16 surrogate, U\+D800\)/],
    ['a comment body', () => json('/api/v1/articles/real-story/comments', { body: 'I think\u0000 so.', name: 'Guest Person', email: 'guest@example.org' }), /field "body" contains a NUL character/],
  ];

  it.each(cases)('refuses NUL and control characters: %s', async (_name, send, message) => {
    const res = await send();
    expect(res.statusCode, res.body).toBe(400);
    expect(messageOf(res)).toMatch(message);
    expect(messageOf(res)).toMatch(/Remove it and try again\.$/);
    expect(res.body).not.toMatch(STACK);
  });

  it('stores nothing refused, and still takes tabs and line breaks in multi-line text', async () => {
    const before = await t.database.db.selectFrom('articles').select('id').execute();
    const res = await api('/api/v1/newsroom/articles', { headline: 'Harbour plan', body: 'First line\r\n\tindented\nlast line.' });
    expect(res.statusCode, res.body).toBe(201);
    const rows = await t.database.db.selectFrom('articles').select(['headline', 'body']).execute();
    expect(rows).toHaveLength(before.length + 1);
    expect(rows.every((r) => !/\u0000/.test(r.headline + r.body))).toBe(true);
  });

  const BAD_NUMBERS = ['Infinity', '-Infinity', 'NaN', '1e3', '-1', '0x10', '5.5', '+5', ' 5', '', '99999999999999999999'];
  const get = async (url: string) => {
    const c = adminClient(t.app);
    return /^\/api\/v1\/(newsroom|moderation)/.test(url) ? t.app.inject({ url, headers: { authorization: `Bearer ${bearer}` } }) : c.get(url, { accept: 'application/json' });
  };

  it.each([
    ['/api/v1/articles', 'limit', 1, 100],
    ['/api/v1/articles', 'page', 1, 10000],
    ['/api/v1/articles/real-story/comments', 'limit', 1, 100],
    ['/api/v1/articles/real-story/comments', 'page', 1, 10000],
    ['/api/v1/search?q=harbour', 'limit', 1, 100],
    ['/api/v1/newsroom/articles', 'limit', 1, 100],
    ['/api/v1/newsroom/articles', 'page', 1, 10000],
    ['/api/v1/moderation/comments', 'limit', 1, 100],
    ['/api/v1/moderation/comments', 'page', 1, 10000],
  ] as const)('refuses anything but digits within bounds: %s ?%s=', async (base, name, min, max) => {
    for (const bad of BAD_NUMBERS) {
      const url = `${base}${base.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(bad)}`;
      const res = await get(url);
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
      expect(res.json().error.code, url).toBe('invalid_request');
      expect(res.json().error.message, url).toBe(`"${name}" must be a whole number from ${min} to ${max}, written with digits only.`);
    }
    const ok = await get(`${base}${base.includes('?') ? '&' : '?'}${name}=${min}`);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('reads ids in API paths strictly', async () => {
    for (const bad of ['Infinity', '1e3', '0x10', '5.5', '-1', '99999999999']) {
      const res = await t.app.inject({ url: `/api/v1/comments/${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.message, bad).toBe('"id" must be a whole number from 1 to 2147483647, written with digits only.');
    }
  });

  it('reads page numbers and comment ids on pages the same strict way', async () => {
    for (const bad of ['Infinity', '1e3', '0x10', '5.5', '-1', '99999999999']) {
      for (const url of [`/section/news?page=${bad}`, `/2024/03/29/real-story?comments=${bad}`, `/2024/03/29/real-story?after=${bad}`, `/2024/03/29/real-story?before=${bad}`]) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(400);
        expect(messageOf(res), url).toMatch(/^"(page|comments|after|before)" must be a whole number from 1 to \d+, written with digits only\.$/);
      }
    }
  });
});
