import { describe, it, expect } from 'vitest';
import { bodyImageUrls, bodyToText, excerptFrom } from './markdown.text.js';
import { HARBOUR } from '../../../test/fixtures/markdown-samples.js';

describe('bodyToText', () => {
  it('removes markup and collapses whitespace', () => {
    const md = ['# Heading', '', 'Some *em*,   **strong** and a [link](https://example.org).', 'Second   line.', '', '- one', '- two'].join('\n');
    expect(bodyToText(md)).toBe('Heading Some em, strong and a link. Second line. one two');
  });

  it('keeps quotes with their attribution and drops the pull quote marker', () => {
    expect(bodyToText(HARBOUR)).toBe('The Harbour Gazette has more on the vote: The council voted 7–2 to close the pier for the winter. ' + 'Residents had asked for a delay. — The Harbour Gazette');
    expect(bodyToText('> [!pullquote]\n> The pier is the town.')).toBe('The pier is the town.');
  });

  it('leaves out images, their alt text and captions', () => {
    expect(bodyToText('![Alt](/media/x.jpg "Caption | Photo: Ana Ruiz")\n\nThe pier ![icon](/i.png) closed.')).toBe('The pier closed.');
  });

  it('keeps code and decodes entities', () => {
    expect(bodyToText('Use `npm test` &amp; wait&nbsp;a bit.\n\n```\nline one\n  line two\n```')).toBe('Use npm test & wait a bit. line one line two');
  });

  it('shows raw HTML as text', () => {
    expect(bodyToText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });

  it('drops disallowed link targets but keeps link text', () => {
    expect(bodyToText('[click](javascript:alert(1)) here')).toBe('click here');
  });

  it('returns an empty string for an empty body', () => {
    expect(bodyToText('')).toBe('');
  });
});

describe('excerptFrom', () => {
  const long = 'The council voted seven to two on Tuesday to close the pier for the winter, despite residents asking for a delay.';

  it('returns the whole text, without ellipsis, when it fits', () => {
    expect(excerptFrom('The pier *is* closed.')).toBe('The pier is closed.');
    expect(excerptFrom('Exactly ten', 11)).toBe('Exactly ten');
  });

  it('cuts at a word boundary and adds an ellipsis', () => {
    const out = excerptFrom(long, 30);
    expect(out).toBe('The council voted seven to two…');
    expect(out.length).toBeLessThanOrEqual(31);
  });

  it('never ends with a partial word', () => {
    for (let n = 5; n < long.length; n++) {
      const out = excerptFrom(long, n);
      expect(out.endsWith('…'), String(n)).toBe(true);
      const kept = out.slice(0, -1);
      expect(kept.length).toBeLessThanOrEqual(n);
      expect(long.startsWith(kept)).toBe(true);
      // The next character in the source is a boundary (space or punctuation that was trimmed).
      expect(long[kept.length]).toMatch(/[\s,]/);
    }
  });

  it('keeps a word that ends exactly at the limit', () => {
    expect(excerptFrom('The quick brown fox jumps', 19)).toBe('The quick brown fox…');
  });

  it('drops trailing punctuation before the ellipsis', () => {
    expect(excerptFrom(long, 77)).toBe('The council voted seven to two on Tuesday to close the pier for the winter…');
  });

  it('defaults to 200 characters', () => {
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const out = excerptFrom(words);
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(201);
    expect(out.length).toBeGreaterThan(190);
    expect(excerptFrom('a '.repeat(100).trim())).toBe('a '.repeat(100).trim());
  });

  it('cuts a single over-long word mid-word', () => {
    expect(excerptFrom('Supercalifragilistic', 5)).toBe('Super…');
  });

  it('does not split a surrogate pair', () => {
    expect(excerptFrom('ab😀cd', 3)).toBe('ab…');
  });

  it('removes markup before measuring', () => {
    expect(excerptFrom('## The **pier** [closes](https://example.org/pier)\n\nMore text follows here.', 17)).toBe('The pier closes…');
  });

  it('handles a zero limit and rejects negative ones', () => {
    expect(excerptFrom('Some text', 0)).toBe('');
    expect(() => excerptFrom('Some text', -1)).toThrow(RangeError);
  });
});

describe('bodyImageUrls', () => {
  it('lists the address of every image in a body, with or without a title or angle brackets', () => {
    const md = ['Text.', '', '![A pier](/media/pier.jpg "The pier | Photo: A. Ruiz")', '', 'More ![inline](<https://example.org/a b.png>) and [a link](/not-an-image).'].join('\n');
    expect(bodyImageUrls(md)).toEqual(['/media/pier.jpg', 'https://example.org/a']);
    expect(bodyImageUrls('No images here.')).toEqual([]);
  });
});
