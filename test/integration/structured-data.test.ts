import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { illustration, portrait } from '../../src/cli/demo/illustrations.js';
import { articlePath } from '../../src/platform/urls.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext } from '../helpers/app.js';
import { buildArticle, buildAuthor, buildComment, buildSection } from '../helpers/factories.js';
import { schemaOrgProblems } from '../helpers/schema-org.js';

/*
 * What search engines and link previews read: JSON-LD (NewsArticle,
 * LiveBlogPosting, BreadcrumbList, WebSite, ProfilePage) and the OpenGraph
 * and Twitter tags of every public page, with images that are rasters of the
 * size the page declares, SVG originals included.
 */

const XSS_HEADLINE = 'Harbour dredging </script><script>alert(1)</script> goes ahead';

type Doc = Document;
const jsonLd = (doc: Doc): any[] => [...doc.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent!));
const meta = (doc: Doc, key: string): string | null => doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content') ?? null;
const metas = (doc: Doc, key: string): string[] => [...doc.querySelectorAll(`meta[property="${key}"]`)].map((m) => m.getAttribute('content')!);
const local = (url: string) => {
  expect(url.startsWith(`${TEST_SITE_URL}/`), `${url} is on the site`).toBe(true);
  return url.slice(TEST_SITE_URL.length);
};

