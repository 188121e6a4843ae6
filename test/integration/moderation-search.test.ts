import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCommentRow } from '../../src/platform/db/schema.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

/*
 * Searching the moderation queue by comment text, by commenter (name or
 * email, as posted or as the reader's account has it now) and by story,
 * together with the tabs and the article and reader filters, page by page.
 */

const PASSWORD = 'correct horse battery staple';
const NOW = '2024-03-29T15:00:00.000Z';
const STACK = /\n\s+at |node_modules|\.ts:\d+/;

const itemIds = (body: string) => [...parse(body).querySelectorAll('[data-moderation-item]')].map((el) => Number(el.getAttribute('data-moderation-item')));

describe('searching the moderation queue', () => {
  let t: TestContext;
  let moderator: ReturnType<typeof adminClient>;
  let harbour: number;
  let budget: number;
  let rita: number;
  let token: string;
  let seq = 0;
  const c = {} as Record<string, number>;

  /** A comment row as the comments service stores it. */
  async function comment(over: Partial<NewCommentRow> & { article_id: number }) {
    const n = ++seq;
    const at = new Date(Date.parse('2024-03-29T10:00:00.000Z') + n * 60_000).toISOString();
    const row = await t.database.db
      .insertInto('comments')
      .values({
        parent_id: null,
        author_name: `Guest ${n}`,
        author_email: `guest${n}@example.org`,
        body: `Comment number ${n}.`,
        status: 'pending',
        created_at: at,
        updated_at: at,
        ip_hash: `ip-${n}`,
        ...over,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const ids = async (query: string) => {
    const res = await moderator.get(`/admin/comments?${query}`);
    expect(res.statusCode, query).toBe(200);
    return itemIds(res.body);
  };

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    const account = await t.services.accounts.create({ email: 'mod@example.org', name: 'Mo Moderator', role: 'moderator', password: PASSWORD });
    const admin = await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    moderator = adminClient(t.app);
    await moderator.signIn(account.email, PASSWORD);
    token = (await t.services.tokens.create({ accountId: admin.id, role: 'admin', authorId: null, name: admin.name }, { name: 'moderation search', role: 'moderator' })).token;
    harbour = (await buildArticle(t.services, t.clock.now(), { headline: 'The harbour wall gives way' })).id;
    budget = (await buildArticle(t.services, t.clock.now(), { headline: 'Budget vote delayed to April' })).id;
    rita = (
      await t.database.db
        .insertInto('readers')
        .values({ email: 'rita@example.net', display_name: 'Rita Reader', password_hash: null, email_verified_at: NOW, created_at: NOW, updated_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    c.refund = await comment({ article_id: harbour, body: 'I want a REFUND for my subscription.' });
    c.refundApproved = await comment({ article_id: budget, body: 'Refunds should come first.', status: 'approved' });
    c.percent = await comment({ article_id: harbour, body: 'Get 50% off today at cheap-pills.example' });
    c.fiveHundred = await comment({ article_id: harbour, body: 'It cost 500 dollars.' });
    c.underscore = await comment({ article_id: budget, body: 'Find me as user_name on the forum.' });
    c.userxname = await comment({ article_id: budget, body: 'Or as userXname elsewhere.' });
    c.backslash = await comment({ article_id: budget, body: 'C:\\Windows is not a place.' });
    c.byRita = await comment({ article_id: budget, body: 'The council should listen.', reader_id: rita, author_name: 'Rita Reader', author_email: 'rita@example.net' });
    c.byRitaHarbour = await comment({ article_id: harbour, body: 'The wall was cracked for years.', reader_id: rita, author_name: 'Rita Reader', author_email: 'rita@example.net' });
    c.guest = await comment({ article_id: harbour, body: 'Nice piece.', author_name: 'Gus Guest', author_email: 'gus@mailbox.example' });
  });
  afterAll(() => t?.close());

  it('finds comments by their text, ignoring case', async () => {
    expect(await ids('queue=pending&q=refund')).toEqual([c.refund]);
    expect(await ids('queue=all&q=refund')).toEqual([c.refundApproved, c.refund]);
    expect(await ids('queue=all&q=REFUND+for')).toEqual([c.refund]);
  });

  it('treats %, _ and \\ as the characters they are', async () => {
    expect(await ids('queue=all&q=50%25')).toEqual([c.percent]);
    expect(await ids('queue=all&q=user_name')).toEqual([c.underscore]);
    expect(await ids('queue=all&q=%25')).toEqual([c.percent]);
    expect(await ids('queue=all&q=%5C')).toEqual([c.backslash]);
  });

  it('finds comments by the commenter’s name or email, as posted or as the reader is called now', async () => {
    expect(await ids('queue=all&commenter=rita')).toEqual([c.byRitaHarbour, c.byRita]);
    expect(await ids('queue=all&commenter=MAILBOX.example')).toEqual([c.guest]);
    await t.services.readers.update(rita, { displayName: 'Rosalind Quay' });
    // The comments keep the name they were posted under; the account has the new one: both find them.
    expect(await ids('queue=all&commenter=rosalind')).toEqual([c.byRitaHarbour, c.byRita]);
    expect(await ids('queue=all&commenter=rita+reader')).toEqual([c.byRitaHarbour, c.byRita]);
  });

  it('finds comments by the story’s headline, and combines every filter with the tabs', async () => {
    expect(await ids('queue=all&story=harbour+WALL')).toEqual([c.guest, c.byRitaHarbour, c.fiveHundred, c.percent, c.refund]);
    expect(await ids('queue=all&story=budget&commenter=rita')).toEqual([c.byRita]);
    expect(await ids(`queue=all&story=budget&reader=${rita}`)).toEqual([c.byRita]);
    expect(await ids(`queue=pending&article=${budget}&q=refund`)).toEqual([]);
    expect(await ids(`queue=all&article=${budget}&q=refund`)).toEqual([c.refundApproved]);
    expect(await ids('queue=spam&q=refund')).toEqual([]);
    const doc = parse((await moderator.get('queue=all&story=budget&commenter=rita'.replace(/^/, '/admin/comments?'))).body);
    expect(text(doc.querySelector('.moderation-filter'))).toBe('Only comments by a commenter matching “rita”, on a story matching “budget”. Show all');
    // The tabs keep the search.
    const tabs = [...doc.querySelectorAll('.moderation-tabs a')].map((a) => a.getAttribute('href'));
    expect(tabs).toContain('/admin/comments?queue=pending&commenter=rita&story=budget');
    // The form shows it back, keeping the tab.
    expect(doc.querySelector('form.moderation-search input[name="queue"]')?.getAttribute('value')).toBe('all');
    expect(doc.querySelector('#moderation-commenter')?.getAttribute('value')).toBe('rita');
    expect(doc.querySelector('#moderation-story')?.getAttribute('value')).toBe('budget');
    const none = parse((await moderator.get('/admin/comments?queue=all&q=nothing+says+this')).body);
    expect(text(none.querySelector('#moderation-count'))).toBe('No comments in this queue match.');
  });

  it('pages a search 25 at a time, its links keeping the search, and acts on results keeping the moderator’s place', async () => {
    const many: number[] = [];
    for (let i = 0; i < 30; i++) many.push(await comment({ article_id: budget, body: `Spam offer ${i}: cheap watches*` }));
    const one = await moderator.get('/admin/comments?queue=pending&q=watches*');
    expect(itemIds(one.body)).toEqual(many.slice(0, 25));
    const doc = parse(one.body);
    const next = doc.querySelector('a[rel="next"]')?.getAttribute('href');
    expect(next).toBe('/admin/comments?queue=pending&q=watches*&page=2');
    expect(itemIds((await moderator.get(next!)).body)).toEqual(many.slice(25));
    // A decision sends the moderator back to the same search.
    const back = doc.querySelector('form[action$="/approve"] input[name="back"]')?.getAttribute('value');
    expect(back).toBe('/admin/comments?queue=pending&q=watches*');
    const _csrf = doc.querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '';
    const res = await moderator.post('/admin/comments/bulk', { _csrf, action: 'spam', ids: String(many[0]), back: '/admin/comments?queue=pending&q=cheap+watches*&commenter=guest' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/admin\/comments\?queue=pending&q=cheap\+watches\*&commenter=guest&done=spam&n=1&undo=[0-9a-f]+$/);
    expect(itemIds((await moderator.get('/admin/comments?queue=pending&q=watches*&page=2')).body)).toEqual(many.slice(26));
  });

  it('answers odd searches with results or an empty queue, and an over-long one with a clear 422', async () => {
    for (const q of ['"', "'; DROP TABLE comments; --", '*', 'OR OR', 'NEAR(', '😀', 'مرحبا', '   ']) {
      const res = await moderator.get(`/admin/comments?queue=all&q=${encodeURIComponent(q)}&commenter=${encodeURIComponent(q)}&story=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(res.body, q).not.toMatch(STACK);
    }
    // A NUL is no text anyone searches for: refused at the edge, as in every field.
    const nul = await moderator.get(`/admin/comments?queue=all&q=${encodeURIComponent('\u0000')}`);
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('NUL character');
    expect(nul.body).not.toMatch(STACK);
    const long = await moderator.get(`/admin/comments?queue=all&q=${'x'.repeat(201)}`);
    expect(long.statusCode).toBe(422);
    expect(text(parse(long.body).querySelector('.error-page p:not(.error-page__status)'))).toBe('The comment text to search for is limited to 200 characters.');
  });

  it('offers the same search in the moderation API', async () => {
    const get = (query: string) => t.app.inject({ url: `/api/v1/moderation/comments?${query}`, headers: { authorization: `Bearer ${token}` } });
    const res = await get('queue=all&commenter=rosalind&story=harbour');
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((d: { id: number }) => d.id)).toEqual([c.byRitaHarbour]);
    expect(res.json().meta.total).toBe(1);
    expect((await get('queue=all&q=50%25')).json().data.map((d: { id: number }) => d.id)).toEqual([c.percent]);
    expect((await get(`queue=all&q=${'x'.repeat(201)}`)).statusCode).toBe(422);
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/moderation/comments'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'commenter', 'story']));
  });
});
