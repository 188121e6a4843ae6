import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { createCommentImports } from '../../src/modules/comments/comments.import.js';
import { recountVisible } from '../../src/modules/comments/comments.counts.js';
import type { Viewer } from '../../src/modules/comments/comments.types.js';
import type { CommentStatus } from '../../src/platform/db/schema.js';
import { isAppError } from '../../src/platform/errors.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';
import { seededRandom } from '../../src/platform/seeded-random.js';

/*
 * The stored visible comment counts (comment_totals) must equal a fresh
 * recount after any sequence of writes, through every path that changes a
 * comment: posting, storing as given, moderating one or many, removing,
 * editing, reporting, banning with removal, and imports.
 */

const NOW = '2024-03-29T15:00:00.000Z';

/** The rule, independently of SQL: approved, with every ancestor approved or removed by its author. */
function modelCounts(rows: { id: number; article_id: number; parent_id: number | null; status: CommentStatus }[]): Map<number, number> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<number, number>();
  for (const r of rows) {
    if (r.status !== 'approved') continue;
    let up = r.parent_id === null ? undefined : byId.get(r.parent_id);
    let shown = true;
    while (up) {
      if (up.status !== 'approved' && up.status !== 'deleted') shown = false;
      up = up.parent_id === null ? undefined : byId.get(up.parent_id);
    }
    if (shown) out.set(r.article_id, (out.get(r.article_id) ?? 0) + 1);
  }
  return out;
}

type Modelled = { id: number; article_id: number; parent_id: number | null; status: CommentStatus };

/** Each comment's visible replies by the rule: approved comments beneath it with every comment between approved or removed. Absent: none. */
function modelReplies(rows: Modelled[]): Map<number, number> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<number, number>();
  for (const r of rows) {
    if (r.status !== 'approved') continue;
    let up = r.parent_id === null ? undefined : byId.get(r.parent_id);
    while (up) {
      out.set(up.id, (out.get(up.id) ?? 0) + 1);
      if (up.status !== 'approved' && up.status !== 'deleted') break;
      up = up.parent_id === null ? undefined : byId.get(up.parent_id);
    }
  }
  return out;
}

/** Each article's top-level places by the rule: approved, or removed with something shown beneath. Absent: none. */
function modelRoots(rows: Modelled[]): Map<number, number> {
  const replies = modelReplies(rows);
  const out = new Map<number, number>();
  for (const r of rows) {
    if (r.parent_id !== null) continue;
    if (r.status === 'approved' || (r.status === 'deleted' && (replies.get(r.id) ?? 0) > 0)) out.set(r.article_id, (out.get(r.article_id) ?? 0) + 1);
  }
  return out;
}

