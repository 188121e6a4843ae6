import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildAuthor, buildComment, buildSection } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

describe('home, section, tag and author pages', () => {
  let t: TestContext;
  let sectionSlug: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    const s = t.services;
    const news = await buildSection(s, { slug: 'news', name: 'News', description: 'What happened today.' });
    const culture = await buildSection(s, { slug: 'arts', name: 'Arts' });
    sectionSlug = news.slug;
    const author = await buildAuthor(s, { slug: 'kim-lee', name: 'Kim Lee', bio: 'Kim writes about the valley.' });
    // 45 stories in News, one per hour, newest first on the page; 3 older ones in Arts.
    for (let i = 0; i < 45; i++) {
      await buildArticle(s, t.clock.now(), {
        slug: `news-${i}`,
        headline: `News story ${i}`,
        sectionId: news.id,
        tags: i % 2 === 0 ? ['even'] : ['odd'],
        authorIds: i < 25 ? [author.id] : [],
        publishedAt: new Date(Date.parse('2024-03-27T00:00:00Z') + i * 3_600_000).toISOString(),
      });
    }
    for (let i = 0; i < 3; i++) {
      await buildArticle(s, t.clock.now(), { slug: `arts-${i}`, headline: `Arts story ${i}`, sectionId: culture.id, publishedAt: `2024-03-2${i}T09:00:00Z` });
    }
    const commented = await buildArticle(s, t.clock.now(), { slug: 'talked-about', headline: 'Talked about', sectionId: culture.id, publishedAt: '2024-03-29T14:00:00Z' });
    await buildComment(s, commented.id);
    await buildComment(s, commented.id);
    await buildComment(s, commented.id, { status: 'pending' });
    // Drafts and future stories never appear in listings.
    await buildArticle(s, t.clock.now(), { slug: 'a-draft', headline: 'A draft', sectionId: news.id, status: 'draft', publishedAt: null });
    await buildArticle(s, t.clock.now(), { slug: 'tomorrow', headline: 'Tomorrow’s story', sectionId: news.id, status: 'scheduled', publishedAt: '2024-03-30T12:00:00Z' });
  });
  afterAll(() => t?.close());

  it('shows the lead story, the latest and each section on the home page', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('max-age');
    const doc = parse(res.body);
    expect(text(doc.querySelector('.home-lead .teaser__headline'))).toBe('Talked about');
    expect(text(doc.querySelector('.home-lead .teaser__comments'))).toBe('2 comments');
    expect(doc.querySelectorAll('.home-latest .teaser').length).toBeGreaterThan(3);
    const sections = [...doc.querySelectorAll('.home-section .section-heading')].map((h) => text(h));
    // Equal positions fall back to alphabetical order.
    expect(sections).toEqual(['Arts', 'News']);
    // No story appears twice on the front page.
    const hrefs = [...doc.querySelectorAll('.teaser__headline a')].map((a) => a.getAttribute('href'));
    expect(new Set(hrefs).size).toBe(hrefs.length);
    expect(res.body).not.toContain('A draft');
    expect(res.body).not.toContain('Tomorrow’s story');
  });

  it('pages a section 20 stories at a time, newest first', async () => {
    const first = parse((await t.app.inject({ url: `/section/${sectionSlug}` })).body);
    expect(text(first.querySelector('h1'))).toBe('News');
    expect(text(first.querySelector('.listing__description'))).toBe('What happened today.');
    const items = [...first.querySelectorAll('.listing__items .teaser__headline')].map((h) => text(h));
    expect(items).toHaveLength(20);
    expect(items[0]).toBe('News story 44');
    expect(text(first.querySelector('.pagination__position'))).toBe('Page 1 of 3');
    expect(first.querySelector('.pagination a[rel="next"]')?.getAttribute('href')).toBe('/section/news?page=2');
    expect(first.querySelector('.pagination a[rel="prev"]')).toBeNull();

    const last = parse((await t.app.inject({ url: '/section/news?page=3' })).body);
    const lastItems = [...last.querySelectorAll('.listing__items .teaser__headline')].map((h) => text(h));
    expect(lastItems).toEqual(['News story 4', 'News story 3', 'News story 2', 'News story 1', 'News story 0']);
    expect(last.querySelector('.pagination a[rel="prev"]')?.getAttribute('href')).toBe('/section/news?page=2');
    expect(last.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('https://news.example.test/section/news?page=3');
  });

  it('answers 404 past the last page and 400 for a page that is not a number', async () => {
    expect((await t.app.inject({ url: '/section/news?page=4' })).statusCode).toBe(404);
    for (const bad of ['0', '-1', 'abc', '1.5', '99999999999999999999', '1e3']) {
      const res = await t.app.inject({ url: `/section/news?page=${encodeURIComponent(bad)}` });
      expect(res.statusCode, bad).toBe(400);
      expect(text(parse(res.body).querySelector('.error-page p:not(.error-page__status)'))).toContain('"page" must be a whole number');
    }
    expect((await t.app.inject({ url: '/section/news?page=10000' })).statusCode).toBe(404);
  });

  it('lists a tag’s stories', async () => {
    const doc = parse((await t.app.inject({ url: '/tag/odd' })).body);
    expect(text(doc.querySelector('h1'))).toBe('odd');
    expect(text(doc.querySelector('.pagination__position'))).toBe('Page 1 of 2');
    expect([...doc.querySelectorAll('.listing__items .teaser__headline')].every((h) => /[13579]$/.test(text(h)))).toBe(true);
  });

  it('shows an author’s profile and stories', async () => {
    const doc = parse((await t.app.inject({ url: '/author/kim-lee' })).body);
    expect(text(doc.querySelector('h1'))).toBe('Kim Lee');
    expect(text(doc.querySelector('.listing__description'))).toBe('Kim writes about the valley.');
    expect(doc.querySelectorAll('.listing__items > li')).toHaveLength(20);
    const page2 = parse((await t.app.inject({ url: '/author/kim-lee?page=2' })).body);
    expect(page2.querySelectorAll('.listing__items > li')).toHaveLength(5);
  });

  it('answers 404 for unknown sections, tags and authors', async () => {
    for (const url of ['/section/nope', '/tag/nope', '/author/nope', '/section/NOT-A-SLUG']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(text(parse(res.body).querySelector('h1'))).toBe('Page not found');
    }
  });
});
