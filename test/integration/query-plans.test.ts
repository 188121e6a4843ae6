import { CompiledQuery, type KyselyPlugin, type QueryId, type RootOperationNode, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentStatus, NewArticleRow, NewCommentRow } from '../../src/platform/db/schema.js';
import { createServices, type Services } from '../../src/services.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

/*
 * The queries behind the busiest pages (an article by its address, the home
 * and section listings, a page of a long thread, the replies of a comment,
 * comment counts, a live stream's checks) must find their rows through an
 * index, never by reading a whole large table. The services run on a handle
 * that records every query; each recorded read is then explained:
 * SQLite's EXPLAIN QUERY PLAN must not SCAN a large table without an index,
 * PostgreSQL's EXPLAIN (on a few thousand rows, analysed) must not Seq Scan one.
 */

const NOW = '2024-03-29T15:00:00.000Z';
const LARGE = ['articles', 'comments', 'comment_totals'];
/** What SQLite may scan: the recursive queries' working tables (by name and alias) and tables of a few rows. */
const SQLITE_WORK_TABLES = ['below', 'b', 'thread', 't', 'up', 'u', 'visible', 'v', 'settings', 'sections', 'same', 'rest', 'both_parts', 'parts'];
/** The parts of a compound read (one per parent of the replies read a level at a time), each itself an index range. */
const SQLITE_PARTS = /^p\d+$/;

