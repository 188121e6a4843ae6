import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { absoluteUrl } from './urls.js';

const SITES = ['https://news.example.org', 'http://localhost:3000', 'https://example.org/news'];
/** The outcome of a resolution: its URL, or the error it throws. */
const outcome = (f: () => string) => {
  try {
    return f();
  } catch (err) {
    return `throws ${(err as Error).message}`;
  }
};
const same = (site: string, path: string) =>
  expect(
    outcome(() => absoluteUrl(site, path)),
    `${site} + ${path}`,
  ).toBe(outcome(() => new URL(path, `${site}/`).toString()));

describe('absoluteUrl', () => {
  it('is what URL resolution gives, for the paths the site makes and for the odd ones', () => {
    const paths = [
      '/2026/12/01/a-story',
      '/section/news?page=2',
      '/media/12/photo-640.webp',
      '/',
      '/a/../b',
      '/a/./b',
      '/..',
      '/a/%2E%2e/b',
      '//evil.example/x',
      '/caf\u00e9',
      '/a b',
      '/a#frag',
      '/a\\b',
      'https://elsewhere.example/x',
      'relative/path',
      '/a?b=c d',
    ];
    for (const site of SITES) for (const path of paths) same(site, path);
  });

  it('agrees with URL resolution on any path', () => {
    const chars = fc.constantFrom(...'/.%2eE?#=&ab\\ é~:@'.split(''));
    fc.assert(
      fc.property(fc.constantFrom(...SITES), fc.array(chars, { maxLength: 12 }), (site, parts) => {
        same(site, `/${parts.join('')}`);
      }),
      { numRuns: 2000 },
    );
  });
});
