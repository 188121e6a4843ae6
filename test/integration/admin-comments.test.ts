import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCommentRow, ReportReason } from '../../src/platform/db/schema.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';
const NOW = '2024-03-29T15:00:00.000Z';

type Client = ReturnType<typeof adminClient>;

const alert = (body: string) => text(parse(body).querySelector('[role="alert"]'));
const notice = (body: string) => text(parse(body).querySelector('[role="status"].form-notice'));
const itemIds = (body: string) => [...parse(body).querySelectorAll('[data-moderation-item]')].map((el) => Number(el.getAttribute('data-moderation-item')));
const csrfOf = (body: string) => parse(body).querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '';

describe('admin: comment moderation', () => {
  let t: TestContext;
  let admin: Client;
  let moderator: Client;
  let author: Client;
  let articleId: number;
  let articlePath: string;
  let seq = 0;

  const db = () => t.database.db;

  /** A comment row as the comments service stores it (and, like it, announced so cached pages are dropped). */
  async function comment(over: Partial<NewCommentRow> = {}) {
    const n = ++seq;
    const at = new Date(Date.parse('2024-03-29T12:00:00.000Z') + n * 60_000).toISOString();
    const row = await db()
      .insertInto('comments')
      .values({
        article_id: articleId,
        parent_id: null,
        author_name: `Guest Number${n}`,
        author_email: `guest${n}@example.org`,
        body: `Comment text number ${n}.`,
        status: 'pending',
        created_at: at,
        updated_at: at,
        ip_hash: `ip-${n}`,
        ...over,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    t.services.events.changed({ kind: 'comment', id: row.id });
    return row;
  }

  async function reader(name: string) {
    const n = ++seq;
    return (
      await db()
        .insertInto('readers')
        .values({ email: `reader${n}@example.org`, display_name: name, password_hash: null, email_verified_at: NOW, created_at: NOW, updated_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  const report = (commentId: number, reason: ReportReason, note = '') =>
    db()
      .insertInto('comment_reports')
      .values({ comment_id: commentId, reader_id: null, ip_hash: `r-${++seq}`, reason, note, created_at: NOW, resolved_at: null, resolved_by: null })
      .execute();

  const status = async (id: number) => await db().selectFrom('comments').select(['status', 'featured']).where('id', '=', id).executeTakeFirstOrThrow();

  /** A form post with repeated names (checkboxes), as a browser sends it. */
  async function postRaw(c: Client, url: string, pairs: [string, string][]) {
    const res = await t.app.inject({
      method: 'POST',
      url,
      remoteAddress: '127.0.0.1',
      headers: { cookie: c.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(pairs).toString(),
    });
    c.jar.take(res);
    return res;
  }

  /** The public article page as an anonymous reader sees it. */
  const publicPage = async () => parse((await t.app.inject({ url: articlePath })).body);

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    await t.services.accounts.create({ email: 'mod@example.org', name: 'Mo Moderator', role: 'moderator', password: PASSWORD });
    await t.services.accounts.create({ email: 'author@example.org', name: 'Otto Author', role: 'author', password: PASSWORD });
    admin = adminClient(t.app);
    moderator = adminClient(t.app);
    author = adminClient(t.app);
    await admin.signIn('admin@example.org', PASSWORD);
    await moderator.signIn('mod@example.org', PASSWORD);
    await author.signIn('author@example.org', PASSWORD);
    const article = await buildArticle(t.services, t.clock.now(), { slug: 'harbour-wall', headline: 'The harbour wall gives way' });
    articleId = article.id;
    articlePath = '/2024/03/29/harbour-wall';
  });
  afterAll(() => t?.close());

  it('is for roles that moderate: visitors sign in first, authors get 403, moderators see “Comments” in the nav', async () => {
    const visitor = await adminClient(t.app).get('/admin/comments');
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Fcomments');
    expect((await author.get('/admin/comments')).statusCode).toBe(403);
    const c = await comment();
    const _csrf = await author.csrfFrom('/admin');
    expect((await author.post(`/admin/comments/${c.id}/approve`, { _csrf })).statusCode).toBe(403);
    expect((await author.post('/admin/comments/bulk', { _csrf, action: 'approve', ids: String(c.id) })).statusCode).toBe(403);
    expect((await status(c.id)).status).toBe('pending');
    const authorNav = parse((await author.get('/admin')).body);
    expect([...authorNav.querySelectorAll('nav.admin-nav a')].map((a) => text(a))).not.toContain('Comments');

    const res = await moderator.get('/admin/comments');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const doc = parse(res.body);
    expect([...doc.querySelectorAll('nav.admin-nav[aria-label="Newsroom"] a')].map((a) => text(a))).toEqual(['Dashboard', 'Comments']);
    expect(text(doc.querySelector('nav.admin-nav a[aria-current="page"]'))).toBe('Comments');
    await t.services.moderation.act({ accountId: null, role: 'admin', authorId: null, name: 'cleanup' }, c.id, 'reject');
  });

  it('shows each tab with its count, listing the right comments with what a moderator decides on', async () => {
    const readerId = await reader('Rita Reader');
    const held = await comment({
      spam_score: 0.82,
      score_reasons: JSON.stringify([
        { token: 'casino', weight: 2.3 },
        { token: '(link)', weight: 1.1 },
        { token: 'council', weight: -0.6 },
      ]),
      held_reason: 'The spam filter scored it 0.82.',
    });
    const fromReader = await comment({ reader_id: readerId, author_name: 'Rita Reader' });
    const adminId = (await t.services.accounts.list()).find((a) => a.role === 'admin')!.id;
    const reported = await comment({ status: 'approved', account_id: adminId, author_name: 'Ada Admin' });
    await report(reported.id, 'abuse', 'Name-calling in the second line.');
    await report(reported.id, 'abuse');
    const spam = await comment({ status: 'spam' });

    const pending = await moderator.get('/admin/comments?queue=pending');
    const doc = parse(pending.body);
    const tabs = [...doc.querySelectorAll('nav[aria-label="Queues"] a')];
    expect(tabs.map((a) => a.getAttribute('data-queue'))).toEqual(['pending', 'reported', 'spam', 'all']);
    const counts = await t.services.moderation.queueCounts({ accountId: null, role: 'moderator', authorId: null, name: 'x' });
    expect(tabs.map((a) => text(a))).toEqual([`Pending (${counts.pending})`, `Reported (${counts.reported})`, `Spam (${counts.spam})`, `All (${counts.all})`]);
    expect(text(doc.querySelector('nav[aria-label="Queues"] a[aria-current="page"]'))).toContain('Pending');
    // Oldest first, so first in is decided first.
    expect(itemIds(pending.body)).toEqual([held.id, fromReader.id]);

    const heldItem = doc.querySelector(`[data-moderation-item="${held.id}"]`)!;
    expect(text(heldItem.querySelector('.moderation-score'))).toBe('Score 0.82 — raised by: "casino", "(link)"; lowered by: "council"');
    expect(text(heldItem)).toContain('Held: The spam filter scored it 0.82.');
    expect(text(heldItem.querySelector('.moderation-author'))).toContain('guest');
    expect(text(heldItem)).toContain('The harbour wall gives way');
    expect(heldItem.querySelector(`a[href="${articlePath}"]`)).not.toBeNull();
    expect([...heldItem.querySelectorAll('form')].map((f) => f.getAttribute('action'))).toEqual([
      `/admin/comments/${held.id}/approve`,
      `/admin/comments/${held.id}/reject`,
      `/admin/comments/${held.id}/spam`,
    ]);
    for (const form of heldItem.querySelectorAll('form')) {
      expect(form.getAttribute('method')).toBe('post');
      expect(form.querySelector('input[name="_csrf"]')?.getAttribute('value')).toBeTruthy();
      expect(form.querySelector('input[name="back"]')?.getAttribute('value')).toBe('/admin/comments?queue=pending');
    }
    expect(heldItem.querySelector(`a[href="/admin/comments/${held.id}"]`)).not.toBeNull();
    expect(heldItem.querySelector(`input[type="checkbox"][name="ids"][value="${held.id}"][form="bulk-form"]`)).not.toBeNull();
    expect(doc.querySelector('form#bulk-form[action="/admin/comments/bulk"] select[name="action"]')).not.toBeNull();
    const readerItem = doc.querySelector(`[data-moderation-item="${fromReader.id}"]`)!;
    expect(text(readerItem.querySelector('.moderation-author'))).toMatch(/^Rita Reader reader reader\d+@example\.org · verified$/);

    const rep = await moderator.get('/admin/comments?queue=reported');
    expect(itemIds(rep.body)).toContain(reported.id);
    expect(itemIds(rep.body)).not.toContain(held.id);
    const repItem = parse(rep.body).querySelector(`[data-moderation-item="${reported.id}"]`)!;
    expect(text(repItem.querySelector('.moderation-author'))).toBe('Ada Admin Staff');
    const reports = repItem.querySelector('.moderation-reports')!;
    expect(reports.firstChild?.textContent).toBe('2 open reports: abuse ×2');
    expect([...reports.querySelectorAll('li')].map((li) => text(li))).toEqual(['abuse: Name-calling in the second line.']);
    // Approved but reported: keeping it dismisses the reports; featuring is offered too.
    expect([...repItem.querySelectorAll('button')].map((b) => text(b))).toEqual([
      `Keep, dismiss reports comment ${reported.id}`,
      `Reject comment ${reported.id}`,
      `Spam comment ${reported.id}`,
      `Feature comment ${reported.id}`,
    ]);

    expect(itemIds((await moderator.get('/admin/comments?queue=spam')).body)).toEqual([spam.id]);
    const all = itemIds((await moderator.get('/admin/comments?queue=all')).body);
    expect(all.slice(0, 4)).toEqual([spam.id, reported.id, fromReader.id, held.id]);
    // Narrowed to one reader.
    const mine = await moderator.get(`/admin/comments?queue=all&reader=${readerId}`);
    expect(itemIds(mine.body)).toEqual([fromReader.id]);
    expect(text(parse(mine.body).querySelector('.moderation-filter'))).toContain(`by reader ${readerId}`);

    // Leave the queue as it was for the tests that follow.
    for (const id of [held.id, fromReader.id]) await t.services.moderation.act({ accountId: null, role: 'admin', authorId: null, name: 'cleanup' }, id, 'reject');
    await t.services.moderation.act({ accountId: null, role: 'admin', authorId: null, name: 'cleanup' }, reported.id, 'approve');
  });

  it('refuses unknown tabs, bad pages and bad filters with 400', async () => {
    for (const q of ['queue=held', 'page=0', 'page=abc', 'reader=x', 'article=-1']) {
      const res = await moderator.get(`/admin/comments?${q}`);
      expect(res.statusCode, q).toBe(400);
    }
    expect(text(parse((await moderator.get('/admin/comments?queue=held')).body).querySelector('main'))).toContain('"held" is not a queue; use pending, reported, spam or all.');
  });

  it('approves through the form: back to the queue with a notice, and the comment is on the article page', async () => {
    const c = await comment({ body: 'The council should rebuild the wall before winter.' });
    expect((await publicPage()).querySelector(`#comment-${c.id}`)).toBeNull();
    const queue = await moderator.get('/admin/comments?queue=pending');
    const form = parse(queue.body).querySelector(`form[action="/admin/comments/${c.id}/approve"]`)!;
    const res = await moderator.post(`/admin/comments/${c.id}/approve`, {
      _csrf: form.querySelector('input[name="_csrf"]')!.getAttribute('value')!,
      back: form.querySelector('input[name="back"]')!.getAttribute('value')!,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/admin\/comments\?queue=pending&done=approve&undo=[0-9a-f]{24}$/);
    const after = await moderator.get(String(res.headers.location));
    expect(notice(after.body)).toBe('Comment approved.');
    expect(itemIds(after.body)).not.toContain(c.id);
    expect(await status(c.id)).toEqual({ status: 'approved', featured: 0 });
    const page = await publicPage();
    expect(text(page.querySelector(`#comment-${c.id}`))).toContain('The council should rebuild the wall before winter.');

    // Approving again changes nothing and says so.
    const again = await moderator.post(`/admin/comments/${c.id}/approve`, { _csrf: csrfOf(after.body), back: '/admin/comments?queue=all' });
    expect(again.headers.location).toBe('/admin/comments?queue=all&done=approve&already=1');
    expect(notice((await moderator.get(String(again.headers.location))).body)).toBe('That comment was already approved.');
    expect(await t.services.audit.forSubject('comment', c.id)).toHaveLength(1);
  });

  it('marks as spam: the comment leaves the article page; features: it is marked an editors’ pick', async () => {
    const shown = await comment({ status: 'approved', body: 'Visible for now, soon spam.' });
    const pick = await comment({ status: 'approved', body: 'A thoughtful, sourced comment.' });
    expect((await publicPage()).querySelector(`#comment-${shown.id}`)).not.toBeNull();
    const _csrf = await moderator.csrfFrom('/admin/comments?queue=all');
    const res = await moderator.post(`/admin/comments/${shown.id}/spam`, { _csrf, back: `/admin/comments/${shown.id}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/admin/comments/${shown.id}\\?done=spam&undo=[0-9a-f]{24}$`));
    expect(notice((await moderator.get(String(res.headers.location))).body)).toBe('Comment marked as spam.');
    expect((await status(shown.id)).status).toBe('spam');
    expect((await publicPage()).querySelector(`#comment-${shown.id}`)).toBeNull();

    const feat = await moderator.post(`/admin/comments/${pick.id}/feature`, { _csrf, back: '/admin/comments?queue=all' });
    expect(feat.headers.location).toMatch(/^\/admin\/comments\?queue=all&done=feature&undo=[0-9a-f]{24}$/);
    expect(notice((await moderator.get(String(feat.headers.location))).body)).toBe('Comment featured.');
    expect(await status(pick.id)).toEqual({ status: 'approved', featured: 1 });
    const item = parse((await moderator.get('/admin/comments?queue=all')).body).querySelector(`[data-moderation-item="${pick.id}"]`)!;
    expect(text(item)).toContain('Editors’ pick');
    expect(item.querySelector(`form[action="/admin/comments/${pick.id}/unfeature"]`)).not.toBeNull();
    expect(item.querySelector(`form[action="/admin/comments/${pick.id}/feature"]`)).toBeNull();

    // Featuring a held comment is refused with the reason; a deleted one cannot be approved.
    const held = await comment();
    const refused = await moderator.post(`/admin/comments/${held.id}/feature`, { _csrf });
    expect(refused.statusCode).toBe(422);
    expect(text(parse(refused.body).querySelector('main'))).toContain('Only approved comments can be featured');
    const gone = await comment({ status: 'deleted' });
    const conflict = await moderator.post(`/admin/comments/${gone.id}/approve`, { _csrf });
    expect(conflict.statusCode).toBe(409);
    expect(text(parse(conflict.body).querySelector('main'))).toContain('This comment was deleted by its author, so it cannot be approved.');
    expect((await moderator.post('/admin/comments/99999999/approve', { _csrf })).statusCode).toBe(404);
    expect((await moderator.post(`/admin/comments/${held.id}/destroy`, { _csrf })).statusCode).toBe(404);
    expect((await status(held.id)).status).toBe('pending');
    await t.services.moderation.act({ accountId: null, role: 'admin', authorId: null, name: 'cleanup' }, held.id, 'reject');
  });

  it('applies one action to the ticked comments, and says which were skipped', async () => {
    const a = await comment();
    const b = await comment();
    const c = await comment();
    const gone = await comment({ status: 'deleted' });
    const queue = await moderator.get('/admin/comments?queue=pending');
    const _csrf = csrfOf(queue.body);
    const res = await postRaw(moderator, '/admin/comments/bulk', [
      ['_csrf', _csrf],
      ['back', '/admin/comments?queue=pending'],
      ['action', 'spam'],
      ['ids', String(a.id)],
      ['ids', String(b.id)],
      ['ids', String(c.id)],
      ['ids', String(gone.id)],
    ]);
    expect(res.statusCode).toBe(303);
    const page = await moderator.get(String(res.headers.location));
    expect(notice(page.body)).toBe(`3 comments marked as spam. 1 skipped: comment ${gone.id} was deleted by its author.`);
    for (const x of [a, b, c]) expect((await status(x.id)).status).toBe('spam');
    expect((await status(gone.id)).status).toBe('deleted');

    // One box ticked arrives as a single value.
    const one = await postRaw(moderator, '/admin/comments/bulk', [
      ['_csrf', _csrf],
      ['action', 'approve'],
      ['ids', String(a.id)],
    ]);
    expect(notice((await moderator.get(String(one.headers.location))).body)).toBe('1 comment approved.');
    // Nothing ticked, or no action chosen: refused with a message.
    const none = await postRaw(moderator, '/admin/comments/bulk', [
      ['_csrf', _csrf],
      ['action', 'approve'],
    ]);
    expect(none.statusCode).toBe(422);
    expect(text(parse(none.body).querySelector('main'))).toContain('Choose at least one comment.');
    const noAction = await postRaw(moderator, '/admin/comments/bulk', [
      ['_csrf', _csrf],
      ['action', ''],
      ['ids', String(b.id)],
    ]);
    expect(noAction.statusCode).toBe(422);
    expect(
      (
        await postRaw(moderator, '/admin/comments/bulk', [
          ['_csrf', _csrf],
          ['action', 'approve'],
          ['ids', 'abc'],
        ])
      ).statusCode,
    ).toBe(400);
    expect((await status(b.id)).status).toBe('spam');
  });

  it('pages the queue, and after emptying the last page goes back to the one before, notice kept', async () => {
    const made = [];
    for (let i = 0; i < 26; i++) made.push(await comment());
    const page1 = await moderator.get('/admin/comments?queue=pending');
    expect(itemIds(page1.body)).toHaveLength(25);
    expect(text(parse(page1.body).querySelector('nav.admin-pager'))).toContain('Page 1 of 2');
    const page2 = await moderator.get('/admin/comments?queue=pending&page=2');
    expect(itemIds(page2.body)).toEqual([made[25]!.id]);
    const last = made[25]!.id;
    const res = await moderator.post(`/admin/comments/${last}/reject`, { _csrf: csrfOf(page2.body), back: '/admin/comments?queue=pending&page=2' });
    expect(res.headers.location).toMatch(/^\/admin\/comments\?queue=pending&page=2&done=reject&undo=[0-9a-f]{24}$/);
    const gone = await moderator.get(String(res.headers.location));
    expect(gone.statusCode).toBe(303);
    expect(gone.headers.location).toMatch(/^\/admin\/comments\?queue=pending&done=reject&undo=[0-9a-f]{24}$/);
    expect(notice((await moderator.get(String(gone.headers.location))).body)).toBe('Comment rejected.');
    await t.services.moderation.bulk(
      { accountId: null, role: 'admin', authorId: null, name: 'cleanup' },
      made.map((c) => c.id),
      'reject',
    );
  });

  it('refuses forged forms with 403 and changes nothing', async () => {
    const c = await comment();
    const r = await reader('Forged Target');
    const own = await comment({ reader_id: r });
    await moderator.csrfFrom('/admin/comments');
    for (const token of ['', 'forged']) {
      expect((await moderator.post(`/admin/comments/${c.id}/approve`, { _csrf: token })).statusCode).toBe(403);
      expect(
        (
          await postRaw(moderator, '/admin/comments/bulk', [
            ['_csrf', token],
            ['action', 'approve'],
            ['ids', String(c.id)],
          ])
        ).statusCode,
      ).toBe(403);
      expect((await moderator.post(`/admin/readers/${r}/ban`, { _csrf: token, duration: 'ban', reason: 'Forged.', removeComments: '1' })).statusCode).toBe(403);
    }
    // A token from another browser does not pass either.
    const other = await admin.csrfFrom('/admin/comments');
    const res = await moderator.post(`/admin/comments/${c.id}/approve`, { _csrf: other });
    expect(res.statusCode).toBe(403);
    expect(alert(res.body) || text(parse(res.body).querySelector('main'))).toContain('This form has expired or did not come from this site.');
    expect((await status(c.id)).status).toBe('pending');
    expect((await status(own.id)).status).toBe('pending');
    expect((await db().selectFrom('readers').select('banned_until').where('id', '=', r).executeTakeFirstOrThrow()).banned_until).toBeNull();
    expect(await t.services.audit.forSubject('comment', c.id)).toEqual([]);
    for (const id of [c.id, own.id]) await t.services.moderation.act({ accountId: null, role: 'admin', authorId: null, name: 'cleanup' }, id, 'reject');
  });

  it('sends the moderator back only to the moderation pages', async () => {
    const c = await comment();
    const _csrf = await moderator.csrfFrom('/admin/comments');
    for (const back of ['https://evil.example/', '//evil.example/admin/comments', '/admin/articles', '/admin/comments/../settings', '/admin/comments?queue=pending#x']) {
      const res = await moderator.post(`/admin/comments/${c.id}/reject`, { _csrf, back });
      expect(res.headers.location, back).toMatch(/^\/admin\/comments\?done=reject/);
      await t.services.moderation.act({ accountId: null, role: 'admin', authorId: null, name: 'reset' }, c.id, 'approve');
    }
  });

  it('shows a comment in its thread with the commenter’s record, the log, and the ban form; bans and lifts bans', async () => {
    const r = await reader('Troll Account');
    const root = await comment({ status: 'approved', body: 'The root of the thread.' });
    const target = await comment({ parent_id: root.id, reader_id: r, body: 'The reply in question.' });
    const reply = await comment({ parent_id: target.id, status: 'approved', body: 'A reply to the reply.' });
    const waiting = await comment({ reader_id: r });
    await t.services.moderation.act({ accountId: null, role: 'admin', authorId: null, name: 'Ada Admin' }, root.id, 'feature', 'Great start.');

    const page = await moderator.get(`/admin/comments/${target.id}`);
    expect(page.statusCode).toBe(200);
    const doc = parse(page.body);
    expect(text(doc.querySelector('h1'))).toBe(`Comment ${target.id}`);
    expect([...doc.querySelectorAll('.moderation-thread [data-moderation-item]')].map((el) => Number(el.getAttribute('data-moderation-item')))).toEqual([root.id]);
    expect(doc.querySelector(`[data-moderation-item="${target.id}"]`)?.getAttribute('aria-current')).toBe('true');
    expect([...doc.querySelectorAll('.moderation-replies [data-moderation-item]')].map((el) => Number(el.getAttribute('data-moderation-item')))).toEqual([reply.id]);
    const history = doc.querySelector('section[aria-labelledby="history-heading"]')!;
    expect(text(history.querySelector('caption'))).toBe('This reader: comments by status');
    expect([...history.querySelectorAll('tr')].map((tr) => [text(tr.querySelector('th')), text(tr.querySelector('td'))])).toEqual([
      ['Approved', '0'],
      ['Pending', '2'],
      ['Rejected', '0'],
      ['Spam', '0'],
      ['Deleted by its author', '0'],
    ]);
    expect([...history.querySelectorAll('[data-moderation-item]')].map((el) => Number(el.getAttribute('data-moderation-item')))).toEqual([waiting.id]);
    expect(text(doc.querySelector('section[aria-labelledby="log-heading"]'))).toContain('No moderator has acted on this comment yet.');
    const banForm = doc.querySelector(`form[action="/admin/readers/${r}/ban"]`)!;
    expect([...banForm.querySelectorAll('#ban-duration option')].map((o) => text(o))).toEqual(['Suspend for 1 day', 'Suspend for 7 days', 'Suspend for 30 days', 'Ban']);
    expect(doc.querySelector(`form[action="/admin/readers/${r}/unban"]`)).toBeNull();
    for (const control of doc.querySelectorAll('main input:not([type="hidden"]):not([type="checkbox"][form]), main select')) {
      expect(doc.querySelector(`label[for="${control.id}"]`), `label for #${control.id}`).not.toBeNull();
    }

    // A refused ban shows the page again with the message and what was typed.
    const _csrf = csrfOf(page.body);
    const refused = await moderator.post(`/admin/readers/${r}/ban`, { _csrf, back: `/admin/comments/${target.id}`, duration: '7', reason: '  ', removeComments: '1' });
    expect(refused.statusCode).toBe(422);
    expect(alert(refused.body)).toBe('Give a reason: the reader sees it, and so do other moderators.');
    expect(parse(refused.body).querySelector('#ban-duration option[selected]')?.getAttribute('value')).toBe('7');
    const badDuration = await moderator.post(`/admin/readers/${r}/ban`, { _csrf, back: `/admin/comments/${target.id}`, duration: '9', reason: 'Spam.' });
    expect(badDuration.statusCode).toBe(422);
    expect(alert(badDuration.body)).toBe('Choose how long: suspend for 1, 7 or 30 days, or ban.');
    expect(parse(badDuration.body).querySelector('#ban-reason')?.getAttribute('value')).toBe('Spam.');

    const res = await postRaw(moderator, `/admin/readers/${r}/ban`, [
      ['_csrf', _csrf],
      ['back', `/admin/comments/${target.id}`],
      ['duration', '7'],
      ['reason', 'Baiting other readers.'],
      ['removeComments', '0'],
      ['removeComments', '1'],
    ]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/comments/${target.id}?done=suspend&days=7&removed=2`);
    const after = await moderator.get(String(res.headers.location));
    expect(notice(after.body)).toBe('Reader suspended for 7 days. 2 waiting comments rejected.');
    expect(await db().selectFrom('readers').select(['banned_until', 'ban_reason']).where('id', '=', r).executeTakeFirstOrThrow()).toEqual({
      banned_until: '2024-04-05T15:00:00.000Z',
      ban_reason: 'Baiting other readers.',
    });
    expect((await status(waiting.id)).status).toBe('rejected');
    const afterDoc = parse(after.body);
    expect(text(afterDoc.querySelector('section[aria-labelledby="reader-heading"]'))).toContain('Suspended until');
    expect(text(afterDoc.querySelector('section[aria-labelledby="reader-log-heading"]'))).toContain('Suspended until');
    expect(text(afterDoc.querySelector('section[aria-labelledby="log-heading"]'))).toContain('Rejected (pending → rejected) by Mo Moderator');

    const lift = await moderator.post(`/admin/readers/${r}/unban`, { _csrf, back: `/admin/comments/${target.id}` });
    expect(lift.headers.location).toBe(`/admin/comments/${target.id}?done=unban`);
    const lifted = await moderator.get(String(lift.headers.location));
    expect(notice(lifted.body)).toBe('Ban lifted: the reader can comment again.');
    expect((await db().selectFrom('readers').select('banned_until').where('id', '=', r).executeTakeFirstOrThrow()).banned_until).toBeNull();
    expect(parse(lifted.body).querySelector(`form[action="/admin/readers/${r}/unban"]`)).toBeNull();

    const ban = await moderator.post(`/admin/readers/${r}/ban`, { _csrf, back: `/admin/comments/${target.id}`, duration: 'ban', reason: 'Spam account.', removeComments: '0' });
    expect(notice((await moderator.get(String(ban.headers.location))).body)).toBe('Reader banned.');
    const banned = parse((await moderator.get(`/admin/comments/${target.id}`)).body);
    expect(banned.querySelector(`form[action="/admin/readers/${r}/unban"]`)).not.toBeNull();
    expect(text(banned.querySelector(`[data-moderation-item="${target.id}"] .moderation-author`))).toContain('Banned');
    expect((await moderator.post(`/admin/readers/999999/ban`, { _csrf, duration: 'ban', reason: 'x' })).statusCode).toBe(404);
    expect((await moderator.get('/admin/comments/99999999')).statusCode).toBe(404);
    expect((await author.get(`/admin/comments/${target.id}`)).statusCode).toBe(403);
  });

  it('records a note given with a decision on the comment’s page', async () => {
    const c = await comment();
    const page = parse((await moderator.get(`/admin/comments/${c.id}`)).body);
    const form = page.querySelector('section[aria-labelledby="decide-heading"] form')!;
    expect([...form.querySelectorAll('button')].map((b) => [text(b), b.getAttribute('formaction')])).toEqual([
      ['Approve with note', null],
      ['Reject with note', `/admin/comments/${c.id}/reject`],
      ['Spam with note', `/admin/comments/${c.id}/spam`],
    ]);
    const res = await moderator.post(`/admin/comments/${c.id}/reject`, {
      _csrf: csrfOf((await moderator.get(`/admin/comments/${c.id}`)).body),
      back: `/admin/comments/${c.id}`,
      note: 'Off topic: about another story.',
    });
    const after = parse((await moderator.get(String(res.headers.location))).body);
    expect(text(after.querySelector('section[aria-labelledby="log-heading"] li'))).toContain('Rejected (pending → rejected) by Mo Moderator — “Off topic: about another story.”');
  });

  it('loads the keyboard shortcuts as a module file and lists them', async () => {
    await comment();
    const doc = parse((await moderator.get('/admin/comments')).body);
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts.map((s) => s.getAttribute('src'))).toEqual([expect.stringMatching(/^\/assets\/moderation\.js\?v=\w+$/)]);
    expect(scripts[0]!.getAttribute('type')).toBe('module');
    expect(scripts.every((s) => s.textContent === '')).toBe(true);
    const help = doc.querySelector('details.moderation-shortcuts')!;
    expect(text(help.querySelector('summary'))).toBe('Keyboard shortcuts');
    expect([...help.querySelectorAll('dd')].map((d) => text(d))).toEqual([
      'Next / previous comment',
      'Approve',
      'Reject',
      'Spam',
      'Feature or unfeature',
      'Select or unselect for a bulk action',
      'Open the comment in its thread',
    ]);
    expect(doc.querySelector('[data-moderation-item] button[data-shortcut="a"]')).not.toBeNull();
    expect(doc.querySelector('[data-moderation-item][tabindex="-1"]')).not.toBeNull();
    // The script it names is served.
    const asset = await t.app.inject({ url: scripts[0]!.getAttribute('src')! });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('puts the queue on the dashboard for those who moderate', async () => {
    const summary = await t.services.moderation.summary();
    const doc = parse((await moderator.get('/admin')).body);
    const panel = doc.querySelector('section[aria-labelledby="desk-comments"]')!;
    const links = [...panel.querySelectorAll('a')].map((a) => [text(a), a.getAttribute('href')]);
    expect(links[0]).toEqual([`${summary.pending} ${summary.pending === 1 ? 'comment' : 'comments'} waiting`, '/admin/comments?queue=pending']);
    expect(links[1]).toEqual([`${summary.reported} reported`, '/admin/comments?queue=reported']);
    expect(doc.querySelector('#desk-drafts')).toBeNull();

    const reported = await comment({ status: 'approved' });
    await report(reported.id, 'spam');
    await comment();
    const again = parse((await admin.get('/admin')).body).querySelector('section[aria-labelledby="desk-comments"]')!;
    const waiting = summary.pending + 1;
    expect(text(again.querySelector('a[href="/admin/comments?queue=pending"]'))).toBe(`${waiting} ${waiting === 1 ? 'comment' : 'comments'} waiting`);
    expect(text(again.querySelector('a[href="/admin/comments?queue=reported"]'))).toBe(`${summary.reported + 1} reported`);
    // Authors do not moderate: no panel.
    expect(parse((await author.get('/admin')).body).querySelector('section[aria-labelledby="desk-comments"]')).toBeNull();
  });

  describe('comment policy settings', () => {
    const form = async (): Promise<[string, string][]> => {
      const doc = parse((await admin.get('/admin/settings')).body);
      const out: [string, string][] = [];
      for (const el of doc.querySelectorAll('main form[action="/admin/settings"] input, main form[action="/admin/settings"] select, main form[action="/admin/settings"] textarea')) {
        const name = el.getAttribute('name');
        if (!name) continue;
        const tag = el.tagName.toLowerCase();
        if (tag === 'textarea') out.push([name, el.textContent ?? '']);
        else if (tag === 'select') out.push([name, el.querySelector('option[selected]')?.getAttribute('value') ?? '']);
        else if (el.getAttribute('type') === 'checkbox') {
          if (el.hasAttribute('checked')) out.push([name, el.getAttribute('value') ?? 'on']);
        } else out.push([name, el.getAttribute('value') ?? '']);
      }
      return out;
    };
    const set = (pairs: [string, string][], over: Record<string, string | null>): [string, string][] => {
      const out = pairs.filter(([k]) => !(k in over) || k === 'guestComments');
      for (const [k, v] of Object.entries(over)) {
        if (k === 'guestComments') {
          // Unticking drops the box's value; the hidden "0" before it stays.
          const i = out.findIndex(([n, val]) => n === 'guestComments' && val === '1');
          if (v === null && i >= 0) out.splice(i, 1);
          if (v === '1' && i < 0) out.push(['guestComments', '1']);
        } else if (v !== null) out.push([k, v]);
      }
      return out;
    };

    it('shows every policy setting, labelled, with its bounds', async () => {
      const doc = parse((await admin.get('/admin/settings')).body);
      expect(doc.querySelector('#settings-guests')?.hasAttribute('checked')).toBe(false);
      expect(doc.querySelector('#settings-moderation option[selected]')?.getAttribute('value')).toBe('first_time');
      expect(doc.querySelector('#settings-max-links')?.getAttribute('value')).toBe('2');
      expect(doc.querySelector('#settings-max-links')?.getAttribute('max')).toBe('100');
      expect(doc.querySelector('#settings-max-length')?.getAttribute('min')).toBe('100');
      expect(doc.querySelector('#settings-hold-score')?.getAttribute('value')).toBe('0.7');
      expect(doc.querySelector('#settings-reject-score')?.getAttribute('value')).toBe('0.98');
      const names = new Set((await form()).map(([k]) => k));
      for (const k of [
        'guestComments',
        'moderationMode',
        'bannedWords',
        'suspectWords',
        'maxLinks',
        'trustAfter',
        'editWindowMinutes',
        'maxCommentDepth',
        'maxCommentLength',
        'reportsToHold',
        'commentLimitPerIp',
        'commentLimitPerReader',
        'commentLimitWindowMinutes',
        'minSubmitSeconds',
        'spamHoldScore',
        'spamRejectScore',
        'moderatorEmail',
      ]) {
        expect(names.has(k), k).toBe(true);
      }
      for (const control of doc.querySelectorAll('main form input:not([type="hidden"]), main form select, main form textarea')) {
        expect(doc.querySelector(`label[for="${control.id}"]`), `label for #${control.id}`).not.toBeNull();
      }
    });

    it('saves the policy', async () => {
      const _csrf = csrfOf((await admin.get('/admin/settings')).body);
      const pairs = set(await form(), {
        _csrf,
        guestComments: '1',
        moderationMode: 'all',
        bannedWords: 'casino\r\n\r\n  cheap   pills \r\nCASINO\r\n',
        suspectWords: 'idiot',
        maxLinks: '0',
        trustAfter: '10',
        maxCommentLength: '2000',
        spamHoldScore: '0.6',
        spamRejectScore: '.95',
        moderatorEmail: ' desk@example.org ',
      });
      const res = await postRaw(admin, '/admin/settings', pairs);
      expect(res.statusCode, res.body).toBe(303);
      expect(await t.services.settings.get()).toMatchObject({
        guestComments: true,
        moderationMode: 'all',
        bannedWords: ['casino', 'cheap pills'],
        suspectWords: ['idiot'],
        maxLinks: 0,
        trustAfter: 10,
        maxCommentLength: 2000,
        spamHoldScore: 0.6,
        spamRejectScore: 0.95,
        moderatorEmail: 'desk@example.org',
        editWindowMinutes: 15,
      });
      const doc = parse((await admin.get('/admin/settings?saved')).body);
      expect(doc.querySelector('#settings-guests')?.hasAttribute('checked')).toBe(true);
      expect(doc.querySelector('#settings-banned')?.textContent).toBe('casino\ncheap pills');
      // Unticking the box turns guests off (the hidden "0" is what arrives).
      const off = await postRaw(admin, '/admin/settings', set(await form(), { _csrf, guestComments: null }));
      expect(off.statusCode).toBe(303);
      expect((await t.services.settings.get()).guestComments).toBe(false);
    });

    it('refuses bad values with 422 and the message, keeps what was typed, and saves nothing', async () => {
      const before = await t.services.settings.get();
      const _csrf = csrfOf((await admin.get('/admin/settings')).body);
      const cases: [Record<string, string>, string][] = [
        [{ maxLinks: '101' }, '“Links allowed before holding” must be a whole number from 0 to 100.'],
        [{ maxCommentDepth: '0' }, '“Deepest reply level” must be a whole number from 1 to 10.'],
        [{ maxCommentLength: 'long' }, '“Longest comment (characters)” must be a whole number from 100 to 20000.'],
        [{ commentLimitPerIp: '' }, '“Comments per address per window” must be a whole number from 1 to 10000.'],
        [{ minSubmitSeconds: '2.5' }, '“Quickest human post (seconds)” must be a whole number from 0 to 600.'],
        [{ spamHoldScore: '0' }, '“Hold from spam score” must be a number above 0 and at most 1, such as 0.7.'],
        [{ spamRejectScore: '1.2' }, '“File as spam from spam score” must be a number above 0 and at most 1, such as 0.7.'],
        [{ spamHoldScore: '0.99', spamRejectScore: '0.9' }, '“Hold from spam score” cannot be above “File as spam from spam score”.'],
        [{ moderationMode: 'sometimes' }, 'Choose one of the offered moderation modes.'],
        [{ moderatorEmail: 'not an address' }, '“Moderator email” must be an email address, or empty for nobody.'],
        [{ suspectWords: `fine\n${'x'.repeat(101)}` }, `Each line of “Suspect words” can be at most 100 characters; “${'x'.repeat(30)}…” has 101.`],
      ];
      for (const [over, message] of cases) {
        const res = await postRaw(admin, '/admin/settings', set(await form(), { _csrf, ...over }));
        expect(res.statusCode, JSON.stringify(over)).toBe(422);
        expect(alert(res.body), JSON.stringify(over)).toBe(message);
      }
      const again = await postRaw(admin, '/admin/settings', set(await form(), { _csrf, maxLinks: '101', moderatorEmail: 'typed@example', bannedWords: 'one\ntwo', moderationMode: 'none' }));
      const doc = parse(again.body);
      expect(doc.querySelector('#settings-max-links')?.getAttribute('value')).toBe('101');
      expect(doc.querySelector('#settings-moderator-email')?.getAttribute('value')).toBe('typed@example');
      expect(doc.querySelector('#settings-banned')?.textContent).toBe('one\ntwo');
      expect(doc.querySelector('#settings-moderation option[selected]')?.getAttribute('value')).toBe('none');
      expect(await t.services.settings.get()).toEqual(before);
      // Moderators do not run the site.
      expect((await moderator.get('/admin/settings')).statusCode).toBe(403);
    });
  });

  it('lets the editor choose an article’s moderation, the site’s default being kept as none chosen', async () => {
    const created = await t.services.editorial.create({ accountId: null, role: 'admin', authorId: null, name: 'Ada Admin' }, { headline: 'Moderation per story' });
    const page = await admin.get(`/admin/articles/${created.id}`);
    const doc = parse(page.body);
    expect([...doc.querySelectorAll('#commentModeration option')].map((o) => [o.getAttribute('value'), text(o)])).toEqual([
      ['', 'Site default'],
      ['none', 'None'],
      ['first_time', 'First-time commenters'],
      ['all', 'Everything'],
    ]);
    expect(doc.querySelector('#commentModeration option[selected]')?.getAttribute('value')).toBe('');
    const fields: Record<string, string> = {};
    for (const el of doc.querySelectorAll('#editor-form input, #editor-form textarea, #editor-form select')) {
      const name = el.getAttribute('name');
      if (!name) continue;
      const tag = el.tagName.toLowerCase();
      if (tag === 'textarea') fields[name] = el.textContent ?? '';
      else if (tag === 'select') fields[name] = el.querySelector('option[selected]')?.getAttribute('value') ?? '';
      else if (el.getAttribute('type') !== 'checkbox' || el.hasAttribute('checked')) fields[name] = el.getAttribute('value') ?? '';
    }
    const res = await admin.post(`/admin/articles/${created.id}`, { ...fields, commentModeration: 'all' });
    expect(res.statusCode, res.body).toBe(303);
    expect((await t.services.articles.byId(created.id))?.comment_moderation).toBe('all');
    const shown = parse((await admin.get(`/admin/articles/${created.id}`)).body);
    expect(shown.querySelector('#commentModeration option[selected]')?.getAttribute('value')).toBe('all');
    const bad = await admin.post(`/admin/articles/${created.id}`, { ...fields, baseVersion: String(created.version + 1), commentModeration: 'sometimes' });
    expect(bad.statusCode).toBe(422);
    const back = await admin.post(`/admin/articles/${created.id}`, { ...fields, baseVersion: String(created.version + 1), commentModeration: '' });
    expect(back.statusCode).toBe(303);
    expect((await t.services.articles.byId(created.id))?.comment_moderation).toBeNull();
  });
});
