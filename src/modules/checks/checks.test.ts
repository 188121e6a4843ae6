import { describe, expect, it } from 'vitest';
import { CHECKS, runChecks } from './checks.js';
import type { CheckContext, DraftForChecks } from './checks.types.js';

const CLEAN_BODY = `CHICAGO — The city council voted 7–2 on Tuesday to close the Navy Pier ferry for the winter, ending a service that has run since 1998.

Mayor Ana Ruiz said the decision was "painful but necessary." The ferry's operator, Lakeside Marine, carried 41,000 passengers last season, down from 63,500 in 2019.

> We will bring it back in spring, bigger than before.
> — Mayor Ana Ruiz

The Harbour Gazette reported on the vote:

> The council voted 7–2 to close the pier for the winter.
> — [The Harbour Gazette](https://example.org/pier-vote)

> [!pullquote]
> The pier is the town.

![Fishing boats moored along the pier at low tide](/media/pier.jpg "The pier at dawn | Photo: Ana Ruiz")

Service resumes on April 15, weather permitting. Tickets cost $4.50 for the 10 a.m. and 3 p.m. sailings... if they sell out, more will be added.

# What's next

- The council meets again on March 12, according to [its calendar](/city/council).
- A public hearing is set for 6:30 p.m. at City Hall.

\`\`\`
route,passengers
Navy Pier , 41000
\`\`\`
`;

const clean: DraftForChecks = {
  headline: 'Council closes Navy Pier ferry for the winter',
  dek: 'The 7–2 vote ends a service that has run since 1998.',
  excerpt: '',
  body: CLEAN_BODY,
  publishedAt: '2024-03-08T15:00:00Z', // Friday, March 8, 2024
  featuredImage: { alt: 'The ferry docked at Navy Pier' },
  siteTimezone: 'America/Chicago',
};
const ctx: CheckContext = { now: new Date('2024-03-07T12:00:00Z'), linkResolves: async () => true };

describe('runChecks', () => {
  it('is silent on a clean story', async () => {
    expect(await runChecks(clean, ctx)).toEqual([]);
  });

  it('lists blockers first, then warnings, then notes, each in check order', async () => {
    const draft: DraftForChecks = {
      ...clean,
      headline: 'Council closes the the ferry',
      dek: '',
      body: `> The council voted yesterday.\n\nThe toll is TK, officials said . “It hurts, said one.\n\nOn Wednesday, March 29, Officials in met. Ten years ago to the day, in 2013, it opened.\n\n![](/media/x.jpg)\n\n[Earlier](/gone)`,
      featuredImage: { alt: '' },
    };
    const results = await runChecks(draft, { ...ctx, linkResolves: async (url) => url !== '/gone' });
    expect(results.map((r) => `${r.severity} ${r.id}`)).toEqual([
      'blocker placeholder',
      'blocker image-alt',
      'blocker image-alt',
      'blocker broken-link',
      'warning missing-dek',
      'warning quote-attribution',
      'warning quote-balance',
      'warning dropped-name',
      'warning dropped-name',
      'warning doubled-word',
      'warning anniversary',
      'warning weekday',
      'note relative-time',
    ]);
  });

  it('keeps a check’s warnings above its notes when it has more than the list shows', async () => {
    const body = [
      ...Array.from({ length: 22 }, (_, i) =>
        `Story ${i} happened yesterday.`.replace(
          'yesterday',
          [
            'yesterday',
            'today',
            'tomorrow',
            'tonight',
            'this morning',
            'this afternoon',
            'this evening',
            'last night',
            'last week',
            'next week',
            'last month',
            'next month',
            'last year',
            'next year',
            'last Monday',
            'last Tuesday',
            'last Wednesday',
            'last Thursday',
            'last Friday',
            'last Saturday',
            'last Sunday',
            'two weeks ago',
          ][i]!,
        ),
      ),
      'The vote was yesterday, Wednesday, March 27.',
    ].join('\n\n');
    const results = (await runChecks({ ...clean, body }, ctx)).filter((r) => r.id === 'relative-time');
    expect(results).toHaveLength(21);
    expect(results[0]?.severity).toBe('warning');
    expect(results[20]).toMatchObject({ severity: 'note', message: '…and 3 more like these, not listed. Fix the ones above and run the checks again.' });
  });

  it('blocks an empty draft', async () => {
    const results = await runChecks({ ...clean, headline: ' ', dek: '', body: '', featuredImage: null }, ctx);
    expect(results.map((r) => `${r.severity} ${r.id}`)).toEqual(['blocker missing-headline', 'blocker empty-body', 'warning missing-dek']);
  });

  it('gives the same result every time (stable order)', async () => {
    const draft = { ...clean, body: `${CLEAN_BODY}\n\nThe the end, said .` };
    const first = await runChecks(draft, ctx);
    expect(first.length).toBeGreaterThan(0);
    expect(await runChecks(draft, ctx)).toEqual(first);
  });

  it('reports a check that fails instead of failing the whole list', async () => {
    const broken = { ...clean };
    Object.defineProperty(broken, 'featuredImage', {
      get() {
        throw new Error('boom');
      },
    });
    const results = await runChecks(broken, ctx);
    // Both checks that read the featured image fail; the others still run.
    expect(results).toEqual([
      { id: 'check-failed', severity: 'warning', message: expect.stringContaining('“image-alt” check could not be run') },
      { id: 'check-failed', severity: 'warning', message: expect.stringContaining('“featured-image-repeated” check could not be run') },
    ]);
  });

  it('lists at most 20 results per check, then counts the rest', async () => {
    const body = Array.from({ length: 26 }, (_, i) => `Paragraph ${i} has the the typo.`).join('\n\n');
    const results = await runChecks({ ...clean, body }, ctx);
    expect(results).toHaveLength(21);
    expect(results.every((r) => r.id === 'doubled-word')).toBe(true);
    expect(results[20]).toEqual({
      id: 'doubled-word',
      severity: 'warning',
      message: '…and 6 more like these, not listed. Fix the ones above and run the checks again.',
    });
  });

  it('has a unique id per check', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
