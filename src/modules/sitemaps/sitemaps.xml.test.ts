import { describe, expect, it } from 'vitest';
import { newsLanguage, parseMonthFile } from './sitemaps.service.js';
import { w3cDateTime } from './sitemaps.views.js';
import { el, escapeXml, renderXml } from './sitemaps.xml.js';

describe('the XML builder', () => {
  it('escapes the five special characters in text and attributes', () => {
    expect(escapeXml(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
    expect(renderXml(el('p', { title: `"<x>" & 'y'` }, '</p><script>'))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<p title="&quot;&lt;x&gt;&quot; &amp; &apos;y&apos;">&lt;/p&gt;&lt;script&gt;</p>\n',
    );
  });

  it('drops characters XML cannot carry, keeping tabs, newlines and whole surrogate pairs', () => {
    expect(escapeXml('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\tg\nh')).toBe('abcdef\tg\nh');
    expect(escapeXml('emoji 😀 lone \uD800 and \uDC00')).toBe('emoji 😀 lone  and ');
  });

  it('nests elements, leaves out false and null children, and refuses names that are not XML names', () => {
    const doc = renderXml(el('a', null, el('b', null, 'x'), null, false, el('c', null)));
    expect(doc).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<a>\n  <b>x</b>\n  <c/>\n</a>\n');
    expect(() => el('bad name', null)).toThrow(/not an XML name/);
    expect(() => el('ok', { 'on"x': 'y' })).toThrow(/not an XML name/);
  });
});

describe('sitemap details', () => {
  it('takes the news language from the locale as Google News wants it', () => {
    expect(newsLanguage('en-US')).toBe('en');
    expect(newsLanguage('fr')).toBe('fr');
    expect(newsLanguage('zh-TW')).toBe('zh-tw');
    expect(newsLanguage('zh-Hant-HK')).toBe('zh-tw');
    expect(newsLanguage('zh-CN')).toBe('zh-cn');
    expect(newsLanguage('fil-PH')).toBe('fil');
  });

  it('reads only real months from sitemap file names', () => {
    expect(parseMonthFile('articles-2024-03.xml')).toEqual({ year: 2024, month: 3 });
    for (const bad of ['articles-2024-13.xml', 'articles-2024-00.xml', 'articles-24-03.xml', 'articles-2024-3.xml', 'articles-2024-03.xml.gz', 'articles-0999-01.xml'])
      expect(parseMonthFile(bad)).toBeUndefined();
  });

  it('writes W3C datetimes to the second in UTC', () => {
    expect(w3cDateTime('2024-03-29T14:05:00.123Z')).toBe('2024-03-29T14:05:00Z');
    expect(w3cDateTime('not a date')).toBeNull();
    expect(w3cDateTime(null)).toBeNull();
  });
});
