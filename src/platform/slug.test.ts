import { describe, expect, it } from 'vitest';
import { isSlug, slugify } from './slug.js';

describe('slugs', () => {
  it('makes readable ASCII slugs from headlines', () => {
    expect(slugify('Council votes 7–2 to close the pier')).toBe('council-votes-7-2-to-close-the-pier');
    expect(slugify('Café owners’ “winter” plans')).toBe('cafe-owners-winter-plans');
    expect(slugify('!!!')).toBe('untitled');
    expect(slugify('a'.repeat(200)).length).toBe(80);
  });
  it('accepts only lower-case words joined by single hyphens', () => {
    for (const ok of ['pier', 'pier-vote-2024', 'a1']) expect(isSlug(ok), ok).toBe(true);
    for (const bad of ['', 'Pier', 'pier--vote', '-pier', 'pier-', 'pier_vote', 'pier/vote', 'a'.repeat(201)]) expect(isSlug(bad), bad).toBe(false);
  });
});