describe('stored comment counts', () => {
  let t: TestContext;
  let moderator: Actor;
  const articles: number[] = [];
  const readers: number[] = [];
  const db = () => t.database.db;

  async function stored(): Promise<Map<number, number>> {
    const rows = await db().selectFrom('comment_totals').select(['article_id', 'visible']).execute();
    return new Map(rows.map((r) => [Number(r.article_id), Number(r.visible)]));
  }

  async function storedRoots(): Promise<Map<number, number>> {
    const rows = await db().selectFrom('comment_totals').select(['article_id', 'visible_roots']).where('visible_roots', '<>', 0).execute();
    return new Map(rows.map((r) => [Number(r.article_id), Number(r.visible_roots)]));
  }

  async function allComments() {
    const rows = await db().selectFrom('comments').select(['id', 'article_id', 'parent_id', 'status', 'reader_id', 'visible_replies']).orderBy('id').execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), article_id: Number(r.article_id), parent_id: r.parent_id === null ? null : Number(r.parent_id), visible_replies: Number(r.visible_replies) }));
  }

  /** Stored counts equal the SQL recount, the rule's model, and what the service reports. */
  async function expectCountsRight(step: string): Promise<void> {
    const rows = await allComments();
    const model = modelCounts(rows);
    expect(await stored(), `stored counts after ${step}`).toEqual(model);
    expect(new Map(rows.filter((r) => r.visible_replies !== 0).map((r) => [r.id, r.visible_replies])), `stored reply counts after ${step}`).toEqual(modelReplies(rows));
    expect(await storedRoots(), `stored top-level places after ${step}`).toEqual(modelRoots(rows));
    expect(await recountVisible(db()), `recount after ${step}`).toEqual(model);
    const served = await t.services.comments.counts(articles);
    expect(new Map([...served].filter(([, n]) => n > 0))).toEqual(model);
  }

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    const account = await t.services.accounts.create({ email: 'mod@example.org', name: 'Mo Moderator', role: 'moderator', password: 'correct horse battery staple' });
    moderator = { accountId: account.id, role: 'moderator', authorId: null, name: 'Mo Moderator' };
    for (let i = 0; i < 3; i++) articles.push((await buildArticle(t.services, t.clock.now(), { slug: `counted-${i}`, headline: `Counted story ${i}` })).id);
    await t.services.settings.update({ guestComments: true });
    for (let i = 0; i < 6; i++) {
      const row = await db()
        .insertInto('readers')
        .values({ email: `counted${i}@example.org`, display_name: `Counted Reader ${i}`, password_hash: null, email_verified_at: NOW, banned_until: null, created_at: NOW, updated_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow();
      readers.push(row.id);
    }
  });
  afterAll(() => t?.close());

  it('equal a recount after a few hundred random posts, replies, decisions, removals, edits, reports, bans and imports', async () => {
    const random = seededRandom(20261206);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const imports = createCommentImports(t.clock);
    const statuses: CommentStatus[] = ['pending', 'approved', 'approved', 'spam', 'rejected', 'deleted'];
    const used = new Set<string>();
    let n = 0;
    const done = new Map<string, number>();
    const ignoreRefusal = async (kind: string, p: Promise<unknown>) => {
      try {
        await p;
        done.set(kind, (done.get(kind) ?? 0) + 1);
      } catch (err) {
        if (!isAppError(err)) throw err;
      }
    };

    for (let step = 0; step < 300; step++) {
      t.clock.advance(7 * 60_000);
      const rows = await allComments();
      const articleId = pick(articles);
      const sameArticle = rows.filter((r) => r.article_id === articleId);
      const parent = sameArticle.length > 0 && random() < 0.6 ? pick(sameArticle) : undefined;
      const target = rows.length > 0 ? pick(rows) : undefined;
      const readerId = pick(readers);
      const viewer: Viewer = { readerId, accountId: null };
      const op = random();
      if (op < 0.25 || !target) {
        await ignoreRefusal('post', t.services.comments.post({ articleId, parentId: parent?.id ?? null, body: `Posted thought ${++n}.`, viewer, ip: `198.51.100.${n % 250}` }));
      } else if (op < 0.4) {
        await ignoreRefusal(
          'create',
          t.services.comments.create({ articleId, parentId: parent?.id ?? null, authorName: `Stored ${++n}`, body: `Stored thought ${n}.`, status: pick(statuses), readerId }),
        );
      } else if (op < 0.6) {
        await ignoreRefusal('act', t.services.moderation.act(moderator, target.id, pick(['approve', 'approve', 'reject', 'spam', 'feature'] as const)));
      } else if (op < 0.66) {
        const ids = rows.filter(() => random() < 0.2).map((r) => r.id);
        if (ids.length > 0) await ignoreRefusal('bulk', t.services.moderation.bulk(moderator, ids.slice(0, 50), pick(['approve', 'reject'] as const)));
      } else if (op < 0.74) {
        if (target.reader_id !== null) await ignoreRefusal('remove', t.services.comments.remove(target.id, { readerId: target.reader_id, accountId: null }));
      } else if (op < 0.8) {
        // The newest comment with a reader: still within the edit window.
        const own = rows.filter((r) => r.reader_id !== null).at(-1);
        if (own) await ignoreRefusal('edit', t.services.comments.edit(own.id, { readerId: own.reader_id, accountId: null }, `Edited thought ${++n}.`));
      } else if (op < 0.86) {
        const approved = rows.filter((r) => r.status === 'approved' && r.reader_id !== readerId);
        const reported = approved.length > 0 ? pick(approved) : undefined;
        if (reported && !used.has(`${reported.id}:${readerId}`)) {
          used.add(`${reported.id}:${readerId}`);
          await ignoreRefusal('report', t.services.comments.report(reported.id, { viewer, ip: `203.0.113.${++n % 250}`, reason: 'abuse' }));
        }
      } else if (op < 0.92) {
        await ignoreRefusal('ban', t.services.moderation.banReader(moderator, readerId, { days: 1, reason: 'Cool off.', removeComments: true }));
        await t.services.moderation.unbanReader(moderator, readerId);
      } else {
        const input = { articleId: target.article_id, parentId: target.parent_id, authorName: `Imported ${++n}`, body: `Imported thought ${n}.`, status: pick(statuses) };
        await ignoreRefusal(
          'import',
          db()
            .transaction()
            .execute((trx) => imports.update(trx, target.id, input)),
        );
      }
      if (step % 50 === 49) await expectCountsRight(`step ${step + 1}`);
    }
    await expectCountsRight('the whole sequence');
    // Every write path was taken, several times.
    for (const kind of ['post', 'create', 'act', 'bulk', 'remove', 'edit', 'report', 'ban', 'import']) expect(done.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(3);
    const final = await allComments();
    // The sequence reached the cases that matter: hidden parents with approved replies, removed placeholders, several articles.
    expect(new Set(final.map((r) => r.status))).toEqual(new Set(['pending', 'approved', 'spam', 'rejected', 'deleted']));
    expect(final.filter((r) => r.parent_id !== null).length).toBeGreaterThan(30);
    expect([...(await stored()).values()].every((v) => v > 0)).toBe(true);
    expect(await t.services.comments.repairCounts()).toEqual([]);
  });

  it('repair finds and fixes counts that went wrong, of all three kinds, and reports nothing the second time', async () => {
    const [a, b, c] = articles as [number, number, number];
    const before = await stored();
    const rootsBefore = await storedRoots();
    const repliesBefore = (await allComments()).filter((r) => r.visible_replies > 0);
    const withReplies = repliesBefore[0]!;
    const without = (await allComments()).find((r) => r.visible_replies === 0)!;
    await db().updateTable('comment_totals').set({ visible: 999, visible_roots: 77 }).where('article_id', '=', a).execute();
    await db().deleteFrom('comment_totals').where('article_id', '=', b).execute();
    const extra = await buildArticle(t.services, t.clock.now(), { slug: 'never-commented', headline: 'Never commented' });
    await db().insertInto('comment_totals').values({ article_id: extra.id, visible: 4, visible_roots: 2 }).execute();
    await db().updateTable('comments').set({ visible_replies: 0 }).where('id', '=', withReplies.id).execute();
    await db().updateTable('comments').set({ visible_replies: 5 }).where('id', '=', without.id).execute();
    const changes = await t.services.comments.repairCounts();
    const article = (x: { article_id: number }) => x.article_id;
    expect(changes).toEqual(
      expect.arrayContaining([
        { kind: 'visible', articleId: a, stored: 999, counted: before.get(a) ?? 0 },
        { kind: 'roots', articleId: a, stored: 77, counted: rootsBefore.get(a) ?? 0 },
        { kind: 'visible', articleId: b, stored: 0, counted: before.get(b) ?? 0 },
        { kind: 'roots', articleId: b, stored: 0, counted: rootsBefore.get(b) ?? 0 },
        { kind: 'visible', articleId: extra.id, stored: 4, counted: 0 },
        { kind: 'roots', articleId: extra.id, stored: 2, counted: 0 },
        { kind: 'replies', articleId: article(withReplies), commentId: withReplies.id, stored: 0, counted: withReplies.visible_replies },
        { kind: 'replies', articleId: article(without), commentId: without.id, stored: 5, counted: 0 },
      ]),
    );
    expect(changes).toHaveLength(8);
    expect(await stored()).toEqual(before);
    expect(await storedRoots()).toEqual(rootsBefore);
    expect((await allComments()).filter((r) => r.visible_replies > 0)).toEqual(repliesBefore);
    expect((await t.services.comments.counts([a, b, c, extra.id])).get(extra.id)).toBe(0);
    expect(await t.services.comments.repairCounts()).toEqual([]);
  });

  it('counts the replies of a held comment once it is approved, and drops them when it is rejected again', async () => {
    const articleId = (await buildArticle(t.services, t.clock.now(), { slug: 'held-parent', headline: 'Held parent' })).id;
    articles.push(articleId);
    const parent = await t.services.comments.create({ articleId, authorName: 'Parent', body: 'Held for now.', status: 'pending' });
    const reply = await t.services.comments.create({ articleId, parentId: parent.id, authorName: 'Child', body: 'Approved reply.', status: 'approved' });
    await t.services.comments.create({ articleId, parentId: reply.id, authorName: 'Grandchild', body: 'Approved too.', status: 'approved' });
    expect((await t.services.comments.counts([articleId])).get(articleId)).toBe(0);
    await t.services.moderation.act(moderator, parent.id, 'approve');
    expect((await t.services.comments.counts([articleId])).get(articleId)).toBe(3);
    await t.services.moderation.act(moderator, parent.id, 'reject');
    expect((await t.services.comments.counts([articleId])).get(articleId)).toBe(0);
    await expectCountsRight('a held parent');
  });
});

