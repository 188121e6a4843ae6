import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { createServices } from '../../src/services.js';
import { buildArticle, buildAuthor, buildSection } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext, TEST_SITE_URL, text } from '../helpers/app.js';

/*
 * Site search on both databases: the same stories, the same order, the same
 * snippets. Visibility is the listings' rule, applied at query time.
 */

const NOW = '2024-03-29T15:00:00.000Z';
const STACK = /\n\s+at |node_modules|\.ts:\d+/;

interface Fixture {
  bodyOnly: number;
  headline: number;
  body: number;
  night: number;
  draft: number;
  scheduled: number;
  markup: number;
  ana: { id: number; slug: string };
  kim: { id: number; slug: string };
  admin: Actor;
}

/** The stories every test here searches among. */
async function seed(t: TestContext): Promise<Fixture> {
  const s = t.services;
  await s.settings.update({ timezone: 'America/Chicago' });
  const news = await buildSection(s, { slug: 'news', name: 'News' });
  const arts = await buildSection(s, { slug: 'arts', name: 'Arts' });
  const ana = await buildAuthor(s, { slug: 'ana-ruiz', name: 'Ana Ruiz' });
  const kim = await buildAuthor(s, { slug: 'kim-lee', name: 'Kim Lee' });
  const account = await s.accounts.create({ email: 'editor@example.org', name: 'Edna Editor', role: 'admin', password: 'correct horse battery staple' });
  const story = (over: Parameters<typeof buildArticle>[2]) => buildArticle(s, t.clock.now(), over);
  const bodyOnly = await story({
    headline: 'Council meets on Tuesday',
    dek: 'Routine business for the valley.',
    body: 'The agenda mentions the zephyrine fountain in passing, and little else.',
    sectionId: news.id,
    authorIds: [ana.id],
    tags: ['council'],
    publishedAt: '2024-03-28T10:00:00Z',
  });
  // An old story with the word in its headline, and newer ones with it only in their bodies.
  const headline = await story({
    headline: 'Lighthouse keeper retires',
    dek: 'Forty years on the rock.',
    body: 'She hands over the keys to the lamp room this spring.',
    sectionId: arts.id,
    authorIds: [kim.id],
    tags: ['maritime'],
    publishedAt: '2024-01-10T12:00:00Z',
  });
  const body = await story({
    headline: 'Harbour report published',
    body: 'The harbour master mentioned the lighthouse twice in the annual report.',
    sectionId: news.id,
    authorIds: [ana.id],
    publishedAt: '2024-03-29T14:00:00Z',
  });
  // 22:00 on March 28 in Chicago, though already March 29 in UTC.
  // As long as the harbour report's body, so the two differ in age only.
  const night = await story({
    headline: 'Night shift on the coast',
    body: 'Guards watched the lighthouse through the long, cold and windy night.',
    sectionId: news.id,
    publishedAt: '2024-03-29T03:00:00Z',
  });
  const draft = await story({ headline: 'Secret draft', body: 'Only the quillwort knows.', status: 'draft', publishedAt: null });
  await story({ headline: 'In review', body: 'More quillwort.', status: 'in_review', publishedAt: null });
  await story({ headline: 'Taken down', body: 'Quillwort again.', status: 'unpublished', publishedAt: '2024-03-01T10:00:00Z' });
  const scheduled = await story({ headline: 'Festival opens tomorrow', body: 'The marigoldia festival opens at noon.', status: 'scheduled', publishedAt: '2024-03-30T12:00:00Z' });
  const markup = await story({
    headline: 'Markup in a story',
    body: 'A reader wrote <script>alert(1)</script> & <b>more</b> about the ferryboat timetable.',
    sectionId: arts.id,
    publishedAt: '2024-03-20T10:00:00Z',
  });
  return {
    bodyOnly: bodyOnly.id,
    headline: headline.id,
    body: body.id,
    night: night.id,
    draft: draft.id,
    scheduled: scheduled.id,
    markup: markup.id,
    ana,
    kim,
    admin: { accountId: account.id, role: 'admin', authorId: null, name: account.name },
  };
}

