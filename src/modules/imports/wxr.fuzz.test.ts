import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ARTICLE_BODY_MARKUP, hostileText, typedTag, unsafeMarkup } from '../../../test/helpers/html-safety.js';
import { renderBody } from '../markdown/markdown.render.js';
import { type BodyContext, convertBody } from './wxr.body.js';
import { htmlToCommentText, htmlToLine } from './wxr.text.js';
import { readWxr } from './wxr.reader.js';
import type { WxrEntry } from './wxr.types.js';
import { WxrError } from './wxr.xml.js';

/*
 * Property tests of the WordPress reader and body conversion: real exports
 * (../shared/corpora/wxr) mangled every way a file gets damaged (cut short,
 * slices lost or doubled, bytes that are not UTF-8, another encoding
 * declared, markup and huge attributes dropped in anywhere) are either read
 * or refused with a WxrError that gives a line and a reason, never another
 * exception; and whatever a post's content holds, it converts to a body that
 * renders without markup of its own. The seed changes from run to run; a
 * failure prints it and the smallest mutation.
 */

const CORPUS = '../shared/corpora/wxr';
const SMALL = fs
  .readdirSync(`${CORPUS}/wordpress-importer/phpunit`)
  .filter((f) => f.endsWith('.xml') && fs.statSync(`${CORPUS}/wordpress-importer/phpunit/${f}`).size < 50_000)
  .map((f) => `${CORPUS}/wordpress-importer/phpunit/${f}`)
  .concat(`${CORPUS}/wptrt-theme-unit-test/theme-preview.xml`, `${CORPUS}/wordpress-importer/e2e/wxr-comprehensive.xml`)
  .map((file) => fs.readFileSync(file));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxr-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Read a file to the end: the entries, or the WxrError it was refused with. Anything else thrown fails the test. */
async function readAll(bytes: Uint8Array): Promise<WxrEntry[] | WxrError> {
  const file = path.join(dir, `f${++n}.xml`);
  fs.writeFileSync(file, bytes);
  const entries: WxrEntry[] = [];
  try {
    for await (const e of readWxr(file, { recordTextMax: 256 * 1024 })) entries.push(e);
    return entries;
  } catch (err) {
    if (err instanceof WxrError) return err;
    throw err;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const ctx: BodyContext = { siteUrl: 'https://old.example.org', postId: 1, attachment: () => undefined, attachedTo: () => [] };

/** What an import makes of the entries: every post's body, title and comments converted and rendered. */
function convertAll(entries: WxrEntry[]): void {
  for (const e of entries) {
    if (e.kind !== 'item') continue;
    const body = convertBody(e.item.content, { ...ctx, postId: e.item.postId ?? 0 });
    expect(unsafeMarkup(renderBody(body.markdown), ARTICLE_BODY_MARKUP)).toEqual([]);
    htmlToLine(e.item.title);
    for (const c of e.item.comments) htmlToCommentText(c.content);
  }
}

const piece = fc.oneof(
  typedTag,
  hostileText,
  fc.constantFrom(
    '<![CDATA[',
    ']]>',
    '<!DOCTYPE rss [<!ENTITY x "y">]>',
    '&x;',
    '&amp;',
    '&#0;',
    '&#xFFFE;',
    '<',
    '>',
    '</item>',
    '<item>',
    '</channel>',
    '<wp:wxr_version>1.2</wp:wxr_version>',
    '<wp:wxr_version>9</wp:wxr_version>',
    '<wp:post_id>99999999999999999999</wp:post_id>',
    '<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>',
    '<wp:post_date_gmt>2024-13-45 99:99:99</wp:post_date_gmt>',
    '<wp:comment_parent>-1</wp:comment_parent>',
    '<?xml version="1.0"?>',
    '<!-- -->',
    '<?pi x?>',
  ),
);

/** Ways a file gets damaged, as functions of its bytes. */
const damage: fc.Arbitrary<(b: Buffer) => Buffer> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((at) => (b: Buffer) => b.subarray(0, Math.floor(b.length * at))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 400 })).map(([at, len]) => (b: Buffer) => {
    const i = Math.floor(b.length * at);
    return Buffer.concat([b.subarray(0, i), b.subarray(i + len)]);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 400 })).map(([at, len]) => (b: Buffer) => {
    const i = Math.floor(b.length * at);
    return Buffer.concat([b.subarray(0, i + len), b.subarray(i)]);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), piece).map(([at, text]) => (b: Buffer) => {
    const i = Math.floor(b.length * at);
    return Buffer.concat([b.subarray(0, i), Buffer.from(text), b.subarray(i)]);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, bytes]) => (b: Buffer) => {
    const i = Math.floor(b.length * at);
    return Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i)]);
  }),
  // A huge attribute on the first tag after a point.
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 10_000, max: 300_000 })).map(([at, size]) => (b: Buffer) => {
    const s = b.toString('latin1');
    const i = s.indexOf('<', Math.floor(s.length * at));
    const end = i === -1 ? -1 : s.slice(i).search(/[\s>]/);
    if (end === -1) return b;
    return Buffer.from(`${s.slice(0, i + end)} data-x="${'a'.repeat(size)}"${s.slice(i + end)}`, 'latin1');
  }),
  fc.constantFrom(
    (b: Buffer) => Buffer.from(b.toString('utf8').replace(/encoding="[^"]*"/i, 'encoding="ISO-8859-1"')),
    (b: Buffer) => Buffer.from(b.toString('utf8'), 'utf16le'),
    (b: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
    (b: Buffer) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]),
    (b: Buffer) => Buffer.from(b.toString('utf8'), 'latin1'),
    (b: Buffer) => Buffer.from(b.toString('utf8').replace(/<content:encoded>/g, '<content:encoded>&lt;script&gt;alert(1)&lt;/script&gt;<img src=x onerror=alert(1)>')),
  ),
);

