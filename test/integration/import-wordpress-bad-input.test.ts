import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../src/modules/admin/admin.context.js';
import type { ImportReport } from '../../src/modules/imports/imports.report.js';
import { WxrError } from '../../src/modules/imports/wxr.xml.js';
import { isAppError } from '../../src/platform/errors.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { dumpDatabase } from '../helpers/dump.js';
import { buildArticle } from '../helpers/factories.js';
import { gifBomb, twoTone } from '../fixtures/images/images.js';

/*
 * An export written to be awkward (test/fixtures/wxr/bad-input.xml): scripts
 * and frames, threads with missing, foreign and too-deep parents, a post
 * without an author, a duplicate slug, dates far ahead and before 1970, every
 * post status, shortcodes; then a newer export of the same site, a dry run,
 * and the old addresses.
 */

const FIXTURE = 'test/fixtures/wxr/bad-input.xml';
const NOW = '2025-06-01T12:00:00.000Z';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wxr-bad-input-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A newer export of the same site: one title changed, one post and one comment added, one comment approved, post 14 and comment 104 changed. */
function newerExport(): string {
  const newPost = `<item>
<title>A new story</title>
<link>https://bad.example.org/?p=60</link>
<dc:creator><![CDATA[ana]]></dc:creator>
<guid isPermaLink="false">https://bad.example.org/?p=60</guid>
<content:encoded><![CDATA[Fresh.]]></content:encoded>
<wp:post_id>60</wp:post_id>
<wp:post_date_gmt>2025-01-02 10:00:00</wp:post_date_gmt>
<wp:post_name>a-new-story</wp:post_name>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
</item>
</channel>`;
  const newComment = `<wp:comment>
<wp:comment_id>300</wp:comment_id>
<wp:comment_author><![CDATA[Gus]]></wp:comment_author>
<wp:comment_date_gmt>2024-05-04 10:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[A new comment.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>0</wp:comment_parent>
</wp:comment>
</item>`;
  const xml = fs
    .readFileSync(FIXTURE, 'utf8')
    .replace('<title>Duplicate slug</title>', '<title>Duplicate slug, corrected</title>')
    .replace(
      '<wp:comment_content><![CDATA[Waiting for approval]]></wp:comment_content>\n<wp:comment_approved>0</wp:comment_approved>',
      '<wp:comment_content><![CDATA[Waiting for approval]]></wp:comment_content>\n<wp:comment_approved>1</wp:comment_approved>',
    )
    .replace('The Eagle has landed.', 'The Eagle has landed. (Corrected.)')
    .replace('Buy cheap pills', 'Buy cheaper pills')
    .replace(/(Same slug as post 11\.\]\]><\/content:encoded>[\s\S]*?)<\/item>/, `$1${newComment}`)
    .replace('</channel>', newPost);
  const file = path.join(tmp, 'newer.xml');
  fs.writeFileSync(file, xml);
  return file;
}

