import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { assertBuilt, broadsheet, serve } from '../helpers/cli.js';
import { TEST_PG_URL } from '../helpers/db.js';

/*
 * broadsheet generate, as an operator runs it: a large made-up site written
 * in bulk on SQLite and on PostgreSQL, whose every page renders, whose
 * stored comment counts need no repair, whose stories search finds, and
 * which a second run adds to.
 */

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-generate-'));
  tmpDirs.push(d);
  return d;
}
const pgSchemas: string[] = [];
const pgUrl = (schema: string) => `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;

beforeAll(() => assertBuilt());
afterAll(async () => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    for (const s of pgSchemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
});

interface Site {
  env: Record<string, string>;
  database: DatabaseConfig;
}

function sqliteSite(): Site {
  const dataDir = tmpDir();
  return { env: { DATA_DIR: dataDir }, database: { dialect: 'sqlite', url: path.join(dataDir, 'broadsheet.db') } };
}

function postgresSite(): Site {
  const schema = `gen_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  pgSchemas.push(schema);
  return { env: { DATA_DIR: tmpDir(), DATABASE_URL: pgUrl(schema) }, database: { dialect: 'postgres', url: TEST_PG_URL, schema } };
}

interface Summary {
  articles: number;
  comments: number;
  threads: { comments: number; articleId: number; slug: string; path: string }[];
  seconds: number;
}

async function generate(site: Site, args: string[]): Promise<Summary> {
  const run = await broadsheet(['generate', ...args, '--json'], site.env);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Summary;
}

/** Read the site's tables directly, to check what was written. */
async function inspect<T>(site: Site, read: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const handle = await openDatabase(site.database);
  try {
    return await read(handle.db);
  } finally {
    await handle.destroy();
  }
}

const counted = (rows: { n: unknown }[]) => Number(rows[0]!.n);

describe.each([
  ['SQLite', sqliteSite],
  ['PostgreSQL', postgresSite],
])('broadsheet generate on %s', (_name, makeSite) => {
  it('writes the stories and comments asked for, every page renders, counts and search are right, and a second run adds', async () => {
    const site = makeSite();
    const summary = await generate(site, ['--articles', '300', '--comments', '3000', '--threads', '1500', '--seed', '7']);
    expect(summary).toMatchObject({ articles: 300, comments: 3000 });
    expect(summary.threads).toHaveLength(1);
    const [thread] = summary.threads;
    expect(thread).toMatchObject({ comments: 1500, path: expect.stringMatching(/^\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+$/) });

    const facts = await inspect(site, async (db) => ({
      articles: await db.selectFrom('articles').select(['id', 'slug', 'headline', 'status']).orderBy('id').execute(),
      comments: counted(
        await db
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll().as('n'))
          .execute(),
      ),
      threadStatuses: await db.selectFrom('comments').select(['status']).where('article_id', '=', thread!.articleId).execute(),
      statuses: await db
        .selectFrom('comments')
        .select(['status', (eb) => eb.fn.countAll().as('n')])
        .groupBy('status')
        .execute(),
      replies: counted(
        await db
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('parent_id', 'is not', null)
          .execute(),
      ),
      // A reply always answers an approved comment of the same story, posted before it.
      strayReplies: counted(
        await db
          .selectFrom('comments as c')
          .innerJoin('comments as p', 'p.id', 'c.parent_id')
          .select((eb) => eb.fn.countAll().as('n'))
          .where((eb) => eb.or([eb('p.article_id', '!=', eb.ref('c.article_id')), eb('p.status', '!=', 'approved'), eb('p.created_at', '>', eb.ref('c.created_at'))]))
          .execute(),
      ),
      unbylined: counted(
        await db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('id', 'not in', (eb) => eb.selectFrom('article_authors').select('article_id'))
          .execute(),
      ),
      revisions: counted(
        await db
          .selectFrom('article_revisions')
          .select((eb) => eb.fn.countAll().as('n'))
          .execute(),
      ),
    }));
    expect(facts.articles).toHaveLength(301);
    expect(facts.articles.every((a) => a.status === 'published')).toBe(true);
    expect(facts.comments).toBe(4500);
    expect(facts.threadStatuses).toHaveLength(1500);
    expect(facts.threadStatuses.every((c) => c.status === 'approved')).toBe(true);
    const byStatus = new Map(facts.statuses.map((s) => [s.status, Number(s.n)]));
    expect(byStatus.get('approved')).toBeGreaterThan(4000);
    expect(byStatus.get('pending')).toBeGreaterThan(0);
    expect(byStatus.get('rejected')).toBeGreaterThan(0);
    expect(facts.replies / 4500).toBeGreaterThan(0.2);
    expect(facts.replies / 4500).toBeLessThan(0.45);
    expect(facts.strayReplies).toBe(0);
    expect(facts.unbylined).toBe(0);
    expect(facts.revisions).toBe(301);

    const repair = await broadsheet(['repair-counts'], site.env);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout.trim()).toBe('Comment counts checked: every stored count was right.');

    const server = await serve(site.env);
    try {
      // Every story's page renders, with its count and its first visible comment.
      const api = async (slug: string) => ((await (await fetch(`${server.base}/api/v1/articles/${slug}`)).json()) as { data: { url: string } }).data;
      const visible = await inspect(site, (db) =>
        db
          .selectFrom('comment_totals')
          .select(['article_id', 'visible'])
          .execute()
          .then((rows) => new Map(rows.map((r) => [Number(r.article_id), Number(r.visible)]))),
      );
      const firstShown = await inspect(site, (db) =>
        db
          .selectFrom('comments')
          .select(['article_id', (eb) => eb.fn.min('id').as('id')])
          .where('parent_id', 'is', null)
          .where('status', '=', 'approved')
          .groupBy('article_id')
          .execute()
          .then((rows) => new Map(rows.map((r) => [Number(r.article_id), Number(r.id)]))),
      );
      const checkPage = async (a: (typeof facts.articles)[number]) => {
        const url = (await api(a.slug)).url;
        const res = await fetch(url.replace(/^https?:\/\/[^/]+/, server.base));
        expect(res.status, a.slug).toBe(200);
        const html = await res.text();
        expect(html).toContain(a.headline.replace(/'/g, '&#39;'));
        const n = visible.get(a.id) ?? 0;
        if (n > 0) {
          expect(html, a.slug).toMatch(new RegExp(`${n.toLocaleString('en-US')} comments?`, 'i'));
          expect(html, a.slug).toContain(`id="comment-${firstShown.get(a.id)}"`);
        }
      };
      // Four readers at a time.
      for (let i = 0; i < facts.articles.length; i += 4) await Promise.all(facts.articles.slice(i, i + 4).map(checkPage));
      const threadPage = await (await fetch(server.base + thread!.path)).text();
      expect(threadPage).toMatch(/1,500 comments/i);

      // Search finds a story by the town in its headline.
      const story = facts.articles[42]!;
      const town = story.headline.split(' ')[0]!;
      const found = await (await fetch(`${server.base}/search?q=${encodeURIComponent(town)}`)).text();
      expect(found).toContain(story.slug);
    } finally {
      await server.stop();
    }

    // A second run adds to the site and leaves it consistent.
    const again = await generate(site, ['--articles', '40', '--comments', '400', '--seed', '8']);
    expect(again).toMatchObject({ articles: 40, comments: 400, threads: [] });
    const after = await inspect(site, async (db) => ({
      articles: counted(
        await db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll().as('n'))
          .execute(),
      ),
      comments: counted(
        await db
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll().as('n'))
          .execute(),
      ),
      slugs: counted(
        await db
          .selectFrom('articles')
          .select((eb) => eb.fn.count('slug').distinct().as('n'))
          .execute(),
      ),
      authors: counted(
        await db
          .selectFrom('authors')
          .select((eb) => eb.fn.countAll().as('n'))
          .execute(),
      ),
    }));
    expect(after).toEqual({ articles: 341, comments: 4900, slugs: 341, authors: 40 });
    const repairAgain = await broadsheet(['repair-counts'], site.env);
    expect(repairAgain.stdout.trim()).toBe('Comment counts checked: every stored count was right.');
  }, 300_000);
});

