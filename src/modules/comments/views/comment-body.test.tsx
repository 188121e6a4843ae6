import { parseHTML } from 'linkedom';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { CommentBody } from './comment-body.js';

/** Render a comment body and parse it back into a DOM. */
function render(text: string) {
  const html = renderToString(<CommentBody text={text} />);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const body = document.querySelector('.comment__body');
  if (!body) throw new Error(`no .comment__body in ${html}`);
  const links = [...body.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent, rel: a.getAttribute('rel'), target: a.getAttribute('target') }));
  return { html, body, links, paragraphs: [...body.querySelectorAll('p')].map((p) => p.textContent) };
}

describe('CommentBody', () => {
  describe('paragraphs and line breaks', () => {
    it('splits paragraphs on blank lines and breaks single newlines', () => {
      const { body, paragraphs } = render('First line\nsecond line\n\nNew paragraph\n\n\n\nThird');
      expect(paragraphs).toEqual(['First linesecond line', 'New paragraph', 'Third']);
      expect(body.querySelectorAll('p:first-child br')).toHaveLength(1);
      expect(body.querySelectorAll('br')).toHaveLength(1);
    });

    it('treats a line of spaces as a blank line and Windows newlines as newlines', () => {
      expect(render('One\r\n  \r\nTwo').paragraphs).toEqual(['One', 'Two']);
    });
  });

  describe('links', () => {
    it('links http and https addresses as written', () => {
      const { links, paragraphs } = render('See http://example.com/a and https://example.org/b?x=1 too');
      expect(links).toEqual([
        { href: 'http://example.com/a', text: 'http://example.com/a', rel: 'nofollow ugc noopener', target: null },
        { href: 'https://example.org/b?x=1', text: 'https://example.org/b?x=1', rel: 'nofollow ugc noopener', target: null },
      ]);
      expect(paragraphs).toEqual(['See http://example.com/a and https://example.org/b?x=1 too']);
    });

    it('links bare www. hosts over https', () => {
      expect(render('Go to www.example.com/page now').links).toEqual([{ href: 'https://www.example.com/page', text: 'www.example.com/page', rel: 'nofollow ugc noopener', target: null }]);
    });

    it('leaves trailing punctuation outside the link', () => {
      for (const end of ['.', ',', ';', ':', '!', '?', ')', ']', '}', "'", '"', '...', '!)', '.)']) {
        const { links, paragraphs } = render(`(see https://example.com/x${end}`);
        expect(
          links.map((l) => l.href),
          end,
        ).toEqual(['https://example.com/x']);
        expect(paragraphs[0], end).toBe(`(see https://example.com/x${end}`);
      }
    });

    it('keeps balanced parentheses inside an address', () => {
      const wiki = 'https://en.wikipedia.org/wiki/Mercury_(planet)';
      expect(render(`Read ${wiki}.`).links.map((l) => [l.href, l.text])).toEqual([[wiki, wiki]]);
      expect(render(`(as in ${wiki})`).links.map((l) => l.text)).toEqual([wiki]);
    });

    it('keeps query strings with & whole, escaped in the markup', () => {
      const url = 'https://example.com/search?q=a&b=2&c=%20';
      const { links, html } = render(`Try ${url}`);
      expect(links.map((l) => [l.href, l.text])).toEqual([[url, url]]);
      expect(html).toContain('href="https://example.com/search?q=a&amp;b=2&amp;c=%20"');
    });

    it('links unicode domains, shown as written and linked in their ASCII form', () => {
      expect(render('Buy at https://bücher.de/neu today').links.map((l) => [l.href, l.text])).toEqual([['https://xn--bcher-kva.de/neu', 'https://bücher.de/neu']]);
    });

    it('shortens a long address past 60 characters but links all of it', () => {
      const url = `https://example.com/${'a'.repeat(100)}`;
      const [link] = render(url).links;
      expect(link?.href).toBe(url);
      expect(link?.text).toBe(`${url.slice(0, 60)}…`);
    });

    it('links nothing but http(s)', () => {
      for (const text of [
        'javascript:alert(1)',
        'JaVaScRiPt:alert(1)',
        'data:text/html,<script>alert(1)</script>',
        'vbscript:msgbox(1)',
        'ftp://example.com/file',
        'http://',
        'https:// example.com',
        'www.',
        'mailto:a@example.com',
        'xhttp://example.com',
        'user@www.example.com',
        'http://%zz',
      ]) {
        const { links, paragraphs } = render(text);
        expect(links, text).toEqual([]);
        expect(paragraphs, text).toEqual([text]);
      }
    });

    it('links the http address inside a javascript: string, never the javascript: part', () => {
      const { links } = render('javascript:alert(1)//http://example.com');
      expect(links.every((l) => l.href?.startsWith('http://') || l.href?.startsWith('https://'))).toBe(true);
    });
  });

  describe('never markup', () => {
    it('shows tags as text', () => {
      const { body, paragraphs, html } = render('<b>bold</b> <script>alert(1)</script> <img src=x onerror=alert(1)>');
      expect(body.querySelectorAll('b, script, img')).toHaveLength(0);
      expect(paragraphs).toEqual(['<b>bold</b> <script>alert(1)</script> <img src=x onerror=alert(1)>']);
      expect(html).toContain('&lt;b>bold&lt;/b>');
    });

    it('cannot break out of the href attribute', () => {
      const { body, links } = render('http://example.com/"onmouseover="alert(1) https://example.com/\'><svg/onload=alert(1)>');
      expect(body.querySelectorAll('svg, [onmouseover]')).toHaveLength(0);
      for (const l of links) expect(l.href).toMatch(/^https?:\/\//);
    });

    it('removes bidi overrides everywhere and keeps emoji joiners in text', () => {
      const { paragraphs } = render('abc\u202Egnp.exe\u202C and \u2066x\u2069 👩\u200D💻');
      expect(paragraphs).toEqual(['abcgnp.exe and x 👩\u200D💻']);
    });

    it('removes zero-width characters from links', () => {
      const { links, paragraphs } = render('https://exa\u200Bmple.com/\uFEFFpa\u200Dth\u2060 ok');
      expect(links.map((l) => [l.href, l.text])).toEqual([['https://example.com/path', 'https://example.com/path']]);
      // A trailing one is not part of the address: it stays outside the link.
      expect(paragraphs).toEqual(['https://example.com/path\u2060 ok']);
    });
  });
});