describe('site search', () => {
  let t: TestContext;
  let f: Fixture;
  const ids = async (q: string, extra: Record<string, string | number> = {}) => (await t.services.search.search({ q, ...extra })).items.map((h) => h.id);

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    f = await seed(t);
  });
  afterAll(() => t?.close());

  it('finds a story by a word that appears only in its body', async () => {
    const result = await t.services.search.search({ q: 'zephyrine' });
    expect(result.items.map((h) => h.id)).toEqual([f.bodyOnly]);
    expect(result.total).toBe(1);
    const hit = result.items[0]!;
    expect(hit).toMatchObject({ headline: 'Council meets on Tuesday', path: `/2024/03/28/${hit.slug}`, section: { slug: 'news' }, authors: [{ slug: 'ana-ruiz' }] });
    expect(hit.snippet.filter((s) => s.mark).map((s) => s.text)).toEqual(['zephyrine']);
  });

  it('ranks a headline match above newer body-only matches', async () => {
    const found = await t.services.search.search({ q: 'lighthouse' });
    expect(found.items.map((h) => h.id)).toEqual([f.headline, f.body, f.night]);
    const [first, second] = found.items;
    expect(first!.score).toBeGreaterThan(second!.score);
    // Among body matches, the newer ranks first.
    expect(second!.id).toBe(f.body);
  });

  it('finds words in the dek, the authors’ names and the tags', async () => {
    expect(await ids('routine valley')).toEqual([f.bodyOnly]);
    expect(await ids('Kim Lee')).toEqual([f.headline]);
    expect(await ids('maritime')).toEqual([f.headline]);
  });

  it('ignores case and accents, needs every word, and finds longer words by a prefix of four letters or more', async () => {
    expect(await ids('ZÉPHYRINE')).toEqual([f.bodyOnly]);
    expect(await ids('lighthouse keys')).toEqual([f.headline]);
    expect(await ids('lighthouse zephyrine')).toEqual([]);
    expect(await ids('harb')).toEqual([f.body]);
    // Three letters match whole words only.
    expect(await ids('har')).toEqual([]);
  });

  it('never finds drafts, stories in review, unpublished ones, or scheduled ones before their time', async () => {
    expect(await ids('quillwort')).toEqual([]);
    expect(await ids('secret draft')).toEqual([]);
    expect(await ids('marigoldia')).toEqual([]);
    t.clock.set('2024-03-30T12:00:01Z');
    try {
      // No reindex in between: the time decides.
      expect(await ids('marigoldia')).toEqual([f.scheduled]);
    } finally {
      t.clock.set(NOW);
    }
    expect(await ids('marigoldia')).toEqual([]);
  });

  it('filters by section, author and dates in the site’s time zone', async () => {
    expect(await ids('lighthouse', { section: 'news' })).toEqual([f.body, f.night]);
    expect(await ids('lighthouse', { section: 'arts' })).toEqual([f.headline]);
    expect(await ids('lighthouse', { author: 'kim-lee' })).toEqual([f.headline]);
    expect(await ids('lighthouse', { author: 'ana-ruiz', section: 'news' })).toEqual([f.body]);
    // The night story is March 28 in Chicago.
    expect(await ids('lighthouse', { from: '2024-03-29' })).toEqual([f.body]);
    expect(await ids('lighthouse', { to: '2024-03-28' })).toEqual([f.headline, f.night]);
    expect(await ids('lighthouse', { from: '2024-03-28', to: '2024-03-28' })).toEqual([f.night]);
    expect(await ids('lighthouse', { from: '2024-02-01', to: '2024-02-28' })).toEqual([]);
  });

  it('builds the same escaped, highlighted snippet on both databases', async () => {
    const [hit] = (await t.services.search.search({ q: 'ferryboat script' })).items;
    expect(hit?.id).toBe(f.markup);
    const res = await t.app.inject({ url: '/api/v1/search?q=ferryboat+script' });
    expect(res.json().data[0].snippet).toBe('A reader wrote &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; &lt;b&gt;more&lt;/b&gt; about the <mark>ferryboat</mark> timetable.');
    const page = await t.app.inject({ url: '/search?q=ferryboat' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<b>more</b>');
    const snippet = parse(page.body).querySelector('.search-result__snippet');
    expect(text(snippet)).toBe('A reader wrote <script>alert(1)</script> & <b>more</b> about the ferryboat timetable.');
    expect(snippet?.querySelector('script, b')).toBeNull();
    expect([...(snippet?.querySelectorAll('mark') ?? [])].map((m) => m.textContent)).toEqual(['ferryboat']);
  });

  it('keeps up with publishing, edits, unpublishing and deletion', async () => {
    const ed = t.services.editorial;
    const created = await ed.create(f.admin, { headline: 'Brontide heard offshore', body: 'A low brontide rolled in from the sea.' });
    expect(await ids('brontide')).toEqual([]);
    const published = await ed.transition(f.admin, created.id, 'publish');
    expect(await ids('brontide')).toEqual([created.id]);
    const edited = await ed.update(f.admin, created.id, { body: 'A low rumble, the skyquake, rolled in from the sea.' }, published.version);
    expect(await ids('skyquake')).toEqual([created.id]);
    // The headline still has it; the body no longer does.
    const [hit] = (await t.services.search.search({ q: 'brontide' })).items;
    expect(hit?.snippet.some((s) => s.mark)).toBe(false);
    await ed.transition(f.admin, created.id, 'unpublish', { baseVersion: edited.version });
    expect(await ids('skyquake')).toEqual([]);
    await ed.transition(f.admin, created.id, 'publish');
    expect(await ids('skyquake')).toEqual([created.id]);
    // Deleting the article (there is no delete in the newsroom yet: straight in the table) takes its document with it.
    await t.database.db.deleteFrom('articles').where('id', '=', created.id).execute();
    t.services.events.changed({ kind: 'article', id: created.id });
    await t.services.search.settled();
    expect(await ids('skyquake')).toEqual([]);
    expect(await t.database.db.selectFrom('search_documents').select('article_id').where('article_id', '=', created.id).execute()).toEqual([]);
  });

  it('follows renamed authors and tags, and slug changes', async () => {
    expect(await ids('okonkwo')).toEqual([]);
    await t.services.authors.update(f.kim.id, { name: 'Kim Okonkwo' });
    expect(await ids('okonkwo')).toEqual([f.headline]);
    const tag = await t.services.sections.tagBySlug('maritime');
    await t.services.sections.updateTag(tag!.id, { name: 'Seafaring heritage' });
    expect(await ids('seafaring')).toEqual([f.headline]);
    expect(await ids('maritime')).toEqual([]);
    await t.services.sections.removeTag(tag!.id);
    expect(await ids('seafaring')).toEqual([]);
    await t.services.articles.changeSlug(f.headline, 'keeper-retires');
    const [hit] = (await t.services.search.search({ q: 'lighthouse keeper' })).items;
    expect(hit?.path).toBe('/2024/01/10/keeper-retires');
  });

  it('catches up at start: an empty or stale index is filled from the articles', async () => {
    await t.database.db.deleteFrom('search_documents').execute();
    expect(await ids('zephyrine')).toEqual([]);
    const articles = Number(
      (
        await t.database.db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(await t.services.search.catchUp()).toBe(articles);
    expect(await ids('zephyrine')).toEqual([f.bodyOnly]);
    expect(await ids('lighthouse')).toEqual([f.headline, f.body, f.night]);
    // Nothing stale: nothing to do.
    expect(await t.services.search.catchUp()).toBe(0);
    expect(await t.services.search.rebuild()).toBe(articles);
    expect(await ids('zephyrine')).toEqual([f.bodyOnly]);
  });
});

describe('closing the search index', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await seed(t);
  });
  afterAll(() => t?.close());

  it('stops indexing when closed, so a server shuts down promptly, and the next start catches up', async () => {
    const documents = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('search_documents')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    // A second set of services on the same database, as another process would have.
    const other = createServices(t.database.db, t.clock);
    await t.services.search.settled();
    await t.database.db.deleteFrom('search_documents').execute();
    other.search.close();
    expect(await other.search.catchUp()).toBe(0);
    await buildArticle(other, t.clock.now(), { headline: 'Written after closing', body: 'Cormorants on the breakwater.' });
    await other.search.settled();
    expect(await documents()).toBe(0);
    // The next start indexes everything, that story included.
    expect(await t.services.search.catchUp()).toBe(10);
    expect((await t.services.search.search({ q: 'cormorants' })).total).toBe(1);
  });
});

