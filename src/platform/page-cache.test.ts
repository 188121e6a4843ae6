import { describe, expect, it } from 'vitest';
import { fixedClock } from './clock.js';
import { PageCache } from './page-cache.js';

const page = (body: string) => ({ body, contentType: 'text/html', cacheControl: 'public' });

describe('PageCache', () => {
  it('evicts the least recently used page beyond its size', async () => {
    const cache = new PageCache(fixedClock('2024-01-01T00:00:00Z'), { ttlMs: 60_000, maxEntries: 2, horizon: async () => null });
    await cache.set('/a', page('a'), null);
    await cache.set('/b', page('b'), null);
    cache.get('/a');
    await cache.set('/c', page('c'), null);
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/a')?.body).toBe('a');
    expect(cache.get('/c')?.body).toBe('c');
  });

  it('keeps nothing past the horizon or an entry’s own limit', async () => {
    const clock = fixedClock('2024-01-01T00:00:00Z');
    const cache = new PageCache(clock, { ttlMs: 60_000, maxEntries: 10, horizon: async () => '2024-01-01T00:00:10Z' });
    await cache.set('/a', page('a'), null);
    await cache.set('/b', page('b'), '2024-01-01T00:00:05Z');
    clock.advance(5_000);
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/a')).toBeDefined();
    clock.advance(5_000);
    expect(cache.get('/a')).toBeUndefined();
  });

  it('stores nothing when the horizon cannot be read', async () => {
    const cache = new PageCache(fixedClock('2024-01-01T00:00:00Z'), { ttlMs: 60_000, maxEntries: 10, horizon: async () => Promise.reject(new Error('db down')) });
    await cache.set('/a', page('a'), null);
    expect(cache.size).toBe(0);
  });

  it('makes each representation of a page once, with the ETag of its encoding', async () => {
    const cache = new PageCache(fixedClock('2024-01-01T00:00:00Z'), { ttlMs: 60_000, maxEntries: 10, horizon: async () => null });
    const entry = await cache.set('/a', page('<p>story</p>'.repeat(200)), null);
    const br = entry.representation('gzip, deflate, br');
    expect(br.encoding).toBe('br');
    expect(br.etag).toBe(`${entry.etag.slice(0, -1)}-br"`);
    // The same object for every hit that asks for it: nothing is compressed or allocated again.
    expect(entry.representation('gzip, deflate, br')).toBe(br);
    expect(entry.representation('br;q=1, gzip;q=0.5')).toBe(br);
    const plain = entry.representation(undefined);
    expect(plain).toMatchObject({ encoding: undefined, etag: entry.etag });
    expect(plain.bytes).toBe(entry.bytes);
    expect(entry.representation('identity')).toBe(plain);
    expect(entry.representation('gzip').encoding).toBe('gzip');
  });

  it('is off with a zero time limit', () => {
    expect(new PageCache(fixedClock('2024-01-01T00:00:00Z'), { ttlMs: 0, maxEntries: 10, horizon: async () => null }).enabled).toBe(false);
  });
});
