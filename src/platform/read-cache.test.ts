import { describe, expect, it } from 'vitest';
import { fixedClock } from './clock.js';
import { ContentEvents } from './events.js';
import { ReadCache } from './read-cache.js';

const T0 = '2024-01-01T00:00:00.000Z';

function counter() {
  let calls = 0;
  const load = async () => `value ${++calls}`;
  return { load, calls: () => calls };
}

describe('ReadCache', () => {
  it('loads once and serves the kept value until a change of a kind it depends on', async () => {
    const events = new ContentEvents();
    const cache = new ReadCache(fixedClock(T0), events, { affectedBy: (kind) => kind !== 'comment' });
    const { load, calls } = counter();
    expect(await cache.get('k', load)).toBe('value 1');
    expect(await cache.get('k', load)).toBe('value 1');
    events.changed({ kind: 'comment', id: 1 });
    expect(await cache.get('k', load)).toBe('value 1');
    events.changed({ kind: 'article', id: 1 });
    expect(await cache.get('k', load)).toBe('value 2');
    events.receive({ kind: 'settings' }); // another process's change counts the same
    expect(await cache.get('k', load)).toBe('value 3');
    expect(calls()).toBe(3);
  });

  it('shares one load between readers asking at once', async () => {
    const cache = new ReadCache(fixedClock(T0), new ContentEvents());
    const { load, calls } = counter();
    const got = await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    expect(got).toEqual(['value 1', 'value 1', 'value 1']);
    expect(calls()).toBe(1);
  });

  it('never keeps a value read before a change that happened while it loaded', async () => {
    const events = new ContentEvents();
    const cache = new ReadCache(fixedClock(T0), events);
    let release!: (v: string) => void;
    const slow = cache.get('k', () => new Promise<string>((r) => (release = r)));
    events.changed({ kind: 'article', id: 1 });
    release('before the change');
    expect(await slow).toBe('before the change');
    expect(await cache.get('k', async () => 'after')).toBe('after');
  });

  it('keeps nothing past the horizon, the loader’s own limit or the time limit', async () => {
    const clock = fixedClock(T0);
    const cache = new ReadCache(clock, new ContentEvents(), { horizon: async () => '2024-01-01T00:00:30.000Z', ttlMs: 60_000 });
    const a = counter();
    const b = counter();
    await cache.get('a', a.load);
    await cache.get('b', b.load, () => '2024-01-01T00:00:10.000Z');
    clock.advance(10_000);
    await cache.get('a', a.load);
    await cache.get('b', b.load, () => null);
    expect([a.calls(), b.calls()]).toEqual([1, 2]);
    clock.advance(20_000); // the horizon: a scheduled story goes live
    await cache.get('a', a.load);
    expect(a.calls()).toBe(2);

    const noHorizon = new ReadCache(clock, new ContentEvents(), { ttlMs: 1_000 });
    const c = counter();
    await noHorizon.get('c', c.load);
    clock.advance(1_000);
    await noHorizon.get('c', c.load);
    expect(c.calls()).toBe(2);
  });

  it('keeps nothing when the horizon cannot be read, and no failed load', async () => {
    const cache = new ReadCache(fixedClock(T0), new ContentEvents(), { horizon: () => Promise.reject(new Error('db down')) });
    const { load, calls } = counter();
    await cache.get('k', load);
    await cache.get('k', load);
    expect(calls()).toBe(2);

    const plain = new ReadCache(fixedClock(T0), new ContentEvents());
    await expect(plain.get('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await plain.get('k', async () => 'fine')).toBe('fine');
    expect(plain.size).toBe(1);
  });

  it('drops the least recently used beyond its size', async () => {
    const cache = new ReadCache(fixedClock(T0), new ContentEvents(), { maxEntries: 2 });
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('a', async () => 'a2');
    await cache.get('c', async () => 'c1');
    expect(await cache.get('a', async () => 'a3')).toBe('a1');
    expect(await cache.get('b', async () => 'b2')).toBe('b2');
  });
});
