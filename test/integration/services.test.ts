import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildAuthor, buildComment, buildSection } from '../helpers/factories.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { countRows } from '../helpers/db.js';

/** The services refuse bad data with a message a person understands, and store nothing. */
describe('service rules', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const articleCount = () => countRows(t.database.db, 'articles');

  it('refuses articles with missing or invalid fields', async () => {
    const before = await articleCount();
    const cases: [Parameters<typeof t.services.articles.create>[0], RegExp][] = [
      [{ headline: '   ' }, /needs a headline/],
      [{ headline: 'x'.repeat(301) }, /limited to 300/],
      [{ headline: 'Ok', slug: 'Not A Slug' }, /not a valid slug/],
      [{ headline: 'Ok', status: 'live' as never }, /not a status/],
      [{ headline: 'Ok', status: 'scheduled' }, /needs a publication time/],
      [{ headline: 'Ok', publishedAt: 'yesterday' }, /publishedAt must be an ISO-8601/],
      [{ headline: 'Ok', sectionId: 999 }, /no section with id 999/],
      [{ headline: 'Ok', authorIds: [999] }, /no author with id 999/],
      [{ headline: 'Ok', readNextId: 999 }, /READ NEXT points at article 999/],
    ];
    for (const [input, message] of cases) await expect(t.services.articles.create(input), JSON.stringify(input)).rejects.toThrow(message);
    const author = await buildAuthor(t.services);
    await expect(t.services.articles.create({ headline: 'Ok', authorIds: [author.id, author.id] })).rejects.toThrow(/appears twice/);
    expect(await articleCount()).toBe(before);
  });

  it('rolls back a whole article when a later step fails', async () => {
    const before = await articleCount();
    await expect(t.services.articles.create({ headline: 'Tags too long', tags: ['fine', 'x'.repeat(101)] })).rejects.toThrow(/longer than 100 characters/);
    expect(await articleCount()).toBe(before);
  });

  it('refuses duplicate slugs for sections, authors and articles', async () => {
    await buildSection(t.services, { slug: 'dup' });
    await expect(buildSection(t.services, { slug: 'dup' })).rejects.toThrow(/already exists/);
    await buildAuthor(t.services, { slug: 'dup-author' });
    await expect(buildAuthor(t.services, { slug: 'dup-author' })).rejects.toThrow(/already exists/);
    await buildArticle(t.services, t.clock.now(), { slug: 'dup-story' });
    await expect(buildArticle(t.services, t.clock.now(), { slug: 'dup-story' })).rejects.toThrow(/already used/);
  });

  it('refuses author links that are not web or mail addresses', async () => {
    await expect(buildAuthor(t.services, { links: [{ label: 'x', url: 'javascript:alert(1)' }] })).rejects.toThrow(/absolute http\(s\) or mailto/);
    await expect(buildAuthor(t.services, { links: [{ label: ' ', url: 'https://example.org' }] })).rejects.toThrow(/needs a label/);
  });

  it('refuses replies across articles and to missing comments', async () => {
    const a = await buildArticle(t.services, t.clock.now());
    const b = await buildArticle(t.services, t.clock.now());
    const onA = await buildComment(t.services, a.id);
    await expect(buildComment(t.services, b.id, { parentId: onA.id })).rejects.toThrow(/belongs to another article/);
    await expect(buildComment(t.services, b.id, { parentId: 987654 })).rejects.toThrow(/does not exist/);
    await expect(buildComment(t.services, 987654)).rejects.toThrow(/couldn't find that article/);
    await expect(buildComment(t.services, a.id, { body: '' })).rejects.toThrow(/needs some text/);
    await expect(buildComment(t.services, a.id, { authorName: '' })).rejects.toThrow(/author name/);
  });

  it('refuses empty live updates and corrections, and updates on missing articles', async () => {
    const a = await buildArticle(t.services, t.clock.now());
    await expect(t.services.articles.addLiveUpdate(a.id, '  ')).rejects.toThrow(/A live update needs some text/);
    await expect(t.services.articles.addCorrection(a.id, '')).rejects.toThrow(/A correction needs some text/);
    await expect(t.services.articles.addCorrection(a.id, 'Fine', 'not a time')).rejects.toThrow(/ISO-8601/);
    await expect(t.services.articles.addLiveUpdate(987654, 'Hello')).rejects.toThrow(/couldn't find that article/);
  });

  it('refuses settings that would break dates', async () => {
    await expect(t.services.settings.update({ timezone: 'Mars/Olympus' })).rejects.toThrow(/not a time zone/);
    await expect(t.services.settings.update({ name: '' })).rejects.toThrow(/1 to 120 characters/);
    await expect(t.services.settings.update({ commentsPerPage: 0 })).rejects.toThrow(/commentsPerPage/);
    expect((await t.services.settings.get()).timezone).toBe('UTC');
  });

  it('creates the tags an article names, once', async () => {
    const a = await buildArticle(t.services, t.clock.now(), { tags: ['City Council', 'city-council', 'harbour'] });
    const b = await buildArticle(t.services, t.clock.now(), { tags: ['harbour'] });
    void a;
    void b;
    const tags = await t.services.sections.listTags();
    expect(tags.filter((x) => x.slug === 'harbour')).toHaveLength(1);
    expect(tags.find((x) => x.slug === 'city-council')).toBeDefined();
  });
});