describe('query plans of the hot paths', () => {
  let t: TestContext;
  let services: Services;
  const recorded: { node: RootOperationNode; queryId: QueryId }[] = [];
  let big: number;
  let bigSlug: string;
  let rootWithReplies: number;
  let sectionId: number;
  let readerId: number;
  const postgres = () => t.database.dialect === 'postgres';

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    const db = t.database.db;
    sectionId = (await t.services.sections.create({ slug: 'news', name: 'News' })).id;
    const first = await buildArticle(t.services, t.clock.now(), { slug: 'the-long-thread', headline: 'The long thread', sectionId });
    big = first.id;
    bigSlug = first.slug;
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const at = new Date(Date.parse('2020-01-01T00:00:00.000Z') + i * 3_600_000).toISOString();
      const draft = i % 10 === 0;
      return {
        ...{ slug: `story-${i}`, headline: `Story ${i}`, dek: '', body: `Body ${i}.`, excerpt: '', developing: 0, comment_prompt: '', comment_status: 'open' },
        ...{ status: draft ? 'draft' : 'published', published_at: draft ? null : at, created_at: at, modified_at: at, section_id: i % 3 === 0 ? sectionId : null },
      } satisfies NewArticleRow;
    });
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('articles')
        .values(rows.slice(i, i + 200))
        .execute();
    const comment = (articleId: number, n: number, parentId: number | null, status: CommentStatus = 'approved'): NewCommentRow => {
      const at = new Date(Date.parse('2024-03-01T00:00:00.000Z') + n * 60_000).toISOString();
      return { article_id: articleId, parent_id: parentId, author_name: `Reader ${n}`, author_email: '', body: `Comment ${n}.`, status, created_at: at, updated_at: at };
    };
    // A long thread: 1,500 top-level comments, a reply under each of the first 500.
    const roots: number[] = [];
    for (let i = 0; i < 1500; i += 250) {
      const chunk = Array.from({ length: 250 }, (_, k) => comment(big, i + k, null, (i + k) % 17 === 0 ? 'pending' : 'approved'));
      roots.push(...(await db.insertInto('comments').values(chunk).returning('id').execute()).map((r) => r.id));
    }
    for (let i = 0; i < 500; i += 250) {
      await db
        .insertInto('comments')
        .values(roots.slice(i, i + 250).map((parent, k) => comment(big, 2000 + i + k, parent)))
        .execute();
    }
    rootWithReplies = roots[1]!;
    // Eight comments on every other story (one in four held as spam), so the long thread is a small part of a large table
    // (PostgreSQL's planner reads small tables whole), and a walk that is not linear shows as a timeout here.
    await sql`insert into comments (article_id, parent_id, author_name, author_email, body, status, created_at, updated_at)
      select a.id, null, 'Reader', '', 'A comment.', case when k.n % 4 = 0 then 'spam' else 'approved' end, a.created_at, a.created_at
        from articles a cross join (select 1 as n union all select 2 union all select 3 union all select 4
                                    union all select 5 union all select 6 union all select 7 union all select 8) k
       where a.id <> ${big}`.execute(db);
    // A reader with comments held for a moderator: at the top and under a comment with replies.
    const reader = await db
      .insertInto('readers')
      .values({ email: 'held@example.org', display_name: 'Held Reader', password_hash: null, email_verified_at: NOW, banned_until: null, created_at: NOW, updated_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    readerId = reader.id;
    await db
      .insertInto('comments')
      .values([
        { ...comment(big, 5000, null, 'pending'), reader_id: readerId },
        { ...comment(big, 5001, roots[3]!, 'pending'), reader_id: readerId },
      ])
      .execute();
    // Editors' picks: a few of the long thread's comments.
    await db.updateTable('comments').set({ featured: 1 }).where('id', 'in', roots.slice(100, 104)).execute();
    await t.services.comments.repairCounts();
    // Planner statistics (and, on PostgreSQL, the visibility map index-only reads rely on), as a live site has them.
    await sql`${sql.raw(t.database.dialect === 'postgres' ? 'vacuum analyze' : 'analyze')}`.execute(db);
    const recorder: KyselyPlugin = {
      transformQuery: (args) => {
        recorded.push({ node: args.node, queryId: args.queryId });
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    services = createServices(db.withPlugin(recorder), t.clock);
  }, 120_000);
  afterAll(() => t?.close());

  /** The plan of every read recorded while `run` ran, one text per query. */
  async function plans(run: () => Promise<unknown>): Promise<{ sql: string; plan: string }[]> {
    recorded.length = 0;
    await run();
    const db = t.database.db;
    const out: { sql: string; plan: string }[] = [];
    for (const { node, queryId } of recorded) {
      const q = db.getExecutor().compileQuery(node, queryId);
      if (!/^\s*(select|with)\b/i.test(q.sql)) continue;
      const explain = CompiledQuery.raw(`${postgres() ? 'explain' : 'explain query plan'} ${q.sql}`, [...q.parameters]);
      const { rows } = await db.executeQuery<Record<string, unknown>>(explain);
      const plan = rows.map((r) => String(postgres() ? r['QUERY PLAN'] : r['detail'])).join('\n');
      out.push({ sql: q.sql, plan });
    }
    return out;
  }

  /**
   * The large tables a plan reads whole. SQLite names a table by its alias
   * (`SCAN c`), so there every scan without an index counts but those of the
   * recursive queries' own working tables and of small tables.
   */
  function fullScans(plan: string): string[] {
    const found: string[] = [];
    for (const line of plan.split('\n')) {
      if (postgres()) {
        const m = /Seq Scan on (\w+)/.exec(line);
        if (m && LARGE.includes(m[1]!)) found.push(m[1]!);
        continue;
      }
      const m = /^SCAN (\S+)(.*)$/.exec(line.trim());
      if (m && !/USING (COVERING )?INDEX/.test(m[2]!) && !SQLITE_WORK_TABLES.includes(m[1]!) && !SQLITE_PARTS.test(m[1]!)) found.push(m[1]!);
    }
    return found;
  }

  /**
   * The one read left to walk its rows: a listing's total of published stories
   * (for its page links) matches most of the table, so reading it whole is the
   * cheaper plan; a stored total would be the articles module's to keep.
   */
  const LISTING_TOTAL = /^select count\(\*\) as "n" from "articles" where/;

  async function expectIndexed(what: string, run: () => Promise<unknown>, allowListingTotal = false): Promise<void> {
    const all = (await plans(run)).filter((p) => !(allowListingTotal && LISTING_TOTAL.test(p.sql)));
    expect(all.length, `${what} ran queries`).toBeGreaterThan(0);
    for (const p of all) expect(fullScans(p.plan), `${what}:\n${p.sql}\n${p.plan}`).toEqual([]);
  }

  it('finds an article by its address through an index', async () => {
    await expectIndexed('article by slug', () => services.articles.findPublic(bigSlug));
  });

  it('lists the home page, a later page, a section and the latest stories through indexes', async () => {
    await expectIndexed('home', () => services.articles.list({ page: 1, perPage: 10 }), true);
    await expectIndexed('page 20', () => services.articles.list({ page: 20, perPage: 10 }), true);
    await expectIndexed('section', () => services.articles.list({ sectionId, page: 1, perPage: 10 }), true);
    await expectIndexed('latest', () => services.articles.latest(5));
    // The home page's section blocks count nothing: no listing total there.
    await expectIndexed('home section block', () => services.articles.latestIn(sectionId, 3, [1, 2]));
  });

  it("counts a section's published stories from its index alone", async () => {
    // Totals are kept between changes (articles.public-reads.ts): a change announced makes the next listing count anew.
    services.events.receive({ kind: 'article', id: 0 });
    const all = (await plans(() => services.articles.list({ sectionId, page: 1, perPage: 10 }))).filter((p) => LISTING_TOTAL.test(p.sql));
    expect(all.length).toBeGreaterThan(0);
    const indexOnly = (plan: string) => (postgres() ? /Index Only Scan using articles_section_idx/.test(plan) : /USING COVERING INDEX articles_section_idx/.test(plan));
    for (const p of all) expect(indexOnly(p.plan), `${p.sql}\n${p.plan}`).toBe(true);
  });

  it('reads stored comment counts by key', async () => {
    const listed = await t.services.articles.list({ page: 1, perPage: 20 });
    await expectIndexed('counts', () => services.comments.counts(listed.items.map((a) => a.id)));
    // 1,411 approved top-level comments (89 of the 1,500 are held) and 470 replies (30 of the first 500 hang from held ones).
    expect((await t.services.comments.counts([big])).get(big)).toBe(1411 + 470);
  });

  it('reads a page of a long thread, in every order, and the replies of a comment through indexes', async () => {
    await expectIndexed('thread page 1', () => services.comments.thread(big, { page: 1, perPage: 50 }));
    await expectIndexed('thread page 20', () => services.comments.thread(big, { page: 20, perPage: 50 }));
    await expectIndexed('thread newest', () => services.comments.thread(big, { page: 1, perPage: 50, sort: 'newest' }));
    await expectIndexed('replies', () => services.comments.subthread(rootWithReplies));
  });

  it('pages by key, by old page number and from the end, in every order, for everyone and for a signed-in reader, through indexes', async () => {
    const viewer = { readerId, accountId: null };
    for (const sort of ['oldest', 'newest', 'top'] as const) {
      const first = await t.services.comments.thread(big, { page: 1, perPage: 50, sort });
      const next = await t.services.comments.thread(big, { at: { after: first.lastId! }, perPage: 50, sort });
      await expectIndexed(`${sort} page 1`, () => services.comments.thread(big, { page: 1, perPage: 50, sort }));
      await expectIndexed(`${sort} after`, () => services.comments.thread(big, { at: { after: first.lastId! }, perPage: 50, sort }));
      await expectIndexed(`${sort} before`, () => services.comments.thread(big, { at: { before: next.firstId! }, perPage: 50, sort }));
      await expectIndexed(`${sort} last`, () => services.comments.thread(big, { at: { last: true }, perPage: 50, sort }));
      await expectIndexed(`${sort} page 20`, () => services.comments.thread(big, { page: 20, perPage: 50, sort }));
      await expectIndexed(`${sort} signed in`, () => services.comments.thread(big, { at: { after: first.lastId! }, perPage: 50, sort, viewer }));
    }
  });

  it('numbers a later page, and skips to an old page number, reading the index alone', async () => {
    const first = await t.services.comments.thread(big, { page: 1, perPage: 50 });
    const indexOnly = (plan: string) => (postgres() ? /Index Only Scan using comments_roots(_top)?_idx/.test(plan) : /USING COVERING INDEX comments_roots_idx/.test(plan));
    for (const run of [() => services.comments.thread(big, { at: { after: first.lastId! }, perPage: 50 }), () => services.comments.thread(big, { page: 20, perPage: 50 })]) {
      const all = await plans(run);
      const reads = all.filter((p) => /count\(\*\) as places|offset/.test(p.sql) && /parent_id is null/.test(p.sql));
      expect(reads.length).toBeGreaterThan(0);
      for (const p of reads) expect(indexOnly(p.plan), `${p.sql}\n${p.plan}`).toBe(true);
    }
  });

  it("reads a page's replies level by level from the index alone, and every comment's row once", async () => {
    for (const sort of ['oldest', 'top'] as const) {
      const all = await plans(() => services.comments.thread(big, { page: 1, perPage: 50, sort }));
      const levels = all.filter((p) => /parent_id = /.test(p.sql) && /union all/.test(p.sql));
      expect(levels.length, `${sort}: reply levels read`).toBeGreaterThan(0);
      // SQLite says which reads stay inside the index; PostgreSQL's choice depends on its visibility map, so only the index is checked there.
      for (const p of levels) expect(postgres() ? /comments_replies_idx/.test(p.plan) : /USING COVERING INDEX comments_replies_idx/.test(p.plan), `${p.sql}\n${p.plan}`).toBe(true);
      const rowReads = all.filter((p) => /"id" in \(/.test(p.sql) && /"body"/.test(p.sql));
      expect(rowReads.length, `${sort}: statements reading comment rows`).toBe(1);
    }
  });

  /** Whether a plan sorts what it read (a read that grows with the thread), rather than reading an index in order. */
  const sorts = (plan: string) => (postgres() ? /(^|->\s*)Sort\b/m.test(plan) : /USE TEMP B-TREE/.test(plan));
  /**
   * A plan without the final sort that merges the two limited parts of a
   * most-recommended page (at most twice a page of rows, whatever the
   * thread's size); the parts' own reads must still come in index order.
   */
  const mergeOfParts = ({ sql: text, plan }: { sql: string; plan: string }) => {
    if (!/as both_parts order by/.test(text)) return plan;
    const lines = plan.split('\n');
    // SQLite's merge sort is the plan's last line; PostgreSQL's is its first node, above the Limit.
    return (postgres() ? lines.filter((l, i) => !(i <= 1 && /Sort\b/.test(l))) : lines.filter((l, i) => !(i === lines.length - 1 && /USE TEMP B-TREE FOR ORDER BY/.test(l)))).join('\n');
  };

  /**
   * SQLite's statistics for the comments indexes as ANALYZE wrote them on a
   * demo site after `broadsheet generate --threads 10000`: 12,171 comments over
   * 17 stories, so 716 a story on average, one of them with 6,700 top-level
   * comments. With these, the status written as an OR of statuses made SQLite
   * read that story's top-level comments through comments_article_idx, one
   * range per status, and sort them all for a page of 50.
   */
  const SMALL_SITE_LONG_THREAD_STATS: [string, string][] = [
    ['comments_replies_idx', '12171 4 1 1 1 1'],
    ['comments_featured_idx', '12 1 1'],
    ['comments_article_status_id_idx', '12171 716 609 1'],
    ['comments_roots_top_idx', '12171 716 4 4 1 1 1 1'],
    ['comments_roots_idx', '12171 716 4 1 1 1 1'],
    ['comments_status_idx', '12171 4057 1'],
    ['comments_ip_idx', '12171 12171 1'],
    ['comments_reader_idx', '12171 12171 1'],
    ['comments_article_idx', '12171 716 609 4 1'],
  ];

  it("reads a page's top-level comments in the order of their index, in every sort, not by sorting the thread's", async () => {
    const db = t.database.db;
    const check = async (stats: string) => {
      for (const sort of ['oldest', 'newest', 'top'] as const) {
        const first = await t.services.comments.thread(big, { page: 1, perPage: 50, sort });
        for (const [what, run] of [
          ['page 1', () => services.comments.thread(big, { page: 1, perPage: 50, sort })],
          ['after', () => services.comments.thread(big, { at: { after: first.lastId! }, perPage: 50, sort })],
          ['signed in', () => services.comments.thread(big, { page: 1, perPage: 50, sort, viewer: { readerId, accountId: null } })],
        ] as const) {
          const roots = (await plans(run)).filter((p) => /parent_id is null/.test(p.sql) && /order by/.test(p.sql));
          expect(roots.length, `${sort} ${what}: top-level reads`).toBeGreaterThan(0);
          for (const p of roots) expect(sorts(mergeOfParts(p)), `${stats}, ${sort} ${what}:\n${p.sql}\n${p.plan}`).toBe(false);
        }
      }
    };
    await check('statistics as analysed');
    // PostgreSQL's statistics cannot be written by hand; its plans were checked above on its own.
    if (postgres()) return;
    try {
      for (const [idx, stat] of SMALL_SITE_LONG_THREAD_STATS) await sql`update sqlite_stat1 set stat = ${stat} where tbl = 'comments' and idx = ${idx}`.execute(db);
      // Reloads the statistics into the planner.
      await sql`analyze sqlite_schema`.execute(db);
      await check("a small site's statistics with one long thread");
    } finally {
      await sql`analyze`.execute(db);
    }
  });

  it("reads the editors' picks and where a live stream starts in index order, not by sorting the thread", async () => {
    for (const [what, run] of [
      ['picks', () => services.comments.picks(big)],
      ['newest id', () => services.comments.newestId(big)],
      ['since', () => services.comments.visibleSince(big, 0, 20)],
    ] as const) {
      const all = (await plans(run)).filter((p) => /from "?comments"?/.test(p.sql) && !/recursive/.test(p.sql));
      expect(all.length, `${what} ran queries`).toBeGreaterThan(0);
      for (const p of all) expect(sorts(p.plan), `${what}:\n${p.sql}\n${p.plan}`).toBe(false);
    }
    expect((await t.services.comments.picks(big)).length).toBeGreaterThan(0);
  });

  it("answers a live stream's checks through indexes", async () => {
    await expectIndexed('newest id', () => services.comments.newestId(big));
    await expectIndexed('fingerprint', () => services.comments.visibilityFingerprint(big));
    await expectIndexed('since', () => services.comments.visibleSince(big, 0, 20));
  });
});
