import { describe, it, expect, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { renderBody, type RenderOptions } from './markdown.render.js';
import { bodyToText } from './markdown.text.js';
import { HARBOUR } from '../../../test/fixtures/markdown-samples.js';

function dom(html: string): Document {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document as unknown as Document;
}

function render(markdown: string, options?: RenderOptions): { html: string; doc: Document; body: HTMLElement } {
  const html = renderBody(markdown, options);
  const doc = dom(html);
  return { html, doc, body: doc.body };
}

/** Text content with whitespace collapsed. */
function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

describe('renderBody: attributed quote', () => {
  it('renders a linked source as figure.quote > blockquote[cite] + figcaption > cite > a', () => {
    const { body } = render(HARBOUR);
    const children = Array.from(body.children);
    expect(children.map((c) => c.tagName.toLowerCase())).toEqual(['p', 'figure']);
    expect(text(children[0])).toBe('The Harbour Gazette has more on the vote:');

    const figure = body.querySelector('figure')!;
    expect(figure.getAttribute('class')).toBe('quote');
    expect(Array.from(figure.children).map((c) => c.tagName.toLowerCase())).toEqual(['blockquote', 'figcaption']);

    const quote = figure.querySelector(':scope > blockquote')!;
    expect(quote.getAttribute('cite')).toBe('https://example.org/pier-vote');
    const paragraphs = quote.querySelectorAll('p');
    expect(paragraphs).toHaveLength(1);
    expect(paragraphs[0]!.textContent).toBe('The council voted 7–2 to close the pier for the winter.\nResidents had asked for a delay.');
    expect(quote.textContent).not.toContain('Gazette');

    const caption = figure.querySelector(':scope > figcaption')!;
    expect(text(caption)).toBe('— The Harbour Gazette');
    const cite = caption.querySelector(':scope > cite')!;
    const link = cite.querySelector(':scope > a')!;
    expect(link.getAttribute('href')).toBe('https://example.org/pier-vote');
    expect(link.textContent).toBe('The Harbour Gazette');
  });

  it('matches the documented HTML, give or take whitespace', () => {
    const html = renderBody(HARBOUR).replace(/>\s+</g, '><').trim();
    expect(html).toBe(
      '<p>The Harbour Gazette has more on the vote:</p>' +
        '<figure class="quote"><blockquote cite="https://example.org/pier-vote"><p>The council voted 7–2 to close the pier for the winter.\n' +
        'Residents had asked for a delay.</p></blockquote>' +
        '<figcaption>— <cite><a href="https://example.org/pier-vote">The Harbour Gazette</a></cite></figcaption></figure>',
    );
  });

  it('renders a plain-text source without cite attribute or link', () => {
    const { body } = render('> We will rebuild.\n> — Mayor Ana Ruiz');
    const figure = body.querySelector('figure.quote')!;
    expect(figure).not.toBeNull();
    const quote = figure.querySelector('blockquote')!;
    expect(quote.hasAttribute('cite')).toBe(false);
    expect(text(quote)).toBe('We will rebuild.');
    const cite = figure.querySelector('figcaption > cite')!;
    expect(cite.textContent).toBe('Mayor Ana Ruiz');
    expect(figure.querySelector('a')).toBeNull();
  });

  it.each([
    ['em dash', '—'],
    ['two hyphens', '--'],
    ['three hyphens', '---'],
    ['horizontal bar', '―'],
  ])('accepts an attribution introduced by %s', (_name, dash) => {
    const { body } = render(`> Words.\n> ${dash} [Source](https://example.org/a)`);
    const figure = body.querySelector('figure.quote')!;
    expect(figure).not.toBeNull();
    expect(figure.querySelector('blockquote')!.getAttribute('cite')).toBe('https://example.org/a');
    // The caption always uses an em dash, whatever the author typed.
    expect(text(figure.querySelector('figcaption'))).toBe('— Source');
    expect(text(figure.querySelector('blockquote'))).toBe('Words.');
  });

  it('accepts the dash without a following space', () => {
    const { body } = render('> Words.\n> —Jane Doe');
    expect(body.querySelector('figure.quote figcaption cite')!.textContent).toBe('Jane Doe');
  });

  it('accepts the attribution as its own paragraph inside the quote', () => {
    const md = ['> First paragraph.', '>', '> Second paragraph.', '>', '> -- [The Harbour Gazette](https://example.org/pier-vote)'].join('\n');
    const { body } = render(md);
    const figure = body.querySelector('figure.quote')!;
    const quote = figure.querySelector('blockquote')!;
    expect(Array.from(quote.querySelectorAll('p')).map((p) => p.textContent)).toEqual(['First paragraph.', 'Second paragraph.']);
    expect(quote.getAttribute('cite')).toBe('https://example.org/pier-vote');
    expect(figure.querySelector('figcaption cite a')!.getAttribute('href')).toBe('https://example.org/pier-vote');
  });

  it('drops the hard break that precedes the attribution line', () => {
    const { body } = render('> Words.\\\n> — Jane Doe');
    const quote = body.querySelector('figure.quote blockquote')!;
    expect(quote.querySelector('br')).toBeNull();
    expect(quote.innerHTML).toBe('\n<p>Words.</p>\n');
  });

  it('keeps inline formatting of a plain-text source', () => {
    const { body } = render('> Words.\n> — *The Times*');
    const cite = body.querySelector('figure.quote figcaption cite')!;
    expect(cite.innerHTML).toBe('<em>The Times</em>');
  });

  it('applies typographic quotes inside the attribution', () => {
    const { body } = render('> Words.\n> — "Radio" Ruiz');
    expect(body.querySelector('cite')!.textContent).toBe('“Radio” Ruiz');
  });

  it('shows a non-http(s) link source as a plain name (no cite, no href)', () => {
    for (const url of ['/about', 'mailto:desk@example.org', 'javascript:alert(1)']) {
      const { body, html } = render(`> Words.\n> — [The Desk](${url})`);
      const figure = body.querySelector('figure.quote')!;
      expect(figure, url).not.toBeNull();
      expect(figure.querySelector('blockquote')!.hasAttribute('cite')).toBe(false);
      expect(figure.querySelector('a')).toBeNull();
      expect(figure.querySelector('figcaption cite')!.textContent).toBe('The Desk');
      expect(html).not.toContain('javascript:');
    }
  });

  it('uses a bare http(s) address as a linked source', () => {
    const { body } = render('> Words.\n> — https://example.org/report');
    const quote = body.querySelector('figure.quote blockquote')!;
    expect(quote.getAttribute('cite')).toBe('https://example.org/report');
    expect(body.querySelector('figcaption cite a')!.getAttribute('href')).toBe('https://example.org/report');
  });

  it('escapes the cite URL', () => {
    const { html, body } = render('> Words.\n> — [Src](https://example.org/?a=1&b="2")');
    expect(html).toContain('cite="https://example.org/?a=1&amp;b=%222%22"');
    expect(body.querySelector('blockquote')!.getAttribute('cite')).toBe('https://example.org/?a=1&b=%222%22');
  });

  it('works for a quote nested in another quote', () => {
    const { body } = render('> Outer text.\n>\n> > Inner text.\n> > — Jane Doe');
    const outer = body.querySelector(':scope > blockquote')!;
    expect(outer).not.toBeNull();
    const figure = outer.querySelector(':scope > figure.quote')!;
    expect(text(figure.querySelector('blockquote'))).toBe('Inner text.');
    expect(figure.querySelector('figcaption cite')!.textContent).toBe('Jane Doe');
  });

  describe('is not applied', () => {
    it('when the last line only mentions a dash mid-sentence', () => {
      const { body } = render('> The vote — 7 to 2 — surprised everyone.\n> It was close -- very close.');
      expect(body.querySelector('figure')).toBeNull();
      expect(body.querySelector('figcaption')).toBeNull();
      const quote = body.querySelector(':scope > blockquote')!;
      expect(text(quote)).toBe('The vote — 7 to 2 — surprised everyone. It was close – very close.');
    });

    it('when the dash line is not the last line', () => {
      const { body } = render('> — Not a source\n> but a continuation.');
      expect(body.querySelector('figure')).toBeNull();
      expect(text(body.querySelector('blockquote'))).toBe('— Not a source but a continuation.');
    });

    it('when the leading dash is written as an entity (&mdash;)', () => {
      const { body } = render('> Are you coming?\n> &mdash; she asked.');
      expect(body.querySelector('figure')).toBeNull();
      expect(body.querySelector('blockquote p')!.textContent).toBe('Are you coming?\n— she asked.');
    });

    it('when the quote holds nothing but the attribution', () => {
      const { body } = render('> — Jane Doe');
      expect(body.querySelector('figure')).toBeNull();
      expect(text(body.querySelector('blockquote'))).toBe('— Jane Doe');
    });

    it('when the attribution mixes a link with other text', () => {
      const { body } = render('> Words.\n> — Jane Doe, [The Gazette](https://example.org)');
      expect(body.querySelector('figure')).toBeNull();
      expect(body.querySelector('blockquote a')!.getAttribute('href')).toBe('https://example.org');
    });

    it('when the quote ends with a list rather than a paragraph', () => {
      const { body } = render('> Points:\n>\n> - one\n> - two');
      expect(body.querySelector('figure')).toBeNull();
      expect(body.querySelectorAll('blockquote li')).toHaveLength(2);
    });

    it('to a paragraph outside a quote', () => {
      const { body } = render('Words.\n— Jane Doe');
      expect(body.querySelector('figure')).toBeNull();
      expect(body.querySelector('cite')).toBeNull();
    });
  });
});

describe('renderBody: pull quote', () => {
  it('renders aside.pullquote > blockquote without the marker', () => {
    const { body, html } = render('Before.\n\n> [!pullquote]\n> The pier is the town.\n\nAfter.');
    const aside = body.querySelector('aside')!;
    expect(aside.getAttribute('class')).toBe('pullquote');
    expect(Array.from(aside.children).map((c) => c.tagName.toLowerCase())).toEqual(['blockquote']);
    expect(text(aside.querySelector('blockquote'))).toBe('The pier is the town.');
    expect(aside.querySelector('figure, figcaption, cite')).toBeNull();
    expect(html.toLowerCase()).not.toContain('[!pullquote]');
    expect(Array.from(body.children).map((c) => c.tagName.toLowerCase())).toEqual(['p', 'aside', 'p']);
  });

  it('is case-insensitive and allows the marker as its own paragraph', () => {
    const { body } = render('> [!PullQuote]\n>\n> The pier is the town.');
    const aside = body.querySelector('aside.pullquote')!;
    expect(aside).not.toBeNull();
    expect(aside.querySelectorAll('blockquote p')).toHaveLength(1);
    expect(text(aside)).toBe('The pier is the town.');
  });

  it('carries an attribution in a figure inside the aside', () => {
    const md = '> [!pullquote]\n> The pier is the town.\n> — [Ana Ruiz](https://example.org/ruiz)';
    const { body } = render(md);
    const aside = body.querySelector('aside.pullquote')!;
    expect(aside).not.toBeNull();
    expect(body.querySelector('figure.quote')).toBeNull();
    const figure = aside.querySelector(':scope > figure')!;
    expect(Array.from(figure.children).map((c) => c.tagName.toLowerCase())).toEqual(['blockquote', 'figcaption']);
    const quote = figure.querySelector('blockquote')!;
    expect(quote.getAttribute('cite')).toBe('https://example.org/ruiz');
    expect(text(quote)).toBe('The pier is the town.');
    const cite = figure.querySelector('figcaption > cite')!;
    expect(cite.querySelector('a')!.getAttribute('href')).toBe('https://example.org/ruiz');
    expect(text(figure.querySelector('figcaption'))).toBe('— Ana Ruiz');
  });

  it('carries a plain-text attribution', () => {
    const { body } = render('> [!pullquote]\n> The pier is the town.\n>\n> -- Ana Ruiz');
    const figure = body.querySelector('aside.pullquote > figure')!;
    expect(figure.querySelector('blockquote')!.hasAttribute('cite')).toBe(false);
    expect(figure.querySelector('figcaption cite')!.textContent).toBe('Ana Ruiz');
  });

  describe('is not applied', () => {
    it('when the marker is not on the first line', () => {
      const { body } = render('> The pier is the town.\n> [!pullquote]');
      expect(body.querySelector('aside')).toBeNull();
      expect(text(body.querySelector('blockquote'))).toBe('The pier is the town. [!pullquote]');
    });

    it('when text follows the marker on the same line', () => {
      const { body } = render('> [!pullquote] The pier is the town.');
      expect(body.querySelector('aside')).toBeNull();
    });

    it('when the marker is escaped', () => {
      const { body } = render('> \\[!pullquote\\]\n> The pier is the town.');
      expect(body.querySelector('aside')).toBeNull();
      expect(text(body.querySelector('blockquote'))).toBe('[!pullquote] The pier is the town.');
    });

    it('when the quote holds nothing but the marker', () => {
      const { body } = render('> [!pullquote]');
      expect(body.querySelector('aside')).toBeNull();
      expect(text(body.querySelector('blockquote'))).toBe('[!pullquote]');
    });

    it('outside a block quote', () => {
      const { body } = render('[!pullquote]\nText.');
      expect(body.querySelector('aside')).toBeNull();
    });
  });
});

describe('renderBody: plain block quote', () => {
  it('renders a normal blockquote', () => {
    const { body } = render('> Just a quote.\n> Two lines.');
    expect(body.querySelector('figure, aside, figcaption, cite')).toBeNull();
    const quote = body.querySelector(':scope > blockquote')!;
    expect(quote.hasAttribute('cite')).toBe(false);
    expect(quote.querySelector('p')!.textContent).toBe('Just a quote.\nTwo lines.');
  });
});

describe('renderBody: images', () => {
  const sizes: RenderOptions = {
    imageSize: (src) => (src === '/media/x.jpg' ? { width: 1200, height: 800 } : undefined),
  };

  it('renders a lone image with caption, credit and size as figure.image', () => {
    const html = renderBody('![Alt text](/media/x.jpg "Caption text | Photo: Ana Ruiz")', sizes);
    expect(html.trim()).toBe(
      '<figure class="image"><img src="/media/x.jpg" alt="Alt text" width="1200" height="800" loading="lazy" decoding="async">' +
        '<figcaption><span class="caption">Caption text</span> <span class="credit">Photo: Ana Ruiz</span></figcaption></figure>',
    );
    const figure = dom(html).querySelector('figure.image')!;
    expect(figure.querySelector('img')!.hasAttribute('title')).toBe(false);
    expect(figure.parentElement!.tagName.toLowerCase()).toBe('body');
  });

  it('omits the figcaption when there is no title', () => {
    const { body } = render('![Alt text](/media/x.jpg)', sizes);
    const figure = body.querySelector('figure.image')!;
    expect(figure).not.toBeNull();
    expect(figure.querySelector('figcaption')).toBeNull();
    expect(body.querySelector('p')).toBeNull();
  });

  it('treats a title without " | " as a caption only', () => {
    const { body } = render('![Alt](/media/x.jpg "The pier at dawn")');
    const caption = body.querySelector('figure.image figcaption')!;
    expect(caption.querySelector('.caption')!.textContent).toBe('The pier at dawn');
    expect(caption.querySelector('.credit')).toBeNull();
  });

  it('supports a credit without a caption', () => {
    const { body } = render('![Alt](/media/x.jpg "| Photo: Ana Ruiz")');
    const caption = body.querySelector('figure.image figcaption')!;
    expect(caption.querySelector('.caption')).toBeNull();
    expect(caption.querySelector('.credit')!.textContent).toBe('Photo: Ana Ruiz');
  });

  it('splits on the last " | "', () => {
    const { body } = render('![Alt](/media/x.jpg "Left | right of the pier | Photo: Ana Ruiz")');
    expect(body.querySelector('.caption')!.textContent).toBe('Left | right of the pier');
    expect(body.querySelector('.credit')!.textContent).toBe('Photo: Ana Ruiz');
  });

  it('does not split on a pipe without spaces around it', () => {
    const { body } = render('![Alt](/media/x.jpg "A|B")');
    expect(body.querySelector('.caption')!.textContent).toBe('A|B');
    expect(body.querySelector('.credit')).toBeNull();
  });

  it('escapes caption, credit and alt text', () => {
    const { body, html } = render('![<b>alt</b>](/media/x.jpg "<i>cap</i> | <script>x</script>")');
    expect(body.querySelector('b, i, script')).toBeNull();
    expect(body.querySelector('img')!.getAttribute('alt')).toBe('<b>alt</b>');
    expect(body.querySelector('.caption')!.textContent).toBe('<i>cap</i>');
    expect(body.querySelector('.credit')!.textContent).toBe('<script>x</script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('uses alt text without markup', () => {
    const { body } = render('![The *old* `pier`](/media/x.jpg)');
    expect(body.querySelector('img')!.getAttribute('alt')).toBe('The old pier');
  });

  it('omits width/height when the size is unknown', () => {
    const imageSize = vi.fn((_src: string) => undefined);
    const { body } = render('![Alt](/media/unknown.jpg "Cap")', { imageSize });
    const img = body.querySelector('figure.image img')!;
    expect(img.hasAttribute('width')).toBe(false);
    expect(img.hasAttribute('height')).toBe(false);
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('decoding')).toBe('async');
    expect(imageSize).toHaveBeenCalledWith('/media/unknown.jpg');
  });

  it('omits width/height without an imageSize option', () => {
    const { body } = render('![Alt](/media/x.jpg)');
    expect(body.querySelector('img')!.hasAttribute('width')).toBe(false);
  });

  it('ignores unusable sizes and rounds fractional ones', () => {
    const bad = render('![Alt](/media/x.jpg)', { imageSize: () => ({ width: Number.NaN, height: 10 }) });
    expect(bad.body.querySelector('img')!.hasAttribute('width')).toBe(false);
    const zero = render('![Alt](/media/x.jpg)', { imageSize: () => ({ width: 0, height: 10 }) });
    expect(zero.body.querySelector('img')!.hasAttribute('height')).toBe(false);
    const frac = render('![Alt](/media/x.jpg)', { imageSize: () => ({ width: 640.4, height: 479.6 }) });
    const img = frac.body.querySelector('img')!;
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['640', '480']);
  });

  it('passes the output src to imageSize', () => {
    const imageSize = vi.fn((_src: string) => ({ width: 10, height: 20 }));
    render('![Alt](</media/my photo.jpg>)', { imageSize });
    expect(imageSize).toHaveBeenCalledWith('/media/my%20photo.jpg');
  });

  it('keeps options per call (no state leaks between renders)', () => {
    const a = render('![A](/media/x.jpg)', { imageSize: () => ({ width: 1, height: 2 }) });
    const b = render('![A](/media/x.jpg)');
    expect(a.body.querySelector('img')!.getAttribute('width')).toBe('1');
    expect(b.body.querySelector('img')!.hasAttribute('width')).toBe(false);
  });

  it('keeps an image with text around it inline, with lazy loading and size', () => {
    const { body } = render('The pier ![Pier](/media/x.jpg "Cap | Credit") at dawn.', sizes);
    expect(body.querySelector('figure')).toBeNull();
    const p = body.querySelector(':scope > p')!;
    const img = p.querySelector('img')!;
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('decoding')).toBe('async');
    expect(img.getAttribute('width')).toBe('1200');
    expect(img.getAttribute('height')).toBe('800');
    expect(img.getAttribute('title')).toBe('Cap | Credit');
    expect(body.querySelector('figcaption')).toBeNull();
  });

  it('keeps two images in one paragraph inline', () => {
    const { body } = render('![A](/a.jpg)\n![B](/b.jpg)');
    expect(body.querySelector('figure')).toBeNull();
    expect(body.querySelectorAll('p > img')).toHaveLength(2);
  });

  it('keeps a linked image inline', () => {
    const { body } = render('[![A](/a.jpg "Cap")](https://example.org)');
    expect(body.querySelector('figure')).toBeNull();
    expect(body.querySelector('p > a > img')!.getAttribute('loading')).toBe('lazy');
  });

  it('renders an image figure inside a block quote', () => {
    const { body } = render('> ![A](/a.jpg "Cap")');
    expect(body.querySelector('blockquote > figure.image > img')).not.toBeNull();
  });
});

