import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuthor } from '../helpers/factories.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext, text } from '../helpers/app.js';

/*
 * A developing story as a reader meets it: the Latest box near the top,
 * updates dated when the day changes in the site's time zone, the state
 * once the story is no longer updated, the share links and what print keeps.
 */
describe('live stories, sharing and print on the article page', () => {
  let t: TestContext;
  const developingPath = '/2024/03/28/storm-reaches-the-coast';
  const endedPath = '/2024/03/28/bridge-reopens';

  beforeAll(async () => {
    // 15:00 UTC on 29 March 2024 is 11:00 in New York; 03:30 UTC that day is still 28 March there.
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    const s = t.services;
    await s.settings.update({ name: 'The Test Ledger', timezone: 'America/New_York', locale: 'en-US' });
    const ana = await buildAuthor(s, { slug: 'ana-ruiz', name: 'Ana Ruiz' });
    const storm = await s.articles.create({
      slug: 'storm-reaches-the-coast',
      headline: 'Storm reaches the coast & <moves> "inland"',
      dek: 'Crews are out overnight.',
      body: 'The storm made landfall in the evening.',
      authorIds: [ana.id],
      status: 'published',
      publishedAt: '2024-03-28T20:00:00.000Z', // 16:00 on 28 March in New York
      developing: true,
    });
    await s.articles.addLiveUpdate(storm.id, 'Power is out in the harbour district.', '2024-03-29T03:30:00.000Z'); // 23:30, 28 March
    await s.articles.addLiveUpdate(storm.id, 'The wind has dropped.', '2024-03-29T04:30:00.000Z'); // 00:30, 29 March
    await s.articles.addLiveUpdate(storm.id, 'Schools are closed today.\n\nBuses run from noon.', '2024-03-29T14:00:00.000Z'); // 10:00, 29 March
    const bridge = await s.articles.create({
      slug: 'bridge-reopens',
      headline: 'The bridge reopens',
      body: 'Traffic is moving again.',
      authorIds: [ana.id],
      status: 'published',
      publishedAt: '2024-03-28T13:00:00.000Z',
      developing: false,
    });
    await s.articles.addLiveUpdate(bridge.id, 'Engineers are inspecting the bridge.', '2024-03-28T14:00:00.000Z');
    await s.articles.addLiveUpdate(bridge.id, 'The bridge is open in both directions.', '2024-03-28T18:45:00.000Z');
  });

  afterAll(() => t?.close());

  const page = async (url: string) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode, url).toBe(200);
    return parse(res.body);
  };

  it('puts a Latest box with the newest update between the byline and the body', async () => {
    const doc = await page(developingPath);
    const box = doc.querySelector('aside.live-latest');
    expect(box).not.toBeNull();
    expect(text(box?.querySelector('h2'))).toBe('Latest');
    expect(box?.querySelector('time')?.getAttribute('datetime')).toBe('2024-03-29T14:00:00.000Z');
    expect(text(box?.querySelector('time'))).toBe('10:00 AM EDT');
    // The first paragraph only.
    expect(text(box?.querySelector('.live-latest__text'))).toBe('Schools are closed today.');
    const jump = box?.querySelector('a');
    expect(jump?.getAttribute('href')).toBe('#updates');
    expect(doc.getElementById('updates')?.querySelector('ol.live-updates')).not.toBeNull();
    const header = doc.querySelector('.article__header')!;
    const body = doc.querySelector('.article__body')!;
    const order = [...doc.querySelector('article.article')!.children];
    expect(order.indexOf(header)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(box!)).toBe(order.indexOf(header) + 1);
    expect(order.indexOf(body)).toBeGreaterThan(order.indexOf(box!));
  });

  it('dates the first update of each day in the site time zone, and any update not from today', async () => {
    const doc = await page(developingPath);
    const times = [...doc.querySelectorAll('ol.live-updates .live-update__time')].map((el) => text(el));
    // Newest first: 10:00 today (a day already dated below it), 00:30 (the first of 29 March), 23:30 on 28 March (not today).
    expect(times).toHaveLength(3);
    expect(times[0]).toBe('10:00 AM EDT');
    expect(times[1]).toContain('March 29, 2024');
    expect(times[1]).toContain('12:30 AM');
    expect(times[2]).toContain('March 28, 2024');
    expect(times[2]).toContain('11:30 PM');
    expect([...doc.querySelectorAll('ol.live-updates > li')].map((li) => li.classList.contains('live-update--dated'))).toEqual([false, true, true]);
    expect(text(doc.querySelector('.developing__notice'))).toBe('This story is developing.');
  });

  it('says a story is no longer being updated, with the last update’s time, and keeps the updates', async () => {
    const doc = await page(endedPath);
    expect(doc.querySelector('.developing__notice')).toBeNull();
    expect(doc.querySelector('aside.live-latest')).toBeNull();
    const ended = doc.querySelector('.developing__ended');
    expect(text(ended)).toBe('This story is no longer being updated. The last update was at March 28, 2024 at 2:45 PM EDT.');
    expect(ended?.querySelector('time')?.getAttribute('datetime')).toBe('2024-03-28T18:45:00.000Z');
    expect([...doc.querySelectorAll('ol.live-updates .live-update__body')].map((el) => text(el))).toEqual(['The bridge is open in both directions.', 'Engineers are inspecting the bridge.']);
  });

  it('offers share links with the escaped address and headline, and no script of the networks', async () => {
    const res = await t.app.inject({ url: developingPath });
    const doc = parse(res.body);
    const url = `${TEST_SITE_URL}${developingPath}`;
    const share = doc.querySelector('section.share');
    expect(share).not.toBeNull();
    expect((share?.querySelector('input#share-url') as HTMLInputElement | null)?.value).toBe(url);
    expect(share?.querySelector('button[data-share-copy]')?.hasAttribute('hidden')).toBe(true);
    expect(share?.querySelector('button[data-share-native]')?.hasAttribute('hidden')).toBe(true);
    const links = new Map([...share!.querySelectorAll('a')].map((a) => [text(a).replace(' (opens in a new tab)', ''), a]));
    expect([...links.keys()]).toEqual(['Email', 'Bluesky', 'Mastodon', 'Facebook', 'LinkedIn', 'X', 'WhatsApp', 'Reddit']);
    const mail = new URL(links.get('Email')!.getAttribute('href')!);
    expect(mail.protocol).toBe('mailto:');
    expect(mail.searchParams.get('subject')).toBe('Storm reaches the coast & <moves> "inland"');
    expect(mail.searchParams.get('body')).toContain(url);
    for (const [name, a] of links) {
      if (name === 'Email') continue;
      const href = new URL(a.getAttribute('href')!);
      expect(href.protocol, name).toBe('https:');
      expect(a.getAttribute('rel'), name).toContain('noopener');
      // The story's address goes whole in one parameter, encoded.
      expect(
        [...href.searchParams.values()].some((v) => v.includes(url)),
        name,
      ).toBe(true);
    }
    expect(new URL(links.get('Facebook')!.getAttribute('href')!).searchParams.get('u')).toBe(url);
    expect(share!.querySelector('script, iframe')).toBeNull();
    // Only the site's own scripts on the page.
    for (const s of doc.querySelectorAll('script[src]')) expect(s.getAttribute('src')).toMatch(/^\/assets\//);
    // The headline's markup is text in the raw page, never markup.
    expect(res.body).not.toContain('<moves>');
  });

  it('prints the story’s address, and the comments only when the reader chose them', async () => {
    const doc = await page(developingPath);
    expect(text(doc.querySelector('.article__header .print-address'))).toBe(`Read online: ${TEST_SITE_URL}${developingPath}`);
    expect(doc.body.classList.contains('print-comments')).toBe(false);
    const choice = doc.querySelector('.print-choice a');
    expect(text(choice)).toBe('Print with comments');
    expect(choice?.getAttribute('href')).toBe(`${developingPath}?print=comments#comments`);

    const withComments = await page(`${developingPath}?print=comments`);
    expect(withComments.body.classList.contains('print-comments')).toBe(true);
    expect(text(withComments.querySelector('.print-choice a'))).toBe('Print the story without comments');
    // The cached copy of one variant is never served for the other.
    const again = await page(developingPath);
    expect(again.body.classList.contains('print-comments')).toBe(false);
    const againWith = await page(`${developingPath}?print=comments`);
    expect(againWith.body.classList.contains('print-comments')).toBe(true);
  });

  it('refuses an unknown print choice with a 400', async () => {
    const res = await t.app.inject({ url: `${developingPath}?print=everything` });
    expect(res.statusCode).toBe(400);
  });
});
