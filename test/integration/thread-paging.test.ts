import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadAt, ThreadPage } from '../../src/modules/comments/comments.service.js';
import type { ThreadComment, ThreadSort, Viewer } from '../../src/modules/comments/comments.types.js';
import type { CommentStatus, NewCommentRow } from '../../src/platform/db/schema.js';
import { isAppError } from '../../src/platform/errors.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';
import { seededRandom } from '../../src/platform/seeded-random.js';
import { REPLIES_SHOWN } from '../../src/modules/comments/comments.service.js';

/*
 * A thread of a few thousand comments, loaded in bulk and counted by the
 * repair, read page by page by key in every order, forwards and backwards,
 * and by old page numbers: every top-level comment that takes a place shows
 * exactly once, in order, numbered, with the right replies under it and the
 * right "more replies", against a model of the rules written in plain code.
 */

const NOW = '2024-03-29T15:00:00.000Z';
const PER_PAGE = 40;

interface Row {
  id: number;
  parent_id: number | null;
  status: CommentStatus;
  created_at: string;
  reaction_count: number;
  reader_id: number | null;
}

interface Node {
  row: Row;
  children: Node[];
}

/** The thread a viewer sees, by the rules: shown under shown parents; removed ones only with something shown beneath. */
function model(rows: Row[], readerId: number | null, sort: ThreadSort): Node[] {
  const byTime = (a: Row, b: Row) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id);
  const kids = new Map<number, Row[]>();
  for (const r of rows) if (r.parent_id !== null) kids.set(r.parent_id, [...(kids.get(r.parent_id) ?? []), r]);
  const own = (r: Row) => r.status === 'pending' && readerId !== null && r.reader_id === readerId;
  const tree = (r: Row): Node | null => {
    if (!(r.status === 'approved' || r.status === 'deleted' || own(r))) return null;
    const children = [...(kids.get(r.id) ?? [])]
      .sort(byTime)
      .map(tree)
      .filter((n): n is Node => n !== null);
    return r.status === 'deleted' && children.length === 0 ? null : { row: r, children };
  };
  const roots = rows.filter((r) => r.parent_id === null);
  const order = sort === 'oldest' ? byTime : sort === 'newest' ? (a: Row, b: Row) => byTime(b, a) : (a: Row, b: Row) => b.reaction_count - a.reaction_count || byTime(a, b);
  return roots
    .sort(order)
    .map(tree)
    .filter((n): n is Node => n !== null);
}

const readingOrder = (n: { children?: Node[]; replies?: ThreadComment[] }): number[] => {
  const out: number[] = [];
  const walk = (x: Node) => {
    out.push(x.row.id);
    x.children.forEach(walk);
  };
  n.children?.forEach(walk);
  const walkShown = (c: ThreadComment) => {
    out.push(c.id);
    c.replies.forEach(walkShown);
  };
  n.replies?.forEach(walkShown);
  return out;
};

