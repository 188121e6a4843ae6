import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WxrError } from '../../src/modules/imports/wxr.xml.js';
import type { Db } from '../../src/platform/db/database.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { countRows } from '../helpers/db.js';
import { dumpDatabase } from '../helpers/dump.js';

/*
 * The WordPress import against every export of the shared corpus (WordPress's
 * theme unit test data and the WordPress importer's own fixtures), on the
 * dialect this run is for: what each brings over, that a second run changes
 * no row, and that the broken ones are refused with the database unchanged.
 */

const CORPUS = '../shared/corpora/wxr';
const NOW = '2025-06-01T12:00:00.000Z';

type Counts = { authors: number; sections: number; tags: number; articles: number; comments: number; media: number; redirects: number };
/** Replies (comments with a parent), and the first and last publication and comment times (posts without a date are dated at the import, NOW). */
type Shape = { replies: number; published: [string | null, string | null]; commented: [string | null, string | null] };

/** Each file, imported with the default options (no pages, no pingbacks): rows made, story statuses, comment statuses, threads and dates. */
const FILES: [string, Counts, Record<string, number>, Record<string, number>, Shape][] = [
  [
    'wptrt-theme-unit-test/theme-preview.xml',
    { authors: 1, sections: 4, tags: 5, articles: 7, comments: 2, media: 0, redirects: 14 },
    { published: 7 },
    { approved: 2 },
    { replies: 0, published: ['2008-06-04T22:40:06.000Z', '2008-10-17T04:33:51.000Z'], commented: ['2007-09-04T00:49:28.000Z', '2007-09-04T00:49:28.000Z'] },
  ],
  [
    'wptrt-theme-unit-test/themeunittestdata.wordpress.xml',
    { authors: 2, sections: 66, tags: 174, articles: 51, comments: 23, media: 36, redirects: 482 },
    { draft: 1, published: 48, scheduled: 1, unpublished: 1 },
    { approved: 22, pending: 1 },
    { replies: 9, published: ['2009-05-15T21:48:32.000Z', '2030-01-01T19:00:18.000Z'], commented: ['2010-06-11T22:27:04.000Z', '2014-09-29T09:52:15.000Z'] },
  ],
  [
    'wordpress-importer/e2e/wxr-base-url-rewriting.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 4 },
    { published: 1 },
    {},
    { replies: 0, published: ['2024-06-05T16:04:48.000Z', '2024-06-05T16:04:48.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/e2e/wxr-comprehensive.xml',
    { authors: 2, sections: 2, tags: 3, articles: 1, comments: 1, media: 0, redirects: 15 },
    { published: 1 },
    { approved: 1 },
    { replies: 0, published: ['2024-06-05T16:04:48.000Z', '2024-06-05T16:04:48.000Z'], commented: ['2024-06-06T10:00:00.000Z', '2024-06-06T10:00:00.000Z'] },
  ],
  [
    'wordpress-importer/e2e/wxr-css-urls.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 4 },
    { published: 1 },
    {},
    { replies: 0, published: ['2024-06-05T10:30:00.000Z', '2024-06-05T10:30:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/e2e/wxr-simple.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 4 },
    { published: 1 },
    {},
    { replies: 0, published: ['2024-06-05T16:04:48.000Z', '2024-06-05T16:04:48.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/a11y-unit-test-data.xml',
    { authors: 2, sections: 26, tags: 92, articles: 47, comments: 22, media: 37, redirects: 312 },
    { draft: 1, published: 44, scheduled: 1, unpublished: 1 },
    { approved: 22 },
    { replies: 9, published: ['2009-05-15T21:48:32.000Z', '2020-01-01T19:00:18.000Z'], commented: ['2010-06-11T22:27:04.000Z', '2013-03-14T19:35:07.000Z'] },
  ],
  [
    'wordpress-importer/phpunit/authors-multiline.xml',
    { authors: 3, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 7 },
    { published: 1 },
    {},
    { replies: 0, published: ['2025-06-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/backslashes.xml',
    { authors: 0, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 1 },
    { published: 1 },
    {},
    { replies: 0, published: ['2025-06-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/blank-lines.xml',
    { authors: 0, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 1 },
    { published: 1 },
    {},
    { replies: 0, published: ['2025-06-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/cdata-edge.xml',
    { authors: 0, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 1 },
    { published: 1 },
    {},
    { replies: 0, published: ['2025-06-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/chunked-meta.xml',
    { authors: 0, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 1 },
    { published: 1 },
    {},
    { replies: 0, published: ['2025-06-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/crazy-cdata-escaped.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 2 },
    { published: 1 },
    {},
    { replies: 0, published: ['2012-01-05T14:30:46.000Z', '2012-01-05T14:30:46.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/large-authors.xml',
    { authors: 300, sections: 0, tags: 0, articles: 0, comments: 0, media: 0, redirects: 600 },
    {},
    {},
    { replies: 0, published: [null, null], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/missing-tags.xml',
    { authors: 0, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 1 },
    { published: 1 },
    {},
    { replies: 0, published: ['2025-06-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/multiple-cdata.xml',
    { authors: 0, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 1 },
    { published: 1 },
    {},
    { replies: 0, published: ['2025-06-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/namespace-edge-cases.xml',
    { authors: 2, sections: 2, tags: 0, articles: 5, comments: 0, media: 0, redirects: 15 },
    { published: 5 },
    {},
    { replies: 0, published: ['2025-06-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/post-content-blank-lines.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 3 },
    { published: 1 },
    {},
    { replies: 0, published: ['2010-10-16T20:53:18.000Z', '2010-10-16T20:53:18.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/slashes.xml',
    { authors: 2, sections: 1, tags: 1, articles: 1, comments: 1, media: 0, redirects: 8 },
    { published: 1 },
    { approved: 1 },
    { replies: 0, published: ['2011-01-18T07:40:14.000Z', '2011-01-18T07:40:14.000Z'], commented: ['2011-01-18T20:53:18.000Z', '2011-01-18T20:53:18.000Z'] },
  ],
  [
    'wordpress-importer/phpunit/small-export.xml',
    { authors: 3, sections: 29, tags: 29, articles: 6, comments: 1, media: 0, redirects: 77 },
    { published: 5, unpublished: 1 },
    { approved: 1 },
    { replies: 0, published: ['2011-01-18T07:40:14.000Z', '2011-01-18T07:55:01.000Z'], commented: ['2011-01-18T07:40:14.000Z', '2011-01-18T07:40:14.000Z'] },
  ],
  [
    'wordpress-importer/phpunit/term-formats.xml',
    { authors: 0, sections: 2, tags: 3, articles: 0, comments: 0, media: 0, redirects: 10 },
    {},
    {},
    { replies: 0, published: [null, null], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/term-meta.xml',
    { authors: 0, sections: 1, tags: 0, articles: 0, comments: 0, media: 0, redirects: 2 },
    {},
    {},
    { replies: 0, published: [null, null], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/test-serialized-comment-meta.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 1, media: 0, redirects: 3 },
    { draft: 1 },
    { approved: 1 },
    { replies: 0, published: [null, null], commented: ['2020-01-05T12:50:15.000Z', '2020-01-05T12:50:15.000Z'] },
  ],
  [
    'wordpress-importer/phpunit/test-serialized-postmeta-no-cdata.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 4 },
    { draft: 1 },
    {},
    { replies: 0, published: [null, null], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/test-serialized-postmeta-with-cdata.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 4 },
    { draft: 1 },
    {},
    { replies: 0, published: [null, null], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/test-serialized-term-meta.xml',
    { authors: 1, sections: 1, tags: 1, articles: 1, comments: 0, media: 0, redirects: 7 },
    { draft: 1 },
    {},
    { replies: 0, published: [null, null], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/test-utw-post-meta-import.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 3 },
    { draft: 1 },
    {},
    { replies: 0, published: [null, null], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/theme-unit-test-data.xml',
    { authors: 2, sections: 67, tags: 177, articles: 58, comments: 24, media: 35, redirects: 502 },
    { draft: 1, published: 55, scheduled: 1, unpublished: 1 },
    { approved: 23, pending: 1 },
    { replies: 9, published: ['2009-05-15T21:48:32.000Z', '2030-01-01T19:00:18.000Z'], commented: ['2010-06-11T22:27:04.000Z', '2023-01-16T07:17:56.000Z'] },
  ],
  [
    'wordpress-importer/phpunit/valid-wxr-1.0.xml',
    { authors: 1, sections: 4, tags: 4, articles: 3, comments: 1, media: 0, redirects: 17 },
    { published: 3 },
    { approved: 1 },
    { replies: 0, published: ['2010-10-20T14:08:20.000Z', '2010-10-20T14:10:09.000Z'], commented: ['2010-10-20T14:08:20.000Z', '2010-10-20T14:08:20.000Z'] },
  ],
  [
    'wordpress-importer/phpunit/valid-wxr-1.1.xml',
    { authors: 1, sections: 1, tags: 1, articles: 1, comments: 1, media: 0, redirects: 7 },
    { published: 1 },
    { approved: 1 },
    { replies: 0, published: ['2010-10-16T20:53:18.000Z', '2010-10-16T20:53:18.000Z'], commented: ['2010-10-16T20:53:18.000Z', '2010-10-16T20:53:18.000Z'] },
  ],
  [
    'wordpress-importer/phpunit/wxr-flat-attachment-different-site.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 1, redirects: 4 },
    { published: 1 },
    {},
    { replies: 0, published: ['2011-01-10T13:20:00.000Z', '2011-01-10T13:20:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/wxr-flat-attachment-same-site.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 1, redirects: 4 },
    { published: 1 },
    {},
    { replies: 0, published: ['2011-01-10T13:20:00.000Z', '2011-01-10T13:20:00.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/wxr-simple.xml',
    { authors: 1, sections: 0, tags: 0, articles: 1, comments: 0, media: 0, redirects: 4 },
    { published: 1 },
    {},
    { replies: 0, published: ['2024-06-05T16:04:48.000Z', '2024-06-05T16:04:48.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/wxr-utf-8-challenges.xml',
    { authors: 1, sections: 1, tags: 0, articles: 1, comments: 0, media: 0, redirects: 6 },
    { published: 1 },
    {},
    { replies: 0, published: ['2024-06-05T16:04:48.000Z', '2024-06-05T16:04:48.000Z'], commented: [null, null] },
  ],
  [
    'wordpress-importer/phpunit/wxr-with-sub-data.xml',
    { authors: 1, sections: 1, tags: 0, articles: 1, comments: 1, media: 0, redirects: 3 },
    { published: 1 },
    { pending: 1 },
    { replies: 0, published: ['2025-06-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z'], commented: ['2025-06-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z'] },
  ],
];

/** The broken files, each refused on its line. */
const REFUSED: [string, number, RegExp][] = [
  ['wordpress-importer/phpunit/malformed.xml', 90, /not well-formed: unexpected close tag/],
  ['wordpress-importer/phpunit/malformed-simple.xml', 14, /not well-formed: unclosed tag: item/],
  ['wordpress-importer/phpunit/crazy-cdata.xml', 18, /not well-formed: the string "]]>" is disallowed/],
  ['wordpress-importer/phpunit/invalid-version-tag.xml', 33, /"abc" is not a version number/],
  ['wordpress-importer/phpunit/missing-version-tag.xml', 35, /no <wp:wxr_version>/],
];

async function countsOf(db: Db): Promise<Counts> {
  const out = {} as Counts;
  for (const table of ['authors', 'sections', 'tags', 'articles', 'comments', 'media', 'redirects'] as const) out[table] = await countRows(db, table);
  return out;
}

async function byStatus(db: Db, table: 'articles' | 'comments'): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom(table)
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

async function shapeOf(db: Db): Promise<Shape> {
  const replies = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', 'is not', null)
    .executeTakeFirstOrThrow();
  const published = await db
    .selectFrom('articles')
    .select([(eb) => eb.fn.min('published_at').as('min'), (eb) => eb.fn.max('published_at').as('max')])
    .executeTakeFirstOrThrow();
  const commented = await db
    .selectFrom('comments')
    .select([(eb) => eb.fn.min('created_at').as('min'), (eb) => eb.fn.max('created_at').as('max')])
    .executeTakeFirstOrThrow();
  return { replies: Number(replies.n), published: [published.min ?? null, published.max ?? null], commented: [commented.min ?? null, commented.max ?? null] };
}

async function refusal(t: TestContext, file: string): Promise<WxrError> {
  try {
    await t.services.imports.importWordPress(file);
  } catch (err) {
    if (err instanceof WxrError) return err;
    throw err;
  }
  throw new Error(`${file} was imported`);
}

describe('importing every export of the corpus', () => {
  it.each(FILES)('%s: brings over what it holds, and a second import changes no row', async (file, counts, stories, comments, shape) => {
    const t = await createTestApp({ now: NOW });
    try {
      const report = await t.services.imports.importWordPress(`${CORPUS}/${file}`);
      expect(await countsOf(t.database.db)).toEqual(counts);
      expect(await byStatus(t.database.db, 'articles')).toEqual(stories);
      expect(await byStatus(t.database.db, 'comments')).toEqual(comments);
      expect(await shapeOf(t.database.db)).toEqual(shape);
      expect(report.counts.story.created).toBe(counts.articles);
      const before = await dumpDatabase(t.database.db);
      const again = await t.services.imports.importWordPress(`${CORPUS}/${file}`);
      expect(await dumpDatabase(t.database.db)).toEqual(before);
      for (const kind of Object.values(again.counts)) expect([kind.created, kind.updated]).toEqual([0, 0]);
      expect(again.redirects.added).toBe(0);
    } finally {
      await t.close();
    }
  });

  it.each(REFUSED)('%s is refused on line %i and leaves what is stored exactly as it was', async (file, line, reason) => {
    const t = await createTestApp({ now: NOW });
    try {
      await t.services.imports.importWordPress(`${CORPUS}/wordpress-importer/phpunit/valid-wxr-1.1.xml`);
      const before = await dumpDatabase(t.database.db);
      const err = await refusal(t, `${CORPUS}/${file}`);
      expect(err.line).toBe(line);
      expect(err.reason).toMatch(reason);
      expect(await dumpDatabase(t.database.db)).toEqual(before);
    } finally {
      await t.close();
    }
  });
});

describe('the theme unit test data, pages included', () => {
  let t: TestContext;
  const db = () => t.database.db;
  const article = (slug: string) => db().selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
  const wpComment = async (id: number) => {
    const link = await db().selectFrom('import_links').select('target_id').where('source_kind', '=', 'comment').where('source_id', '=', String(id)).executeTakeFirstOrThrow();
    return db().selectFrom('comments').selectAll().where('id', '=', link.target_id).executeTakeFirstOrThrow();
  };

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await t.services.settings.update({ timezone: 'America/Los_Angeles' });
    await t.services.imports.importWordPress(`${CORPUS}/wptrt-theme-unit-test/themeunittestdata.wordpress.xml`, { pages: true });
  });
  afterAll(() => t.close());

  it('brings over its 51 posts and 21 pages, 38 images less two files that are not images, and its 28 comments', async () => {
    expect(await countsOf(db())).toMatchObject({ authors: 2, sections: 66, articles: 72, comments: 28, media: 36 });
    expect(await byStatus(db(), 'articles')).toEqual({ published: 69, draft: 1, scheduled: 1, unpublished: 1 });
    expect(await byStatus(db(), 'comments')).toEqual({ approved: 25, pending: 3 });
  });

  it('keeps dates, statuses and the comment setting, and makes the password-protected post unpublished', async () => {
    expect(await article('template-comments')).toMatchObject({ status: 'published', published_at: '2012-01-03T17:11:37.000Z', comment_status: 'open' });
    expect(await article('template-comments-disabled')).toMatchObject({ comment_status: 'closed' });
    expect(await article('scheduled')).toMatchObject({ status: 'scheduled', published_at: '2030-01-01T19:00:18.000Z' });
    expect(await article('draft')).toMatchObject({ status: 'draft', published_at: null });
    expect(await article('template-password-protected')).toMatchObject({ status: 'unpublished', published_at: '2012-01-04T16:38:05.000Z' });
  });

  it('threads the comments as deep as the site allows, with their original times, authors and statuses', async () => {
    const top = await wpComment(904);
    expect(top).toMatchObject({ parent_id: null, author_name: 'John Κώστας Doe Τάδε', created_at: '2013-03-14T14:57:01.000Z', status: 'approved' });
    // 905 → 906 → 907 → 910 go one level deeper each time; 911 answered 910, one level too deep for 5 levels, so it joins 910's siblings.
    const [c905, c906, c907, c910, c911] = await Promise.all([wpComment(905), wpComment(906), wpComment(907), wpComment(910), wpComment(911)]);
    expect([c905.parent_id, c906.parent_id, c907.parent_id, c910.parent_id, c911.parent_id]).toEqual([top.id, c905.id, c906.id, c907.id, c907.id]);
    const depths = await db().selectFrom('comments').select(['id', 'parent_id']).execute();
    const parentOf = new Map(depths.map((c) => [c.id, c.parent_id]));
    const depth = (id: number): number => (parentOf.get(id) ? 1 + depth(parentOf.get(id)!) : 0);
    expect(Math.max(...depths.map((c) => depth(c.id)))).toBe(4);
    expect((await wpComment(881)).body).toContain('Header one');
    expect((await wpComment(881)).body).not.toMatch(/<h1>|<table/);
  });

  it('converts bodies: a captioned image becomes an image block, a gallery images, markup Markdown', async () => {
    expect((await article('post-format-image-caption')).body).toBe('![Bell on Wharf](https://wpthemetestdata.files.wordpress.com/2008/06/100_5478.jpg?w=604 "Bell on wharf in San Francisco")');
    const gallery = (await article('post-format-gallery')).body;
    expect(gallery.match(/^!\[/gm)?.length).toBeGreaterThanOrEqual(24);
    const markup = (await article('markup-html-tags-and-formatting')).body;
    expect(markup).toContain('# Header two\n\n## Header three');
    expect(markup).toContain('> Stay hungry. Stay foolish.');
    expect(markup).toContain('| Employee | Salary |  |\n| --- | --- | --- |');
    expect((await article('post-format-image-caption')).featured_image_id).not.toBeNull();
  });

  it('answers the old permalinks with a permanent redirect to the story’s address here, in the site’s time zone', async () => {
    for (const old of ['/2007/09/04/comment-test/', '/?p=1148', '/index.php?p=1148']) {
      const res = await t.app.inject({ method: 'GET', url: old });
      expect([old, res.statusCode, res.headers.location]).toEqual([old, 301, '/2012/01/03/template-comments']);
    }
    // The WordPress permalink itself is the story's address here (the date is the same in the site's zone).
    expect((await t.app.inject({ method: 'GET', url: '/2012/01/03/template-comments/' })).statusCode).toBe(200);
    const category = await t.app.inject({ method: 'GET', url: '/category/parent-category/child-category-01/' });
    expect([category.statusCode, category.headers.location]).toEqual([301, '/section/child-category-01']);
  });

  it('shows an imported story with its original date in its address and date line, and its threaded comments at their times', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/2012/01/03/template-comments' });
    expect(res.statusCode).toBe(200);
    const doc = parse(res.body);
    expect(text(doc.querySelector('.dateline__published'))).toBe('Tuesday, January 3, 2012');
    const reply = await wpComment(905);
    const item = doc.querySelector(`#comment-${reply.id}`);
    expect(text(item?.querySelector('.comment__author'))).toBe('Jane Bloggs');
    expect(item?.querySelector('time')?.getAttribute('datetime')).toBe('2013-03-14T15:01:21.000Z');
    expect(item?.parentElement?.closest('li')?.id).toBe(`comment-${(await wpComment(904)).id}`);
  });
});
