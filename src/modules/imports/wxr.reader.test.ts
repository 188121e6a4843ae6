import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import { readWxr } from './wxr.reader.js';
import type { WxrEntry } from './wxr.types.js';
import { WxrError } from './wxr.xml.js';

const FIXTURES = 'test/fixtures/wxr';
const CORPUS = '../shared/corpora/wxr/wordpress-importer/phpunit';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxr-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function write(text: string | Buffer): string {
  const file = path.join(dir, `f${++n}.xml`);
  fs.writeFileSync(file, text);
  return file;
}

async function read(file: string): Promise<WxrEntry[]> {
  const out: WxrEntry[] = [];
  for await (const e of readWxr(file)) out.push(e);
  return out;
}

async function refusal(file: string): Promise<WxrError> {
  try {
    await read(file);
  } catch (err) {
    if (err instanceof WxrError) return err;
    throw err;
  }
  throw new Error(`${file} was not refused`);
}

const wxr = (body: string, ns = 'http://wordpress.org/export/1.2/') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:excerpt="${ns}excerpt/" xmlns:wp="${ns}">\n<channel>\n<title>T</title>\n<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_blog_url>https://old.example.org</wp:base_blog_url>\n${body}\n</channel>\n</rss>\n`;

describe('reading a WordPress export', () => {
  it('hands over the channel, then authors, terms and items with their meta and comments, in file order', async () => {
    const entries = await read(
      write(
        wxr(`<wp:author><wp:author_id>3</wp:author_id><wp:author_login><![CDATA[ana
]]></wp:author_login><wp:author_email>ana@example.org</wp:author_email><wp:author_display_name><![CDATA[Ana Ruiz]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>world</wp:category_nicename><wp:category_parent>news</wp:category_parent><wp:cat_name><![CDATA[World]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>5</wp:term_id><wp:tag_slug>harbour</wp:tag_slug><wp:tag_name>Harbour</wp:tag_name></wp:tag>
<item><title>Hello &amp; welcome</title><dc:creator>ana</dc:creator><content:encoded><![CDATA[<p>Body</p>]]></content:encoded><excerpt:encoded><![CDATA[Short]]></excerpt:encoded>
<wp:post_id>12</wp:post_id><wp:post_date_gmt>2024-05-01 12:00:00</wp:post_date_gmt><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:is_sticky>1</wp:is_sticky>
<category domain="post_tag" nicename="harbour"><![CDATA[Harbour]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[30]]></wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>7</wp:comment_id><wp:comment_author>Ben</wp:comment_author><wp:comment_content><![CDATA[Hi]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>6</wp:comment_parent></wp:comment>
</item>`),
      ),
    );
    expect(entries.map((e) => e.kind)).toEqual(['channel', 'author', 'term', 'term', 'item']);
    const [channel, author, category, tag, item] = entries as [
      Extract<WxrEntry, { kind: 'channel' }>,
      Extract<WxrEntry, { kind: 'author' }>,
      Extract<WxrEntry, { kind: 'term' }>,
      Extract<WxrEntry, { kind: 'term' }>,
      Extract<WxrEntry, { kind: 'item' }>,
    ];
    expect(channel.channel).toMatchObject({ title: 'T', wxrVersion: '1.2', baseBlogUrl: 'https://old.example.org' });
    expect(author.author).toMatchObject({ id: 3, login: 'ana', email: 'ana@example.org', displayName: 'Ana Ruiz' });
    expect(category.term).toMatchObject({ taxonomy: 'category', termId: 4, slug: 'world', parent: 'news', name: 'World' });
    expect(tag.term).toMatchObject({ taxonomy: 'post_tag', slug: 'harbour', name: 'Harbour' });
    expect(item.item).toMatchObject({ title: 'Hello & welcome', creator: 'ana', content: '<p>Body</p>', excerpt: 'Short', postId: 12, postType: 'post', status: 'publish', isSticky: true });
    expect(item.item.terms).toEqual([{ domain: 'post_tag', slug: 'harbour', name: 'Harbour' }]);
    expect(item.item.meta).toEqual([{ key: '_thumbnail_id', value: '30' }]);
    expect(item.item.comments).toEqual([expect.objectContaining({ id: 7, author: 'Ben', content: 'Hi', approved: '1', parent: 6 })]);
  });

  it('reads the https form of the WXR namespace, and ignores a wp: prefix bound to anything else', async () => {
    const entries = await read(
      write(wxr('<item><title>A</title><wp:post_id>1</wp:post_id></item><item xmlns:wp="http://evil.example/"><title>B</title><wp:post_id>2</wp:post_id></item>', 'https://wordpress.org/export/1.2/')),
    );
    const items = entries.flatMap((e) => (e.kind === 'item' ? [e.item] : []));
    expect(items.map((i) => [i.title, i.postId])).toEqual([
      ['A', 1],
      ['B', null],
    ]);
  });

  it('reads every well-formed file of WordPress’s own importer fixtures, and the namespace edge cases', async () => {
    const entries = await read(`${CORPUS}/namespace-edge-cases.xml`);
    const authors = entries.flatMap((e) => (e.kind === 'author' ? [e.author.login] : []));
    // The author under a fake wp namespace and the custom:author are not WordPress's.
    expect(authors).toEqual(['real_user', 'version_conflict']);
    // `<post_id xmlns="http://wordpress.org/export/1.2/">` is a WXR element whatever its prefix.
    expect(entries.flatMap((e) => (e.kind === 'item' ? [e.item.postId] : []))).toEqual([1, 2, 3, 4, null, 6]);
  });

  it('joins several CDATA sections and keeps nested-looking CDATA when it is escaped', async () => {
    const multiple = (await read(`${CORPUS}/multiple-cdata.xml`)).find((e) => e.kind === 'item');
    expect(multiple?.kind === 'item' && multiple.item.content.trim()).toBe('line oneline twoline three');
    const escaped = (await read(`${CORPUS}/crazy-cdata-escaped.xml`)).find((e) => e.kind === 'item');
    expect(escaped?.kind === 'item' && escaped.item.content).toBe('Content with nested <![CDATA[ tags ]]> :)');
  });
});

