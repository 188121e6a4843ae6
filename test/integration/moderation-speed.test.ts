import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repairWithin, storedVisible } from '../../src/modules/comments/comments.counts.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';
const NOW = '2024-03-29T15:00:00.000Z';
const JSON_ACCEPT = { accept: 'application/json' };

type Client = ReturnType<typeof adminClient>;

const itemIds = (body: string) => [...parse(body).querySelectorAll('[data-moderation-item]')].map((el) => Number(el.getAttribute('data-moderation-item')));
const csrfOf = (body: string) => parse(body).querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '';
const notice = (body: string) => text(parse(body).querySelector('#moderation-live'));

/**
 * Moderating at speed: select all on a page, decisions answered in JSON for
 * the queue's script, undo for a minute (counts and all), the search and
 * filters together with the tabs, and the hint about approved replies that
 * a pending comment hides.
 */
describe('moderation: select all, decisions in place, undo, search, hidden replies', () => {
  let t: TestContext;
  let moderator: Client;
  let other: Client;
  let author: Client;
  let articleId: number;
  let otherArticleId: number;
  let seq = 0;

  const db = () => t.database.db;
  const status = async (id: number) => (await t.services.comments.byId(id))?.status;

  async function comment(over: { parentId?: number; status?: 'pending' | 'approved' | 'spam' | 'rejected'; body?: string; articleId?: number; readerId?: number; authorName?: string } = {}) {
    const n = ++seq;
    const row = await t.services.comments.create({
      articleId: over.articleId ?? articleId,
      parentId: over.parentId ?? null,
      authorName: over.authorName ?? `Guest Number${n}`,
      authorEmail: `guest${n}@example.org`,
      body: over.body ?? `Comment text number ${n}.`,
      status: over.status ?? 'pending',
      readerId: over.readerId ?? null,
      createdAt: new Date(Date.parse('2024-03-29T12:00:00.000Z') + n * 60_000).toISOString(),
    });
    return row.id;
  }

  /** The stored counts equal a recount (what `broadsheet repair-counts` would fix is nothing). */
  async function expectCountsTrue() {
    const fixes = await db()
      .transaction()
      .execute((trx) => repairWithin(trx));
    expect(fixes).toEqual([]);
  }

  const visible = async () => (await storedVisible(db(), [articleId])).get(articleId) ?? 0;

  async function decideJson(c: Client, id: number, action: string, back = `/admin/comments?queue=pending&article=${articleId}`) {
    const _csrf = csrfOf((await c.get('/admin/comments')).body);
    return c.post(`/admin/comments/${id}/${action}`, { _csrf, back }, JSON_ACCEPT);
  }

  async function undo(c: Client, decision: string, headers: Record<string, string> = JSON_ACCEPT) {
    const _csrf = csrfOf((await c.get('/admin/comments')).body);
    return c.post('/admin/comments/undo', { _csrf, decision, back: `/admin/comments?queue=pending&article=${articleId}` }, headers);
  }

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await t.services.accounts.create({ email: 'mod@example.org', name: 'Mo Moderator', role: 'moderator', password: PASSWORD });
    await t.services.accounts.create({ email: 'ed@example.org', name: 'Eddie Editor', role: 'editor', password: PASSWORD });
    await t.services.accounts.create({ email: 'author@example.org', name: 'Otto Author', role: 'author', password: PASSWORD });
    moderator = adminClient(t.app);
    other = adminClient(t.app);
    author = adminClient(t.app);
    await moderator.signIn('mod@example.org', PASSWORD);
    await other.signIn('ed@example.org', PASSWORD);
    await author.signIn('author@example.org', PASSWORD);
    articleId = (await buildArticle(t.services, t.clock.now(), { slug: 'harbour-wall', headline: 'The harbour wall gives way' })).id;
    otherArticleId = (await buildArticle(t.services, t.clock.now(), { slug: 'budget-vote', headline: 'Council passes the budget' })).id;
  });
  afterAll(() => t?.close());

  it('applies a bulk action to every comment on the page when "Select all" is ticked, without JavaScript', async () => {
    const ids = [await comment(), await comment(), await comment()];
    const page = (await moderator.get(`/admin/comments?queue=pending&article=${articleId}`)).body;
    const doc = parse(page);
    expect(doc.querySelector('#select-all')?.getAttribute('name')).toBe('all');
    const pageIds = [...doc.querySelectorAll('input[name="page_ids"]')].map((el) => Number(el.getAttribute('value')));
    expect(pageIds).toEqual(ids);
    const pairs: [string, string][] = [
      ['_csrf', csrfOf(page)],
      ['back', `/admin/comments?queue=pending&article=${articleId}`],
      ['action', 'reject'],
      ['all', '1'],
      ...pageIds.map((id): [string, string] => ['page_ids', String(id)]),
    ];
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/comments/bulk',
      headers: { cookie: moderator.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(pairs).toString(),
    });
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/done=reject&n=3/);
    for (const id of ids) expect(await status(id)).toBe('rejected');
    // The page it lands on says so and offers to undo all three.
    const landed = (await moderator.get(location)).body;
    expect(notice(landed)).toBe('3 comments rejected.');
    expect(parse(landed).querySelector('form[data-undo-form]')?.hasAttribute('hidden')).toBe(false);
    // Without "all", the page's ids are not used: only ticked boxes count.
    const one = await comment();
    const page2 = (await moderator.get(`/admin/comments?queue=pending&article=${articleId}`)).body;
    const res2 = await t.app.inject({
      method: 'POST',
      url: '/admin/comments/bulk',
      headers: { cookie: moderator.jar.header(), 'content-type': 'application/x-www-form-urlencoded', ...JSON_ACCEPT },
      payload: new URLSearchParams([
        ['_csrf', csrfOf(page2)],
        ['action', 'spam'],
        ['page_ids', String(one)],
      ]).toString(),
    });
    expect(res2.statusCode).toBe(422);
    expect(await status(one)).toBe('pending');
    await decideJson(moderator, one, 'reject');
  });

  it('answers a decision in JSON for the queue script: the item leaves the tab, the counts and an undo handle come back', async () => {
    const id = await comment();
    const before = await visible();
    const res = await decideJson(moderator, id, 'approve');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json() as { message: string; items: { id: number; listed: boolean; html?: string; status: string }[]; counts: Record<string, number>; undo: { handle: string; until: string } };
    expect(body.message).toBe('Comment approved.');
    expect(body.items).toEqual([{ id, status: 'approved', featured: false, listed: false }]);
    expect(body.counts.pending).toBe(await t.services.moderation.queueCounts({ accountId: 1, role: 'admin', authorId: null, name: 'x' }).then((c) => c.pending));
    expect(body.undo.handle).toMatch(/^[0-9a-f]{24}$/);
    expect(body.undo.until).toBe(new Date(Date.parse(NOW) + 60_000).toISOString());
    expect(await status(id)).toBe('approved');
    expect(await visible()).toBe(before + 1);
    // On the "all" tab it stays, drawn anew with its new buttons.
    const again = await decideJson(moderator, id, 'feature', `/admin/comments?queue=all&article=${articleId}`);
    const item = (again.json() as { items: { listed: boolean; html: string }[] }).items[0]!;
    expect(item.listed).toBe(true);
    expect(parse(item.html).querySelector('form[data-decide="unfeature"]')).not.toBeNull();
  });

  it('refuses a JSON decision in JSON: unknown comment 404, no CSRF token 403, a role that does not moderate 403, an unknown action 400', async () => {
    const id = await comment();
    const missing = await decideJson(moderator, 99_999_999, 'approve');
    expect(missing.statusCode).toBe(404);
    expect((missing.json() as { error: { code: string } }).error.code).toBe('not_found');
    const noCsrf = await moderator.post(`/admin/comments/${id}/approve`, { back: '/admin/comments' }, JSON_ACCEPT);
    expect(noCsrf.statusCode).toBe(403);
    expect((noCsrf.json() as { error: { code: string } }).error.code).toBe('csrf');
    const _csrf = csrfOf((await author.get('/admin')).body);
    const forbidden = await author.post(`/admin/comments/${id}/approve`, { _csrf }, JSON_ACCEPT);
    expect(forbidden.statusCode).toBe(403);
    expect((forbidden.json() as { error: { code: string } }).error.code).toBe('forbidden');
    const badAction = await decideJson(moderator, id, 'obliterate');
    expect(badAction.statusCode).toBe(400);
    expect((badAction.json() as { error: { message: string } }).error.message).toBeTruthy();
    expect(await status(id)).toBe('pending');
  });

  it('undoes a decision within the minute: status, counts, reports and the audit log', async () => {
    const parent = await comment({ status: 'approved' });
    const reply = await comment({ parentId: parent, status: 'approved' });
    await db()
      .insertInto('comment_reports')
      .values({ comment_id: parent, reader_id: null, ip_hash: 'r-1', reason: 'abuse', note: '', created_at: NOW, resolved_at: null, resolved_by: null })
      .execute();
    const before = await visible();
    const res = await decideJson(moderator, parent, 'reject', `/admin/comments?queue=reported&article=${articleId}`);
    const { undo: handle } = res.json() as { undo: { handle: string } };
    // Rejecting the parent hides its reply too.
    expect(await visible()).toBe(before - 2);
    await expectCountsTrue();
    t.clock.advance(59_000);
    const undone = await undo(moderator, handle.handle);
    expect(undone.statusCode).toBe(200);
    const body = undone.json() as { message: string; restored: { id: number; status: string }[]; items: { id: number; listed: boolean }[] };
    expect(body.message).toBe('Undone: 1 comment is back as it was.');
    expect(body.restored).toEqual([{ id: parent, status: 'approved' }]);
    expect(await status(parent)).toBe('approved');
    expect(await status(reply)).toBe('approved');
    expect(await visible()).toBe(before);
    await expectCountsTrue();
    // The report it closed is open again; the decision and its undoing are in the log.
    const open = await db().selectFrom('comment_reports').select('id').where('comment_id', '=', parent).where('resolved_at', 'is', null).execute();
    expect(open).toHaveLength(1);
    const log = await t.services.audit.forSubject('comment', parent);
    expect(log.map((e) => e.action).slice(0, 2)).toEqual(['comment.undo', 'comment.reject']);
    // Once is enough.
    const twice = await undo(moderator, handle.handle);
    expect(twice.statusCode).toBe(409);
    expect((twice.json() as { error: { message: string } }).error.message).toBe('That decision was already undone.');
  });

  it('undoes a whole bulk action without JavaScript, landing back on the queue with a notice', async () => {
    const ids = [await comment(), await comment()];
    const page = (await moderator.get(`/admin/comments?queue=pending&article=${articleId}`)).body;
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/comments/bulk',
      headers: { cookie: moderator.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['_csrf', csrfOf(page)],
        ['action', 'approve'],
        ['back', `/admin/comments?queue=pending&article=${articleId}`],
        ...ids.map((id): [string, string] => ['ids', String(id)]),
      ]).toString(),
    });
    const landed = (await moderator.get(String(res.headers.location))).body;
    const form = parse(landed).querySelector('form[data-undo-form]')!;
    const decision = form.querySelector('input[name="decision"]')!.getAttribute('value')!;
    const undone = await undo(moderator, decision, {});
    expect(undone.statusCode).toBe(303);
    const back = (await moderator.get(String(undone.headers.location))).body;
    expect(notice(back)).toBe('Undone: 2 comments are back as they were.');
    expect(parse(back).querySelector('form[data-undo-form]')?.hasAttribute('hidden')).toBe(true);
    for (const id of ids) expect(await status(id)).toBe('pending');
    expect(itemIds(back)).toEqual(expect.arrayContaining(ids));
    await expectCountsTrue();
    for (const id of ids) await decideJson(moderator, id, 'reject');
  });

  it('refuses to undo after 60 seconds, with a 409 and a message, and hides the Undo button by then', async () => {
    const id = await comment();
    const res = await decideJson(moderator, id, 'approve');
    const { handle } = (res.json() as { undo: { handle: string } }).undo;
    t.clock.advance(61_000);
    const late = await undo(moderator, handle);
    expect(late.statusCode).toBe(409);
    expect((late.json() as { error: { message: string } }).error.message).toMatch(/^Too late to undo: a decision can be undone for 60 seconds/);
    expect(await status(id)).toBe('approved');
    const page = (await moderator.get(`/admin/comments?queue=pending&done=approve&undo=${handle}`)).body;
    expect(parse(page).querySelector('form[data-undo-form]')?.hasAttribute('hidden')).toBe(true);
  });

  it('refuses to undo once another moderator decided about the comment, and to anyone but the one who decided', async () => {
    const id = await comment();
    const { handle } = ((await decideJson(moderator, id, 'approve')).json() as { undo: { handle: string } }).undo;
    const theirs = await undo(other, handle);
    expect(theirs.statusCode).toBe(403);
    expect((theirs.json() as { error: { message: string } }).error.message).toBe('Only the moderator who made a decision can undo it.');
    expect((await decideJson(other, id, 'spam')).statusCode).toBe(200);
    const refused = await undo(moderator, handle);
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { error: { message: string } }).error.message).toMatch(/^Cannot undo: Another decision was made about this comment since/);
    expect(await status(id)).toBe('spam');
    await expectCountsTrue();
    // A malformed handle is a 400 that says what to do.
    const bad = await undo(moderator, 'nope');
    expect(bad.statusCode).toBe(400);
  });

  it('searches and filters together with the tabs: story, reader by name, email or id, and text', async () => {
    const readerId = (
      await db()
        .insertInto('readers')
        .values({ email: 'pat.search@example.org', display_name: 'Pat Searcher', password_hash: null, email_verified_at: NOW, created_at: NOW, updated_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const a = await comment({ readerId, authorName: 'Pat Searcher', body: 'The levy on ferries is a refund scheme.' });
    const b = await comment({ readerId, authorName: 'Pat Searcher', articleId: otherArticleId, body: 'Another refund idea for the budget.' });
    const c = await comment({ readerId, authorName: 'Pat Searcher', articleId: otherArticleId, body: 'Nothing to see.', status: 'spam' });
    const d = await comment({ articleId: otherArticleId, body: 'A refund from a guest.' });
    const list = async (q: string) => itemIds((await moderator.get(`/admin/comments?${q}`)).body);
    expect(await list('queue=pending&q=refund')).toEqual([a, b, d]);
    expect(await list('queue=pending&q=refund&story=budget')).toEqual([b, d]);
    expect(await list('queue=pending&q=refund&story=budget&commenter=pat.search')).toEqual([b]);
    expect(await list('queue=pending&commenter=Searcher')).toEqual([a, b]);
    expect(await list(`queue=pending&commenter=%23${readerId}`)).toEqual([a, b]);
    expect(await list(`queue=spam&reader=${readerId}`)).toEqual([c]);
    expect(await list(`queue=all&reader=${readerId}&article=${otherArticleId}`)).toEqual([c, b]);
    expect(await list(`queue=spam&q=refund&reader=${readerId}`)).toEqual([]);
    const tooLong = await moderator.get(`/admin/comments?queue=pending&q=${'x'.repeat(201)}`);
    expect(tooLong.statusCode).toBe(422);
    for (const id of [a, b, d]) await decideJson(moderator, id, 'reject');
  });

  it('says when approved replies are hidden under a comment still pending, on the parent and on the replies', async () => {
    const parent = await comment();
    const r1 = await comment({ parentId: parent, status: 'approved' });
    const r2 = await comment({ parentId: r1, status: 'approved' });
    await comment({ parentId: parent, status: 'rejected' });
    const queue = parse((await moderator.get(`/admin/comments?queue=pending&article=${articleId}`)).body);
    const hint = queue.querySelector(`[data-moderation-item="${parent}"] [data-hidden-replies]`);
    expect(text(hint)).toBe('2 approved replies are hidden until this is approved.');
    const all = parse((await moderator.get(`/admin/comments?queue=all&article=${articleId}`)).body);
    for (const id of [r1, r2]) {
      expect(text(all.querySelector(`[data-moderation-item="${id}"] [data-hidden-by]`))).toBe(`Hidden on the site: comment ${parent} above it is still pending.`);
    }
    // On the parent's own page, its replies say so too.
    const context = parse((await moderator.get(`/admin/comments/${parent}`)).body);
    expect(text(context.querySelector(`[data-moderation-item="${r1}"] [data-hidden-by]`))).toMatch(/is still pending/);
    // Approved, nothing is hidden any more.
    await decideJson(moderator, parent, 'approve');
    const after = parse((await moderator.get(`/admin/comments?queue=all&article=${articleId}`)).body);
    expect(after.querySelector(`[data-moderation-item="${r1}"] [data-hidden-by]`)).toBeNull();
    expect(after.querySelector(`[data-moderation-item="${parent}"] [data-hidden-replies]`)).toBeNull();
    await expectCountsTrue();
  });
});