const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Characters XML 1.0 allows in a document (others are refused before anything is read). */
const xmlText = (t: string) => t.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, '');

/** The n-th match of a pattern (modulo how many there are), or undefined. */
function nth(s: string, pattern: RegExp, at: number): RegExpMatchArray | undefined {
  const all = [...s.matchAll(pattern)];
  return all.length === 0 ? undefined : all[Math.floor(at * all.length) % all.length];
}

/** Changes that keep the file well-formed, so the reader goes on to the records: odd values, hostile markup in text and CDATA, huge attributes. */
const edit: fc.Arbitrary<(b: Buffer) => Buffer> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.oneof(hostileText, piece, fc.string({ unit: 'binary', maxLength: 40 }))).map(([at, text]) => (b: Buffer) => {
    const s = b.toString('utf8');
    const m = nth(s, />([^<>]+)</g, at);
    if (!m) return b;
    const i = m.index! + 1;
    return Buffer.from(s.slice(0, i) + escapeXml(xmlText(text)) + s.slice(i + m[1]!.length));
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.oneof(hostileText, piece, fc.string({ unit: 'binary', maxLength: 40 }))).map(([at, text]) => (b: Buffer) => {
    const s = b.toString('utf8');
    const m = nth(s, /<!\[CDATA\[/g, at);
    if (!m) return b;
    const i = m.index! + m[0].length;
    return Buffer.from(s.slice(0, i) + xmlText(text).replace(/\]\]>/g, ']] >') + s.slice(i));
  }),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom('data-x', 'domain', 'nicename', 'xmlns:evil'))
    .map(([at, size, name]) => (b: Buffer) => {
      const s = b.toString('utf8');
      const m = nth(s, /<[a-zA-Z][^\s>/]*/g, at);
      if (!m) return b;
      const i = m.index! + m[0].length;
      return Buffer.from(`${s.slice(0, i)} ${name}="${'a'.repeat(size)}"${s.slice(i)}`);
    }),
);

/** Generous: a busy machine runs these several times slower than an idle one. */
const TIMEOUT = 60_000;

describe('reading mangled WordPress exports', () => {
  it(
    'reads a damaged export, or refuses it with a line and a reason',
    async () => {
      const outcomes = { read: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: SMALL.length - 1 }),
          fc.oneof(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.array(fc.oneof(edit, damage), { minLength: 1, maxLength: 3 })),
          async (which, mutations) => {
            let bytes: Buffer = SMALL[which]!;
            for (const m of mutations as Array<(b: Buffer) => Buffer>) bytes = m(bytes);
            const result = await readAll(bytes);
            outcomes[result instanceof WxrError ? 'refused' : 'read']++;
            if (result instanceof WxrError) {
              expect(result.line).toBeGreaterThanOrEqual(1);
              expect(result.reason.trim()).not.toBe('');
              return;
            }
            expect(result[0]?.kind).toBe('channel');
            convertAll(result);
          },
        ),
        { numRuns: 150 },
      );
      // Both paths were taken: the edits leave many files readable.
      expect(outcomes.read).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'converts any post content to a body that renders without markup of its own',
    () => {
      const content = fc.array(
        fc.oneof(
          typedTag,
          hostileText,
          fc.constantFrom(
            '[gallery ids="1,2"]',
            '[caption id="x"]<img src="https://old.example.org/a.jpg">Cap[/caption]',
            '[embed]https://youtu.be/x[/embed]',
            '<!-- wp:paragraph -->',
            '<!-- /wp:paragraph -->',
            '[',
            ']',
            '\n\n',
          ),
        ),
        {
          maxLength: 20,
        },
      );
      fc.assert(
        fc.property(content, (parts) => {
          const html = parts.join('');
          const body = convertBody(html, ctx);
          expect(body.notes.every((note) => typeof note === 'string' && note !== '')).toBe(true);
          expect(unsafeMarkup(renderBody(body.markdown), ARTICLE_BODY_MARKUP)).toEqual([]);
          expect(typeof htmlToLine(html)).toBe('string');
          expect(typeof htmlToCommentText(html).text).toBe('string');
        }),
        { numRuns: 300 },
      );
    },
    TIMEOUT,
  );
});
