import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RANKED_MATCHES } from '../../src/modules/search/search.repository.js';
import { SEARCH_TOAST_TARGET_BYTES } from '../../src/platform/db/migrations/20261208T0600_search_narrow_rows.js';
import type { NewArticleRow } from '../../src/platform/db/schema.js';
import { buildSection } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

/*
 * A word that matches more stories than a search ranks: the most recent
 * RANKED_MATCHES are ranked and shown, the page and the API say there are
 * more, and the filters reach the older ones.
 */

const NOW = '2024-03-29T15:00:00.000Z';
const MATCHING = RANKED_MATCHES + 5;

describe('search with more matches than it ranks', () => {
  let t: TestContext;
  let oldest: number;
  let newestHeadline: number;
  /** Every matching story's id, oldest first. */
  let matching: number[];

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    const db = t.database.db;
    const arts = await buildSection(t.services, { slug: 'arts', name: 'Arts' });
    const rows = Array.from({ length: MATCHING }, (_, i) => {
      const at = new Date(Date.parse('2023-01-01T00:00:00.000Z') + i * 3_600_000).toISOString();
      // The first story added (the oldest), the newest one not ranked and the last have the word in their headline;
      // the rest only in the body.
      const inHeadline = i === 0 || i === MATCHING - RANKED_MATCHES - 1 || i === MATCHING - 1;
      return {
        ...{ slug: `quagga-${i}`, headline: inHeadline ? `Quagga sighting ${i}` : `Story ${i}`, dek: '', body: `A quagga was seen near the river, report ${i}.`, excerpt: '' },
        ...{ developing: 0, comment_prompt: '', comment_status: 'open', status: 'published', published_at: at, created_at: at, modified_at: at, section_id: i === 0 ? arts.id : null },
      } satisfies NewArticleRow;
    });
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 200)
      ids.push(
        ...(
          await db
            .insertInto('articles')
            .values(rows.slice(i, i + 200))
            .returning('id')
            .execute()
        ).map((r) => r.id),
      );
    oldest = ids[0]!;
    newestHeadline = ids.at(-1)!;
    matching = ids;
    await t.services.search.rebuild();
  }, 120_000);
  afterAll(() => t?.close());

  it('ranks the most recent matches, says there are more, and pages through those', async () => {
    const first = await t.services.search.search({ q: 'quagga' });
    expect(first.more).toBe(true);
    expect(first.total).toBe(RANKED_MATCHES);
    expect(first.pageCount).toBe(RANKED_MATCHES / 20);
    // The newest headline match is the best of those ranked; the oldest, though its headline matches, is not among them.
    expect(first.items[0]!.id).toBe(newestHeadline);
    const last = await t.services.search.search({ q: 'quagga', page: first.pageCount });
    expect(last.items).toHaveLength(20);
    // Together the pages hold each ranked story once.
    const all: number[] = [];
    for (let page = 1; page <= RANKED_MATCHES / 100; page++) all.push(...(await t.services.search.search({ q: 'quagga', page, perPage: 100 })).items.map((h) => h.id));
    expect(all).toHaveLength(RANKED_MATCHES);
    expect(new Set(all).size).toBe(RANKED_MATCHES);
    expect(all).not.toContain(oldest);
    // Exactly the most recent: the next older one, read to learn there are more, is not ranked.
    expect([...all].sort((a, b) => a - b)).toEqual(matching.slice(-RANKED_MATCHES));
    await expect(t.services.search.search({ q: 'quagga', page: first.pageCount + 1 })).rejects.toMatchObject({ status: 404 });
  });

  it('finds an older story through a filter', async () => {
    const arts = await t.services.search.search({ q: 'quagga', section: 'arts' });
    expect(arts.more).toBe(false);
    expect(arts.total).toBe(1);
    expect(arts.items.map((h) => h.id)).toEqual([oldest]);
    const early = await t.services.search.search({ q: 'quagga', to: '2023-01-01' });
    expect(early.more).toBe(false);
    expect(early.items.map((h) => h.id)).toContain(oldest);
  });

  it('says so on the page and in the API', async () => {
    const doc = parse((await t.app.inject({ url: '/search?q=quagga' })).body);
    expect(text(doc.querySelector('.search__count'))).toBe('More than 1,000 stories match “quagga”: the 1,000 most recent, best first; 1–20 shown.');
    expect(text(doc.querySelector('.search__count + .search__hint'))).toMatch(/^To find older stories, add a word, or choose a section, an author or dates above\.$/);
    const api = (await t.app.inject({ url: '/api/v1/search?q=quagga&limit=100&page=10' })).json();
    expect(api.meta).toEqual({ page: 10, limit: 100, total: RANKED_MATCHES, pageCount: 10, more: true });
    expect(api.data).toHaveLength(100);
    expect(api.links.next).toBeUndefined();
    const narrow = (await t.app.inject({ url: '/api/v1/search?q=quagga&section=arts' })).json();
    expect(narrow.meta).toMatchObject({ total: 1, more: false });
  });

  it('finds and quotes a word near the end of a long story (PostgreSQL keeps such values out of the rows a search visits)', async () => {
    const db = t.database.db;
    const words = Array.from({ length: 1500 }, (_, i) => `w${(i * 7919) % 100_003}`);
    words[1400] = 'okapi';
    const story = await db
      .insertInto('articles')
      .values({
        slug: 'a-long-story',
        headline: 'A long story',
        dek: '',
        body: words.join(' '),
        excerpt: '',
        developing: 0,
        comment_prompt: '',
        comment_status: 'open',
        status: 'published',
        published_at: NOW,
        created_at: NOW,
        modified_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.services.search.rebuild();
    const found = await t.services.search.search({ q: 'okapi' });
    expect(found.items.map((h) => h.id)).toEqual([story.id]);
    expect(found.items[0]!.snippet.filter((seg) => seg.mark).map((seg) => seg.text)).toEqual(['okapi']);
    if (t.database.dialect === 'postgres') {
      const { rows } = await sql<{ reloptions: string[] | null }>`select reloptions from pg_class where oid = to_regclass('search_documents')`.execute(db);
      expect(rows[0]?.reloptions).toContain(`toast_tuple_target=${SEARCH_TOAST_TARGET_BYTES}`);
    }
  });
});