describe('broadsheet generate', () => {
  const headlines = (site: Site) => inspect(site, (db) => db.selectFrom('articles').select('headline').orderBy('id').execute());

  it('writes the same stories for the same seed, and others for another', async () => {
    const [a, b, c] = [sqliteSite(), sqliteSite(), sqliteSite()];
    await generate(a, ['--articles', '25', '--comments', '60', '--seed', '42']);
    await generate(b, ['--articles', '25', '--comments', '60', '--seed', '42']);
    await generate(c, ['--articles', '25', '--comments', '60', '--seed', '43']);
    const [ha, hb, hc] = await Promise.all([headlines(a), headlines(b), headlines(c)]);
    expect(ha).toHaveLength(25);
    expect(hb).toEqual(ha);
    expect(hc).not.toEqual(ha);
  }, 60_000);

  it('works on a site with content and does not disturb it', async () => {
    const site = sqliteSite();
    const seeded = await broadsheet(['seed-demo'], site.env);
    expect(seeded.code, seeded.stderr).toBe(0);
    const before = await inspect(site, (db) => db.selectFrom('sections').select('slug').orderBy('id').execute());
    await generate(site, ['--articles', '30', '--comments', '90']);
    const after = await inspect(site, async (db) => ({
      sections: await db.selectFrom('sections').select('slug').orderBy('id').execute(),
      // The new stories are filed in the demo's own sections.
      unfiled: counted(
        await db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('section_id', 'is', null)
          .execute(),
      ),
    }));
    expect(after.sections).toEqual(before);
    expect(after.unfiled).toBe(0);
    const repair = await broadsheet(['repair-counts'], site.env);
    expect(repair.stdout.trim()).toBe('Comment counts checked: every stored count was right.');
  }, 60_000);

  it.each([
    [['--articles', '-5'], /^broadsheet: Option '--articles' argument is ambiguous\. .*; usage: broadsheet generate/],
    [['--articles=-5'], /^broadsheet: --articles: "-5" is not a whole number of at least 0$/],
    [['--articles', '2.5'], /^broadsheet: --articles: "2\.5" is not a whole number of at least 0$/],
    [['--comments', 'many'], /^broadsheet: --comments: "many" is not a whole number of at least 0$/],
    [['--articles', '20000000'], /^broadsheet: --articles: 20000000 is more than 10,000,000$/],
    [['--threads', '10,0'], /^broadsheet: --threads: "0" is not a whole number of at least 1$/],
    [['--articles', '0', '--comments', '10'], /^broadsheet: --comments needs stories to go under/],
    [['--pages', '3'], /^broadsheet: Unknown option '--pages'/],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const site = sqliteSite();
    const run = await broadsheet(['generate', ...args], site.env);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(message);
    // Nothing was opened or written.
    expect(fs.existsSync(site.database.url)).toBe(false);
  });
});
