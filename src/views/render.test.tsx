import { describe, expect, it } from 'vitest';
import { rawMarkup, renderDocument, renderPageBody } from './render.js';

const bytesOf = (body: string | Buffer) => (typeof body === 'string' ? Buffer.from(body, 'utf8') : body);

function Item({ n }: { n: number }) {
  // Two-byte characters (a dash, curly quotes, an emoji) as a real comment has them.
  return rawMarkup(`<li id="c${n}"><p>Comment ${n} — it’s “fine” 👍 ${'x'.repeat(n % 50)}</p></li>`);
}

function Page({ count, title }: { count: number; title: string }) {
  return (
    <html lang="en">
      <body>
        <h1>{title}</h1>
        <ol>
          {Array.from({ length: count }, (_, i) => (
            <Item key={i} n={i} />
          ))}
        </ol>
        <footer>Ends — here</footer>
      </body>
    </html>
  );
}

describe('renderPageBody', () => {
  it('gives a short page back as the very string renderDocument makes', () => {
    const page = <Page count={20} title="A short thread" />;
    expect(renderPageBody(page)).toBe(renderDocument(page));
  });

  it('gives the same bytes as the document rendered as one string, for a page far past the chunk size', () => {
    const page = <Page count={3000} title="A long thread" />;
    const text = renderDocument(page);
    expect(text.length).toBeGreaterThan(150_000);
    expect(text).toContain('<li id="c2999">');
    const body = renderPageBody(page);
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(bytesOf(body).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('gives the same bytes for a page with no markup set aside, and with a single piece', () => {
    for (const count of [0, 1]) {
      const page = <Page count={count} title="Short — page" />;
      expect(bytesOf(renderPageBody(page)).equals(Buffer.from(renderDocument(page), 'utf8'))).toBe(true);
    }
  });

  it('places raw markup inline outside a byte render, and leaves no marker behind', () => {
    const text = renderDocument(<Page count={3} title="t" />);
    expect(text).toContain('<li id="c2">');
    expect(text).not.toContain('\u0000');
    expect(bytesOf(renderPageBody(<Page count={3} title="t" />)).includes(0)).toBe(false);
    expect(bytesOf(renderPageBody(<Page count={3000} title="t" />)).includes(0)).toBe(false);
  });

  it('keeps text that looks like a marker as text', () => {
    const page = <Page count={2} title={'\u0000fake\u0000 heading'} />;
    expect(bytesOf(renderPageBody(page)).equals(Buffer.from(renderDocument(page), 'utf8'))).toBe(true);
  });

  it('sets nothing aside after a render that failed', () => {
    const Broken = () => {
      rawMarkup('<p>before</p>');
      throw new Error('view failed');
    };
    expect(() => renderPageBody(<Broken />)).toThrow('view failed');
    expect(renderDocument(<Page count={2} title="after" />)).toContain('<li id="c1">');
  });
});
