import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext } from '../helpers/app.js';
import { buildArticle, buildAuthor, buildComment, buildSection } from '../helpers/factories.js';

const jsonFeedSchema = createRequire(import.meta.url)('jsonfeed-schema/schema-v1.1.json') as object;
const ATOM_SCHEMA = '../shared/corpora/xsd/atom-rfc4287.rnc';
// ajv-formats is CommonJS: its plugin is the module's default export.
const addFormats = (formats as unknown as { default: (ajv: Ajv) => Ajv }).default;

type Item = Parser.Item & { 'content:encoded'?: string; guid?: string; comments?: string; 'slash:comments'?: unknown; 'wfw:commentRss'?: unknown; creator?: string };
const parser = new Parser<Record<string, unknown>, Item>({ xml2js: { strict: true }, customFields: { item: ['slash:comments', 'wfw:commentRss', 'comments'] } });

/** An extension element's text, whether the parser gives it as text or with its own xmlns attribute. */
const textOf = (v: unknown): string | undefined => (typeof v === 'object' && v !== null ? (v as { _?: string })._ : (v as string | undefined));

/** RFC 822 (with a four-digit year, as RFC 1123 and RSS readers expect), in GMT. */
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** RFC 3339 date-time. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Validate Atom documents with jing against RFC 4287's RELAX NG schema; returns jing's exit status and its report (stdout; Debian's wrapper warns about optional jars on stderr). */
function jing(bodies: string[]): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-atom-'));
  try {
    const files = bodies.map((body, i) => {
      const file = path.join(dir, `feed-${i}.atom`);
      fs.writeFileSync(file, body);
      return file;
    });
    const run = spawnSync('jing', ['-c', ATOM_SCHEMA, ...files], { encoding: 'utf8' });
    return { status: run.status, output: run.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('feeds', () => {
  let t: TestContext;
  let editor: Actor;
  let main: { id: number; slug: string };
  let politicsOnly: { id: number };
  let approved: number[];
  const mainPath = () => `/2024/03/28/${main.slug}`;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await t.services.settings.update({ name: 'The Harbour Herald', tagline: 'News from the coast', locale: 'en-GB' });
    const politics = await buildSection(t.services, { slug: 'politics', name: 'Politics' });
    const sport = await buildSection(t.services, { slug: 'sport', name: 'Sport' });
    const ana = await buildAuthor(t.services, { slug: 'ana-ruiz', name: 'Ana Ruiz' });
    const ben = await buildAuthor(t.services, { slug: 'ben-okafor', name: 'Ben Okafor' });
    const account = await t.services.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: 'correct horse battery staple' });
    editor = { accountId: account.id, role: 'editor', authorId: null, name: account.name } as Actor;
    const now = t.clock.now();
    for (let n = 1; n <= 20; n++) {
      await buildArticle(t.services, now, { headline: `Filler ${n}`, sectionId: sport.id, publishedAt: new Date(Date.parse('2024-03-20T00:00:00Z') + n * 3_600_000).toISOString() });
    }
    const m = await buildArticle(t.services, now, {
      slug: 'harbour-deal',
      headline: 'Harbour deal & the <fishing> fleet',
      dek: 'Boats stay; the quay is rebuilt.',
      excerpt: 'The council and the fleet agree on the quay.',
      body: 'The council voted on Thursday.\n\n![The quay at dawn](/media/quay.jpg)\n\nMore in [Politics](/section/politics).',
      sectionId: politics.id,
      authorIds: [ana.id, ben.id],
      tags: ['Harbour'],
      publishedAt: '2024-03-28T09:00:00Z',
      updatedAt: '2024-03-29T10:00:00Z',
    });
    main = { id: m.id, slug: m.slug };
    politicsOnly = await buildArticle(t.services, now, { headline: 'Budget vote delayed', sectionId: politics.id, publishedAt: '2024-03-27T12:00:00Z' });
    await buildArticle(t.services, now, { headline: 'Secret draft', status: 'draft', sectionId: politics.id, publishedAt: null });
    await buildArticle(t.services, now, { headline: 'Tomorrow’s story', status: 'scheduled', sectionId: politics.id, publishedAt: '2024-03-30T09:00:00Z' });
    await buildArticle(t.services, now, { headline: 'Pulled story', status: 'unpublished', sectionId: politics.id, publishedAt: '2024-03-26T09:00:00Z', tags: ['Harbour'], authorIds: [ana.id] });
    const c1 = await buildComment(t.services, m.id, { authorName: 'Old Salt', body: 'First & foremost:\n<script>alert(1)</script>', createdAt: '2024-03-28T10:00:00.000Z' });
    const c2 = await buildComment(t.services, m.id, { authorName: 'Harbour Watcher', body: 'Second comment.', createdAt: '2024-03-28T11:00:00.000Z' });
    await buildComment(t.services, m.id, { authorName: 'Waiting', body: 'Held for a moderator.', status: 'pending', createdAt: '2024-03-28T12:00:00.000Z' });
    await buildComment(t.services, m.id, { authorName: 'Spammer', body: 'Buy now.', status: 'spam', createdAt: '2024-03-28T12:30:00.000Z' });
    await buildComment(t.services, m.id, { authorName: 'Gone', body: 'Deleted by its author.', status: 'deleted', createdAt: '2024-03-28T13:00:00.000Z' });
    approved = [c1.id, c2.id];
  });
  afterAll(() => t?.close());

  describe('RSS 2.0', () => {
    it('lists the newest 20 visible stories, newest first, with stable GUIDs, RFC 822 dates and comment counts', async () => {
      const res = await get('/feed');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=0, must-revalidate, s-maxage=60');
      const feed = await parser.parseString(res.body);
      expect(feed.title).toBe('The Harbour Herald');
      expect(feed.link).toBe(`${TEST_SITE_URL}/`);
      expect(res.body).toContain('<language>en-GB</language>');
      expect(feed.items).toHaveLength(20);
      const titles = feed.items.map((i) => i.title);
      expect(titles.slice(0, 3)).toEqual(['Harbour deal & the <fishing> fleet', 'Budget vote delayed', 'Filler 20']);
      // 22 visible stories: the two oldest fillers are left out.
      expect(titles).not.toContain('Filler 1');
      expect(titles).not.toContain('Filler 2');
      for (const hidden of ['Secret draft', 'Tomorrow’s story', 'Pulled story']) expect(res.body).not.toContain(hidden);
      const times = feed.items.map((i) => Date.parse(i.pubDate!));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      for (const item of feed.items) expect(item.pubDate).toMatch(RFC822);

      const top = feed.items[0]!;
      expect(top.link).toBe(`${TEST_SITE_URL}${mainPath()}`);
      expect(top.guid).toBe(`tag:news.example.test,2024-03-28:article-${main.id}`);
      expect(res.body).toContain(`<guid isPermaLink="false">tag:news.example.test,2024-03-28:article-${main.id}</guid>`);
      expect(top.pubDate).toBe('Thu, 28 Mar 2024 09:00:00 GMT');
      expect(top.creator).toBe('Ana Ruiz');
      expect(res.body).toMatch(/<dc:creator xmlns:dc="http:\/\/purl.org\/dc\/elements\/1.1\/">Ben Okafor<\/dc:creator>/);
      expect(top.categories?.map(textOf)).toEqual(['Politics']);
      expect(top.comments).toBe(`${TEST_SITE_URL}${mainPath()}#comments`);
      expect(textOf(top['slash:comments'])).toBe('2');
      expect(textOf(top['wfw:commentRss'])).toBe(`${TEST_SITE_URL}${mainPath()}/comments/feed`);
      expect(res.body).toContain('xmlns:slash="http://purl.org/rss/1.0/modules/slash/"');
      expect(res.body).toContain('xmlns:wfw="http://wellformedweb.org/CommentAPI/"');
      expect(textOf(feed.items[1]!['slash:comments'])).toBe('0');
      // Last-Modified is the newest item's updated time: the main story's "Updated" time.
      expect(res.headers['last-modified']).toBe('Fri, 29 Mar 2024 10:00:00 GMT');
      expect(res.body).toContain('<lastBuildDate>Fri, 29 Mar 2024 10:00:00 GMT</lastBuildDate>');
    });

    it('keeps a story’s GUID when its slug changes, while its link follows', async () => {
      const before = (await parser.parseString((await get('/feed')).body)).items[0]!;
      await t.services.articles.changeSlug(main.id, 'harbour-deal-signed');
      main.slug = 'harbour-deal-signed';
      const after = (await parser.parseString((await get('/feed')).body)).items[0]!;
      expect(after.guid).toBe(before.guid);
      expect(after.link).toBe(`${TEST_SITE_URL}/2024/03/28/harbour-deal-signed`);
      expect(before.link).toBe(`${TEST_SITE_URL}/2024/03/28/harbour-deal`);
    });

    it('carries the full text with absolute addresses, or only the excerpt, as the site setting says', async () => {
      const full = await parser.parseString((await get('/feed')).body);
      const html = full.items[0]!['content:encoded']!;
      expect(html).toContain('<p>The council voted on Thursday.</p>');
      expect(html).toContain(`src="${TEST_SITE_URL}/media/quay.jpg"`);
      expect(html).toContain(`href="${TEST_SITE_URL}/section/politics"`);
      expect(full.items[0]!.content).toBe('<p>The council and the fleet agree on the quay.</p>');

      await t.services.settings.update({ feedFullText: false });
      try {
        const rss = await get('/feed');
        expect(rss.body).not.toContain('content:encoded');
        expect(rss.body).not.toContain('The council voted on Thursday.');
        expect((await parser.parseString(rss.body)).items[0]!.content).toBe('<p>The council and the fleet agree on the quay.</p>');
        const atom = (await get('/feed.atom')).body;
        expect(atom).not.toContain('<content');
        expect(atom).toContain('The council and the fleet agree on the quay.');
        const json = JSON.parse((await get('/feed.json')).body);
        expect(json.items[0]).toMatchObject({ content_text: 'The council and the fleet agree on the quay.', summary: 'The council and the fleet agree on the quay.' });
        expect(json.items[0].content_html).toBeUndefined();
      } finally {
        await t.services.settings.update({ feedFullText: true });
      }
    });

    it('follows sections, tags and authors, each with only its own visible stories', async () => {
      const section = await parser.parseString((await get('/section/politics/feed')).body);
      expect(section.title).toBe('The Harbour Herald: Politics');
      expect(section.link).toBe(`${TEST_SITE_URL}/section/politics`);
      expect(section.items.map((i) => i.title)).toEqual(['Harbour deal & the <fishing> fleet', 'Budget vote delayed']);
      expect(section.items[1]!.guid).toBe(`tag:news.example.test,2024-03-27:article-${politicsOnly.id}`);
      const tag = await parser.parseString((await get('/tag/harbour/feed')).body);
      expect(tag.items.map((i) => i.title)).toEqual(['Harbour deal & the <fishing> fleet']);
      const author = await parser.parseString((await get('/author/ana-ruiz/feed')).body);
      expect(author.title).toBe('The Harbour Herald: Ana Ruiz');
      expect(author.items.map((i) => i.title)).toEqual(['Harbour deal & the <fishing> fleet']);
    });
  });

  describe('Atom 1.0 and JSON Feed 1.1', () => {
    it('writes Atom that RFC 4287’s schema accepts, with RFC 3339 times and the stable ids', async () => {
      const site = await get('/feed.atom');
      expect(site.statusCode).toBe(200);
      expect(site.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      const doc = parse(site.body);
      const entry = doc.querySelector('entry')!;
      expect(entry.querySelector('id')?.textContent).toBe(`tag:news.example.test,2024-03-28:article-${main.id}`);
      expect(entry.querySelector('published')?.textContent).toBe('2024-03-28T09:00:00.000Z');
      expect(entry.querySelector('updated')?.textContent).toBe('2024-03-29T10:00:00.000Z');
      for (const el of doc.querySelectorAll('updated, published')) expect(el.textContent).toMatch(RFC3339);
      expect([...entry.querySelectorAll('author > name')].map((n) => n.textContent)).toEqual(['Ana Ruiz', 'Ben Okafor']);
      const bodies = [site.body, (await get('/section/politics/feed.atom')).body, (await get('/tag/harbour/feed.atom')).body, (await get(`${mainPath()}/comments/feed.atom`)).body];
      const empty = await buildSection(t.services, { slug: 'empty-desk', name: 'Empty desk' });
      bodies.push((await get(`/section/${empty.slug}/feed.atom`)).body);
      const result = jing(bodies);
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    });

    it('writes JSON Feed 1.1 that the format’s schema accepts', async () => {
      const res = await get('/feed.json');
      expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
      const feed = JSON.parse(res.body);
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      const validate = ajv.compile(jsonFeedSchema);
      expect(validate(feed), JSON.stringify(validate.errors)).toBe(true);
      expect(feed).toMatchObject({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'The Harbour Herald',
        home_page_url: `${TEST_SITE_URL}/`,
        feed_url: `${TEST_SITE_URL}/feed.json`,
        language: 'en-GB',
        authors: [{ name: 'The Harbour Herald', url: `${TEST_SITE_URL}/` }],
      });
      expect(feed.items).toHaveLength(20);
      expect(feed.items[0]).toMatchObject({
        id: `tag:news.example.test,2024-03-28:article-${main.id}`,
        url: `${TEST_SITE_URL}${mainPath()}`,
        title: 'Harbour deal & the <fishing> fleet',
        date_published: '2024-03-28T09:00:00.000Z',
        date_modified: '2024-03-29T10:00:00.000Z',
        authors: [
          { name: 'Ana Ruiz', url: `${TEST_SITE_URL}/author/ana-ruiz` },
          { name: 'Ben Okafor', url: `${TEST_SITE_URL}/author/ben-okafor` },
        ],
        tags: ['Politics'],
      });
      expect(feed.items[0].content_html).toContain('<p>The council voted on Thursday.</p>');
      expect(feed.items[1].date_modified).toBeUndefined();
      const author = JSON.parse((await get('/author/ben-okafor/feed.json')).body);
      expect(validate(author), JSON.stringify(validate.errors)).toBe(true);
    });
  });

  describe('comments feed', () => {
    it('lists only approved, visible comments, newest first, as escaped text with permalinks', async () => {
      const res = await get(`${mainPath()}/comments/feed`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      const feed = await parser.parseString(res.body);
      expect(feed.title).toBe('Comments on “Harbour deal & the <fishing> fleet”');
      expect(feed.items.map((i) => i.creator)).toEqual(['Harbour Watcher', 'Old Salt']);
      expect(feed.items.map((i) => i.link)).toEqual(approved.map((id) => `${TEST_SITE_URL}${mainPath()}#comment-${id}`).reverse());
      expect(feed.items[1]!.guid).toBe(`tag:news.example.test,2024-03-28:comment-${approved[0]}`);
      expect(feed.items[1]!.pubDate).toBe('Thu, 28 Mar 2024 10:00:00 GMT');
      expect(feed.items[1]!.content).toBe('<p>First &amp; foremost:<br>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
      for (const hidden of ['Held for a moderator.', 'Buy now.', 'Deleted by its author.']) expect(res.body).not.toContain(hidden);
      expect(res.headers['last-modified']).toBe('Thu, 28 Mar 2024 11:00:00 GMT');
    });

    it('follows a story’s old slug with a permanent redirect, and has no feed for stories readers cannot see', async () => {
      const moved = await get('/2024/03/28/harbour-deal/comments/feed');
      expect(moved.statusCode).toBe(301);
      expect(moved.headers.location).toBe(`${mainPath()}/comments/feed`);
      const wrongDate = await get(`/2024/03/27/${main.slug}/comments/feed.atom`);
      expect(wrongDate.statusCode).toBe(301);
      expect(wrongDate.headers.location).toBe(`${mainPath()}/comments/feed.atom`);
      expect((await get('/2024/03/30/tomorrow-s-story/comments/feed')).statusCode).toBe(404);
      expect((await get('/2024/03/28/no-such-story/comments/feed')).statusCode).toBe(404);
    });
  });

  describe('discovery, caching and bad input', () => {
    it('announces the site’s feeds on the home page, a listing’s on its page, and an article’s comments feed on the article', async () => {
      const links = (html: string) => [...parse(html).querySelectorAll('head link[rel="alternate"]')].map((l) => [l.getAttribute('type'), l.getAttribute('title'), l.getAttribute('href')]);
      expect(links((await get('/')).body)).toEqual([
        ['application/rss+xml', 'The Harbour Herald', `${TEST_SITE_URL}/feed`],
        ['application/atom+xml', 'The Harbour Herald (Atom)', `${TEST_SITE_URL}/feed.atom`],
        ['application/feed+json', 'The Harbour Herald (JSON Feed)', `${TEST_SITE_URL}/feed.json`],
      ]);
      expect(links((await get('/tag/harbour')).body)).toEqual([
        ['application/rss+xml', 'The Harbour Herald: Harbour', `${TEST_SITE_URL}/tag/harbour/feed`],
        ['application/atom+xml', 'The Harbour Herald: Harbour (Atom)', `${TEST_SITE_URL}/tag/harbour/feed.atom`],
        ['application/feed+json', 'The Harbour Herald: Harbour (JSON Feed)', `${TEST_SITE_URL}/tag/harbour/feed.json`],
      ]);
      expect(links((await get('/section/politics')).body).map(([, , href]) => href)).toEqual(['rss', 'atom', 'json'].map((f) => `${TEST_SITE_URL}/section/politics/feed${f === 'rss' ? '' : `.${f}`}`));
      expect(links((await get('/author/ana-ruiz')).body)[0]![2]).toBe(`${TEST_SITE_URL}/author/ana-ruiz/feed`);
      expect(links((await get(mainPath())).body)).toEqual([
        ['application/rss+xml', 'Comments on “Harbour deal & the <fishing> fleet”', `${TEST_SITE_URL}${mainPath()}/comments/feed`],
        ['application/atom+xml', 'Comments on “Harbour deal & the <fishing> fleet” (Atom)', `${TEST_SITE_URL}${mainPath()}/comments/feed.atom`],
      ]);
    });

    it('answers 304 to a matching If-None-Match or a fresh If-Modified-Since, from memory or not', async () => {
      t.app.pageCache.clear();
      const first = await get('/section/politics/feed.json');
      expect(first.headers['x-cache']).toBe('miss');
      const { etag } = first.headers;
      const lastModified = String(first.headers['last-modified']);
      expect(lastModified).toBe('Fri, 29 Mar 2024 10:00:00 GMT');
      const byTag = await get('/section/politics/feed.json', { 'if-none-match': String(etag) });
      expect([byTag.statusCode, byTag.body, byTag.headers['x-cache']]).toEqual([304, '', 'hit']);
      const byDate = await get('/section/politics/feed.json', { 'if-modified-since': lastModified });
      expect([byDate.statusCode, byDate.headers['last-modified']]).toEqual([304, lastModified]);
      expect((await get('/section/politics/feed.json', { 'if-modified-since': 'Fri, 29 Mar 2024 09:59:59 GMT' })).statusCode).toBe(200);
      // An ETag that does not match wins over a date that would.
      expect((await get('/section/politics/feed.json', { 'if-none-match': '"stale"', 'if-modified-since': lastModified })).statusCode).toBe(200);
      // A miss answers 304 too, by either validator.
      t.app.pageCache.clear();
      const missByDate = await get('/section/politics/feed.json', { 'if-modified-since': 'Sat, 30 Mar 2024 00:00:00 GMT' });
      expect([missByDate.statusCode, missByDate.headers['x-cache']]).toEqual([304, 'miss']);
      t.app.pageCache.clear();
      expect((await get('/section/politics/feed.json', { 'if-none-match': String(etag) })).statusCode).toBe(304);
      // A query string a feed reader adds shares the cached copy.
      expect((await get('/section/politics/feed.json?utm_source=reader')).headers['x-cache']).toBe('hit');
    });

    it('shows a story once it is published and drops it once it is unpublished, cached or not', async () => {
      const draft = await t.services.articles.create({ headline: 'Ferry timetable changes', body: 'From Monday the ferry runs hourly.', dek: 'Hourly from Monday.', status: 'draft' });
      expect((await get('/feed')).body).not.toContain('Ferry timetable changes');
      expect((await get('/feed')).headers['x-cache']).toBe('hit');
      await t.services.editorial.transition(editor, draft.id, 'publish');
      const published = await get('/feed');
      expect(published.headers['x-cache']).toBe('miss');
      expect((await parser.parseString(published.body)).items[0]!.title).toBe('Ferry timetable changes');
      expect((await get('/feed.json')).body).toContain('Ferry timetable changes');
      await t.services.editorial.transition(editor, draft.id, 'unpublish');
      expect((await get('/feed')).body).not.toContain('Ferry timetable changes');
      expect((await get('/feed.json')).body).not.toContain('Ferry timetable changes');
    });

    it('answers 404 with the site’s error page for unknown sections, tags and authors, in every format', async () => {
      for (const url of [
        '/section/no-such-desk/feed',
        '/section/no-such-desk/feed.atom',
        '/tag/nothing/feed.json',
        '/author/nobody/feed',
        '/section/Bad%20Slug!/feed.atom',
        '/tag/%3Cscript%3E/feed.json',
      ]) {
        const res = await get(url, { accept: 'application/rss+xml, text/html;q=0.9, */*;q=0.8' });
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type'], url).toContain('text/html');
      }
      // Addresses no slug could make get the site's answers for them: never a 500.
      expect((await get(`/section/${'x'.repeat(300)}/feed`)).statusCode).toBe(414);
      expect((await get('/section/%E0%A4%A/feed')).statusCode).toBe(400);
      const json = await get('/tag/nothing/feed.json', { accept: 'application/feed+json' });
      expect(json.statusCode).toBe(404);
      expect(JSON.parse(json.body)).toMatchObject({ error: { code: 'not_found' } });
    });
  });
});