describe('refusing a file, with the line and the reason', () => {
  it('refuses malformed and truncated XML', async () => {
    expect(await refusal(`${CORPUS}/malformed.xml`)).toMatchObject({ line: 90, reason: expect.stringMatching(/not well-formed/) });
    expect(await refusal(`${CORPUS}/malformed-simple.xml`)).toMatchObject({ line: 14, reason: expect.stringMatching(/unclosed tag: item/) });
    expect(await refusal(`${CORPUS}/crazy-cdata.xml`)).toMatchObject({ line: 18, reason: expect.stringMatching(/"]]>"/) });
    expect(await refusal(write(''))).toMatchObject({ line: 1 });
  });

  it('refuses a missing or invalid WXR version', async () => {
    expect(await refusal(`${CORPUS}/missing-version-tag.xml`)).toMatchObject({ line: 35, reason: expect.stringMatching(/no <wp:wxr_version>/) });
    expect(await refusal(`${CORPUS}/invalid-version-tag.xml`)).toMatchObject({ line: 33, reason: expect.stringMatching(/"abc" is not a version number/) });
    expect((await refusal(write(wxr('').replace('<wp:wxr_version>1.2<', '<wp:wxr_version>2.0<')))).reason).toMatch(/version 2\.0 is not one this importer reads/);
  });

  it('refuses files that are not WordPress exports', async () => {
    expect((await refusal(`${FIXTURES}/not-wxr-atom.xml`)).reason).toMatch(/root element is <feed>/);
    expect((await refusal(`${FIXTURES}/plain-rss.xml`)).reason).toMatch(/no <wp:wxr_version>/);
    expect((await refusal(write('{"posts": []}'))).reason).toMatch(/not well-formed/);
  });

  it('refuses bytes that are not UTF-8, on their line, and encodings other than UTF-8', async () => {
    expect(await refusal(`${FIXTURES}/invalid-utf8.xml`)).toMatchObject({ line: 7, reason: expect.stringMatching(/not valid UTF-8/) });
    // The same bad byte deep in a file bigger than one read: the line is still exact.
    const big = Buffer.concat([
      Buffer.from(wxr(`${'<!-- padding -->\n'.repeat(10_000)}<item><title>Caf`).replace(/\n<\/channel>[\s\S]*$/, '')),
      Buffer.from([0xe9]),
      Buffer.from('</title></item></channel></rss>'),
    ]);
    expect((await refusal(write(big))).line).toBe(10_007);
    // "€é" ending the first 64 KB read, "é" cut in half by it, then a bad byte two lines on: still the exact line.
    const head = Buffer.from(wxr('<!-- ').replace(/\n<\/channel>[\s\S]*$/, ''));
    const filler = Buffer.alloc(64 * 1024 - 4 - head.length, 'a');
    const split = Buffer.concat([head, filler, Buffer.from('€é\n-->\n<item><title>x'), Buffer.from([0xff]), Buffer.from('</title></item></channel></rss>')]);
    expect(split.indexOf(Buffer.from('é'))).toBe(64 * 1024 - 1);
    expect((await refusal(write(split))).line).toBe(head.toString().split('\n').length + 2);
    expect((await refusal(`${FIXTURES}/latin1-declared.xml`)).reason).toMatch(/encoded in ISO-8859-1/);
  });

  it('refuses any DOCTYPE, so a billion-laughs bomb or an external entity is never expanded or fetched', async () => {
    expect(await refusal(`${FIXTURES}/billion-laughs.xml`)).toMatchObject({ line: 13, reason: expect.stringMatching(/DOCTYPE/) });
    expect(await refusal(`${FIXTURES}/external-entity.xml`)).toMatchObject({ line: 4, reason: expect.stringMatching(/DOCTYPE/) });
  });

  it('relies on a parser that would not expand them anyway: saxes reads no DTD and leaves such entities undefined', () => {
    for (const file of ['billion-laughs.xml', 'external-entity.xml']) {
      const parser = new SaxesParser();
      const errors: string[] = [];
      const texts: string[] = [];
      parser.on('error', (e) => errors.push(e.message));
      parser.on('text', (t) => texts.push(t));
      parser.write(fs.readFileSync(path.join(FIXTURES, file), 'utf8')).close();
      expect(errors.some((e) => /undefined entity/.test(e))).toBe(true);
      expect(texts.join('')).not.toMatch(/lollol|root:/);
    }
  });

  it('refuses nesting deeper than any export has, and a prologue that never reaches a root element', async () => {
    const deep = wxr(`<item>${'<x>'.repeat(70)}${'</x>'.repeat(70)}</item>`);
    expect((await refusal(write(deep))).reason).toMatch(/nested more than 64 deep/);
    const endless = `<?xml version="1.0" encoding="UTF-8"?>\n${'<!-- nothing but comments -->\n'.repeat(40_000)}<rss/>`;
    expect((await refusal(write(endless))).reason).toMatch(/no root element in the first megabyte/);
  });

  it('keeps a record too big to hold as an item marked oversized, without its text', async () => {
    const huge = 'x'.repeat(64 * 1024);
    const entries: WxrEntry[] = [];
    for await (const e of readWxr(write(wxr(`<item><title>Big</title><wp:post_id>9</wp:post_id><content:encoded>${huge}</content:encoded></item>`)), { recordTextMax: 10_000 })) entries.push(e);
    const item = entries.find((e) => e.kind === 'item');
    expect(item?.kind === 'item' && [item.item.oversized, item.item.content]).toEqual([true, '']);
  });
});