describe('the search page and API', () => {
  let t: TestContext;
  let f: Fixture;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    f = await seed(t);
    for (let i = 0; i < 25; i++) {
      await buildArticle(t.services, t.clock.now(), {
        headline: `Tide table ${i}`,
        body: `Tidewater times for day ${i}.`,
        publishedAt: new Date(Date.parse('2024-03-01T12:00:00Z') + i * 3_600_000).toISOString(),
      });
    }
  });
  afterAll(() => t?.close());

  it('has a search box in every page’s masthead', async () => {
    const doc = parse((await t.app.inject({ url: '/' })).body);
    const form = doc.querySelector('header.site-header form[role="search"]');
    expect(form?.getAttribute('action')).toBe('/search');
    expect(form?.getAttribute('method')).toBe('get');
    const input = form?.querySelector('input[name="q"]');
    expect(text(doc.querySelector(`label[for="${input?.getAttribute('id')}"]`))).toBe('Search stories');
  });

  it('shows the results page with headline links, section, byline, date and highlighted snippets', async () => {
    const res = await t.app.inject({ url: '/search?q=lighthouse' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const doc = parse(res.body);
    expect(doc.querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex');
    expect(text(doc.querySelector('title'))).toMatch(/^Search: lighthouse – /);
    expect((doc.querySelector('#search-q') as HTMLInputElement | null)?.getAttribute('value')).toBe('lighthouse');
    expect(text(doc.querySelector('.search__count'))).toBe('3 stories match “lighthouse”, best first.');
    const results = [...doc.querySelectorAll('.search-result')];
    expect(results.map((r) => text(r.querySelector('.search-result__headline')))).toEqual(['Lighthouse keeper retires', 'Harbour report published', 'Night shift on the coast']);
    const first = results[0]!;
    expect(first.querySelector('.search-result__headline mark')?.textContent).toBe('Lighthouse');
    expect(first.querySelector('.search-result__headline a')?.getAttribute('href')).toMatch(/^\/2024\/01\/10\/story-\d+$/);
    expect(text(first.querySelector('.kicker'))).toBe('Arts');
    expect(text(first.querySelector('.byline'))).toBe('By Kim Lee');
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe('2024-01-10T12:00:00.000Z');
    expect(results[1]!.querySelector('.search-result__snippet mark')?.textContent).toBe('lighthouse');
  });

  it('pages results 20 at a time with rel links, and answers 404 past the last page', async () => {
    const one = parse((await t.app.inject({ url: '/search?q=tidewater' })).body);
    expect(one.querySelectorAll('.search-result')).toHaveLength(20);
    expect(text(one.querySelector('.search__count'))).toBe('25 stories match “tidewater”; 1–20 shown, best first.');
    expect(one.querySelector('a[rel="next"]')?.getAttribute('href')).toBe('/search?q=tidewater&page=2');
    expect(one.querySelector('link[rel="next"]')?.getAttribute('href')).toBe('/search?q=tidewater&page=2');
    const two = parse((await t.app.inject({ url: '/search?q=tidewater&page=2' })).body);
    expect(two.querySelectorAll('.search-result')).toHaveLength(5);
    expect(two.querySelector('ol.search-results')?.getAttribute('start')).toBe('21');
    expect(two.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe('/search?q=tidewater');
    // Together the pages hold every story once.
    const all = [...one.querySelectorAll('.search-result__headline'), ...two.querySelectorAll('.search-result__headline')].map((h) => text(h));
    expect(new Set(all).size).toBe(25);
    expect((await t.app.inject({ url: '/search?q=tidewater&page=3' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/search?q=nothingmatchesthis&page=2' })).statusCode).toBe(404);
    const api = (await t.app.inject({ url: '/api/v1/search?q=tidewater&limit=10&page=3' })).json();
    expect(api.data).toHaveLength(5);
    expect(api.meta).toEqual({ page: 3, limit: 10, total: 25, pageCount: 3, more: false });
    expect(api.links).toEqual({ self: '/api/v1/search?q=tidewater&limit=10&page=3', prev: '/api/v1/search?q=tidewater&limit=10&page=2' });
    expect((await t.app.inject({ url: '/api/v1/search?q=tidewater&limit=10&page=4' })).statusCode).toBe(404);
  });

  it('keeps filters in the form and the page links', async () => {
    const doc = parse((await t.app.inject({ url: '/search?q=lighthouse&section=news&author=ana-ruiz&from=2024-03-01&to=2024-03-29' })).body);
    expect(doc.querySelectorAll('.search-result')).toHaveLength(1);
    expect(doc.querySelector('#search-section option[selected]')?.getAttribute('value')).toBe('news');
    expect(doc.querySelector('#search-author option[selected]')?.getAttribute('value')).toBe('ana-ruiz');
    expect(doc.querySelector('#search-from')?.getAttribute('value')).toBe('2024-03-01');
    expect(doc.querySelector('#search-to')?.getAttribute('value')).toBe('2024-03-29');
    expect(text(doc.querySelector('.search__count'))).toBe('1 story matches “lighthouse” in News by Ana Ruiz from 2024-03-01 to 2024-03-29, best first.');
  });

  it('shows the form and no results for an empty query, and suggestions when nothing matches', async () => {
    for (const url of ['/search', '/search?q=', '/search?q=%20%20', '/search?section=news']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      const doc = parse(res.body);
      expect(doc.querySelector('form.search-form input[name="q"]'), url).not.toBeNull();
      expect(doc.querySelector('.search-result'), url).toBeNull();
      expect(text(doc.querySelector('.search__hint')), url).toBe('Type a word or two above to search every story.');
    }
    const none = parse((await t.app.inject({ url: '/search?q=unfindable+words&section=news' })).body);
    expect(text(none.querySelector('.search__count'))).toBe('No stories match “unfindable words” in News.');
    expect(none.querySelector('.search-empty a[href="/search?q=unfindable+words"]')).not.toBeNull();
    const noWords = parse((await t.app.inject({ url: '/search?q=%2A' })).body);
    expect(text(noWords.querySelector('.search__hint'))).toBe('“*” has no words to look for: try letters or numbers.');
  });

  it('answers 404 for an unknown section or author, and 400 for a bad page or date', async () => {
    const cases: [string, number, RegExp][] = [
      ['/search?q=lighthouse&section=nowhere', 404, /section/],
      ['/search?q=lighthouse&section=NOT%20A%20SLUG', 404, /section/],
      ['/search?q=lighthouse&author=nobody', 404, /author/],
      ['/search?q=lighthouse&page=0', 400, /page/],
      ['/search?q=lighthouse&page=abc', 400, /page/],
      ['/search?q=lighthouse&from=2024-02-30', 400, /"from" must be a date written as YYYY-MM-DD/],
      ['/search?q=lighthouse&to=yesterday', 400, /"to" must be a date/],
      ['/search?q=lighthouse&from=2024-03-29&to=2024-03-01', 400, /swap the dates/],
    ];
    for (const [url, status, message] of cases) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(status);
      expect(text(parse(res.body).querySelector('.error-page p:not(.error-page__status)')), url).toMatch(message);
      const api = await t.app.inject({ url: url.replace('/search', '/api/v1/search') });
      expect(api.statusCode, url).toBe(status);
      expect(api.json().error.message, url).toMatch(status === 400 && /page/.test(url) ? /page/ : message);
    }
  });

  it('answers the API with ids, links, HTML snippets and scores, in the OpenAPI document', async () => {
    const res = await t.app.inject({ url: '/api/v1/search?q=lighthouse' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const body = res.json();
    expect(body.data.map((d: { id: number }) => d.id)).toEqual([f.headline, f.body, f.night]);
    expect(body.data[0]).toMatchObject({
      headline: 'Lighthouse keeper retires',
      dek: 'Forty years on the rock.',
      url: expect.stringMatching(new RegExp(`^${TEST_SITE_URL}/2024/01/10/story-\\d+$`)),
      publishedAt: '2024-01-10T12:00:00.000Z',
      section: { slug: 'arts', name: 'Arts', url: `${TEST_SITE_URL}/section/arts` },
      authors: [{ slug: 'kim-lee', name: 'Kim Lee', url: `${TEST_SITE_URL}/author/kim-lee` }],
    });
    expect(body.data[1].snippet).toBe('The harbour master mentioned the <mark>lighthouse</mark> twice in the annual report.');
    expect(body.data[0].score).toBeGreaterThan(body.data[1].score);
    expect(body.meta).toEqual({ page: 1, limit: 20, total: 3, pageCount: 1, more: false });
    expect((await t.app.inject({ url: '/api/v1/search?q=quillwort' })).json().data).toEqual([]);
    expect((await t.app.inject({ url: '/api/v1/search' })).json()).toMatchObject({ data: [], meta: { total: 0, pageCount: 1 } });
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/search'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'section', 'author', 'from', 'to', 'page', 'limit']));
    expect(op.responses['200']).toBeDefined();
    expect(op.responses['404']).toBeDefined();
  });

  it('offers search and the latest stories on the 404 page', async () => {
    const res = await t.app.inject({ url: '/no-such-page' });
    expect(res.statusCode).toBe(404);
    const doc = parse(res.body);
    const form = doc.querySelector('.error-page form[role="search"]');
    expect(form?.getAttribute('action')).toBe('/search');
    expect(text(doc.querySelector('label[for="error-search-q"]'))).toBe('Search for a story instead');
    const latest = [...doc.querySelectorAll('.error-page__latest .teaser__headline')].map((h) => text(h));
    expect(latest).toHaveLength(5);
    expect(latest[0]).toBe('Harbour report published');
    expect(res.body).not.toContain('Secret draft');
    expect(res.body).not.toContain('Festival opens tomorrow');
    // Other errors do not.
    const bad = parse((await t.app.inject({ url: '/search?q=x&page=abc' })).body);
    expect(bad.querySelector('.error-page__latest')).toBeNull();
  });
});

describe('search with bad input', () => {
  let t: TestContext;
  let f: Fixture;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    f = await seed(t);
  });
  afterAll(() => t?.close());

  /** Strings people (and scripts) type into search boxes, and what each finds: the lighthouse stories, nothing, or whatever it finds. */
  const BAD: [string, 'lighthouse' | 'nothing' | 'any'][] = [
    ['a'.repeat(10_000), 'nothing'],
    ['lighthouse '.repeat(910), 'lighthouse'],
    ['"', 'nothing'],
    ["'", 'nothing'],
    ['*', 'nothing'],
    ['"*"', 'nothing'],
    ['OR OR', 'any'],
    ['AND', 'any'],
    ['NOT lighthouse', 'any'],
    ['NEAR(', 'any'],
    ['NEAR(lighthouse keeper, 2)', 'any'],
    ['lighthouse"', 'lighthouse'],
    ['"lighthouse', 'lighthouse'],
    ['lighthouse*', 'lighthouse'],
    ['^lighthouse', 'lighthouse'],
    ['-lighthouse', 'lighthouse'],
    ['headline:lighthouse', 'any'],
    ['{headline dek}: lighthouse', 'any'],
    ['lighthouse & !keeper | (x', 'any'],
    ["'; DROP TABLE search_documents; --", 'nothing'],
    ["lighthouse' OR '1'='1", 'any'],
    ['1=1) UNION SELECT password_hash FROM accounts --', 'nothing'],
    ['%', 'nothing'],
    ['_', 'nothing'],
    ['\\', 'nothing'],
    ['😀🔥', 'nothing'],
    ['lighthouse 😀', 'lighthouse'],
    ['مرحبا بالعالم', 'any'],
    ['שלום עולם', 'any'],
    ['\u202Elighthouse\u202C', 'lighthouse'],
  ];

  it('refuses a NUL in the query, on the page and in the API, as every field does', async () => {
    const page = await t.app.inject({ url: `/search?q=${encodeURIComponent('\u0000lighthouse')}` });
    expect(page.statusCode).toBe(400);
    expect(page.body).not.toMatch(STACK);
    const api = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('\u0000lighthouse')}` });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.code).toBe('invalid_characters');
  });

  it('answers every bad string with ordinary results or an empty list, on the page and in the API', async () => {
    for (const [q, expected] of BAD) {
      const label = JSON.stringify(q.slice(0, 40));
      const page = await t.app.inject({ url: `/search?q=${encodeURIComponent(q)}` });
      expect(page.statusCode, label).toBe(200);
      expect(page.body, label).not.toMatch(STACK);
      const api = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` });
      expect(api.statusCode, label).toBe(200);
      const ids = api.json().data.map((d: { id: number }) => d.id);
      if (expected === 'lighthouse') expect(ids, label).toEqual([f.headline, f.body, f.night]);
      if (expected === 'nothing') expect(ids, label).toEqual([]);
    }
  });

  it('answers repeated or malformed parameters with a 400, or ordinary results, never a 500', async () => {
    const cases: [string, number][] = [
      ['q=a&q=b', 400],
      ['q=lighthouse&page=1&page=2', 400],
      ['q=lighthouse&section=news&section=arts', 400],
      ['q=lighthouse&from=2024-03-01T00:00', 400],
      ['q=lighthouse&to=%00', 400],
      // Not valid percent-encoding: read as the characters it is.
      ['q=%E0%A4%A', 200],
    ];
    for (const [query, status] of cases) {
      for (const path of ['/search', '/api/v1/search']) {
        const res = await t.app.inject({ url: `${path}?${query}` });
        expect(res.statusCode, `${path}?${query}`).toBe(status);
        expect(res.body, `${path}?${query}`).not.toMatch(STACK);
      }
    }
    expect((await t.app.inject({ url: '/api/v1/search?q=x&limit=abc' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/search?q=x&limit=101' })).statusCode).toBe(400);
  });

  it('shows back at most 200 characters of a very long query', async () => {
    const doc = parse((await t.app.inject({ url: `/search?q=${'a'.repeat(10_000)}` })).body);
    expect(doc.querySelector('#search-q')?.getAttribute('value')).toBe('a'.repeat(200));
  });

  it('reads right-to-left words as words', async () => {
    await buildArticle(t.services, t.clock.now(), { headline: 'كتاب جديد', body: 'مرحبا بالعالم من المكتبة. שלום עולם.', publishedAt: '2024-03-29T10:00:00Z' });
    const found = (await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('بالعالم')}` })).json().data;
    expect(found.map((d: { headline: string }) => d.headline)).toEqual(['كتاب جديد']);
    expect(found[0].snippet).toContain('<mark>بالعالم</mark>');
    expect((await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('עולם')}` })).json().data).toHaveLength(1);
  });
});