describe('paging a long thread by key', () => {
  let t: TestContext;
  let articleId: number;
  let rows: Row[];
  let readerId: number;
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    articleId = (await buildArticle(t.services, t.clock.now(), { slug: 'the-long-one', headline: 'The long one' })).id;
    const reader = await db()
      .insertInto('readers')
      .values({ email: 'own@example.org', display_name: 'Own Reader', password_hash: null, email_verified_at: NOW, banned_until: null, created_at: NOW, updated_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    readerId = reader.id;
    const random = seededRandom(12);
    const status = (): CommentStatus => {
      const x = random();
      return x < 0.78 ? 'approved' : x < 0.86 ? 'pending' : x < 0.93 ? 'deleted' : x < 0.97 ? 'rejected' : 'spam';
    };
    const row = (n: number, parentId: number | null, at: number): NewCommentRow => {
      const time = new Date(Date.parse('2024-03-01T00:00:00.000Z') + at * 60_000).toISOString();
      return {
        article_id: articleId,
        parent_id: parentId,
        author_name: `Reader ${n}`,
        author_email: '',
        body: `Comment ${n}.`,
        status: status(),
        created_at: time,
        updated_at: time,
        reaction_count: Math.floor(random() * 4),
      };
    };
    // 1,200 top-level comments, three to a minute (ties broken by id), then 1,800 replies, many under a few busy comments, some deep.
    const ids: number[] = [];
    for (let i = 0; i < 1200; i += 200) {
      const chunk = Array.from({ length: 200 }, (_, k) => row(i + k, null, Math.floor((i + k) / 3)));
      ids.push(...(await db().insertInto('comments').values(chunk).returning('id').execute()).map((r) => r.id));
    }
    const busy = ids.slice(0, 30);
    for (let i = 0; i < 1800; i += 100) {
      const known = [...ids];
      const chunk = Array.from({ length: 100 }, (_, k) => {
        const x = random();
        const parent = x < 0.5 ? busy[Math.floor(random() * busy.length)]! : x < 0.8 ? known[known.length - 1 - Math.floor(random() * 50)]! : known[Math.floor(random() * known.length)]!;
        return row(2000 + i + k, parent, 1000 + i + k);
      });
      ids.push(...(await db().insertInto('comments').values(chunk).returning('id').execute()).map((r) => r.id));
    }
    // The reader's own held comments: one at the top, one under a removed comment nothing else holds in place.
    const all = await db().selectFrom('comments').select(['id', 'parent_id', 'status']).where('article_id', '=', articleId).execute();
    const holding = new Set(all.filter((r) => r.parent_id !== null).map((r) => r.parent_id));
    const lonelyRemoved = all.find((r) => r.parent_id === null && r.status === 'deleted' && !holding.has(r.id))!;
    const at = '2024-03-05T00:00:00.000Z';
    await db()
      .insertInto('comments')
      .values([
        { article_id: articleId, parent_id: null, author_name: 'Own Reader', author_email: '', body: 'My held thought.', status: 'pending', created_at: at, updated_at: at, reader_id: readerId },
        {
          article_id: articleId,
          parent_id: lonelyRemoved.id,
          author_name: 'Own Reader',
          author_email: '',
          body: 'My held reply.',
          status: 'pending',
          created_at: at,
          updated_at: at,
          reader_id: readerId,
        },
      ])
      .execute();
    await t.services.comments.repairCounts();
    rows = (await db().selectFrom('comments').select(['id', 'parent_id', 'status', 'created_at', 'reaction_count', 'reader_id']).where('article_id', '=', articleId).execute()).map((r) => ({
      ...r,
      id: Number(r.id),
      parent_id: r.parent_id === null ? null : Number(r.parent_id),
      reaction_count: Number(r.reaction_count),
      reader_id: r.reader_id === null ? null : Number(r.reader_id),
    }));
  }, 120_000);
  afterAll(() => t?.close());

  const read = (at: ThreadAt, sort: ThreadSort, viewer?: Viewer): Promise<ThreadPage> => t.services.comments.thread(articleId, { at, perPage: PER_PAGE, sort, viewer });

  /** Every page from the first by `after` (or from the last by `before`), the top-level comments in the order seen. */
  async function walk(sort: ThreadSort, direction: 'forward' | 'back', viewer?: Viewer): Promise<{ pages: ThreadPage[]; ids: number[] }> {
    const pages: ThreadPage[] = [];
    let page = await read(direction === 'forward' ? { page: 1 } : { last: true }, sort, viewer);
    for (;;) {
      pages.push(page);
      if (direction === 'forward' ? page.atEnd : page.atStart) break;
      expect(pages.length, 'pages').toBeLessThan(100);
      page = await read(direction === 'forward' ? { after: page.lastId! } : { before: page.firstId! }, sort, viewer);
    }
    if (direction === 'back') pages.reverse();
    return { pages, ids: pages.flatMap((p) => p.items.map((c) => c.id)) };
  }

  /** Replies, numbers and counts on the pages equal the model's. */
  function expectPagesRight(pages: ThreadPage[], expected: Node[], sort: ThreadSort): void {
    const byId = new Map(expected.map((n) => [n.row.id, n]));
    const approvedOrder = model(rows, null, 'oldest')
      .filter((n) => n.row.status === 'approved')
      .map((n) => n.row.id);
    for (const page of pages) {
      expect(page.total).toBe(expected.length);
      expect(page.pageCount).toBe(Math.ceil(expected.length / PER_PAGE));
      for (const c of page.items) {
        const node = byId.get(c.id)!;
        const all = readingOrder(node);
        const kept = all.slice(0, REPLIES_SHOWN);
        expect(readingOrder(c), `replies of ${c.id}`).toEqual(kept);
        const real = (ids: number[]) => ids.filter((id) => rows.find((r) => r.id === id)!.status !== 'deleted').length;
        expect(c.moreReplies, `more replies of ${c.id}`).toBe(real(all) - real(kept));
        if (sort === 'oldest' && c.state === 'approved') expect(c.number, `number of ${c.id}`).toBe(approvedOrder.indexOf(c.id) + 1);
        if (sort !== 'oldest') expect(c.number).toBeNull();
      }
    }
  }

  for (const sort of ['oldest', 'newest', 'top'] as const) {
    it(`shows every top-level comment exactly once, in order, forwards and backwards (${sort})`, async () => {
      const expected = model(rows, null, sort);
      expect(expected.length).toBeGreaterThan(900);
      const forward = await walk(sort, 'forward');
      expect(forward.ids).toEqual(expected.map((n) => n.row.id));
      expectPagesRight(forward.pages, expected, sort);
      const back = await walk(sort, 'back');
      expect(back.ids).toEqual(expected.map((n) => n.row.id));
      expect(back.pages[0]!.atStart).toBe(true);
      // Old page links: an offset, the same pages as the first walk.
      for (const n of [1, 2, 7, Math.ceil(expected.length / PER_PAGE)]) {
        const page = await read({ page: n }, sort);
        expect(page.page).toBe(n);
        expect(page.items.map((c) => c.id)).toEqual(expected.slice((n - 1) * PER_PAGE, n * PER_PAGE).map((x) => x.row.id));
      }
    });
  }

  it('caps the replies of a busy comment and counts the rest from the stored counts', async () => {
    const expected = model(rows, null, 'oldest');
    const busiest = [...expected].sort((a, b) => readingOrder(b).length - readingOrder(a).length)[0]!;
    expect(readingOrder(busiest).length).toBeGreaterThan(REPLIES_SHOWN + 10);
    const { pages } = await walk('oldest', 'forward');
    const shown = pages.flatMap((p) => p.items).find((c) => c.id === busiest.row.id)!;
    expect(readingOrder(shown)).toHaveLength(REPLIES_SHOWN);
    expect(shown.moreReplies).toBeGreaterThan(10);
    // Deeper than one level, and removed comments held in place by their replies.
    const depths = (c: ThreadComment): number => 1 + Math.max(0, ...c.replies.map(depths));
    expect(Math.max(...pages.flatMap((p) => p.items).map(depths))).toBeGreaterThan(3);
    expect(pages.flatMap((p) => p.items).some((c) => c.state === 'removed' && c.replies.length > 0)).toBe(true);
  });

  it('shows the reader their own held comments, counted on their pages only, each once', async () => {
    const viewer: Viewer = { readerId, accountId: null };
    for (const sort of ['oldest', 'newest', 'top'] as const) {
      const expected = model(rows, readerId, sort);
      const forward = await walk(sort, 'forward', viewer);
      expect(forward.ids).toEqual(expected.map((n) => n.row.id));
      expectPagesRight(forward.pages, expected, sort);
      expect((await walk(sort, 'back', viewer)).ids).toEqual(expected.map((n) => n.row.id));
      expect(forward.pages[0]!.total).toBe(model(rows, null, sort).length + 2);
    }
    const mine = (await walk('oldest', 'forward', viewer)).pages.flatMap((p) => p.items);
    expect(mine.filter((c) => c.state === 'pending' && c.mine)).toHaveLength(1);
    expect(mine.filter((c) => c.state === 'removed' && c.replies.some((r) => r.mine && r.state === 'pending'))).toHaveLength(1);
  });

  it('refuses a page after a comment that is not a top-level comment of the article', async () => {
    const reply = rows.find((r) => r.parent_id !== null)!;
    for (const at of [{ after: reply.id }, { before: 999_999 }]) {
      const err = await read(at, 'oldest').catch((e: unknown) => e);
      expect(isAppError(err) && err.status).toBe(404);
    }
  });
});
