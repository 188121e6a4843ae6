import type { DraftForChecks } from './checks.types.js';

/** A draft for the checks' unit tests: a Chicago story published Friday, March 29, 2024, 9 a.m. there, with this body. */
export const testDraft = (body: string, over: Partial<DraftForChecks> = {}): DraftForChecks => ({
  headline: 'Council closes pier ferry',
  dek: 'The service will resume in spring.',
  excerpt: '',
  body,
  publishedAt: '2024-03-29T14:00:00Z',
  featuredImage: null,
  siteTimezone: 'America/Chicago',
  ...over,
});

/** The same story, reported from Kyiv. */
export const KYIV_STORY: Partial<DraftForChecks> = { headline: 'Fighting moves closer to the capital', dek: 'Thousands have fled the region.', siteTimezone: 'Europe/Kyiv' };
