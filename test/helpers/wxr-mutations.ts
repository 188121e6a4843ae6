import fs from 'node:fs';
import fc from 'fast-check';
import { hostileText, typedTag } from './html-safety.js';

/*
 * Real WordPress exports (../shared/corpora/wxr) and the ways a file gets
 * damaged or made awkward, for the property tests of the reader and the
 * import: mutations are functions of a file's bytes.
 */

export const CORPUS = '../shared/corpora/wxr';
/** The corpus files under 50 kB, as bytes. */
export const SMALL = fs
  .readdirSync(`${CORPUS}/wordpress-importer/phpunit`)
  .filter((f) => f.endsWith('.xml') && fs.statSync(`${CORPUS}/wordpress-importer/phpunit/${f}`).size < 50_000)
  .map((f) => `${CORPUS}/wordpress-importer/phpunit/${f}`)
  .concat(`${CORPUS}/wptrt-theme-unit-test/theme-preview.xml`, `${CORPUS}/wordpress-importer/e2e/wxr-comprehensive.xml`)
  .map((file) => fs.readFileSync(file));

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
export const damage: fc.Arbitrary<(b: Buffer) => Buffer> = fc.oneof(
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
export const edit: fc.Arbitrary<(b: Buffer) => Buffer> = fc.oneof(
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
