import { describe, expect, it } from 'vitest';
import type { DraftForChecks } from './checks.types.js';
import { quoteAttribution } from './quotes.check.js';

const draft = (body: string): DraftForChecks => ({
  headline: 'Council closes pier',
  dek: 'Residents had asked for a delay.',
  excerpt: '',
  body,
  publishedAt: '2024-03-29T14:00:00Z',
  featuredImage: null,
  siteTimezone: 'Europe/London',
});

describe('quote-attribution', () => {
  it('warns on a plain block quote and says how to attribute it', () => {
    const body = 'The Gazette reported:\n\n> The council voted 7–2 to close the pier.\n> Residents had asked for a delay.\n\nMore later.';
    const [r, ...rest] = quoteAttribution(draft(body));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({
      id: 'quote-attribution',
      severity: 'warning',
      excerpt: 'The council voted 7–2 to close the pier. Residents had asked for a delay.',
    });
    expect(r?.message).toContain('— [Source](https://…)');
    expect(r?.message).toContain('[!pullquote]');
  });

  it('reports a multi-paragraph quote once, and each separate quote', () => {
    const body = '> First paragraph.\n>\n> Second paragraph.\n\nBetween.\n\n> Another quote.';
    expect(quoteAttribution(draft(body)).map((r) => r.excerpt)).toEqual(['First paragraph. Second paragraph.', 'Another quote.']);
  });

  it('shortens a long quote in the excerpt', () => {
    const long = 'The council voted to close the pier for the winter after a long debate in which residents, fishermen and shop owners spoke.';
    const [r] = quoteAttribution(draft(`> ${long}`));
    expect(r?.excerpt?.endsWith('…')).toBe(true);
    expect(r!.excerpt!.length).toBeLessThanOrEqual(81);
  });

  it('explains why a dash line mixing a name and a link is not an attribution', () => {
    const body = '> We will rebuild it.\n> — Jane Doe, [The Gazette](https://example.org/pier)';
    const [r] = quoteAttribution(draft(body));
    expect(r?.message).toContain('mixes a name and a link');
    expect(r?.message).toContain('“— Jane Doe, The Gazette”');
  });

  it('explains a quote that holds nothing but a dash line', () => {
    const [r] = quoteAttribution(draft('> — Mayor Ana Ruiz'));
    expect(r?.message).toContain('nothing but the attribution line');
  });

  it('still flags reported dialogue typed with &mdash; (it is a plain quote)', () => {
    expect(quoteAttribution(draft('> Are you coming?\n> &mdash; she asked.'))).toHaveLength(1);
  });

  it.each([
    ['linked attribution', '> The council voted 7–2.\n> — [The Harbour Gazette](https://example.org/pier-vote)'],
    ['named attribution', '> We will rebuild it.\n> — Mayor Ana Ruiz'],
    ['attribution in its own paragraph', '> The council voted 7–2.\n>\n> Residents had asked for a delay.\n>\n> — [The Harbour Gazette](https://example.org/pier-vote)'],
    ['attribution with two hyphens', '> We will rebuild it.\n> -- Mayor Ana Ruiz'],
    ['attribution in italics', '> The pier is finished.\n> — *The Times*'],
    ['attribution linking to this site', '> The pier is finished.\n> — [Our earlier story](/2023/10/pier)'],
    ['pull quote', '> [!pullquote]\n> The pier is the town. Without it we are just a car park with a view.'],
    ['pull quote with attribution', '> [!PULLQUOTE]\n> The pier is the town.\n> — Ana Ruiz'],
    ['pull quote marker in its own paragraph', '> [!pullquote]\n>\n> The pier is the town.'],
    ['quote inside an attributed quote', '> The mayor told us:\n>\n> > We will rebuild.\n>\n> — [The Gazette](https://example.org/x)'],
    ['quote syntax inside code', '```\n> not a quote\n```\n\n    > indented code'],
    ['greater-than in prose', 'Turnout was > 60% in 5 > 3 wards.'],
    ['no quotes at all', 'The council voted 7–2 on Tuesday.'],
    ['an empty quote', '>\n\nText.'],
  ])('is silent on a %s', (_name, body) => {
    expect(quoteAttribution(draft(body))).toEqual([]);
  });
});