describe('renderBody: emphasis paragraph', () => {
  it('marks a paragraph that is a single strong span', () => {
    const { body } = render('**The pier will close on 1 November.**');
    const p = body.querySelector('p')!;
    expect(p.getAttribute('class')).toBe('emphasis');
    expect(p.innerHTML).toBe('<strong>The pier will close on 1 November.</strong>');
  });

  it('accepts __strong__ and nested inline markup', () => {
    const { body } = render('__Closed *until* spring__');
    const p = body.querySelector('p.emphasis')!;
    expect(p.innerHTML).toBe('<strong>Closed <em>until</em> spring</strong>');
  });

  it('does not mark a paragraph that merely contains bold', () => {
    for (const md of ['**Update:** the pier is closed.', 'The pier is **closed**.', '**One** and **two**', '*Just italic*']) {
      const { body } = render(md);
      const p = body.querySelector('p')!;
      expect(p.hasAttribute('class'), md).toBe(false);
    }
  });

  it('applies to bold paragraphs inside quotes', () => {
    const { body } = render('> **Loud.**\n>\n> Quiet.');
    expect(body.querySelector('blockquote p.emphasis')).not.toBeNull();
  });
});

describe('renderBody: safety', () => {
  it('escapes raw HTML blocks', () => {
    const { body, html } = render('<script>alert(1)</script>');
    expect(body.querySelector('script')).toBeNull();
    expect(text(body.querySelector('p'))).toBe('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes inline HTML and event-handler attributes', () => {
    const { body } = render('Hello <b onclick=x()>bold</b> <img src=x onerror=alert(1)>');
    expect(body.querySelector('b, img')).toBeNull();
    expect(text(body)).toBe('Hello <b onclick=x()>bold</b> <img src=x onerror=alert(1)>');
  });

  it.each([
    '[click](javascript:alert(1))',
    '[click](JavaScript:alert(1))',
    '[click](  javascript:alert(1) )',
    '[click](<javascript:alert(1)>)',
    '[click](&#106;avascript:alert(1))',
    '[click](javascript&#58;alert(1))',
    '[click](java&#9;script:alert(1))',
    '[click](vbscript:msgbox(1))',
    '[click](data:text/html;base64,PHNjcmlwdD4=)',
    '[click](file:///etc/passwd)',
    '[click][ref]\n\n[ref]: javascript:alert(1)',
  ])('drops the link but keeps its text: %s', (md) => {
    const { body, html } = render(md);
    expect(body.querySelector('a')).toBeNull();
    expect(text(body)).toBe('click');
    expect(html.toLowerCase()).not.toMatch(/javascript|vbscript|data:|file:/);
  });

  it('removes autolinks with a disallowed scheme', () => {
    const { body, html } = render('Go <javascript:alert(1)> now <data:text/html,x>');
    expect(body.querySelector('a')).toBeNull();
    expect(html).not.toContain('javascript');
    expect(html).not.toContain('data:');
  });

  it.each(['![x](data:image/png;base64,iVBORw0KGgo=)', '![x](javascript:alert(1))', '![x](data:image/svg+xml,<svg/>)'])('drops images with a disallowed src, keeping the alt text: %s', (md) => {
    const { body, html } = render(md);
    expect(body.querySelector('img')).toBeNull();
    expect(text(body)).toBe('x');
    expect(html).not.toMatch(/javascript|data:/);
  });

  it('keeps http(s), mailto, tel, relative and fragment links unchanged', () => {
    const md = '[a](https://example.org/x) [b](http://example.org) [c](mailto:desk@example.org) ' + '[d](tel:+441234567) [e](/news/pier) [f](#top) [g](../up) [h](?page=2) [i](//cdn.example.org/x)';
    const { body } = render(md);
    const hrefs = Array.from(body.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://example.org/x', 'http://example.org', 'mailto:desk@example.org', 'tel:+441234567', '/news/pier', '#top', '../up', '?page=2', '//cdn.example.org/x']);
    for (const a of Array.from(body.querySelectorAll('a'))) {
      expect(a.hasAttribute('target')).toBe(false);
      expect(a.hasAttribute('rel')).toBe(false);
    }
  });

  it('linkifies bare http(s) addresses', () => {
    const { body } = render('See https://example.org/report for details.');
    expect(body.querySelector('a')!.getAttribute('href')).toBe('https://example.org/report');
  });

  it('escapes attribute values', () => {
    const { body } = render('[x](https://example.org/"onmouseover="alert(1) "a \\"title\\"")');
    const a = body.querySelector('a')!;
    expect(a.hasAttribute('onmouseover')).toBe(false);
    expect(a.getAttribute('title')).toBe('a "title"');
  });
});

describe('renderBody: headings', () => {
  it('shifts ATX headings down one level, capped at h6', () => {
    const md = ['# One', '## Two', '### Three', '#### Four', '##### Five', '###### Six'].join('\n');
    const { body } = render(md);
    expect(Array.from(body.children).map((c) => `${c.tagName.toLowerCase()}:${c.textContent}`)).toEqual(['h2:One', 'h3:Two', 'h4:Three', 'h5:Four', 'h6:Five', 'h6:Six']);
    expect(body.querySelector('h1')).toBeNull();
  });

  it('shifts setext headings too', () => {
    const { body } = render('Top\n===\n\nSub\n---');
    expect(Array.from(body.children).map((c) => c.tagName.toLowerCase())).toEqual(['h2', 'h3']);
  });

  it('never goes more than one level below the heading before, so the outline under the h1 has no gaps', () => {
    const md = ['## Starts low', '#### Skips one', '# Back to the top', '###### Skips four', '### One below', '##### Down', '> ### Back up, in a quote'].join('\n\n');
    const { body } = render(md);
    const levels = [...body.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => `${h.tagName.toLowerCase()}:${h.textContent}`);
    expect(levels).toEqual(['h2:Starts low', 'h3:Skips one', 'h2:Back to the top', 'h3:Skips four', 'h4:One below', 'h5:Down', 'h4:Back up, in a quote']);
    // Each closing tag matches its opening tag.
    expect(renderBody('#### Deep\n\n# Top')).toBe('<h2>Deep</h2>\n<h2>Top</h2>\n');
  });
});

describe('renderBody: CommonMark and typography', () => {
  it('renders lists, emphasis, code, rules and tables', () => {
    const md = [
      'Some *em*, **strong**, ~~struck~~ and `code <x>`.',
      '',
      '- one',
      '- two',
      '',
      '1. first',
      '2. second',
      '',
      '---',
      '',
      '```js',
      'if (a < b) {}',
      '```',
      '',
      '| A | B |',
      '|---|---|',
      '| 1 | 2 |',
    ].join('\n');
    const { body } = render(md);
    expect(body.querySelector('em')!.textContent).toBe('em');
    expect(body.querySelector('s')!.textContent).toBe('struck');
    expect(body.querySelector('p code')!.textContent).toBe('code <x>');
    expect(body.querySelectorAll('ul > li')).toHaveLength(2);
    expect(body.querySelectorAll('ol > li')).toHaveLength(2);
    expect(body.querySelector('hr')).not.toBeNull();
    expect(body.querySelector('pre > code.language-js')!.textContent).toBe('if (a < b) {}\n');
    expect(body.querySelectorAll('table td')).toHaveLength(2);
  });

  it('aligns table columns with classes, never an inline style the content security policy would block', () => {
    const { html, body } = render('| L | C | R | N |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |');
    expect(html).not.toContain('style=');
    expect(html).toContain('<th>N</th>');
    expect([...body.querySelectorAll('th')].map((c) => c.className)).toEqual(['align-left', 'align-center', 'align-right', '']);
    expect([...body.querySelectorAll('td')].map((c) => c.className)).toEqual(['align-left', 'align-center', 'align-right', '']);
  });

  it('applies typographic replacements', () => {
    const { body } = render('"Quoted" -- it\'s 1990--1995... ---');
    expect(text(body.querySelector('p'))).toBe('“Quoted” – it’s 1990–1995… —');
  });

  it('leaves (c), (tm) and (r) as typed', () => {
    const { body } = render('Sen. Jane Doe (R) backed options (a), (b) and (c); see Brand(TM) -- "ok".');
    expect(text(body.querySelector('p'))).toBe('Sen. Jane Doe (R) backed options (a), (b) and (c); see Brand(TM) – “ok”.');
    expect(bodyToText('> Text (r).\n> — Party (C)')).toBe('Text (r). — Party (C)');
  });

  it('returns an empty string for an empty body', () => {
    expect(renderBody('')).toBe('');
    expect(renderBody('   \n\n')).toBe('');
  });
});
