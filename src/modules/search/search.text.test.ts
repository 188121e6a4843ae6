import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fold, markWords, MAX_QUERY_TERMS, parseQuery, resultSnippet, searchWords, segmentsToHtml, snippet } from './search.text.js';

const html = (segments: ReturnType<typeof snippet>) => segmentsToHtml(segments);

describe('search words', () => {
  it('folds case and Latin accents, and keeps other scripts as they are', () => {
    expect(fold('Café CRÈME İstanbul Việt')).toBe('cafe creme istanbul viet');
    expect(fold('Αθήνα Ёлка')).toBe('αθήνα ёлка');
    // A decomposed accent folds like a precomposed one.
    expect(fold('Cafe\u0301')).toBe('cafe');
  });

  it('splits on everything but letters, digits and private-use characters', () => {
    expect(searchWords("l'état, 3.5 foo_bar e-mail 😀 ¿qué?")).toEqual(['l', 'etat', '3', '5', 'foo', 'bar', 'e', 'mail', 'que']);
  });

  it('agrees with SQLite’s unicode61 tokenizer (remove_diacritics 2) on mixed text', () => {
    const samples = [
      'Café Crème naïve Øresund Straße ŁÓDŹ',
      'كَتَبَ الكتاب مرحبا بالعالم',
      'נתניהו אמר שלום',
      'नमस्ते दुनिया',
      '日本語のテキスト',
      'emoji 😀 here, l’état 3.5 foo_bar e-mail',
      'Việt Nam Αθήνα Ελλάδα Ёлка Йогурт Ångström Ærø Ǆemal',
      '١٢٣ ²³ ½ Ⅻ ＡＢＣ',
      '\'; DROP TABLE articles; -- NEAR( OR OR * "',
    ];
    const db = new SQLite(':memory:');
    db.exec("create virtual table t using fts5(a, tokenize='unicode61 remove_diacritics 2'); create virtual table v using fts5vocab(t, 'instance');");
    const insert = db.prepare('insert into t(rowid, a) values (?, ?)');
    samples.forEach((s, i) => insert.run(i + 1, s));
    const rows = db.prepare('select doc, term from v order by doc, offset').all() as { doc: number; term: string }[];
    samples.forEach((s, i) => {
      expect(searchWords(s), s).toEqual(rows.filter((r) => r.doc === i + 1).map((r) => r.term));
    });
    db.close();
  });
});