describe('stored comment counts under deep threads and concurrent writers', () => {
  let t: TestContext;
  let moderator: Actor;
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    const account = await t.services.accounts.create({ email: 'deep@example.org', name: 'Dee Moderator', role: 'moderator', password: 'correct horse battery staple' });
    moderator = { accountId: account.id, role: 'moderator', authorId: null, name: 'Dee Moderator' };
  });
  afterAll(() => t?.close());

  async function expectRight(step: string): Promise<void> {
    const rows = (await db().selectFrom('comments').select(['id', 'article_id', 'parent_id', 'status', 'visible_replies']).execute()).map((r) => ({
      ...r,
      id: Number(r.id),
      article_id: Number(r.article_id),
      parent_id: r.parent_id === null ? null : Number(r.parent_id),
      visible_replies: Number(r.visible_replies),
    }));
    const totals = await db().selectFrom('comment_totals').selectAll().execute();
    expect(new Map(totals.map((r) => [Number(r.article_id), Number(r.visible)])), `visible after ${step}`).toEqual(modelCounts(rows));
    expect(new Map(totals.map((r) => [Number(r.article_id), Number(r.visible_roots)])), `places after ${step}`).toEqual(modelRoots(rows));
    expect(new Map(rows.filter((r) => r.visible_replies !== 0).map((r) => [r.id, r.visible_replies])), `replies after ${step}`).toEqual(modelReplies(rows));
  }

  it('follow status changes of parents with deep subtrees beneath them', async () => {
    const articleId = (await buildArticle(t.services, t.clock.now(), { slug: 'deep-thread', headline: 'Deep thread' })).id;
    const random = seededRandom(7);
    const ids: number[] = [];
    const statuses: CommentStatus[] = ['approved', 'approved', 'approved', 'pending', 'deleted', 'rejected'];
    // A random tree up to twelve deep: each new comment mostly answers one of the first ones or one of the newest few.
    for (let i = 0; i < 150; i++) {
      const early = random() < 0.5;
      const parentId = ids.length > 0 && random() < 0.95 ? ids[early ? Math.floor(random() * Math.min(ids.length, 6)) : Math.max(0, ids.length - 1 - Math.floor(random() * 4))]! : null;
      const depth = async (id: number | null): Promise<number> =>
        id === null ? 0 : 1 + (await depth((await db().selectFrom('comments').select('parent_id').where('id', '=', id).executeTakeFirstOrThrow()).parent_id));
      const parent = (await depth(parentId)) < 12 ? parentId : null;
      const status = statuses[Math.floor(random() * statuses.length)]!;
      ids.push((await t.services.comments.create({ articleId, parentId: parent, authorName: `Deep ${i}`, body: `Deep thought ${i}.`, status })).id);
    }
    await expectRight('building');
    // Decisions on the comments with the most beneath them, back and forth.
    const rows = await db().selectFrom('comments').select(['id', 'visible_replies']).where('article_id', '=', articleId).orderBy('visible_replies', 'desc').limit(20).execute();
    expect(Number(rows[0]!.visible_replies)).toBeGreaterThan(15);
    for (let step = 0; step < 120; step++) {
      const target = Number(rows[Math.floor(random() * rows.length)]!.id);
      const action = (['approve', 'reject', 'spam', 'approve'] as const)[Math.floor(random() * 4)]!;
      try {
        await t.services.moderation.act(moderator, target, action);
      } catch (err) {
        if (!isAppError(err)) throw err;
      }
      if (step % 20 === 19) await expectRight(`decision ${step + 1}`);
    }
    expect(await t.services.comments.repairCounts()).toEqual([]);
  });

  it('lose no change when many writers post and decide in the same thread at once', async () => {
    const articleId = (await buildArticle(t.services, t.clock.now(), { slug: 'busy-thread', headline: 'Busy thread' })).id;
    const root = await t.services.comments.create({ articleId, authorName: 'Root', body: 'The root.', status: 'approved' });
    const middle = await t.services.comments.create({ articleId, parentId: root.id, authorName: 'Middle', body: 'Held middle.', status: 'pending' });
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      writes.push(t.services.comments.create({ articleId, parentId: i % 2 === 0 ? middle.id : root.id, authorName: `Busy ${i}`, body: `Busy thought ${i}.`, status: 'approved' }));
      if (i % 5 === 0) writes.push(t.services.moderation.act(moderator, middle.id, i % 10 === 0 ? 'approve' : 'reject').catch((err: unknown) => (isAppError(err) ? undefined : Promise.reject(err))));
    }
    await Promise.all(writes);
    await expectRight('concurrent writes');
    expect(await t.services.comments.repairCounts()).toEqual([]);
  });
});
