import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import type { CommentRow, CommentStatus, NewCommentRow, ReportReason } from '../../src/platform/db/schema.js';
import { createModerationService } from '../../src/modules/comments/moderation.service.js';
import { AppError } from '../../src/platform/errors.js';
import type { ContentChange } from '../../src/platform/events.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

const NOW = '2024-03-29T15:00:00.000Z';

/** What an async call was refused with: its status and message. */
async function refusal(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('moderation service', () => {
  let t: TestContext;
  let articleId: number;
  let draftId: number;
  let articlePathname: string;
  let admin: Actor;
  let moderator: Actor;
  let author: Actor;
  const signals: { name: 'visible' | 'hidden'; id: number; status: CommentStatus }[] = [];
  const changes: ContentChange[] = [];
  let seq = 0;

  const db = () => t.database.db;

  async function reader(over: { verified?: boolean; bannedUntil?: string | null; name?: string } = {}) {
    const n = ++seq;
    const row = await db()
      .insertInto('readers')
      .values({
        email: `reader${n}@example.org`,
        display_name: over.name ?? `Reader Number${n}`,
        password_hash: null,
        email_verified_at: over.verified === false ? null : NOW,
        banned_until: over.bannedUntil ?? null,
        created_at: NOW,
        updated_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A comment row as the comments service would have stored it; a minute apart unless told. */
  async function comment(over: Partial<NewCommentRow> = {}): Promise<CommentRow> {
    const n = ++seq;
    const at = new Date(Date.parse('2024-03-29T10:00:00.000Z') + n * 60_000).toISOString();
    return db()
      .insertInto('comments')
      .values({
        article_id: articleId,
        parent_id: null,
        author_name: `Guest ${n}`,
        author_email: `guest${n}@example.org`,
        body: `A comment, number ${n}.`,
        status: 'pending',
        created_at: at,
        updated_at: at,
        ip_hash: `ip-${n}`,
        ...over,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async function report(commentId: number, reason: ReportReason, note = '') {
    await db()
      .insertInto('comment_reports')
      .values({ comment_id: commentId, reader_id: null, ip_hash: `r-${++seq}`, reason, note, created_at: NOW, resolved_at: null, resolved_by: null })
      .execute();
  }

  const row = (id: number) => db().selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditFor = (id: number, type = 'comment') => t.services.audit.forSubject(type, id);
  const openReports = (id: number) => db().selectFrom('comment_reports').selectAll().where('comment_id', '=', id).where('resolved_at', 'is', null).execute();

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    const make = async (role: 'admin' | 'moderator' | 'author', name: string) => {
      const a = await t.services.accounts.create({ email: `${role}@example.org`, name, role, password: 'correct horse battery staple' });
      return { accountId: a.id, role, authorId: null, name } satisfies Actor;
    };
    admin = await make('admin', 'Ada Admin');
    moderator = await make('moderator', 'Mo Moderator');
    author = await make('author', 'Otto Author');
    const article = await buildArticle(t.services, t.clock.now(), { slug: 'harbour-wall', headline: 'The harbour wall gives way' });
    articleId = article.id;
    articlePathname = '/2024/03/29/harbour-wall';
    draftId = (await buildArticle(t.services, t.clock.now(), { status: 'draft', publishedAt: null, headline: 'Not out yet' })).id;
    t.services.commentSignals.on('visible', (c) => signals.push({ name: 'visible', id: c.id, status: c.status }));
    t.services.commentSignals.on('hidden', (c) => signals.push({ name: 'hidden', id: c.id, status: c.status }));
    t.services.events.onChange((c) => changes.push(c));
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    signals.length = 0;
    changes.length = 0;
    t.clock.set(NOW);
  });

  describe('queues', () => {
    it('lists each tab in its order, with the author, the article, the score, the held reason and the reports', async () => {
      const a = await articleOnly();
      const readerId = await reader({ name: 'Rita Reader', bannedUntil: '2024-04-02T00:00:00.000Z' });
      const first = await comment({
        article_id: a,
        spam_score: 0.82,
        score_reasons: JSON.stringify([{ token: 'casino', weight: 2.1 }, { token: 'council', weight: -0.4 }, { nonsense: true }]),
        held_reason: 'The spam filter scored it 0.82.',
      });
      const second = await comment({ article_id: a, reader_id: readerId, author_name: 'Rita R.' });
      const third = await comment({ article_id: a, status: 'approved', account_id: admin.accountId, author_name: 'Ada Admin' });
      const spam1 = await comment({ article_id: a, status: 'spam' });
      const spam2 = await comment({ article_id: a, status: 'spam' });
      await report(third.id, 'abuse', 'Insults another reader.');
      await report(third.id, 'abuse');
      await report(third.id, 'spam');
      const gone = await comment({ article_id: a, status: 'deleted' });
      await report(gone.id, 'spam');

      const ids = async (queue: 'pending' | 'reported' | 'spam' | 'all') => (await t.services.moderation.queue(moderator, { queue, page: 1, perPage: 50, articleId: a })).items.map((i) => i.id);
      expect(await ids('pending')).toEqual([first.id, second.id]);
      expect(await ids('spam')).toEqual([spam2.id, spam1.id]);
      // Deleted comments need no decision, so their reports do not count.
      expect(await ids('reported')).toEqual([third.id]);
      expect(await ids('all')).toEqual([gone.id, spam2.id, spam1.id, third.id, second.id, first.id]);

      const pending = await t.services.moderation.queue(moderator, { queue: 'pending', page: 1, perPage: 50, articleId: a });
      expect(pending.items[0]).toMatchObject({
        id: first.id,
        author: { kind: 'guest', name: first.author_name, email: first.author_email },
        article: { id: a, headline: 'Articles only story', path: expect.stringMatching(/^\/2024\/03\/29\/articles-only-/) },
        spamScore: 0.82,
        scoreReasons: [
          { token: 'casino', weight: 2.1 },
          { token: 'council', weight: -0.4 },
        ],
        heldReason: 'The spam filter scored it 0.82.',
        reports: { open: 0, reasons: [], notes: [] },
        status: 'pending',
        featured: false,
      });
      expect(pending.items[1]!.author).toEqual({
        kind: 'reader',
        readerId,
        name: 'Rita Reader',
        email: expect.stringMatching(/@example\.org$/),
        verified: true,
        bannedUntil: '2024-04-02T00:00:00.000Z',
        banned: true,
        banReason: '',
      });
      const reported = await t.services.moderation.queue(moderator, { queue: 'reported', page: 1, perPage: 50, articleId: a });
      expect(reported.items[0]).toMatchObject({
        author: { kind: 'staff', accountId: admin.accountId, name: 'Ada Admin' },
        reports: {
          open: 3,
          reasons: [
            { reason: 'abuse', count: 2 },
            { reason: 'spam', count: 1 },
          ],
          notes: [{ reason: 'abuse', note: 'Insults another reader.' }],
        },
      });
    });

    it('narrows to one reader, pages, and shows no address for an article readers cannot see', async () => {
      const readerId = await reader();
      const mine = [await comment({ reader_id: readerId }), await comment({ reader_id: readerId }), await comment({ reader_id: readerId, article_id: draftId })];
      await comment();
      const page1 = await t.services.moderation.queue(moderator, { queue: 'pending', page: 1, perPage: 2, readerId });
      expect(page1).toMatchObject({ total: 3, pageCount: 2, page: 1 });
      expect(page1.items.map((i) => i.id)).toEqual([mine[0]!.id, mine[1]!.id]);
      const page2 = await t.services.moderation.queue(moderator, { queue: 'pending', page: 2, perPage: 2, readerId });
      expect(page2.items.map((i) => i.id)).toEqual([mine[2]!.id]);
      expect(page2.items[0]!.article).toEqual({ id: draftId, headline: 'Not out yet', path: null });
      expect(page1.items[0]!.article.path).toBe(articlePathname);
    });

    it('refuses roles that do not moderate, and unknown queues', async () => {
      expect(await refusal(t.services.moderation.queue(author, { queue: 'pending', page: 1, perPage: 10 }))).toMatchObject({ status: 403 });
      expect(await refusal(t.services.moderation.queueCounts(author))).toMatchObject({ status: 403 });
      expect(await refusal(t.services.moderation.queue(moderator, { queue: 'held' as 'pending', page: 1, perPage: 10 }))).toEqual({
        status: 422,
        message: '"held" is not a queue; use pending, reported, spam or all.',
      });
    });
  });

  /** A published article of its own, so a test's queue holds only its comments. */
  async function articleOnly(): Promise<number> {
    return (await buildArticle(t.services, t.clock.now(), { slug: `articles-only-${++seq}`, headline: 'Articles only story' })).id;
  }

  describe('decisions', () => {
    it('approves: status, who and when, reports closed, recorded, the classifier taught ham, and readers told', async () => {
      const c = await comment({ body: 'I think the council got the harbour budget right.' });
      await report(c.id, 'other', 'Not sure about this.');
      const before = await t.services.classifier.stats();
      t.clock.set('2024-03-29T15:30:00.000Z');
      const result = await t.services.moderation.act(moderator, c.id, 'approve', '  Fine,   civil. ');
      expect(result.changed).toBe(true);
      const stored = await row(c.id);
      expect(stored).toMatchObject({ status: 'approved', moderated_by: moderator.accountId, moderated_at: '2024-03-29T15:30:00.000Z', updated_at: '2024-03-29T15:30:00.000Z', trained_as: 'ham' });
      expect(await openReports(c.id)).toEqual([]);
      const resolved = await db().selectFrom('comment_reports').selectAll().where('comment_id', '=', c.id).executeTakeFirstOrThrow();
      expect(resolved).toMatchObject({ resolved_at: '2024-03-29T15:30:00.000Z', resolved_by: moderator.accountId });
      const log = await auditFor(c.id);
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({
        action: 'comment.approve',
        accountId: moderator.accountId,
        subjectType: 'comment',
        details: { from: 'pending', to: 'approved', note: 'Fine, civil.', by: 'Mo Moderator', reportsResolved: 1 },
      });
      const after = await t.services.classifier.stats();
      expect(after.hamDocs).toBe(before.hamDocs + 1);
      expect(after.spamDocs).toBe(before.spamDocs);
      expect(signals).toEqual([{ name: 'visible', id: c.id, status: 'approved' }]);
      expect(changes).toContainEqual({ kind: 'comment', id: c.id });
    });

    it('does nothing when asked for what already is: no write, no record, no signal, no training', async () => {
      const c = await comment();
      await t.services.moderation.act(moderator, c.id, 'approve');
      const stats = await t.services.classifier.stats();
      const stored = await row(c.id);
      signals.length = 0;
      changes.length = 0;
      t.clock.set('2024-03-29T16:00:00.000Z');
      const again = await t.services.moderation.act(admin, c.id, 'approve');
      expect(again.changed).toBe(false);
      expect(await row(c.id)).toEqual(stored);
      expect(await auditFor(c.id)).toHaveLength(1);
      expect(await t.services.classifier.stats()).toEqual(stats);
      expect(signals).toEqual([]);
      expect(changes).toEqual([]);
    });

    it('keeping an approved comment that was reported closes the reports and records it', async () => {
      const c = await comment({ status: 'approved' });
      await report(c.id, 'abuse');
      await report(c.id, 'spam');
      const result = await t.services.moderation.act(moderator, c.id, 'approve', 'Robust, not abusive.');
      expect(result.changed).toBe(true);
      expect(await openReports(c.id)).toEqual([]);
      expect((await auditFor(c.id))[0]).toMatchObject({ action: 'comment.approve', details: { from: 'approved', to: 'approved', reportsResolved: 2 } });
      // It was visible before and still is: no signal.
      expect(signals).toEqual([]);
    });

    it('rejecting a visible comment hides it, unfeatures it, and unlearns its ham before learning spam', async () => {
      const c = await comment({ body: 'The reporting on the pier closure was thorough.' });
      await t.services.moderation.act(moderator, c.id, 'approve');
      await t.services.moderation.act(moderator, c.id, 'feature');
      expect((await row(c.id)).featured).toBe(1);
      const before = await t.services.classifier.stats();
      signals.length = 0;
      await t.services.moderation.act(moderator, c.id, 'reject', 'Turned out to be copied spam.');
      expect(await row(c.id)).toMatchObject({ status: 'rejected', featured: 0, trained_as: 'spam' });
      const after = await t.services.classifier.stats();
      expect(after.hamDocs).toBe(before.hamDocs - 1);
      expect(after.spamDocs).toBe(before.spamDocs + 1);
      expect(signals).toEqual([{ name: 'hidden', id: c.id, status: 'rejected' }]);
      expect((await auditFor(c.id)).map((e) => e.action)).toEqual(['comment.reject', 'comment.feature', 'comment.approve']);
      // Spam after reject: the same label, so the classifier is not taught twice.
      await t.services.moderation.act(moderator, c.id, 'spam');
      expect(await t.services.classifier.stats()).toEqual(after);
      expect((await row(c.id)).status).toBe('spam');
      // Not visible before, so no second "hidden".
      expect(signals).toHaveLength(1);
    });

    it('leaves the comment, its reports, the classifier and the log as they were when a decision fails halfway', async () => {
      const c = await comment({ body: 'The tide tables in the paper were wrong again.', status: 'approved' });
      await report(c.id, 'spam');
      const before = { row: await row(c.id), stats: await t.services.classifier.stats(), log: await auditFor(c.id) };
      // The last step of a decision fails: everything before it must go too.
      const failing = createModerationService({
        db: t.database.db,
        clock: t.clock,
        events: t.services.events,
        signals: t.services.commentSignals,
        classifier: t.services.classifier,
        readers: t.services.readers,
        settings: t.services.settings,
        articles: t.services.articles,
        audit: { ...t.services.audit, record: () => Promise.reject(new Error('the audit log is unavailable')) },
      });
      await expect(failing.act(moderator, c.id, 'spam')).rejects.toThrow('the audit log is unavailable');
      expect(await row(c.id)).toEqual(before.row);
      expect(await openReports(c.id)).toHaveLength(1);
      expect(await t.services.classifier.stats()).toEqual(before.stats);
      expect(await auditFor(c.id)).toEqual(before.log);
      expect(signals).toEqual([]);
      expect(changes).toEqual([]);
      // And the same decision, made again when all is well, applies once.
      await t.services.moderation.act(moderator, c.id, 'spam');
      expect(await row(c.id)).toMatchObject({ status: 'spam', trained_as: 'spam' });
      expect((await t.services.classifier.stats()).spamDocs).toBe(before.stats.spamDocs + 1);
    });

    it('marking a held comment as spam teaches the classifier spam and tells nobody', async () => {
      const c = await comment({ body: 'cheap zorblax deals at zorblax-shop' });
      const before = await t.services.classifier.stats();
      await t.services.moderation.act(admin, c.id, 'spam');
      expect((await t.services.classifier.stats()).spamDocs).toBe(before.spamDocs + 1);
      expect((await row(c.id)).trained_as).toBe('spam');
      expect(signals).toEqual([]);
      expect((await auditFor(c.id))[0]).toMatchObject({ action: 'comment.spam', details: { from: 'pending', to: 'spam', note: '' } });
    });

    it('features approved comments only, and unfeatures', async () => {
      const held = await comment();
      expect(await refusal(t.services.moderation.act(moderator, held.id, 'feature'))).toEqual({ status: 422, message: 'Only approved comments can be featured; this one is waiting for a moderator.' });
      expect((await row(held.id)).featured).toBe(0);
      expect(await auditFor(held.id)).toEqual([]);
      const ok = await comment({ status: 'approved' });
      await t.services.moderation.act(moderator, ok.id, 'feature');
      expect((await row(ok.id)).featured).toBe(1);
      expect(changes).toContainEqual({ kind: 'comment', id: ok.id });
      expect((await t.services.moderation.act(moderator, ok.id, 'feature')).changed).toBe(false);
      await t.services.moderation.act(moderator, ok.id, 'unfeature');
      expect((await row(ok.id)).featured).toBe(0);
      expect((await auditFor(ok.id)).map((e) => [e.action, e.details.from, e.details.to])).toEqual([
        ['comment.unfeature', 'featured', 'not featured'],
        ['comment.feature', 'not featured', 'featured'],
      ]);
      expect(signals).toEqual([]);
    });

    it('refuses: comments deleted by their authors (409), unknown ids (404), unknown actions and long notes (422), roles that do not moderate (403)', async () => {
      const gone = await comment({ status: 'deleted' });
      expect(await refusal(t.services.moderation.act(moderator, gone.id, 'approve'))).toEqual({ status: 409, message: 'This comment was deleted by its author, so it cannot be approved.' });
      expect((await refusal(t.services.moderation.act(moderator, gone.id, 'spam'))).status).toBe(409);
      expect((await row(gone.id)).status).toBe('deleted');
      expect(await refusal(t.services.moderation.act(moderator, 999_999, 'approve'))).toEqual({ status: 404, message: "We couldn't find that comment." });
      expect((await refusal(t.services.moderation.act(moderator, -3, 'approve'))).status).toBe(404);
      const c = await comment();
      expect((await refusal(t.services.moderation.act(moderator, c.id, 'delete' as 'approve'))).status).toBe(422);
      expect(await refusal(t.services.moderation.act(moderator, c.id, 'approve', 'x'.repeat(501)))).toEqual({ status: 422, message: 'A note is limited to 500 characters.' });
      expect(await refusal(t.services.moderation.act(author, c.id, 'approve'))).toMatchObject({ status: 403 });
      expect((await row(c.id)).status).toBe('pending');
      expect(await auditFor(c.id)).toEqual([]);
      expect(signals).toEqual([]);
    });

    it('lets only one of two simultaneous decisions apply', async () => {
      const c = await comment();
      const before = await t.services.classifier.stats();
      const results = await Promise.allSettled([t.services.moderation.act(moderator, c.id, 'approve'), t.services.moderation.act(admin, c.id, 'approve')]);
      const applied = results.filter((r) => r.status === 'fulfilled' && r.value.changed);
      expect(applied).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409 });
      expect(await auditFor(c.id)).toHaveLength(1);
      expect((await t.services.classifier.stats()).hamDocs).toBe(before.hamDocs + 1);
      expect(signals.filter((s) => s.id === c.id)).toHaveLength(1);
    });
  });

  describe('bulk', () => {
    it('decides each comment on its own and says which were skipped and why', async () => {
      const a = await comment();
      const b = await comment();
      const gone = await comment({ status: 'deleted' });
      const result = await t.services.moderation.bulk(moderator, [a.id, b.id, gone.id, 987_654, a.id], 'spam');
      expect(result.done).toBe(2);
      expect(result.skipped).toEqual([
        { id: gone.id, code: 'comment_deleted', message: 'This comment was deleted by its author; there is nothing left to moderate.' },
        { id: 987_654, code: 'not_found', message: "We couldn't find that comment." },
      ]);
      expect((await row(a.id)).status).toBe('spam');
      expect((await row(b.id)).status).toBe('spam');
      expect(await auditFor(a.id)).toHaveLength(1);
    });

    it('refuses an empty choice, more than 200 comments, unknown actions and roles that do not moderate, changing nothing', async () => {
      const c = await comment();
      expect(await refusal(t.services.moderation.bulk(moderator, [], 'approve'))).toEqual({ status: 422, message: 'Choose at least one comment.' });
      const many = Array.from({ length: 201 }, (_, i) => c.id + i);
      expect(await refusal(t.services.moderation.bulk(moderator, many, 'approve'))).toEqual({ status: 422, message: 'At most 200 comments can be changed at once; 201 were chosen.' });
      expect((await refusal(t.services.moderation.bulk(moderator, [c.id], 'nuke' as 'approve'))).status).toBe(422);
      expect((await refusal(t.services.moderation.bulk(author, [c.id], 'approve'))).status).toBe(403);
      expect((await row(c.id)).status).toBe('pending');
      // Exactly 200 is allowed (the unknown ones are skipped).
      const result = await t.services.moderation.bulk(moderator, [c.id, ...Array.from({ length: 199 }, (_, i) => 5_000_000 + i)], 'approve');
      expect(result.done).toBe(1);
      expect(result.skipped).toHaveLength(199);
    });
  });

  describe('readers', () => {
    const readerRow = (id: number) => db().selectFrom('readers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('suspends for some days from the clock, rejecting what waits in the queue if asked, and records it', async () => {
      const r = await reader();
      const waiting = [await comment({ reader_id: r }), await comment({ reader_id: r })];
      const published = await comment({ reader_id: r, status: 'approved' });
      const other = await comment();
      const result = await t.services.moderation.banReader(moderator, r, { days: 7, reason: 'Repeated personal attacks.', removeComments: true });
      expect(result.removed).toBe(2);
      expect(result.reader.bannedUntil).toBe('2024-04-05T15:00:00.000Z');
      expect(await readerRow(r)).toMatchObject({ banned_until: '2024-04-05T15:00:00.000Z', ban_reason: 'Repeated personal attacks.' });
      for (const w of waiting) expect(await row(w.id)).toMatchObject({ status: 'rejected', moderated_by: moderator.accountId });
      expect((await row(published.id)).status).toBe('approved');
      expect((await row(other.id)).status).toBe('pending');
      const log = await auditFor(r, 'reader');
      expect(log[0]).toMatchObject({
        action: 'reader.suspend',
        accountId: moderator.accountId,
        details: { until: '2024-04-05T15:00:00.000Z', days: 7, reason: 'Repeated personal attacks.', removedComments: 2 },
      });
      expect((await auditFor(waiting[0]!.id))[0]).toMatchObject({ action: 'comment.reject', details: { from: 'pending', to: 'rejected' } });
      // The queue shows them suspended.
      const item = (await t.services.moderation.queue(moderator, { queue: 'all', page: 1, perPage: 5, readerId: r })).items[0]!;
      expect(item.author).toMatchObject({ kind: 'reader', banned: true, bannedUntil: '2024-04-05T15:00:00.000Z' });
    });

    it('bans for good, keeps waiting comments unless asked, and lifts the ban', async () => {
      const r = await reader();
      const waiting = await comment({ reader_id: r });
      await t.services.moderation.banReader(admin, r, { days: null, reason: 'Spam account.' });
      expect((await readerRow(r)).banned_until).toBe('9999-12-31T00:00:00.000Z');
      expect((await row(waiting.id)).status).toBe('pending');
      expect((await auditFor(r, 'reader'))[0]).toMatchObject({ action: 'reader.ban', details: { until: null, days: null, removedComments: 0 } });

      t.clock.set('2024-04-01T09:00:00.000Z');
      const lifted = await t.services.moderation.unbanReader(moderator, r);
      expect(lifted.changed).toBe(true);
      expect(await readerRow(r)).toMatchObject({ banned_until: null, ban_reason: '' });
      expect((await auditFor(r, 'reader')).map((e) => e.action)).toEqual(['reader.unban', 'reader.ban']);
      expect((await auditFor(r, 'reader'))[0]!.createdAt).toBe('2024-04-01T09:00:00.000Z');
      // Lifting again changes and records nothing.
      expect((await t.services.moderation.unbanReader(moderator, r)).changed).toBe(false);
      expect(await auditFor(r, 'reader')).toHaveLength(2);
    });

    it('treats a suspension that has run out as no ban', async () => {
      const r = await reader();
      await t.services.moderation.banReader(moderator, r, { days: 1, reason: 'Cool off.' });
      t.clock.set('2024-03-30T15:00:01.000Z');
      expect((await t.services.moderation.unbanReader(moderator, r)).changed).toBe(false);
    });

    it('refuses bad input and unknown readers, changing nothing', async () => {
      const r = await reader();
      const waiting = await comment({ reader_id: r });
      expect(await refusal(t.services.moderation.banReader(moderator, r, { days: 7, reason: '   ' }))).toEqual({
        status: 422,
        message: 'Give a reason: the reader sees it, and so do other moderators.',
      });
      for (const days of [0, -1, 2.5, 3651]) {
        expect((await refusal(t.services.moderation.banReader(moderator, r, { days, reason: 'x', removeComments: true }))).status).toBe(422);
      }
      expect((await refusal(t.services.moderation.banReader(moderator, r, { days: 1, reason: 'x'.repeat(501) }))).status).toBe(422);
      expect(await refusal(t.services.moderation.banReader(moderator, 999_999, { days: 1, reason: 'x' }))).toEqual({ status: 404, message: "We couldn't find that reader." });
      expect((await refusal(t.services.moderation.unbanReader(moderator, 999_999))).status).toBe(404);
      expect((await refusal(t.services.moderation.banReader(author, r, { days: 1, reason: 'x' }))).status).toBe(403);
      expect((await refusal(t.services.moderation.unbanReader(author, r))).status).toBe(403);
      expect((await readerRow(r)).banned_until).toBeNull();
      expect((await row(waiting.id)).status).toBe('pending');
      expect(await auditFor(r, 'reader')).toEqual([]);
    });
  });

  describe('context and summary', () => {
    it('shows the thread around a comment, the commenter’s record and the log', async () => {
      const r = await reader();
      const root = await comment({ status: 'approved' });
      const middle = await comment({ status: 'approved', parent_id: root.id, reader_id: r });
      const target = await comment({ parent_id: middle.id, reader_id: r, body: 'The one to decide.' });
      const reply1 = await comment({ parent_id: target.id, status: 'approved' });
      const reply2 = await comment({ parent_id: target.id, status: 'spam' });
      await comment({ parent_id: reply1.id, status: 'approved' }); // a grandchild: not a direct reply
      await comment({ reader_id: r, status: 'spam' });
      await comment({ reader_id: r, status: 'rejected' });
      await t.services.moderation.act(moderator, middle.id, 'feature');

      const ctx = await t.services.moderation.context(moderator, target.id);
      expect(ctx.comment).toMatchObject({ id: target.id, body: 'The one to decide.', parentId: middle.id });
      expect(ctx.ancestors.map((c) => c.id)).toEqual([root.id, middle.id]);
      expect(ctx.replies.map((c) => c.id)).toEqual([reply1.id, reply2.id]);
      expect(ctx.history?.counts).toEqual({ pending: 1, approved: 1, spam: 1, rejected: 1, deleted: 0 });
      expect(ctx.history?.recent.map((c) => c.id)).not.toContain(target.id);
      expect(ctx.history?.recent).toHaveLength(3);
      expect(ctx.log).toEqual([]);
      expect(ctx.readerLog).toEqual([]);

      await t.services.moderation.act(moderator, target.id, 'reject', 'Off topic.');
      await t.services.moderation.banReader(moderator, r, { days: 30, reason: 'Trolling.' });
      const again = await t.services.moderation.context(moderator, target.id);
      expect(again.log.map((e) => [e.action, e.details.note])).toEqual([['comment.reject', 'Off topic.']]);
      expect(again.readerLog.map((e) => e.action)).toEqual(['reader.suspend']);
    });

    it('counts a guest’s record by address, and refuses unknown comments and other roles', async () => {
      const mine = [await comment({ ip_hash: 'same-address' }), await comment({ ip_hash: 'same-address', status: 'approved' })];
      await comment({ ip_hash: 'another-address', status: 'approved' });
      const ctx = await t.services.moderation.context(moderator, mine[0]!.id);
      expect(ctx.history?.counts).toMatchObject({ pending: 1, approved: 1 });
      expect(ctx.history?.recent.map((c) => c.id)).toEqual([mine[1]!.id]);
      const imported = await comment({ ip_hash: '' });
      expect((await t.services.moderation.context(moderator, imported.id)).history).toBeNull();
      expect((await refusal(t.services.moderation.context(moderator, 999_999))).status).toBe(404);
      expect((await refusal(t.services.moderation.context(author, mine[0]!.id))).status).toBe(403);
    });

    it('sums up the queue for the dashboard: waiting, reported, and spam caught since midnight in the site’s zone', async () => {
      await t.services.settings.update({ timezone: 'America/Chicago' });
      const start = await t.services.moderation.summary();
      await comment();
      const reported = await comment({ status: 'approved' });
      await report(reported.id, 'abuse');
      await report(reported.id, 'spam');
      // Midnight in Chicago on March 29 is 05:00 UTC.
      await comment({ status: 'spam', created_at: '2024-03-29T04:59:00.000Z' });
      await comment({ status: 'spam', created_at: '2024-03-29T05:01:00.000Z' });
      const held = await comment({ created_at: '2024-03-28T12:00:00.000Z' });
      await t.services.moderation.act(moderator, held.id, 'spam');
      const end = await t.services.moderation.summary();
      expect(end.pending - start.pending).toBe(1);
      expect(end.reported - start.reported).toBe(1);
      expect(end.spamToday - start.spamToday).toBe(2);
      const counts = await t.services.moderation.queueCounts(moderator);
      expect(counts.pending).toBe(end.pending);
      expect(counts.reported).toBe(end.reported);
      await t.services.settings.update({ timezone: 'UTC' });
    });
  });
});