describe('structured data and link previews', () => {
  let t: TestContext;
  let page: (url: string) => Promise<Doc>;
  const ids: Record<string, number> = {};
  const paths: Record<string, string> = {};

  /** Fetch an image the page points at and check it is a raster of the declared size. */
  async function expectRaster(url: string, width: number, height: number): Promise<void> {
    const res = await t.app.inject({ url: local(url) });
    expect(res.statusCode, url).toBe(200);
    const info = await sharp(res.rawPayload).metadata();
    expect(['jpeg', 'png']).toContain(info.format);
    expect(res.headers['content-type']).toBe(`image/${info.format}`);
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect([info.width, info.height]).toEqual([width, height]);
  }

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    const s = t.services;
    page = async (url) => {
      const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
      return parse(res.body);
    };
    await s.settings.update({ name: 'The Harbour Gazette', tagline: 'News from the harbour towns', timezone: 'America/Chicago', locale: 'en-US' });
    // SVG images registered as the demo seeder does: files in the media directory, served at /media/.
    const demo = path.join(t.dataDir, 'media', 'demo');
    fs.mkdirSync(demo, { recursive: true });
    fs.writeFileSync(path.join(demo, 'dredger.svg'), illustration('dredger', ['#2f6f8f', '#d98e3a'], 'A dredger at work'));
    fs.writeFileSync(path.join(demo, 'author-ana.svg'), portrait('Ana Ruiz', ['#7a3b69', '#e0a458']));
    const art = await s.media.register({ url: '/media/demo/dredger.svg', mime: 'image/svg+xml', width: 1200, height: 675, alt: 'A dredger in the harbour mouth' });
    const photo = await s.media.register({ url: '/media/demo/author-ana.svg', mime: 'image/svg+xml', width: 400, height: 400, alt: 'Portrait of Ana Ruiz' });

    const section = await buildSection(s, { slug: 'harbour', name: 'Harbour' });
    const ana = await buildAuthor(s, { slug: 'ana-ruiz', name: 'Ana Ruiz', bio: 'Covers the waterfront.', photoId: photo.id, links: [{ label: 'Mastodon', url: 'https://social.example/@ana' }] });
    const ben = await buildAuthor(s, { slug: 'ben-okafor', name: 'Ben Okafor' });
    const story = await buildArticle(s, t.clock.now(), {
      slug: 'dredging-starts',
      headline: 'Dredging starts in the harbour mouth',
      dek: 'The work will take six weeks.',
      sectionId: section.id,
      tags: ['Dredging', 'Port authority'],
      authorIds: [ana.id, ben.id],
      featuredImageId: art.id,
      publishedAt: '2024-03-29T12:00:00.000Z',
    });
    await s.articles.addCorrection(story.id, 'An earlier version gave the wrong start date.', '2024-03-29T13:00:00.000Z');
    const first = await buildComment(s, story.id, { body: 'About time.' });
    await buildComment(s, story.id, { parentId: first.id, body: 'Agreed.' });
    await buildComment(s, story.id, { body: 'Held back.', status: 'pending' });
    ids.story = story.id;
    ids.comment = first.id;

    const live = await buildArticle(s, t.clock.now(), {
      slug: 'storm-live',
      headline: 'Storm hits the coast',
      sectionId: section.id,
      authorIds: [ben.id],
      developing: true,
      publishedAt: '2024-03-29T13:00:00.000Z',
    });
    ids.update1 = (await s.articles.addLiveUpdate(live.id, 'The ferry is cancelled. More sailings may follow.', '2024-03-29T13:20:00.000Z')).id;
    ids.update2 = (await s.articles.addLiveUpdate(live.id, 'Winds reached **90 km/h** at the pier', '2024-03-29T14:05:00.000Z')).id;
    const ended = await buildArticle(s, t.clock.now(), { slug: 'vote-count', headline: 'Votes counted', authorIds: [ben.id], developing: false, publishedAt: '2024-03-28T20:00:00.000Z' });
    await s.articles.addLiveUpdate(ended.id, 'Counting begins.', '2024-03-28T20:30:00.000Z');
    await s.articles.addLiveUpdate(ended.id, 'All ballots are counted.', '2024-03-28T23:45:00.000Z');
    const xss = await buildArticle(s, t.clock.now(), { slug: 'xss', headline: XSS_HEADLINE, authorIds: [ben.id] });
    const plain = await buildArticle(s, t.clock.now(), { slug: 'no-picture', headline: 'A story without a picture', authorIds: [ben.id] });
    const unsigned = await buildArticle(s, t.clock.now(), { slug: 'unsigned', headline: 'From the editors' });
    const justStarted = await buildArticle(s, t.clock.now(), { slug: 'just-started', headline: 'Fire at the docks', developing: true, publishedAt: '2024-03-29T14:50:00.000Z' });
    for (const [k, a] of Object.entries({ story, live, ended, xss, plain, unsigned, justStarted })) paths[k] = articlePath(a.slug, a.published_at, 'America/Chicago');
  });
  afterAll(() => t?.close());

  it('describes a story as a NewsArticle with every field search engines read', async () => {
    const [article] = jsonLd(await page(paths.story!));
    const url = `${TEST_SITE_URL}${paths.story}`;
    expect(article).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Dredging starts in the harbour mouth',
      description: 'The work will take six weeks.',
      datePublished: '2024-03-29T12:00:00.000Z',
      dateModified: '2024-03-29T13:00:00.000Z',
      author: [
        { '@type': 'Person', name: 'Ana Ruiz', url: `${TEST_SITE_URL}/author/ana-ruiz` },
        { '@type': 'Person', name: 'Ben Okafor', url: `${TEST_SITE_URL}/author/ben-okafor` },
      ],
      publisher: { '@type': 'Organization', name: 'The Harbour Gazette', url: `${TEST_SITE_URL}/`, logo: { '@type': 'ImageObject', width: 512, height: 512 } },
      mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      url,
      articleSection: 'Harbour',
      keywords: 'Dredging, Port authority',
      commentCount: 2,
      isAccessibleForFree: true,
      inLanguage: 'en-US',
      correction: [{ '@type': 'CorrectionComment', text: 'An earlier version gave the wrong start date.', datePublished: '2024-03-29T13:00:00.000Z' }],
    });
    // The SVG original, given as rasters 1200 px wide in the shapes search engines ask for.
    expect(article.image.map((i: any) => [i['@type'], i.width, i.height])).toEqual([
      ['ImageObject', 1200, 675],
      ['ImageObject', 1200, 900],
      ['ImageObject', 1200, 1200],
    ]);
    for (const image of article.image) await expectRaster(image.url, image.width, image.height);
    await expectRaster(article.publisher.logo.url, 512, 512);
  });

  it('gives every page with a story a breadcrumb trail from the front page', async () => {
    const crumbs = jsonLd(await page(paths.story!)).find((n) => n['@type'] === 'BreadcrumbList');
    expect(crumbs.itemListElement).toEqual([
      { '@type': 'ListItem', position: 1, name: 'Home', item: `${TEST_SITE_URL}/` },
      { '@type': 'ListItem', position: 2, name: 'Harbour', item: `${TEST_SITE_URL}/section/harbour` },
      { '@type': 'ListItem', position: 3, name: 'Dredging starts in the harbour mouth', item: `${TEST_SITE_URL}${paths.story}` },
    ]);
    const noSection = jsonLd(await page(paths.plain!)).find((n) => n['@type'] === 'BreadcrumbList');
    expect(noSection.itemListElement.map((c: any) => c.name)).toEqual(['Home', 'A story without a picture']);
    for (const [url, name] of [
      ['/section/harbour', 'Harbour'],
      ['/tag/dredging', 'Dredging'],
      ['/author/ana-ruiz', 'Ana Ruiz'],
    ] as const) {
      const trail = jsonLd(await page(url)).find((n) => n['@type'] === 'BreadcrumbList');
      expect(
        trail.itemListElement.map((c: any) => [c.name, c.item]),
        url,
      ).toEqual([
        ['Home', `${TEST_SITE_URL}/`],
        [name, `${TEST_SITE_URL}${url}`],
      ]);
    }
  });

  it('describes a developing story as a LiveBlogPosting with its updates, coverage still open', async () => {
    const doc = await page(paths.live!);
    const [post] = jsonLd(doc);
    const url = `${TEST_SITE_URL}${paths.live}`;
    expect(post['@type']).toBe('LiveBlogPosting');
    expect(post.coverageStartTime).toBe('2024-03-29T13:00:00.000Z');
    expect(post).not.toHaveProperty('coverageEndTime');
    expect(post.dateModified).toBe('2024-03-29T14:05:00.000Z');
    expect(post.liveBlogUpdate).toEqual([
      {
        '@type': 'BlogPosting',
        headline: 'Winds reached 90 km/h at the pier',
        datePublished: '2024-03-29T14:05:00.000Z',
        articleBody: 'Winds reached 90 km/h at the pier',
        url: `${url}#update-${ids.update2}`,
      },
      {
        '@type': 'BlogPosting',
        headline: 'The ferry is cancelled.',
        datePublished: '2024-03-29T13:20:00.000Z',
        articleBody: 'The ferry is cancelled. More sailings may follow.',
        url: `${url}#update-${ids.update1}`,
      },
    ]);
    // Each update's address leads to it on the page.
    for (const u of post.liveBlogUpdate) expect(doc.getElementById(u.url.split('#')[1])).not.toBeNull();
    expect(post).toMatchObject({ headline: 'Storm hits the coast', publisher: { '@type': 'Organization' }, mainEntityOfPage: { '@id': url }, commentCount: 0 });
  });

  it('closes the coverage of a story no longer developing at its last update', async () => {
    const [post] = jsonLd(await page(paths.ended!));
    expect(post['@type']).toBe('LiveBlogPosting');
    expect(post.coverageStartTime).toBe('2024-03-28T20:00:00.000Z');
    expect(post.coverageEndTime).toBe('2024-03-28T23:45:00.000Z');
    expect(post.liveBlogUpdate.map((u: any) => u.headline)).toEqual(['All ballots are counted.', 'Counting begins.']);
    expect(jsonLd(await page(paths.plain!))[0]['@type']).toBe('NewsArticle');
    // Developing before its first update: live, with nothing to list yet.
    const [started] = jsonLd(await page(paths.justStarted!));
    expect(started).toMatchObject({ '@type': 'LiveBlogPosting', coverageStartTime: '2024-03-29T14:50:00.000Z' });
    expect(started).not.toHaveProperty('liveBlogUpdate');
    expect(started).not.toHaveProperty('coverageEndTime');
  });

  it('credits a story without a byline to the publication', async () => {
    const doc = await page(paths.unsigned!);
    expect(jsonLd(doc)[0].author).toEqual([{ '@type': 'Organization', '@id': `${TEST_SITE_URL}/#organization`, name: 'The Harbour Gazette', url: `${TEST_SITE_URL}/` }]);
    expect(metas(doc, 'article:author')).toEqual([]);
  });

  it('offers the site search to search engines from the front page', async () => {
    const nodes = jsonLd(await page('/'));
    expect(nodes.find((n) => n['@type'] === 'WebSite')).toEqual({
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      '@id': `${TEST_SITE_URL}/#website`,
      name: 'The Harbour Gazette',
      description: 'News from the harbour towns',
      url: `${TEST_SITE_URL}/`,
      inLanguage: 'en-US',
      publisher: { '@id': `${TEST_SITE_URL}/#organization` },
      potentialAction: {
        '@type': 'SearchAction',
        target: { '@type': 'EntryPoint', urlTemplate: `${TEST_SITE_URL}/search?q={search_term_string}` },
        'query-input': 'required name=search_term_string',
      },
    });
    const org = nodes.find((n) => n['@type'] === 'Organization');
    expect(org).toMatchObject({ '@id': `${TEST_SITE_URL}/#organization`, name: 'The Harbour Gazette', logo: { '@type': 'ImageObject', width: 512, height: 512 } });
    await expectRaster(org.logo.url, 512, 512);
  });

  it('describes an author page as a ProfilePage of a Person', async () => {
    const [profile] = jsonLd(await page('/author/ana-ruiz'));
    expect(profile).toMatchObject({
      '@type': 'ProfilePage',
      mainEntity: { '@type': 'Person', name: 'Ana Ruiz', url: `${TEST_SITE_URL}/author/ana-ruiz`, description: 'Covers the waterfront.', sameAs: ['https://social.example/@ana'] },
    });
    await expectRaster(profile.mainEntity.image.url, 1200, 1200);
  });

  it('keeps a headline that closes the script element inside the JSON-LD string', async () => {
    const res = await t.app.inject({ url: paths.xss! });
    const block = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(res.body)![1]!;
    expect(block).not.toMatch(/<\/?script/i);
    expect(JSON.parse(block).headline).toBe(XSS_HEADLINE);
    const doc = parse(res.body);
    expect([...doc.querySelectorAll('script')].some((s) => s.textContent?.includes('alert(1)') && s.getAttribute('type') !== 'application/ld+json')).toBe(false);
    expect(jsonLd(doc).map((n) => n['@type'])).toEqual(['NewsArticle', 'BreadcrumbList']);
  });

  it('gives every public page OpenGraph and Twitter tags, with a raster image of the declared size', async () => {
    const cases: { url: string; status?: number; type: string; title?: string; canonical: string | null; card: string }[] = [
      { url: '/', type: 'website', title: 'The Harbour Gazette', canonical: '/', card: 'summary_large_image' },
      { url: paths.story!, type: 'article', title: 'Dredging starts in the harbour mouth', canonical: paths.story!, card: 'summary_large_image' },
      { url: paths.plain!, type: 'article', title: 'A story without a picture', canonical: paths.plain!, card: 'summary' },
      { url: '/section/harbour', type: 'website', title: 'Harbour', canonical: '/section/harbour', card: 'summary' },
      { url: '/tag/dredging', type: 'website', title: 'Dredging', canonical: '/tag/dredging', card: 'summary' },
      { url: '/author/ana-ruiz', type: 'profile', title: 'Ana Ruiz', canonical: '/author/ana-ruiz', card: 'summary_large_image' },
      { url: '/author/ben-okafor', type: 'profile', title: 'Ben Okafor', canonical: '/author/ben-okafor', card: 'summary' },
      { url: `/comments/${ids.comment}/replies`, type: 'website', canonical: null, card: 'summary' },
      { url: '/account/sign-in', type: 'website', canonical: null, card: 'summary' },
      { url: '/no/such/page', status: 404, type: 'website', title: 'Page not found', canonical: null, card: 'summary' },
    ];
    for (const c of cases) {
      const res = await t.app.inject({ url: c.url, headers: { accept: 'text/html' } });
      expect(res.statusCode, c.url).toBe(c.status ?? 200);
      const doc = parse(res.body);
      expect(meta(doc, 'og:site_name'), c.url).toBe('The Harbour Gazette');
      expect(meta(doc, 'og:type'), c.url).toBe(c.type);
      if (c.title) expect(meta(doc, 'og:title'), c.url).toBe(c.title);
      expect(meta(doc, 'og:title'), c.url).toBeTruthy();
      expect(meta(doc, 'og:description'), c.url).toBeTruthy();
      expect(meta(doc, 'og:locale'), c.url).toBe('en_US');
      expect(meta(doc, 'og:url'), c.url).toBe(c.canonical === null ? null : `${TEST_SITE_URL}${c.canonical}`);
      expect(meta(doc, 'og:image:alt'), c.url).toBeTruthy();
      const [width, height] = [Number(meta(doc, 'og:image:width')), Number(meta(doc, 'og:image:height'))];
      expect([width, height], c.url).toEqual([1200, 630]);
      await expectRaster(meta(doc, 'og:image')!, width, height);
      expect(meta(doc, 'og:image:type')).toBe((await t.app.inject({ url: local(meta(doc, 'og:image')!) })).headers['content-type']);
      expect(meta(doc, 'twitter:card'), c.url).toBe(c.card);
      expect(meta(doc, 'twitter:title'), c.url).toBe(meta(doc, 'og:title'));
      expect(meta(doc, 'twitter:description'), c.url).toBe(meta(doc, 'og:description'));
      expect(meta(doc, 'twitter:image:alt'), c.url).toBeTruthy();
      // A large card shows the page's own picture; a small one, the square logo.
      if (c.card === 'summary_large_image') expect(meta(doc, 'twitter:image'), c.url).toBe(meta(doc, 'og:image'));
      else await expectRaster(meta(doc, 'twitter:image')!, 512, 512);
    }
  });

  it("shows a story's own picture, rendered from its SVG, and its article properties", async () => {
    const doc = await page(paths.story!);
    expect(meta(doc, 'og:image')).toBe(`${TEST_SITE_URL}/media/preview/${jsonLd(doc)[0].image[0].url.match(/preview\/(\d+)-/)[1]}.jpg`);
    expect(meta(doc, 'og:image:type')).toBe('image/jpeg');
    expect(meta(doc, 'og:image:alt')).toBe('A dredger in the harbour mouth');
    expect(meta(doc, 'og:description')).toBe('The work will take six weeks.');
    expect(meta(doc, 'article:published_time')).toBe('2024-03-29T12:00:00.000Z');
    expect(meta(doc, 'article:modified_time')).toBe('2024-03-29T13:00:00.000Z');
    expect(meta(doc, 'article:section')).toBe('Harbour');
    expect(metas(doc, 'article:tag')).toEqual(['Dredging', 'Port authority']);
    expect(metas(doc, 'article:author')).toEqual([`${TEST_SITE_URL}/author/ana-ruiz`, `${TEST_SITE_URL}/author/ben-okafor`]);
    const author = await page('/author/ana-ruiz');
    expect(meta(author, 'og:image')).toMatch(new RegExp(`^${TEST_SITE_URL}/media/preview/\\d+\\.jpg$`));
    expect(meta(author, 'og:image:alt')).toBe('Portrait of Ana Ruiz');
    const home = await page('/');
    expect(meta(home, 'og:image')).toMatch(new RegExp(`^${TEST_SITE_URL}/site/card\\.png\\?v=[0-9a-f]+$`));
    expect(meta(home, 'og:image:type')).toBe('image/png');
  });

  it("gives the site's card a new address when the site is renamed", async () => {
    const before = meta(await page('/'), 'og:image')!;
    await t.services.settings.update({ name: 'The Harbour Times' });
    try {
      const home = await page('/');
      const after = meta(home, 'og:image')!;
      expect(after).not.toBe(before);
      expect(meta(home, 'og:site_name')).toBe('The Harbour Times');
      await expectRaster(after, 1200, 630);
      // An old address still answers, with the current card.
      const old = await t.app.inject({ url: local(before) });
      expect(old.statusCode).toBe(200);
      expect(old.rawPayload.equals((await t.app.inject({ url: local(after) })).rawPayload)).toBe(true);
    } finally {
      await t.services.settings.update({ name: 'The Harbour Gazette' });
    }
  });

  it('uses only schema.org types and properties that apply to them', async () => {
    const urls = ['/', paths.story!, paths.live!, paths.ended!, paths.plain!, paths.unsigned!, paths.justStarted!, '/section/harbour', '/tag/dredging', '/author/ana-ruiz', '/author/ben-okafor'];
    for (const url of urls) {
      const nodes = jsonLd(await page(url));
      expect(nodes.length, url).toBeGreaterThan(0);
      expect(schemaOrgProblems(nodes), url).toEqual([]);
    }
  });

  it('has a vocabulary check that notices what schema.org does not define', () => {
    expect(schemaOrgProblems({ '@type': 'NewsArticle', headline: 'x', author: { '@type': 'Persona', name: 'y' }, headlne: 'typo', logo: 'z' })).toEqual([
      '$.author: @type Persona is not a schema.org type',
      '$: headlne is not a schema.org property',
      '$: logo does not apply to NewsArticle',
    ]);
    expect(schemaOrgProblems({ '@type': 'SearchAction', 'query-input': 'required name=q', target: 'https://x' })).toEqual([]);
  });
});
