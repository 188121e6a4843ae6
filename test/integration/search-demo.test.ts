import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo/seed.js';
import { articles as demoArticles, authors as demoAuthors } from '../../src/cli/demo/content/index.js';
import type { DemoArticle } from '../../src/cli/demo/types.js';
import { bodyToText } from '../../src/modules/markdown/markdown.text.js';
import { searchWords } from '../../src/modules/search/search.text.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

/*
 * Search over the demo newsroom, as `npm start` seeds it. The words searched
 * for are picked from the demo content itself, so the test follows it when
 * the stories change.
 */

const authorName = new Map(demoAuthors.map((a) => [a.slug, a.name]));

/** Each story's words: in its body, and in every other part search reads (headline, dek, tags, authors). */
const words = new Map(
  demoArticles.map((a) => [
    a,
    {
      headline: new Set(searchWords(a.headline)),
      body: new Set(searchWords(bodyToText(a.body))),
      around: new Set(searchWords([a.headline, a.dek, ...a.tags, ...a.authors.map((s) => authorName.get(s) ?? '')].join(' '))),
    },
  ]),
);
const of = (a: DemoArticle) => words.get(a)!;
const allWords = new Set([...words.values()].flatMap((w) => [...w.body, ...w.around]));

/**
 * A word of six letters or more in exactly one story's body and nowhere else,
 * and no other word anywhere begins with it (search finds longer words by
 * their beginning).
 */
function wordOnlyInOneBody(): { word: string; article: DemoArticle } {
  const unique = demoArticles
    .flatMap((article) => [...of(article).body].map((word) => ({ word, article })))
    .filter(({ word, article }) => {
      if (word.length < 6 || !/^\p{L}+$/u.test(word)) return false;
      if (demoArticles.some((a) => of(a).around.has(word) || (a !== article && of(a).body.has(word)))) return false;
      return ![...allWords].some((w) => w !== word && w.startsWith(word));
    })
    .sort((x, y) => x.word.localeCompare(y.word));
  if (unique.length === 0) throw new Error('no demo word is unique to one body');
  return unique[0]!;
}

/** A word in exactly one story's headline that other stories have only in their bodies. */
function headlineWordAlsoInBodies(): { word: string; article: DemoArticle; others: number } {
  const found = demoArticles
    .flatMap((article) =>
      [...of(article).headline].map((word) => ({
        word,
        article,
        headlines: demoArticles.filter((a) => of(a).headline.has(word)).length,
        others: demoArticles.filter((a) => a !== article && of(a).body.has(word) && !of(a).headline.has(word)).length,
      })),
    )
    .filter((c) => c.word.length >= 5 && /^\p{L}+$/u.test(c.word) && c.headlines === 1 && c.others >= 2)
    .sort((x, y) => y.others - x.others || x.word.localeCompare(y.word));
  if (found.length === 0) throw new Error('no demo headline word is also in other bodies');
  return found[0]!;
}

describe('search over the demo newsroom', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await seedDemo(t.services, { dataDir: t.dataDir, now: t.clock.now() });
  });
  afterAll(() => t?.close());

  it('indexes every demo story as it is seeded', async () => {
    // seedDemo waits for the index: nothing is left to catch up.
    expect(await t.services.search.catchUp()).toBe(0);
  });

  it('finds a demo story by a word that appears only in its body', async () => {
    const { word, article } = wordOnlyInOneBody();
    const res = await t.app.inject({ url: `/search?q=${encodeURIComponent(word)}` });
    expect(res.statusCode).toBe(200);
    const doc = parse(res.body);
    expect(
      [...doc.querySelectorAll('.search-result__headline')].map((h) => text(h)),
      word,
    ).toEqual([article.headline]);
    expect([...doc.querySelectorAll('.search-result__snippet mark')].map((m) => m.textContent?.toLowerCase())).toContain(word);
    const api = (await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(word.toUpperCase())}` })).json();
    expect(api.data.map((d: { slug: string }) => d.slug)).toEqual([article.slug]);
  });

  it('ranks the story with the word in its headline first', async () => {
    const { word, article, others } = headlineWordAlsoInBodies();
    const api = (await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(word)}` })).json();
    expect(api.data[0].slug, word).toBe(article.slug);
    expect(api.meta.total, word).toBeGreaterThanOrEqual(1 + others);
  });

  it('never shows a draft, however well it matches', async () => {
    const { word } = wordOnlyInOneBody();
    const draft = await t.services.articles.create({ headline: `${word} ${word}`, body: `${word} everywhere.`, status: 'draft' });
    const api = (await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(word)}` })).json();
    expect(api.data).toHaveLength(1);
    expect(api.data.map((d: { id: number }) => d.id)).not.toContain(draft.id);
  });
});
