import { describe, expect, it } from 'vitest';
import { renderBody } from '../markdown/markdown.render.js';
import { autop } from './wxr.autop.js';
import { type BodyContext, convertBody, countEventHandlers } from './wxr.body.js';
import { convertShortcodes, shortcodeAttrs } from './wxr.shortcodes.js';
import { htmlToCommentText, htmlToLine } from './wxr.text.js';

const harbour = { id: 30, url: 'https://old.example.org/wp-content/uploads/harbour.jpg', alt: 'Boats in the harbour', caption: 'The harbour at dawn', parent: 5 };
const ctx: BodyContext = {
  siteUrl: 'https://old.example.org',
  postId: 5,
  attachment: (id) => (id === 30 ? harbour : undefined),
  attachedTo: (id) => (id === 5 ? [harbour] : []),
};
const md = (html: string) => convertBody(html, ctx).markdown;
const notes = (html: string) => convertBody(html, ctx).notes;

describe('WordPress automatic paragraphs', () => {
  it('makes paragraphs of blank lines and line breaks of single newlines', () => {
    expect(autop('first\nstill first\n\nsecond')).toBe('<p>first<br>\nstill first</p>\n<p>second</p>');
  });

  it('leaves block elements, <pre> and tag attributes alone, and keeps tight list items tight', () => {
    expect(autop('Intro\n<ul>\n\t<li>one</li>\n\t<li>two</li>\n</ul>\nAfter')).toBe('<p>Intro</p>\n<ul><li>one</li>\n<li>two</li>\n</ul>\n<p>After</p>');
    expect(autop('<pre>a\n\nb</pre>')).toBe('<pre>a\n\nb</pre>');
    expect(autop('<a href="x"\n title="y">link</a>')).toBe('<p><a href="x" title="y">link</a></p>');
  });

  it('treats two <br> in a row as a paragraph break, and wraps quoted text in paragraphs', () => {
    expect(autop('A<br />\nB<br><br>C')).toBe('<p>A<br>\nB</p>\n<p>C</p>');
    expect(autop('<blockquote>One\n\nTwo</blockquote>')).toBe('<blockquote><p>One</p>\n<p>Two</p>\n</blockquote>');
  });

  it('is not applied to block-editor content, which has its own paragraphs', () => {
    expect(md('<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->')).toBe('One two');
    expect(md('One\ntwo')).toBe('One\\\ntwo');
  });
});

describe('shortcodes', () => {
  it('reads attributes the ways WordPress writes them', () => {
    expect(shortcodeAttrs(' id="attachment_6" align=\'left\' width=300 "positional"')).toEqual({ id: 'attachment_6', align: 'left', width: '300', '0': 'positional' });
  });

  it('turns [caption] into an image block with its caption, dropping the link to the image file', () => {
    const html =
      '[caption id="attachment_30" width="640"]<a href="https://old.example.org/wp-content/uploads/harbour.jpg"><img src="https://old.example.org/wp-content/uploads/harbour.jpg" alt="Boats in the harbour" title="ignored" /></a> The harbour at <em>dawn</em>[/caption]';
    expect(md(html)).toBe('![Boats in the harbour](https://old.example.org/wp-content/uploads/harbour.jpg "The harbour at dawn")');
    expect(renderBody(md(html))).toMatch(
      /<figure class="image"><img src="https:\/\/old\.example\.org\/wp-content\/uploads\/harbour\.jpg" alt="Boats in the harbour"[^>]*><figcaption><span class="caption">The harbour at dawn<\/span><\/figcaption><\/figure>/,
    );
  });

  it('takes a caption from the attribute newer WordPress writes', () => {
    expect(md('[caption caption="From the attribute"]<img src="https://x.example/a.jpg" alt="A">[/caption]')).toBe('![A](https://x.example/a.jpg "From the attribute")');
  });

  it('turns [gallery] into one image block per image, from its ids or the images attached to the post', () => {
    expect(md('[gallery ids="30,31"]')).toBe('![Boats in the harbour](https://old.example.org/wp-content/uploads/harbour.jpg "The harbour at dawn")');
    expect(notes('[gallery ids="30,31"]')).toEqual(['gallery: 1 image(s) not in the export (31) left out', 'gallery of 1 image(s) converted to images']);
    expect(md('[gallery columns="3"]')).toContain('harbour.jpg');
  });

  it('turns embeds, videos and audio into links, drops playlists, and leaves unknown shortcodes as text', () => {
    expect(md('[embed]https://www.youtube.com/watch?v=abc[/embed]')).toBe('[https://www.youtube.com/watch?v=abc](https://www.youtube.com/watch?v=abc)');
    expect(md('[video src="https://v.example/clip.mp4"]')).toBe('[Video](https://v.example/clip.mp4)');
    expect(md('[audio mp3="https://v.example/a.mp3"][/audio]')).toBe('[Audio](https://v.example/a.mp3)');
    expect(md('[playlist ids="1,2"]')).toBe('');
    expect(md('[contact-form-7 id="1"]')).toBe('\\[contact-form-7 id="1"\\]');
    expect(notes('[contact-form-7 id="1"] and [[caption]]')).toEqual(['unknown shortcode [contact-form-7] left as text']);
    expect(convertShortcodes('[[caption]]', ctx).html).toBe('[caption]');
  });
});

