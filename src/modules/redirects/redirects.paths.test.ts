import { describe, expect, it } from 'vitest';
import { hasOldQuery, oldPathKey } from './redirects.paths.js';

describe('old addresses as redirect keys', () => {
  it('keeps only the path, decoded, lower-case and without a trailing slash', () => {
    expect(oldPathKey('https://old.example.org/2024/05/My-Story/')).toBe('/2024/05/my-story');
    expect(oldPathKey('/2024/05/01/slug/?amp=1#top')).toBe('/2024/05/01/slug');
    expect(oldPathKey('/category/caf%C3%A9//news/')).toBe('/category/café/news');
    expect(oldPathKey('/tag/%zz/')).toBe('/tag/%zz');
  });

  it('keeps WordPress’s query forms at the root and index.php, and nothing else at the root', () => {
    expect(oldPathKey('https://old.example.org/?p=123')).toBe('/?p=123');
    expect(oldPathKey('/index.php?page_id=7&preview=true')).toBe('/?page_id=7');
    expect(oldPathKey('/?tag=Harbour')).toBe('/?tag=harbour');
    expect(oldPathKey('/?cat=4')).toBe('/?cat=4');
    expect(oldPathKey('https://old.example.org/')).toBeNull();
    expect(oldPathKey('/?utm_source=feed')).toBeNull();
  });

  it('refuses what cannot be an address, and very long ones', () => {
    expect(oldPathKey('http://[bad')).toBeNull();
    expect(oldPathKey(`/${'a'.repeat(1001)}`)).toBeNull();
  });

  it('tells a WordPress query from any other', () => {
    expect(hasOldQuery({ p: '12' })).toBe(true);
    expect(hasOldQuery({ author: '1' })).toBe(true);
    expect(hasOldQuery({ page: '2' })).toBe(false);
    expect(hasOldQuery(undefined)).toBe(false);
  });
});
