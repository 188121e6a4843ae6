import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildAuthor, buildSection } from '../helpers/factories.js';
import { createTestApp, TEST_SITE_URL, type TestContext } from '../helpers/app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ALL_XSD = '../shared/corpora/xsd/sitemap-all-local.xsd';
const INDEX_XSD = '../shared/corpora/xsd/siteindex.xsd';
const HOUR = 3_600_000;

let tmp: string;
let written = 0;

/** Validate a document with xmllint against a schema in the shared corpora; the exit status and what it said. */
function xmllint(body: string, schema: string): { status: number | null; output: string } {
  const file = path.join(tmp, `doc-${++written}.xml`);
  fs.writeFileSync(file, body);
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, file], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The <loc> values of a sitemap or index, in order. */
const locs = (xml: string): string[] => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]!);

/** The <url> (or <sitemap>) block whose <loc> is this address. */
function entry(xml: string, loc: string): string | undefined {
  return [...xml.matchAll(/<(url|sitemap)>[\s\S]*?<\/\1>/g)].map((m) => m[0]).find((block) => block.includes(`<loc>${loc}</loc>`));
}

/*
 * The site runs on New York time. "Now" is Tuesday 2 April 2024, 11:00 EDT.
 * The month-boundary story went out at 23:30 on 31 March in New York, which
 * is already 1 April in UTC: it belongs to March.
 */
