/**
 * Checks on the story's fields around the body: `missing-headline`,
 * `missing-dek` and `headline-length`.
 */
import { excerptFrom } from '../markdown/markdown.text.js';
import { q } from './body.check.js';
import type { CheckResult, DraftForChecks } from './checks.types.js';

/** Longest headline, in user-perceived characters, before `headline-length` warns. */
export const MAX_HEADLINE = 110;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** User-perceived characters (grapheme clusters): "é" typed as e + accent, a flag or a family emoji count as one. */
export function characterCount(s: string): number {
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
}

/** `missing-headline` (blocker): the headline is empty or only spaces. */
export function missingHeadline(draft: DraftForChecks): CheckResult[] {
  if (draft.headline.trim() !== '') return [];
  return [{ id: 'missing-headline', severity: 'blocker', message: 'The story has no headline. Write one before publishing.' }];
}

/** `missing-dek` (warning): neither a dek nor an explicit excerpt. */
export function missingDek(draft: DraftForChecks): CheckResult[] {
  if (draft.dek.trim() !== '' || draft.excerpt.trim() !== '') return [];
  const fallback = excerptFrom(draft.body, 120);
  const result: CheckResult = {
    id: 'missing-dek',
    severity: 'warning',
    message:
      fallback === ''
        ? 'The story has no dek and no excerpt. Add a dek (the line under the headline) or an excerpt for listings and link previews.'
        : `The story has no dek and no excerpt, so listings and link previews will show the opening of the body (${q(fallback)}). Add a dek or write an excerpt if that doesn't sum up the story.`,
  };
  if (fallback !== '') result.excerpt = fallback;
  return [result];
}

/** `headline-length` (warning): more than MAX_HEADLINE user-perceived characters (spaces collapsed). */
export function headlineLength(draft: DraftForChecks): CheckResult[] {
  const headline = draft.headline.replace(/\s+/g, ' ').trim();
  const count = characterCount(headline);
  if (count <= MAX_HEADLINE) return [];
  return [
    {
      id: 'headline-length',
      severity: 'warning',
      message: `The headline is ${count} characters long, ${count - MAX_HEADLINE} over the limit of ${MAX_HEADLINE}; it may be cut off in listings, search results and social previews. Shorten it.`,
      excerpt: headline,
    },
  ];
}
