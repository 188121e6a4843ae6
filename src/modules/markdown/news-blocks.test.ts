import { describe, it, expect } from 'vitest';
import { parseHTML } from 'linkedom';
import { renderBody } from './markdown.render.js';
import { imageMarkdown, type MarkdownImage } from './news-blocks.js';

const PIER: MarkdownImage = {
  url: '/media/uploads/2024/05/pier.jpg',
  alt: 'The pier at dawn',
  caption: 'The pier on Friday',
  credit: 'Photo: Ana Ruiz',
  variants: [
    { url: '/media/uploads/2024/05/pier-640.webp', mime: 'image/webp' },
    { url: '/media/uploads/2024/05/pier-1280.jpg', mime: 'image/jpeg' },
  ],
};

describe('imageMarkdown', () => {
  it('points at the first rendition that is not WebP, with caption and credit in the title', () => {
    expect(imageMarkdown(PIER)).toBe('![The pier at dawn](/media/uploads/2024/05/pier-1280.jpg "The pier on Friday | Photo: Ana Ruiz")');
  });

  it('points at the image itself when it has no other rendition', () => {
    expect(imageMarkdown({ ...PIER, variants: [] })).toBe('![The pier at dawn](/media/uploads/2024/05/pier.jpg "The pier on Friday | Photo: Ana Ruiz")');
    expect(imageMarkdown({ ...PIER, variants: [PIER.variants[0]!] })).toContain('(/media/uploads/2024/05/pier.jpg ');
  });

  it('writes a credit without a caption, a caption without a credit, and no title for neither', () => {
    expect(imageMarkdown({ ...PIER, caption: '' })).toBe('![The pier at dawn](/media/uploads/2024/05/pier-1280.jpg "| Photo: Ana Ruiz")');
    expect(imageMarkdown({ ...PIER, credit: '' })).toBe('![The pier at dawn](/media/uploads/2024/05/pier-1280.jpg "The pier on Friday")');
    expect(imageMarkdown({ ...PIER, caption: ' ', credit: '' })).toBe('![The pier at dawn](/media/uploads/2024/05/pier-1280.jpg)');
  });

  it('ends a caption that holds " | " with an empty credit, so the whole caption stays a caption', () => {
    expect(imageMarkdown({ ...PIER, caption: 'Left | right of the pier', credit: '' })).toBe('![The pier at dawn](/media/uploads/2024/05/pier-1280.jpg "Left | right of the pier |")');
  });

  it('puts alt text, caption and credit on one line and escapes what Markdown would read', () => {
    const markdown = imageMarkdown({ ...PIER, alt: 'The *old*\n[pier]  at <dawn>!', caption: 'Residents said "no"\nat the vote', credit: 'Photo: C:\\scans' });
    expect(markdown).toBe('![The \\*old\\* \\[pier\\] at \\<dawn\\>\\!](/media/uploads/2024/05/pier-1280.jpg "Residents said \\"no\\" at the vote | Photo: C:\\\\scans")');
  });

  it('renders back as the figure it describes', () => {
    const image = { ...PIER, alt: 'The *old* pier', caption: 'Left | right of the pier "here"', credit: 'Photo: Ana Ruiz' };
    const { document } = parseHTML(`<!doctype html><html><body>${renderBody(imageMarkdown(image))}</body></html>`);
    const figure = document.querySelector('figure.image')!;
    expect(figure.querySelector('img')!.getAttribute('alt')).toBe('The *old* pier');
    expect(figure.querySelector('img')!.getAttribute('src')).toBe('/media/uploads/2024/05/pier-1280.jpg');
    expect(figure.querySelector('.caption')!.textContent).toBe('Left | right of the pier "here"');
    expect(figure.querySelector('.credit')!.textContent).toBe('Photo: Ana Ruiz');
    const captionOnly = parseHTML(`<!doctype html><html><body>${renderBody(imageMarkdown({ ...image, credit: '' }))}</body></html>`).document;
    expect(captionOnly.querySelector('figure.image .caption')!.textContent).toBe('Left | right of the pier "here"');
    expect(captionOnly.querySelector('figure.image .credit')).toBeNull();
  });
});