describe('sitemaps and robots.txt', () => {
  let t: TestContext;
  const NOW = '2024-04-02T15:00:00.000Z';

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-sitemaps-'));
    t = await createTestApp({ now: NOW });
    const s = t.services;
    await s.settings.update({ timezone: 'America/New_York', locale: 'en-US', name: 'The Daily <Planet> & Co' });
    const world = await buildSection(s, { slug: 'world', name: 'World' });
    await buildSection(s, { slug: 'empty-desk', name: 'Empty desk' });
    const lois = await buildAuthor(s, { slug: 'lois-lane', name: 'Lois Lane' });
    await buildAuthor(s, { slug: 'no-stories-yet', name: 'New Hire' });
    const photo = await s.media.register({ url: '/media/harbour & pier.jpg', mime: 'image/jpeg', width: 1200, height: 800, alt: 'The harbour', caption: 'Boats <at> rest & "waiting"' });
    const at = (iso: string) => ({ publishedAt: iso });
    // Each story is written when it goes out (its last save is then), except the draft, the pulled and the scheduled one.
    const publish = async (over: Parameters<typeof buildArticle>[2] & { publishedAt: string }) => {
      t.clock.set(over.publishedAt);
      await buildArticle(s, t.clock.now(), over);
      t.clock.set(NOW);
    };
    await publish({ slug: 'february-feature', ...at('2024-02-10T12:00:00Z'), featuredImageId: photo.id, sectionId: world.id, authorIds: [lois.id], tags: ['Harbours'] });
    await publish({ slug: 'march-midday', ...at('2024-03-31T12:00:00Z'), sectionId: world.id, updatedAt: '2024-03-31T18:00:00Z' });
    await publish({ slug: 'march-late-night', headline: `Tom & Jerry's "<big>" night`, ...at('2024-04-01T03:30:00Z'), authorIds: [lois.id], tags: ['Late'] });
    await publish({ slug: 'april-first-hour', ...at('2024-04-01T04:30:00Z'), sectionId: world.id });
    await buildArticle(s, t.clock.now(), { slug: 'a-draft', status: 'draft', tags: ['Only in drafts'], authorIds: [lois.id] });
    await buildArticle(s, t.clock.now(), { slug: 'pulled-story', status: 'unpublished', ...at('2024-03-20T12:00:00Z'), tags: ['Only in drafts'] });
    await buildArticle(s, t.clock.now(), { slug: 'due-at-one', status: 'scheduled', ...at('2024-04-02T17:00:00Z'), sectionId: world.id });
  });
  afterAll(async () => {
    await t?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Every sitemap the index lists, fetched. */
  async function fetchAll(): Promise<{ index: string; children: Map<string, string> }> {
    const res = await t.app.inject({ url: '/sitemap.xml' });
    expect(res.statusCode).toBe(200);
    const children = new Map<string, string>();
    for (const loc of locs(res.body)) {
      const child = await t.app.inject({ url: loc.replace(TEST_SITE_URL, '') });
      expect(child.statusCode, loc).toBe(200);
      children.set(loc, child.body);
    }
    return { index: res.body, children };
  }

  it('lists each sitemap in an index that validates, each child valid with the image and news schemas', async () => {
    const res = await t.app.inject({ url: '/sitemap.xml' });
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=0, must-revalidate, s-maxage=60');
    const index = xmllint(res.body, INDEX_XSD);
    expect(index.status, index.output).toBe(0);
    expect(locs(res.body)).toEqual([
      `${TEST_SITE_URL}/sitemaps/news.xml`,
      `${TEST_SITE_URL}/sitemaps/sections.xml`,
      `${TEST_SITE_URL}/sitemaps/tags.xml`,
      `${TEST_SITE_URL}/sitemaps/authors.xml`,
      `${TEST_SITE_URL}/sitemaps/articles-2024-04.xml`,
      `${TEST_SITE_URL}/sitemaps/articles-2024-03.xml`,
      `${TEST_SITE_URL}/sitemaps/articles-2024-02.xml`,
    ]);
    expect([...res.body.matchAll(/<sitemap>/g)].length).toBe([...res.body.matchAll(/<lastmod>/g)].length);
    expect(entry(res.body, `${TEST_SITE_URL}/sitemaps/articles-2024-03.xml`)).toContain('<lastmod>2024-04-01T03:30:00Z</lastmod>');
    const { children } = await fetchAll();
    for (const [loc, body] of children) {
      const check = xmllint(body, ALL_XSD);
      expect(check.status, `${loc}: ${check.output}`).toBe(0);
    }
  });

  it('groups articles by month in the site time zone, with canonical addresses, lastmod and featured images', async () => {
    const march = (await t.app.inject({ url: '/sitemaps/articles-2024-03.xml' })).body;
    expect(locs(march)).toEqual([`${TEST_SITE_URL}/2024/03/31/march-late-night`, `${TEST_SITE_URL}/2024/03/31/march-midday`]);
    expect(entry(march, `${TEST_SITE_URL}/2024/03/31/march-midday`)).toContain('<lastmod>2024-03-31T18:00:00Z</lastmod>');
    const april = (await t.app.inject({ url: '/sitemaps/articles-2024-04.xml' })).body;
    expect(locs(april)).toEqual([`${TEST_SITE_URL}/2024/04/01/april-first-hour`]);
    const feb = (await t.app.inject({ url: '/sitemaps/articles-2024-02.xml' })).body;
    const item = entry(feb, `${TEST_SITE_URL}/2024/02/10/february-feature`)!;
    expect(item).toContain(`<image:loc>${TEST_SITE_URL}/media/harbour%20&amp;%20pier.jpg</image:loc>`);
    expect(item).toContain('<image:caption>Boats &lt;at&gt; rest &amp; &quot;waiting&quot;</image:caption>');
    expect(item).toContain('<image:title>The harbour</image:title>');
  });

  it('lists the front page and sections, tags with a visible story, and authors, each dated by their newest story', async () => {
    const sections = (await t.app.inject({ url: '/sitemaps/sections.xml' })).body;
    expect(locs(sections)[0]).toBe(`${TEST_SITE_URL}/`);
    expect(locs(sections).sort()).toEqual([`${TEST_SITE_URL}/`, `${TEST_SITE_URL}/section/empty-desk`, `${TEST_SITE_URL}/section/world`]);
    expect(entry(sections, `${TEST_SITE_URL}/`)).toContain('<lastmod>2024-04-01T04:30:00Z</lastmod>');
    expect(entry(sections, `${TEST_SITE_URL}/section/world`)).toContain('<lastmod>2024-04-01T04:30:00Z</lastmod>');
    expect(entry(sections, `${TEST_SITE_URL}/section/empty-desk`)).not.toContain('<lastmod>');
    const tags = (await t.app.inject({ url: '/sitemaps/tags.xml' })).body;
    expect(locs(tags).sort()).toEqual([`${TEST_SITE_URL}/tag/harbours`, `${TEST_SITE_URL}/tag/late`]);
    const authors = (await t.app.inject({ url: '/sitemaps/authors.xml' })).body;
    expect(entry(authors, `${TEST_SITE_URL}/author/lois-lane`)).toContain('<lastmod>2024-04-01T03:30:00Z</lastmod>');
    expect(locs(authors)).toContain(`${TEST_SITE_URL}/author/no-stories-yet`);
  });

  it('never lists drafts, unpublished or not-yet-due stories', async () => {
    const { index, children } = await fetchAll();
    const all = [index, ...children.values()].join('\n');
    for (const slug of ['a-draft', 'pulled-story', 'due-at-one', 'only-in-drafts', '/preview/']) expect(all).not.toContain(slug);
  });

  it('holds only the last 48 hours in the news sitemap, with the publication, date and escaped title', async () => {
    const res = await t.app.inject({ url: '/sitemaps/news.xml' });
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(locs(res.body)).toEqual([`${TEST_SITE_URL}/2024/04/01/april-first-hour`, `${TEST_SITE_URL}/2024/03/31/march-late-night`]);
    const item = entry(res.body, `${TEST_SITE_URL}/2024/03/31/march-late-night`)!;
    expect(item).toContain('<news:name>The Daily &lt;Planet&gt; &amp; Co</news:name>');
    expect(item).toContain('<news:language>en</news:language>');
    expect(item).toContain('<news:publication_date>2024-04-01T03:30:00Z</news:publication_date>');
    expect(item).toContain('<news:title>Tom &amp; Jerry&apos;s &quot;&lt;big&gt;&quot; night</news:title>');
  });

  it('answers 404, never 500, for malformed months, empty months and unknown files', async () => {
    for (const file of [
      'articles-2024-13.xml',
      'articles-24-03.xml',
      'articles-2024-00.xml',
      'articles-2024-3.xml',
      'articles-2023-01.xml',
      'articles-0000-01.xml',
      'articles-9999-12.xml',
      'nonsense.xml',
      'x'.repeat(120),
    ]) {
      const res = await t.app.inject({ url: `/sitemaps/${file}` });
      expect(res.statusCode, file).toBe(404);
    }
  });

  it('answers robots.txt as plain text naming the sitemap and closing the newsroom', async () => {
    const res = await t.app.inject({ url: '/robots.txt' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines).toContain(`Sitemap: ${TEST_SITE_URL}/sitemap.xml`);
    for (const p of ['/admin', '/account', '/api/', '/preview/']) expect(lines).toContain(`Disallow: ${p}`);
    expect(lines).toContain('User-agent: *');
  });

  it('serves sitemaps from the page cache with an ETag, and 304 on If-None-Match', async () => {
    for (const url of ['/sitemap.xml', '/sitemaps/articles-2024-03.xml', '/sitemaps/news.xml']) {
      const first = await t.app.inject({ url });
      const again = await t.app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } });
      expect(again.statusCode, url).toBe(304);
      expect(again.headers['x-cache'], url).toBe('hit');
    }
  });

  it('lists a scheduled story once its time has passed, on cached sitemaps too', async () => {
    const april = () => t.app.inject({ url: '/sitemaps/articles-2024-04.xml' });
    const news = () => t.app.inject({ url: '/sitemaps/news.xml' });
    expect((await april()).body).not.toContain('due-at-one');
    expect((await news()).body).not.toContain('due-at-one');
    t.clock.set('2024-04-02T16:59:59.999Z');
    expect((await april()).body).not.toContain('due-at-one');
    t.clock.set('2024-04-02T17:00:00.000Z');
    expect(locs((await april()).body)).toContain(`${TEST_SITE_URL}/2024/04/02/due-at-one`);
    expect(locs((await news()).body)).toContain(`${TEST_SITE_URL}/2024/04/02/due-at-one`);
    const index = (await t.app.inject({ url: '/sitemap.xml' })).body;
    expect(entry(index, `${TEST_SITE_URL}/sitemaps/articles-2024-04.xml`)).toContain('<lastmod>2024-04-02T17:00:00Z</lastmod>');
  });

  it('drops stories from the news sitemap 48 hours after publication, even from its cached copy', async () => {
    t.clock.set('2024-04-03T03:29:59.000Z');
    expect((await t.app.inject({ url: '/sitemaps/news.xml' })).body).toContain('march-late-night');
    t.clock.advance(1_000);
    const res = await t.app.inject({ url: '/sitemaps/news.xml' });
    expect(res.body).not.toContain('march-late-night');
    expect(res.body).toContain('april-first-hour');
    t.clock.advance(2 * 24 * HOUR);
    expect((await t.app.inject({ url: '/sitemaps/news.xml' })).statusCode).toBe(404);
    expect(locs((await t.app.inject({ url: '/sitemap.xml' })).body)).not.toContain(`${TEST_SITE_URL}/sitemaps/news.xml`);
  });
});
