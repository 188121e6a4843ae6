import { describe, expect, it } from 'vitest';
import { storeCountingWith, WindowCounters } from './rate-limit-store.js';

describe('WindowCounters', () => {
  it('counts per key within a window, and starts again once the window has passed', () => {
    let now = 1_000;
    const counters = new WindowCounters(() => now);
    expect(counters.hitNow('a', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    now += 10_000;
    expect(counters.hitNow('a', 60_000)).toEqual({ current: 2, ttl: 50_000 });
    expect(counters.hitNow('b', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    now += 50_000;
    expect(counters.hitNow('a', 60_000)).toEqual({ current: 1, ttl: 60_000 });
  });

  it('forgets expired windows, and the oldest keys beyond its size', () => {
    let now = 0;
    const counters = new WindowCounters(() => now, 3);
    for (const k of ['a', 'b', 'c']) counters.hitNow(k, 1_000);
    now = 2_000;
    counters.hitNow('d', 60_000);
    expect(counters.size).toBe(1);
    for (const k of ['e', 'f', 'g']) counters.hitNow(k, 60_000);
    expect(counters.size).toBeLessThanOrEqual(3);
    expect(counters.hitNow('g', 60_000).current).toBe(2);
  });
});

describe('storeCountingWith', () => {
  it('counts each route apart, as the library’s own stores do', async () => {
    const counters = new WindowCounters();
    const Store = storeCountingWith(counters);
    const root = new Store({});
    const search = root.child({ routeInfo: { method: 'GET', url: '/search' } } as never);
    const api = root.child({ routeInfo: { method: 'GET', url: '/api/v1/search' } } as never);
    const incr = (store: typeof search) =>
      new Promise((resolve, reject) => (store.incr as (k: string, cb: (e: Error | null, r?: unknown) => void, w: number) => void)('1.2.3.4', (e, r) => (e ? reject(e) : resolve(r)), 60_000));
    expect(await incr(search)).toMatchObject({ current: 1 });
    expect(await incr(search)).toMatchObject({ current: 2 });
    expect(await incr(api)).toMatchObject({ current: 1 });
  });

  it('passes a counter’s failure to the library', async () => {
    const Store = storeCountingWith({ hit: () => Promise.reject(new Error('no answer')) });
    const store = new Store({});
    const err = await new Promise((resolve) => store.incr('k', (e) => resolve(e)));
    expect(err).toBeInstanceOf(Error);
  });
});
