import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildAuthor, buildComment, buildSection } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

/*
 * The article page, element by element, as DESIGN.md's anatomy lists it.
 * Every assertion reads the parsed document, never the raw string.
 */
describe('article page anatomy', () => {
  let t: TestContext;
  let doc: Document;
  let path: string;
  let ids: Record<string, number>;

  beforeAll(async () => {
    // 15:00 UTC on Friday 29 March 2024 is 11:00 in New York.
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    const s = t.services;
    await s.settings.update({ name: 'The Test Ledger', tagline: 'Tested daily', timezone: 'America/New_York', locale: 'en-US' });
    const section = await buildSection(s, { slug: 'politics', name: 'Politics' });
    const other = await buildSection(s, { slug: 'culture', name: 'Culture' });
    const photo = await s.media.register({ url: '/media/ana.jpg', mime: 'image/jpeg', width: 400, height: 400, alt: 'Ana Ruiz' });
    const ana = await buildAuthor(s, { slug: 'ana-ruiz', name: 'Ana Ruiz', bio: 'Ana covers city hall.', photoId: photo.id });
    const ben = await buildAuthor(s, { slug: 'ben-okafor', name: 'Ben Okafor', bio: 'Ben covers courts.' });
    const now = t.clock.now();
    const older = await buildArticle(s, now, { slug: 'older-story', headline: 'An older story', sectionId: other.id, publishedAt: '2024-03-20T12:00:00Z' });
    const chosen = await buildArticle(s, now, { slug: 'chosen-next', headline: 'The editor’s choice', sectionId: other.id, publishedAt: '2024-03-21T12:00:00Z' });
    const image = await s.media.register({ url: '/media/pier.jpg', mime: 'image/jpeg', width: 1200, height: 800, alt: 'The pier at dusk', caption: 'The pier on Tuesday.', credit: 'Photo: Lee Chan' });
    const a = await s.articles.create({
      slug: 'council-votes-to-close-pier',
      headline: 'Council votes to close the pier for winter',
      dek: 'The 7–2 vote follows months of debate over repairs.',
      body: [
        'The council voted on Thursday night.',
        '',
        '**The pier closes on Monday.**',
        '',
        'The Harbour Gazette has more on the vote:',
        '',
        '> The council voted 7–2 to close the pier for the winter.',
        '> — [The Harbour Gazette](https://example.org/pier-vote)',
        '',
        '> [!pullquote]',
        '> "We are keeping people safe."',
        '',
        '![Waves over the railing](/media/pier.jpg "Waves on Wednesday | Photo: Lee Chan")',
      ].join('\n'),
      sectionId: section.id,
      tags: ['harbour', 'city-council'],
      authorIds: [ana.id, ben.id],
      status: 'published',
      publishedAt: '2024-03-29T13:30:00.000Z', // 9:30 New York time
      featuredImageId: image.id,
      developing: true,
      commentPrompt: 'So, what do you think? Should the pier close?',
      readNextId: chosen.id,
    });
    await s.articles.addLiveUpdate(a.id, 'Crews closed the gates.', '2024-03-29T14:00:00.000Z');
    await s.articles.addLiveUpdate(a.id, 'The mayor will speak at noon.', '2024-03-29T14:30:00.000Z');
    await s.articles.addCorrection(a.id, 'An earlier version misstated the vote. It was 7–2.', '2024-03-29T14:10:00.000Z');

    const c1 = await buildComment(s, a.id, { authorName: 'Dana', body: 'First!\n\nSecond paragraph.', createdAt: '2024-03-29T13:40:00Z' });
    const r1 = await buildComment(s, a.id, { parentId: c1.id, authorName: 'Sam', body: 'A reply.', createdAt: '2024-03-29T13:45:00Z' });
    const rr1 = await buildComment(s, a.id, { parentId: r1.id, authorName: 'Gus', body: 'A reply to the reply.', createdAt: '2024-03-29T13:50:00Z' });
    const c2 = await buildComment(s, a.id, { authorName: 'Priya', body: 'Second top-level <script>alert(1)</script>', createdAt: '2024-03-29T13:55:00Z' });
    const pending = await buildComment(s, a.id, { authorName: 'Held', body: 'Waiting for a moderator.', status: 'pending', createdAt: '2024-03-29T14:00:00Z' });
    const spam = await buildComment(s, a.id, { authorName: 'Spammer', body: 'Buy coins', status: 'spam', createdAt: '2024-03-29T14:01:00Z' });
    // An approved reply under a pending comment is not visible, so it must not count.
    const orphan = await buildComment(s, a.id, { parentId: pending.id, authorName: 'Orphan', body: 'Under a held comment.', createdAt: '2024-03-29T14:02:00Z' });
    ids = { article: a.id, older: older.id, chosen: chosen.id, c1: c1.id, r1: r1.id, rr1: rr1.id, c2: c2.id, pending: pending.id, spam: spam.id, orphan: orphan.id };
    path = '/2024/03/29/council-votes-to-close-pier';
    const res = await t.app.inject({ url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    doc = parse(res.body);
  });

  afterAll(() => t?.close());

  it('has the site header with name, tagline and sections navigation', () => {
    expect(text(doc.querySelector('.site-title'))).toBe('The Test Ledger');
    expect(text(doc.querySelector('.site-tagline'))).toBe('Tested daily');
    const nav = [...doc.querySelectorAll('nav[aria-label="Sections"] a')].map((a) => a.getAttribute('href'));
    expect(nav).toEqual(expect.arrayContaining(['/section/politics', '/section/culture']));
    expect(doc.querySelector('nav a[aria-current="page"]')?.getAttribute('href')).toBe('/section/politics');
  });

  it('shows the date line in the site time zone and an Updated time', () => {
    const published = doc.querySelector('.dateline__published');
    expect(text(published)).toBe('Friday, March 29, 2024');
    expect(published?.getAttribute('datetime')).toBe('2024-03-29T13:30:00.000Z');
    const updated = doc.querySelector('.dateline__updated time');
    expect(updated?.getAttribute('datetime')).toBe('2024-03-29T14:30:00.000Z');
    expect(text(updated)).toBe('10:30 AM EDT');
  });

  it('has one h1 headline and the dek', () => {
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
    expect(text(doc.querySelector('h1'))).toBe('Council votes to close the pier for winter');
    expect(text(doc.querySelector('.article__dek'))).toBe('The 7–2 vote follows months of debate over repairs.');
    expect(text(doc.querySelector('title'))).toBe('Council votes to close the pier for winter – The Test Ledger');
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`https://news.example.test${path}`);
  });

  it('links every byline to its author page, in order', () => {
    const links = [...doc.querySelectorAll('.article__byline a')];
    expect(links.map((a) => text(a))).toEqual(['Ana Ruiz', 'Ben Okafor']);
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/author/ana-ruiz', '/author/ben-okafor']);
  });

  it('renders the body with emphasis, attributed quote, pull quote and captioned image', () => {
    const body = doc.querySelector('.article__body')!;
    expect(text(body.querySelector('p.emphasis'))).toBe('The pier closes on Monday.');
    const quote = body.querySelector('figure.quote')!;
    expect(quote.querySelector('blockquote')?.getAttribute('cite')).toBe('https://example.org/pier-vote');
    expect(text(quote.querySelector('figcaption cite'))).toBe('The Harbour Gazette');
    expect(quote.querySelector('figcaption cite a')?.getAttribute('href')).toBe('https://example.org/pier-vote');
    expect(text(body.querySelector('aside.pullquote blockquote'))).toContain('We are keeping people safe.');
    const fig = body.querySelector('figure.image')!;
    const img = fig.querySelector('img')!;
    expect(img.getAttribute('width')).toBe('1200');
    expect(img.getAttribute('height')).toBe('800');
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(text(fig.querySelector('.caption'))).toBe('Waves on Wednesday');
    expect(text(fig.querySelector('.credit'))).toBe('Photo: Lee Chan');
  });

  it('shows the featured image with size, caption and credit', () => {
    const fig = doc.querySelector('figure.article__image')!;
    const img = fig.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('/media/pier.jpg');
    expect(img.getAttribute('alt')).toBe('The pier at dusk');
    expect(img.getAttribute('width')).toBe('1200');
    expect(text(fig.querySelector('.credit'))).toBe('Photo: Lee Chan');
  });

  it('shows the developing notice with live updates, newest first', () => {
    expect(text(doc.querySelector('.developing__notice'))).toBe('This story is developing.');
    const updates = [...doc.querySelectorAll('.live-updates > li')];
    expect(updates.map((u) => text(u.querySelector('.live-update__body')))).toEqual(['The mayor will speak at noon.', 'Crews closed the gates.']);
    expect(updates[0]?.querySelector('time')?.getAttribute('datetime')).toBe('2024-03-29T14:30:00.000Z');
  });

  it('lists corrections with their dates', () => {
    const items = doc.querySelectorAll('.corrections li');
    expect(items).toHaveLength(1);
    expect(text(items[0])).toContain('An earlier version misstated the vote.');
    expect(items[0]?.querySelector('time')?.getAttribute('datetime')).toBe('2024-03-29T14:10:00.000Z');
  });

  it('shows the comment prompt', () => {
    expect(text(doc.querySelector('.comment-prompt'))).toBe('So, what do you think? Should the pier close?');
  });

  it("offers the editor's READ NEXT choice", () => {
    const link = doc.querySelector('.read-next h3 a');
    expect(text(link)).toBe('The editor’s choice');
    expect(link?.getAttribute('href')).toBe('/2024/03/21/chosen-next');
  });

  it('has an author box per byline with photo, bio and a link to their stories', () => {
    const boxes = [...doc.querySelectorAll('.author-box')];
    expect(boxes).toHaveLength(2);
    expect(boxes[0]?.querySelector('img')?.getAttribute('src')).toBe('/media/ana.jpg');
    expect(text(boxes[0]?.querySelector('.author-box__bio'))).toBe('Ana covers city hall.');
    expect(boxes[0]?.querySelector('.author-box__more a')?.getAttribute('href')).toBe('/author/ana-ruiz');
    expect(boxes[1]?.querySelector('img')).toBeNull();
  });

  it('counts exactly the approved comments a reader can see', () => {
    expect(text(doc.querySelector('#comments-heading'))).toBe('4 Comments');
    const shown = doc.querySelectorAll('#comments li.comment');
    expect(shown).toHaveLength(4);
    for (const hidden of ['pending', 'spam', 'orphan']) expect(doc.getElementById(`comment-${ids[hidden]}`)).toBeNull();
  });

  it('numbers top-level comments and nests replies with permalinks', () => {
    const top = [...doc.querySelectorAll('ol.comment-list > li.comment')];
    expect(top.map((li) => text(li.querySelector(':scope > article .comment__number')))).toEqual(['1.', '2.']);
    expect(top[0]?.id).toBe(`comment-${ids.c1}`);
    const reply = top[0]?.querySelector(':scope > ol.comment-replies > li.comment');
    expect(reply?.id).toBe(`comment-${ids.r1}`);
    const deep = reply?.querySelector(':scope > ol.comment-replies > li.comment');
    expect(deep?.id).toBe(`comment-${ids.rr1}`);
    expect(text(deep?.querySelector('.comment__author'))).toBe('Gus');
    expect(deep?.querySelector('.comment__permalink')?.getAttribute('href')).toBe(`/comments/${ids.rr1}`);
    expect(top[0]?.querySelectorAll(':scope > article .comment__body p')).toHaveLength(2);
  });

  it('renders comment text inert', () => {
    const body = doc.querySelector(`#comment-${ids.c2} .comment__body`);
    expect(text(body)).toBe('Second top-level <script>alert(1)</script>');
    expect(doc.querySelectorAll('#comments script')).toHaveLength(0);
  });

  it('does not say comments are closed while they are open', () => {
    expect(doc.querySelector('.comments__closed')).toBeNull();
  });

  it('lists the latest news, without the article itself', () => {
    const items = [...doc.querySelectorAll('.latest-news li a')].map((a) => a.getAttribute('href'));
    expect(items).toContain('/2024/03/21/chosen-next');
    expect(items).toContain('/2024/03/20/older-story');
    expect(items).not.toContain(path);
    expect(text(doc.querySelector('#latest-heading'))).toBe('Latest News');
  });

  it('carries structured data: a developing story is a LiveBlogPosting', () => {
    const data = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!);
    expect(data['@type']).toBe('LiveBlogPosting');
    expect(data.headline).toBe('Council votes to close the pier for winter');
    expect(data.author.map((a: { name: string }) => a.name)).toEqual(['Ana Ruiz', 'Ben Okafor']);
  });
});
