import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { renderAtom } from './feeds.atom.js';
import { renderRss } from './feeds.rss.js';
import { absoluteHtml, articleGuid, cdataText, commentGuid, textToHtml, xmlSafe } from './feeds.text.js';
import type { FeedDocument, StoryEntry } from './feeds.types.js';

const SITE = 'https://news.example.org:8443';

describe('feed text helpers', () => {
  it('makes ids from the host, the first day and the row id, never from the slug', () => {
    expect(articleGuid(SITE, '2024-03-28T23:30:00-05:00', 42)).toBe('tag:news.example.org,2024-03-29:article-42');
    expect(commentGuid(SITE, '2024-03-28T10:00:00.000Z', 7)).toBe('tag:news.example.org,2024-03-28:comment-7');
  });

  it('drops characters XML cannot carry and keeps everything else', () => {
    expect(xmlSafe('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uD800g')).toBe('abcdefg');
    expect(xmlSafe('tab\tline\nreturn\r 😀 é')).toBe('tab\tline\nreturn\r 😀 é');
  });

  it('leaves the first "]]>" of a CDATA title to the writer and entity-writes the rest', () => {
    expect(cdataText('a ]]> b ]]> c ]]>')).toBe('a ]]> b ]]&gt; c ]]&gt;');
  });

  it('writes plain text as escaped paragraphs with line breaks', () => {
    expect(textToHtml('One & <two>\r\nstill one\n\n\nThree')).toBe('<p>One &amp; &lt;two&gt;<br>still one</p>\n<p>Three</p>');
  });

  it('makes the site’s own addresses absolute and leaves others alone', () => {
    const html =
      '<a href="/section/x">x</a><img src="/media/a.jpg" srcset="/media/a-400.webp 400w, /media/a-800.webp 800w"><a href="//cdn.example/x">c</a><a href="https://other.example/">o</a><blockquote cite="/2024/01/01/y">';
    expect(absoluteHtml(html, SITE)).toBe(
      `<a href="${SITE}/section/x">x</a><img src="${SITE}/media/a.jpg" srcset="${SITE}/media/a-400.webp 400w, ${SITE}/media/a-800.webp 800w"><a href="//cdn.example/x">c</a><a href="https://other.example/">o</a><blockquote cite="${SITE}/2024/01/01/y">`,
    );
  });
});

describe('feed writers', () => {
  const story: StoryEntry = {
    id: 'tag:news.example.org,2024-03-28:article-1',
    url: `${SITE}/2024/03/28/a`,
    title: 'Quotes ]]> twice ]]> and a \u0001 control & <tag>',
    summary: 'Summary ]]> here',
    html: '<p>Body</p>',
    image: null,
    published: new Date('2024-03-28T09:00:00Z'),
    updated: new Date('2024-03-28T09:00:00Z'),
    authors: [],
    section: { name: 'R&D <lab>', slug: 'r-and-d', url: `${SITE}/section/r-and-d` },
    commentCount: 0,
    commentsUrl: `${SITE}/2024/03/28/a#comments`,
    commentsFeedUrl: `${SITE}/2024/03/28/a/comments/feed`,
  };
  const doc: FeedDocument = {
    kind: 'stories',
    channel: {
      title: 'Site & co',
      description: '',
      homeUrl: `${SITE}/`,
      urls: { rss: `${SITE}/feed`, atom: `${SITE}/feed.atom` },
      language: 'en-US',
      site: { name: 'Site & co', url: `${SITE}/` },
      updated: story.updated,
    },
    entries: [story],
  };

  it('keeps RSS well-formed whatever a headline holds', async () => {
    const feed = await new Parser({ xml2js: { strict: true } }).parseString(renderRss(doc));
    expect(feed.items[0]!.title).toBe('Quotes ]]> twice ]]&gt; and a  control & <tag>');
    expect(feed.items[0]!.content).toBe('<p>Summary ]]&gt; here</p>');
  });

  it('keeps Atom well-formed too, with the headline escaped as HTML and the category’s name left out where it cannot be an attribute', async () => {
    const atom = renderAtom(doc, new Date('2024-03-29T00:00:00Z'));
    expect(atom).toContain('<title type="html"><![CDATA[Quotes ]]&gt; twice ]]&gt; and a  control &amp; &lt;tag&gt;]]></title>');
    expect(atom).toContain('<category term="r-and-d"/>');
    await expect(new Parser({ xml2js: { strict: true } }).parseString(atom)).resolves.toBeDefined();
  });
});