describe('an awkward export', () => {
  let t: TestContext;
  let report: ImportReport;
  const db = () => t.database.db;
  const linkOf = (kind: string, id: number | string) => db().selectFrom('import_links').selectAll().where('source_kind', '=', kind).where('source_id', '=', String(id)).executeTakeFirstOrThrow();
  const story = async (postId: number) =>
    db()
      .selectFrom('articles')
      .selectAll()
      .where('id', '=', (await linkOf('post', postId)).target_id)
      .executeTakeFirstOrThrow();
  const comment = async (commentId: number) =>
    db()
      .selectFrom('comments')
      .selectAll()
      .where('id', '=', (await linkOf('comment', commentId)).target_id)
      .executeTakeFirstOrThrow();
  const notesOf = (subject: string) => report.notes.filter((n) => n.subject.startsWith(subject)).map((n) => n.text);

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    // A story the site already has holds the slug one of the posts wants.
    await buildArticle(t.services, t.clock.now(), { slug: 'scripts-and-frames', headline: 'Already here' });
    report = await t.services.imports.importWordPress(FIXTURE, { timezone: 'America/Chicago' });
  });
  afterAll(() => t.close());

  it('brings over the posts it can, and says why it skipped the others', () => {
    expect(report.counts.story).toMatchObject({ created: 13, skipped: 5 });
    expect(report.skipped).toMatchObject({
      'post in the trash': 1,
      'post an automatic draft WordPress made, never written': 1,
      'page (import pages with --pages)': 1,
      'menu item (menus are not imported)': 1,
      'item without a wp:post_id': 1,
      'pingback (use --pingbacks to import them)': 1,
    });
  });

  it('maps every status, moves a publication date still ahead to scheduled, and hides password-protected posts', async () => {
    const statuses = await Promise.all([10, 13, 16, 17, 18, 21, 22].map(async (id) => (await story(id)).status));
    expect(statuses).toEqual(['published', 'scheduled', 'draft', 'in_review', 'unpublished', 'scheduled', 'unpublished']);
    expect(notesOf('post 22')).toContain('password-protected in WordPress: imported unpublished (Broadsheet has no passwords)');
  });

  it('keeps dates far ahead and before 1970, and reads a local-only date in the given time zone', async () => {
    expect((await story(13)).published_at).toBe('2999-01-01T00:00:00.000Z');
    expect(notesOf('post 13')).toContain('dated 2999-01-01, more than a year ahead');
    expect((await story(14)).published_at).toBe('1969-07-20T20:17:40.000Z');
    expect((await t.app.inject({ method: 'GET', url: '/1969/07/20/moon-landing' })).statusCode).toBe(200);
    expect((await story(15)).published_at).toBe('2024-06-01T17:00:00.000Z');
    expect(notesOf('post 15')).toContain('no GMT date: its local date was read in America/Chicago');
  });

  it('gives a duplicate or taken slug the next free one, and imports a post without an author with no byline', async () => {
    expect([(await story(11)).slug, (await story(12)).slug, (await story(10)).slug]).toEqual(['same-slug', 'same-slug-2', 'scripts-and-frames-2']);
    expect(notesOf('post 12')).toContain('the WordPress slug “same-slug” is “same-slug-2” here (taken by another story)');
    const byline = await db()
      .selectFrom('article_authors')
      .selectAll()
      .where('article_id', '=', (await story(11)).id)
      .execute();
    expect(byline).toEqual([]);
    expect(notesOf('post 11')).toContain('no author in the export: no byline');
    expect((await t.app.inject({ method: 'GET', url: '/2024/05/02/same-slug' })).statusCode).toBe(200);
  });

  it('drops scripts, objects, event handlers and script links from a body, keeps the frame as a link, and reports each', async () => {
    const body = (await story(10)).body;
    expect(body).not.toMatch(/script|onclick|onerror|javascript|object/i);
    expect(body).toContain('[https://www.youtube.com/embed/abc123](https://www.youtube.com/embed/abc123)');
    expect(body).toContain('[the other story](/2024/05/02/same-slug/)');
    expect(notesOf('post 10')).toEqual(
      expect.arrayContaining([
        '1 <script> element dropped',
        '1 <object> element dropped',
        '1 iframe kept as a link',
        '1 link to a script (javascript: or similar) dropped',
        '2 inline event handlers (on…=) dropped',
      ]),
    );
    const page = await t.app.inject({ method: 'GET', url: '/2024/05/01/scripts-and-frames-2' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/document\.cookie|onclick=|onerror=/);
  });

  it('makes the attachment an image, the featured image, and the [caption] an image block with its caption', async () => {
    const post = await story(23);
    const image = await db().selectFrom('media').selectAll().where('id', '=', post.featured_image_id!).executeTakeFirstOrThrow();
    expect(image).toMatchObject({ url: 'https://bad.example.org/wp-content/uploads/2024/05/harbour.jpg', alt: 'Boats in the harbour at dawn', width: 640, height: 480, mime: 'image/jpeg' });
    expect(post.body).toContain('![Boats in the harbour at dawn](https://bad.example.org/wp-content/uploads/2024/05/harbour.jpg "The harbour at dawn")');
    expect(notesOf('post 23')).toEqual(expect.arrayContaining(['gallery: 1 image(s) not in the export (31) left out', 'unknown shortcode [contact-form-7] left as text']));
  });

  it('imports comments with their statuses and times; a missing or foreign parent makes a top-level comment, with a note', async () => {
    const [c100, c101, c102, c103] = await Promise.all([comment(100), comment(101), comment(102), comment(103)]);
    expect([c100.parent_id, c101.parent_id, c102.parent_id, c103.parent_id]).toEqual([null, c100.id, null, null]);
    expect(c100).toMatchObject({ author_name: 'Ben', author_email: 'reader@example.org', created_at: '2024-05-01T13:00:00.000Z', body: 'First!', status: 'approved' });
    expect(c101.body).toBe('Reply to Ben (https://example.org/x).');
    expect(notesOf('comment 102')).toEqual(['its parent comment 999 is not in the export: shown as a top-level comment']);
    expect(notesOf('comment 103')).toEqual(['its parent comment 200 belongs to another post (11): shown as a top-level comment']);
    expect(await Promise.all([104, 105, 107].map(async (id) => (await comment(id)).status))).toEqual(['spam', 'rejected', 'pending']);
    expect(JSON.parse((await linkOf('comment', 100)).details)).toEqual({ url: 'https://reader.example.org/', type: 'comment' });
  });

  it('flattens replies deeper than the site allows onto the deepest allowed comment', async () => {
    const chain = await Promise.all([110, 111, 112, 113, 114, 115, 116].map(comment));
    expect(chain.map((c) => c.parent_id)).toEqual([null, chain[0]!.id, chain[1]!.id, chain[2]!.id, chain[3]!.id, chain[3]!.id, chain[3]!.id]);
    expect(notesOf('comment 115')).toEqual(["nested deeper than this site's 5 levels: attached to the deepest allowed comment"]);
  });

  it('closes comments where WordPress had them closed, and keeps the author’s email out of sight', async () => {
    expect((await story(24)).comment_status).toBe('closed');
    expect(JSON.parse((await linkOf('author', 'ana')).details)).toMatchObject({ email: 'ana@bad.example.org' });
    expect(await db().selectFrom('authors').select(['slug', 'name']).execute()).toEqual([{ slug: 'ana', name: 'Ana Ruiz' }]);
  });

  it('answers the old addresses of posts, categories, tags and authors with where they lead now', async () => {
    const cases: [string, string][] = [
      ['/?p=14', '/1969/07/20/moon-landing'],
      ['/category/news/world/', '/section/world'],
      ['/?cat=4', '/section/world'],
      ['/?tag=harbour', '/tag/harbour'],
      ['/?author=7', '/author/ana'],
    ];
    for (const [old, now] of cases) {
      const res = await t.app.inject({ method: 'GET', url: old });
      expect([old, res.statusCode, res.headers.location]).toEqual([old, 301, now]);
    }
    // A draft leads nowhere yet; an address nobody had is a plain 404, and the home page is still the home page.
    expect((await t.app.inject({ method: 'GET', url: '/?p=16' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/?p=12345' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/no/such/page' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/?utm_source=x' })).statusCode).toBe(200);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await dumpDatabase(db());
    const again = await t.services.imports.importWordPress(FIXTURE, { timezone: 'America/Chicago' });
    expect(await dumpDatabase(db())).toEqual(before);
    expect(again.counts.story).toMatchObject({ created: 0, updated: 0, unchanged: 13 });
  });

  it('from a newer export, adds what is new and updates what changed, but leaves what was edited, moderated or deleted here', async () => {
    const editor = await t.services.accounts.create({ email: 'ed@example.org', name: 'Ed Editor', role: 'editor', password: 'correct horse battery staple' });
    const moon = await story(14);
    await t.services.editorial.update(actorOf(editor), moon.id, { headline: 'Moon landing (edited here)' }, moon.version);
    await t.services.moderation.act(actorOf(editor), (await comment(104)).id, 'approve');
    await t.services.sections.removeTag((await linkOf('tag', 'harbour')).target_id);

    const newer = await t.services.imports.importWordPress(newerExport(), { timezone: 'America/Chicago' });
    expect(newer.counts.story).toMatchObject({ created: 1, updated: 1, kept: 1, unchanged: 11 });
    expect(newer.counts.comment).toMatchObject({ created: 1, updated: 1, kept: 1 });
    expect((await story(12)).headline).toBe('Duplicate slug, corrected');
    expect((await story(60)).slug).toBe('a-new-story');
    expect((await comment(300)).body).toBe('A new comment.');
    expect((await comment(107)).status).toBe('approved');
    expect((await story(14)).headline).toBe('Moon landing (edited here)');
    expect(await comment(104)).toMatchObject({ status: 'approved', body: 'Buy cheap pills' });
    expect(newer.notes.find((n) => n.subject.startsWith('post 14'))?.text).toBe('changed here since the last import: left as it is (the export has a newer version)');
    // A tag deleted here stays deleted.
    expect(newer.counts.tag).toMatchObject({ created: 0, kept: 1 });
    expect(await t.services.sections.tagBySlug('harbour')).toBeUndefined();
    expect(newer.notes).toContainEqual(expect.objectContaining({ subject: 'tag “harbour”', text: 'deleted here since the last import: not created again' }));
  });

  it('refuses an unknown time zone before reading the file', async () => {
    const err = await t.services.imports.importWordPress(FIXTURE, { timezone: 'Mars/Olympus_Mons' }).catch((e: unknown) => e);
    expect(isAppError(err) && err.message).toMatch(/"Mars\/Olympus_Mons" is not a time zone/);
  });
});

describe('a dry run, pages and pingbacks', () => {
  it('reports exactly what an import would do and stores nothing', async () => {
    const t = await createTestApp({ now: NOW });
    try {
      const before = await dumpDatabase(t.database.db);
      const dry = await t.services.imports.importWordPress(FIXTURE, { dryRun: true });
      expect(await dumpDatabase(t.database.db)).toEqual(before);
      const real = await t.services.imports.importWordPress(FIXTURE);
      expect({ ...dry, dryRun: false }).toEqual(real);
    } finally {
      await t.close();
    }
  });

  it('imports pages and pingbacks when asked', async () => {
    const t = await createTestApp({ now: NOW });
    try {
      const report = await t.services.imports.importWordPress(FIXTURE, { pages: true, pingbacks: true });
      expect(report.counts.story.created).toBe(14);
      expect(report.counts.comment.created).toBe(16);
      const about = await t.app.inject({ method: 'GET', url: '/?page_id=40' });
      expect([about.statusCode, about.headers.location]).toEqual([301, '/2024/05/01/about']);
    } finally {
      await t.close();
    }
  });

  it('refuses a bomb, an external entity and bytes that are not UTF-8 with what is stored unchanged', async () => {
    const t = await createTestApp({ now: NOW });
    try {
      await t.services.imports.importWordPress(FIXTURE);
      const before = await dumpDatabase(t.database.db);
      for (const [file, line] of [
        ['billion-laughs.xml', 13],
        ['external-entity.xml', 4],
        ['invalid-utf8.xml', 7],
      ] as const) {
        const err = await t.services.imports.importWordPress(`test/fixtures/wxr/${file}`).catch((e: unknown) => e);
        expect(err instanceof WxrError && [file, err.line]).toEqual([file, line]);
      }
      expect(await dumpDatabase(t.database.db)).toEqual(before);
    } finally {
      await t.close();
    }
  });
});

describe('images from a local copy of the old site’s uploads (--uploads)', () => {
  const HARBOUR = '2024/05/harbour.jpg';

  async function uploadsDir(withHarbour: boolean): Promise<string> {
    const dir = fs.mkdtempSync(path.join(tmp, 'uploads-'));
    fs.mkdirSync(path.join(dir, '2024/05'), { recursive: true });
    if (withHarbour) fs.writeFileSync(path.join(dir, HARBOUR), await twoTone('jpeg', 640, 480));
    return dir;
  }
  const importedFiles = (t: TestContext) => {
    const dir = path.join(t.dataDir, 'media', 'imported');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };

  it('stores the images found there like uploads, points bodies and featured images at them, and serves them', async () => {
    const t = await createTestApp({ now: NOW });
    try {
      await t.services.imports.importWordPress(FIXTURE, { uploads: await uploadsDir(true) });
      const link = await t.database.db.selectFrom('import_links').select('target_id').where('source_kind', '=', 'attachment').where('source_id', '=', '30').executeTakeFirstOrThrow();
      const image = await t.database.db.selectFrom('media').selectAll().where('id', '=', link.target_id).executeTakeFirstOrThrow();
      expect(image.url).toMatch(/^\/media\/imported\/[0-9a-f]{16}-harbour\.jpg$/);
      expect(image).toMatchObject({ width: 640, height: 480, mime: 'image/jpeg', alt: 'Boats in the harbour at dawn', original_name: 'harbour.jpg' });
      expect(JSON.parse(image.variants).length).toBeGreaterThan(1);
      const post = await t.database.db.selectFrom('articles').selectAll().where('slug', '=', 'captions-and-galleries').executeTakeFirstOrThrow();
      expect(post.featured_image_id).toBe(image.id);
      expect(post.body).toContain(`![Boats in the harbour at dawn](${image.url} "The harbour at dawn")`);
      expect(post.body).not.toContain('bad.example.org/wp-content/uploads/2024/05/harbour.jpg');
      // An image that is no attachment keeps its address.
      expect((await t.database.db.selectFrom('articles').select('body').where('slug', '=', 'scripts-and-frames').executeTakeFirstOrThrow()).body).toContain(
        'https://bad.example.org/wp-content/uploads/2024/05/pic.jpg',
      );
      expect((await t.app.inject({ method: 'GET', url: image.url })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('moves images registered by address to their copies when imported again with --uploads, and then changes nothing', async () => {
    const t = await createTestApp({ now: NOW });
    try {
      await t.services.imports.importWordPress(FIXTURE);
      const uploads = await uploadsDir(true);
      const second = await t.services.imports.importWordPress(FIXTURE, { uploads });
      expect(second.counts.image.updated).toBe(1);
      const post = await t.database.db.selectFrom('articles').select('body').where('slug', '=', 'captions-and-galleries').executeTakeFirstOrThrow();
      expect(post.body).toMatch(/\]\(\/media\/imported\/[0-9a-f]{16}-harbour\.jpg "The harbour at dawn"\)/);
      const before = await dumpDatabase(t.database.db);
      await t.services.imports.importWordPress(FIXTURE, { uploads });
      expect(await dumpDatabase(t.database.db)).toEqual(before);
    } finally {
      await t.close();
    }
  });

  it('leaves no file behind after a dry run, and registers by address what the copy lacks, with a note', async () => {
    const t = await createTestApp({ now: NOW });
    try {
      await t.services.imports.importWordPress(FIXTURE, { uploads: await uploadsDir(true), dryRun: true });
      expect(importedFiles(t)).toEqual([]);
      const report = await t.services.imports.importWordPress(FIXTURE, { uploads: await uploadsDir(false) });
      expect(report.notes).toContainEqual(expect.objectContaining({ subject: 'attachment 30', text: `not in --uploads (${HARBOUR}): registered by its address on the old site` }));
      expect(importedFiles(t)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('refuses a copy over the pixel limit from its header, as an upload is, and stores none of it', async () => {
    const t = await createTestApp({ now: NOW });
    try {
      const uploads = await uploadsDir(false);
      fs.writeFileSync(path.join(uploads, HARBOUR), await gifBomb(7000, 7000));
      const report = await t.services.imports.importWordPress(FIXTURE, { uploads });
      expect(report.notes).toContainEqual(
        expect.objectContaining({ subject: 'attachment 30 “harbour”', text: 'This image is 7,000 × 7,000 pixels (49.0 megapixels); images can have at most 40 megapixels.' }),
      );
      expect(importedFiles(t)).toEqual([]);
      expect(await t.database.db.selectFrom('media').select('url').where('url', 'like', '/media/imported/%').execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('refuses an --uploads that is not a folder', async () => {
    const t = await createTestApp({ now: NOW });
    try {
      const err = await t.services.imports.importWordPress(FIXTURE, { uploads: path.join(tmp, 'nowhere') }).catch((e: unknown) => e);
      expect(isAppError(err) && err.message).toMatch(/--uploads: .*nowhere is not a folder/);
    } finally {
      await t.close();
    }
  });
});