describe('HTML to Broadsheet Markdown', () => {
  it('drops scripts, styles, objects and forms, keeps frames as links, and reports each', () => {
    const html =
      '<p onclick="steal()">Text</p><script>alert(1)</script><style>p{}</style><object data="x.swf"></object><form><input name="q"></form><iframe src="https://www.youtube.com/embed/abc"></iframe><iframe src="javascript:alert(1)"></iframe>';
    const result = convertBody(html, ctx);
    expect(result.markdown).toBe('Text\n\n[https://www.youtube.com/embed/abc](https://www.youtube.com/embed/abc)');
    expect(result.notes).toEqual([
      '1 <script> element dropped',
      '1 <style> element dropped',
      '1 <object> element dropped',
      '1 <form> element dropped',
      '1 iframe kept as a link',
      '1 <iframe> element dropped',
      '1 inline event handler (on…=) dropped',
    ]);
    expect(renderBody(result.markdown)).not.toMatch(/onclick|<script|javascript:/);
  });

  it('removes script addresses from links and images, and counts inline handlers wherever they are', () => {
    expect(md('<a href="javascript:alert(1)">text</a> <a href=" JaVaScRiPt:x">two</a> <img src="data:image/png;base64,AAA" alt="x">')).toBe('text two');
    expect(countEventHandlers('<img src=x onerror=alert(1)><a href="#" onmouseover="x" >a</a><p data-onion="1">')).toBe(2);
  });

  it('makes links into the old site relative, so they reach its redirects here, and keeps uploads absolute', () => {
    expect(md('<a href="https://old.example.org/2020/01/02/story/">story</a>')).toBe('[story](/2020/01/02/story/)');
    expect(md('<a href="https://old.example.org/wp-content/uploads/report.pdf">PDF</a>')).toBe('[PDF](https://old.example.org/wp-content/uploads/report.pdf)');
    expect(md('<img src="/wp-content/uploads/a.jpg" alt="A">')).toBe('![A](https://old.example.org/wp-content/uploads/a.jpg)');
  });

  it('moves headings up a level (the headline is the page’s only h1), and keeps lists, code and emphasis', () => {
    expect(md('<h2>Section</h2><h3>Sub</h3>')).toBe('# Section\n\n## Sub');
    expect(md('<ul><li>one</li><li>two</li></ul><pre>code\n  kept</pre><p><strong>Bold</strong> and <em>it</em> and <del>gone</del></p>')).toBe(
      '-   one\n-   two\n\n```\ncode\n  kept\n```\n\n**Bold** and *it* and ~~gone~~',
    );
  });

  it('makes GFM tables, with a header row even when the HTML has none, and pipes escaped', () => {
    expect(md('<table><tr><td>a|b</td><td>c</td></tr><tr><td>d</td><td>e</td></tr></table>')).toBe('| a\\|b | c |\n| --- | --- |\n| d | e |');
    expect(renderBody(md('<table><thead><tr><th>H</th></tr></thead><tbody><tr><td>v</td></tr></tbody></table>'))).toMatch(/<table>[\s\S]*<th>H<\/th>[\s\S]*<td>v<\/td>/);
  });

  it('turns the block editor’s quote with a <cite> into an attributed quote, and its pull quote into one', () => {
    const quote =
      '<!-- wp:quote --><blockquote class="wp-block-quote" cite="https://source.example/article"><p>The pier is the town.</p><cite>The Harbour Gazette</cite></blockquote><!-- /wp:quote -->';
    expect(md(quote)).toBe('> The pier is the town.\n>\n> — [The Harbour Gazette](https://source.example/article)');
    expect(renderBody(md(quote))).toMatch(/<figure class="quote">\s*<blockquote cite="https:\/\/source\.example\/article">[\s\S]*<cite>/);
    const pull = '<figure class="wp-block-pullquote"><blockquote><p>Big words.</p><cite>Ana</cite></blockquote></figure>';
    expect(md(pull)).toBe('> [!pullquote]\n> Big words.\n>\n> — Ana');
    expect(renderBody(md(pull))).toMatch(/<aside class="pullquote">/);
  });

  it('escapes what would read as Markdown or as HTML entities, so text stays text', () => {
    expect(md('<p>*stars* _under_ # not a heading &amp;copy; 1. not a list | pipe ~~no~~</p>')).toBe('\\*stars\\* \\_under\\_ # not a heading \\&copy; 1. not a list \\| pipe \\~\\~no\\~\\~');
    expect(renderBody(md('<p>&lt;b&gt;literal&lt;/b&gt;</p>'))).toBe('<p>&lt;b&gt;literal&lt;/b&gt;</p>\n');
  });
});

describe('HTML as plain text', () => {
  it('gives a title’s text on one line, entities decoded and tags dropped', () => {
    expect(htmlToLine('Markup: Title <em>With</em>\nMarkup &amp; Bob&#8217;s <script>x()</script>')).toBe('Markup: Title With Markup & Bob’s');
  });

  it('gives a comment as paragraphs and lines, links followed by their address, scripts counted', () => {
    const { text, dropped } = htmlToCommentText(
      '<strong>Hi</strong> see <a href="https://example.org/">this</a>\nline two\n\n<blockquote>quoted</blockquote><ol><li>a</li><li>b</li></ol><script>x()</script><a href="javascript:x">bad</a>',
    );
    expect(text).toBe('Hi see this (https://example.org/)\nline two\n\n> quoted\n\n1. a\n2. b\n\nbad');
    expect(dropped).toBe(1);
  });
});
