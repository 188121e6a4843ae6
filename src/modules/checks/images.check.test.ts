import { describe, expect, it } from 'vitest';
import type { DraftForChecks } from './checks.types.js';
import { featuredImageRepeated, imageAlt } from './images.check.js';

const draft = (over: Partial<DraftForChecks> = {}): DraftForChecks => ({
  headline: 'Wildfire reaches the ridge',
  dek: 'Crews worked through the night.',
  excerpt: '',
  body: 'Crews worked through the night.',
  publishedAt: '2024-08-02T14:00:00Z',
  featuredImage: { alt: 'Firefighters on a smoky ridge line' },
  siteTimezone: 'America/Denver',
  ...over,
});

describe('image-alt', () => {
  it('is a blocker when the featured image has no alt text', () => {
    expect(imageAlt(draft({ featuredImage: { alt: '  ' } }))).toEqual([
      { id: 'image-alt', severity: 'blocker', message: "The featured image has no alt text; describe it for readers who can't see it." },
    ]);
  });

  it('names a body image by its caption', () => {
    const body = 'The fire grew.\n\n![](/media/ridge.jpg "Crews at the ridge | Photo: Ana Ruiz")\n\nIt spread east.';
    const [r, ...rest] = imageAlt(draft({ body }));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ id: 'image-alt', severity: 'blocker', excerpt: '![](/media/ridge.jpg "Crews at the ridge | Photo: Ana Ruiz")' });
    expect(r?.message).toMatch(/^The image “Crews at the ridge” has no alt text; describe it for readers who can't see it/);
  });

  it('names an image without a caption by its file name, and treats spaces-only alt text as missing', () => {
    const [r] = imageAlt(draft({ body: 'Before ![ ](https://cdn.example.org/photos/map-2.png?w=800) after.' }));
    expect(r?.message).toMatch(/^The image map-2\.png has no alt text/);
  });

  it('reports every image without alt text, in order, featured image first', () => {
    const body = '![](/media/a.jpg)\n\n![Smoke over the valley](/media/b.jpg)\n\n![](/media/c.jpg "Evacuees at the school")';
    const results = imageAlt(draft({ body, featuredImage: { alt: '' } }));
    expect(results.map((r) => r.excerpt)).toEqual([undefined, '![](/media/a.jpg)', '![](/media/c.jpg "Evacuees at the school")']);
  });

  it('is silent when every image is described, with no featured image, or for image syntax inside code', () => {
    const body = [
      '![Smoke over the valley at dusk](/media/b.jpg "Smoke on Thursday | Photo: AP")',
      'Inline ![Map of the burn area](/media/map.png) too.',
      '```\n![](/media/example.jpg)\n```',
      'Type `![](/media/x.jpg)` to add a photo.',
    ].join('\n\n');
    expect(imageAlt(draft({ body }))).toEqual([]);
    expect(imageAlt(draft({ body: 'No photos.', featuredImage: null }))).toEqual([]);
  });
});

describe('featured-image-repeated', () => {
  const featuredImage = { alt: 'Crews at the ridge', urls: ['/media/uploads/2024/08/ab12-ridge.jpg', '/media/uploads/2024/08/ab12-ridge-800.webp'] };

  it('warns when the first body image is the featured image, under any of its addresses', () => {
    for (const src of ['/media/uploads/2024/08/ab12-ridge.jpg', '/media/uploads/2024/08/ab12-ridge-800.webp?v=2', 'https://news.example.org/media/uploads/2024/08/ab12-ridge.jpg']) {
      const body = `The fire grew.\n\n![Crews at the ridge](${src} "Crews | Photo: Ana Ruiz")\n\nIt spread east.`;
      const results = featuredImageRepeated(
        draft({ body, featuredImage: src.startsWith('https') ? { ...featuredImage, urls: ['https://news.example.org/media/uploads/2024/08/ab12-ridge.jpg'] } : featuredImage }),
      );
      expect(results, src).toEqual([expect.objectContaining({ id: 'featured-image-repeated', severity: 'warning', excerpt: `![Crews at the ridge](${src} "Crews | Photo: Ana Ruiz")` })]);
      expect(results[0]?.message).toMatch(/already see above the story/);
    }
  });

  it('is silent when the featured image comes later, is another image, or there is none', () => {
    expect(featuredImageRepeated(draft({ body: '![Map](/media/map.png)\n\n![Crews](/media/uploads/2024/08/ab12-ridge.jpg)', featuredImage }))).toEqual([]);
    expect(featuredImageRepeated(draft({ body: '![Other](/media/uploads/2024/08/cd34-other.jpg)', featuredImage }))).toEqual([]);
    expect(featuredImageRepeated(draft({ body: '![Crews](/media/uploads/2024/08/ab12-ridge.jpg)', featuredImage: null }))).toEqual([]);
    expect(featuredImageRepeated(draft({ body: 'No images.', featuredImage }))).toEqual([]);
    expect(featuredImageRepeated(draft({ body: '```\n![x](/media/uploads/2024/08/ab12-ridge.jpg)\n```', featuredImage }))).toEqual([]);
  });
});
