import { describe, expect, it } from 'vitest';
import { around, emptyBody, MASK, parseBody, proseSegments } from './body.check.js';
import type { DraftForChecks } from './checks.types.js';

const draft = (over: Partial<DraftForChecks> = {}): DraftForChecks => ({
  headline: 'Council closes pier ferry for the winter',
  dek: 'The service will resume in spring.',
  excerpt: '',
  body: 'The council voted 7–2 on Tuesday.',
  publishedAt: '2024-03-29T14:00:00Z',
  featuredImage: null,
  siteTimezone: 'America/Chicago',
  ...over,
});

describe('reading the body', () => {
  it('keeps code as text but masks it, and leaves fenced code out', () => {
    const { segments } = parseBody('Run `ls , -l` now.\n\n```\nthe the\n```\n\nDone.');
    expect(segments.map((s) => s.text)).toEqual(['Run ls , -l now.', 'Done.']);
    expect(segments[0]?.masked).toBe(`Run ${MASK.repeat(7)} now.`);
  });

  it('joins lines of a paragraph with a space and masks addresses', () => {
    const { segments, links } = parseBody('See https://example.org/the/the and\n[the report](/2024/03/report).');
    expect(segments[0]?.text).toBe('See https://example.org/the/the and the report.');
    expect(segments[0]?.masked).not.toContain('example.org');
    expect(segments[0]?.masked).toContain('the report');
    expect(links).toEqual([
      { href: 'https://example.org/the/the', text: 'https://example.org/the/the', auto: true },
      { href: '/2024/03/report', text: 'the report', auto: false },
    ]);
  });

  it('lists images with alt text, address and title', () => {
    const { images } = parseBody('![Boats at the pier](/media/pier.jpg "Dawn | Photo: AP")\n\nText ![](/media/x.png) here.');
    expect(images).toEqual([
      { alt: 'Boats at the pier', src: '/media/pier.jpg', title: 'Dawn | Photo: AP' },
      { alt: '', src: '/media/x.png', title: '' },
    ]);
  });

  it('puts headline, dek and excerpt before the body', () => {
    const fields = proseSegments(draft({ excerpt: 'Short.' })).map((s) => s.field);
    expect(fields).toEqual(['headline', 'dek', 'excerpt', 'body']);
  });

  it('cuts excerpts at word boundaries', () => {
    const text = 'The council voted on Tuesday to close the pier for the winter, officials said.';
    const i = text.indexOf('close');
    expect(around(text, i, i + 5, 10)).toBe('…Tuesday to close the pier for…');
    expect(around('Short text.', 0, 5)).toBe('Short text.');
  });
});

describe('empty-body', () => {
  it.each(['', '   \n\n  ', '\n\n>\n'])('is a blocker for an empty body (%j)', (body) => {
    expect(emptyBody(draft({ body }))).toEqual([{ id: 'empty-body', severity: 'blocker', message: expect.stringContaining('no body text') }]);
  });

  it('is silent when there is text, code or only a photo', () => {
    expect(emptyBody(draft())).toEqual([]);
    expect(emptyBody(draft({ body: '```\nresults.csv\n```' }))).toEqual([]);
    expect(emptyBody(draft({ body: '![Crews at the ridge](/media/ridge.jpg)' }))).toEqual([]);
  });
});