describe('parseQuery', () => {
  it('keeps distinct words, in order', () => {
    expect(parseQuery('  Council  budget council VOTE ').terms).toEqual(['council', 'budget', 'vote']);
  });

  it('turns strings with no words into an empty query, never an error', () => {
    for (const raw of ['', '   ', '"', "'", '*', '"*"', '😀😀', '()', '-', undefined, 42, ['a']]) {
      expect(parseQuery(raw).terms, String(raw)).toEqual([]);
    }
  });

  it('reads operators and SQL as plain words', () => {
    expect(parseQuery('OR OR').terms).toEqual(['or']);
    expect(parseQuery('NEAR(').terms).toEqual(['near']);
    expect(parseQuery("x' OR 1=1; DROP TABLE articles; --").terms).toEqual(['x', 'or', '1', 'drop', 'table', 'articles']);
  });

  it('reads at most 200 characters and 12 words', () => {
    const long = parseQuery('a'.repeat(10_000));
    expect(long.text).toHaveLength(200);
    // One word of 200 letters: longer than any word searched for.
    expect(long.terms).toEqual([]);
    expect(parseQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ')).terms).toHaveLength(MAX_QUERY_TERMS);
    // A word the cut runs through is not searched for in part.
    expect(parseQuery('lighthouse '.repeat(100)).terms).toEqual(['lighthouse']);
    expect(parseQuery('x'.repeat(195) + ' alpha beta').terms).toEqual([]);
    expect(parseQuery('x'.repeat(190) + ' alpha beta').terms).toEqual(['alpha']);
    // An emoji at the cut is kept whole or left out, never halved.
    const cut = parseQuery('x'.repeat(199) + '😀😀').text;
    expect(cut).toBe('x'.repeat(199) + '😀');
  });

  it('keeps right-to-left words', () => {
    expect(parseQuery('مرحبا بالعالم').terms).toEqual(['مرحبا', 'بالعالم']);
    expect(parseQuery('שלום').terms).toEqual(['שלום']);
  });
});

describe('snippets', () => {
  const body =
    'The council met on Tuesday. Members discussed roads, parks and the library. After a long debate about the river, the budget passed with seven votes to two. The mayor said the vote settled the matter.';

  it('shows the passage around the words found, marked, with ellipses where the text goes on', () => {
    const out = html(snippet(body, ['budget'], 10));
    expect(out).toContain('<mark>budget</mark>');
    expect(out.startsWith('… ')).toBe(true);
    expect(out.endsWith(' …')).toBe(true);
  });

  it('prefers the window holding the most different words', () => {
    const out = html(snippet(body, ['mayor', 'matter', 'council'], 8));
    expect(out).toBe('… The <mark>mayor</mark> said the vote settled the <mark>matter</mark>.');
  });

  it('finds longer words by a prefix of four letters or more, and accented words by plain letters', () => {
    expect(html(snippet('Two councils and a café.', ['council', 'cafe']))).toBe('Two <mark>councils</mark> and a <mark>café</mark>.');
    expect(html(snippet('The cat sat on the category.', ['cat']))).toBe('The <mark>cat</mark> sat on the category.');
  });

  it('gives the first match a few words of context before it', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i + 1}`);
    words[49] = 'needle';
    const out = html(snippet(words.join(' '), ['needle'], 20));
    expect(out).toBe(`… w45 w46 w47 w48 w49 <mark>needle</mark> ${words.slice(50, 64).join(' ')} …`);
    // Near the end, the window fills up backwards.
    expect(html(snippet(words.join(' ').replace('w99', 'pin'), ['pin'], 10))).toBe('… w91 w92 w93 w94 w95 w96 w97 w98 <mark>pin</mark> w100');
  });

  it('starts at the beginning when nothing matches', () => {
    expect(html(snippet('One two three four five six', ['zebra'], 3))).toBe('One two three …');
  });

  it('escapes everything, so stored text is never HTML', () => {
    const out = html(snippet('A <script>alert("x")</script> & <b>bold</b> claim', ['script', 'bold']));
    expect(out).toBe('A &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; &lt;b&gt;<mark>bold</mark>&lt;/b&gt; claim');
    expect(out).not.toContain('<script');
  });

  it('folds plain and accented words alike, in any case, whatever the mix', () => {
    expect(html(snippet('BUDGET Budgeted budget2024 Bücher BÜCHER İstanbul ÇAY', ['budget', 'bucher', 'istanbul', 'cay']))).toBe(
      '<mark>BUDGET</mark> <mark>Budgeted</mark> <mark>budget2024</mark> <mark>Bücher</mark> <mark>BÜCHER</mark> <mark>İstanbul</mark> <mark>ÇAY</mark>',
    );
    // Greek keeps its marks: "ή" is not "η".
    expect(html(snippet('Η ΑΓΟΡΆ και η αγορά', ['αγορα']))).toBe('Η ΑΓΟΡΆ και η αγορά');
    expect(html(snippet('Η ΑΓΟΡΆ και η αγορά', ['αγορά']))).toBe('Η <mark>ΑΓΟΡΆ</mark> και η <mark>αγορά</mark>');
  });

  it("shows a result's body passage, or its dek when only the dek has the words", () => {
    expect(html(resultSnippet('The budget passed.', 'A dek about the budget.', ['budget']))).toBe('The <mark>budget</mark> passed.');
    expect(html(resultSnippet('Nothing here.', 'A dek about the budget.', ['budget']))).toBe('A dek about the <mark>budget</mark>.');
    expect(html(resultSnippet('Nothing here.', 'Nor here.', ['budget']))).toBe('Nothing here.');
    expect(html(resultSnippet('', 'Only a dek.', ['budget']))).toBe('Only a dek.');
  });

  it('marks whole headlines', () => {
    expect(segmentsToHtml(markWords('Council passes budget', ['budget']))).toBe('Council passes <mark>budget</mark>');
    expect(markWords('', ['x'])).toEqual([]);
  });
});
