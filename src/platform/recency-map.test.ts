import { describe, expect, it } from 'vitest';
import { RecencyMap } from './recency-map.js';

const keys = (m: RecencyMap<string, number>, all: string[]) => all.filter((k) => m.peek(k) !== undefined);

describe('RecencyMap', () => {
  it('keeps at most its limit, dropping the oldest entry not read since the last eviction', () => {
    const m = new RecencyMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    m.set('d', 4); // none was read: the oldest goes
    expect(keys(m, ['a', 'b', 'c', 'd'])).toEqual(['b', 'c', 'd']);
    expect(m.get('b')).toBe(2);
    m.set('e', 5); // b was read since: c goes
    expect(keys(m, ['a', 'b', 'c', 'd', 'e'])).toEqual(['b', 'd', 'e']);
    expect(m.size).toBe(3);
  });

  it('keeps an entry that is read over entries that are not, however often others are stored', () => {
    const m = new RecencyMap<string, number>(4);
    m.set('hot', 0);
    for (let i = 0; i < 100; i++) {
      m.set(`cold-${i}`, i);
      expect(m.get('hot')).toBe(0);
    }
    expect(m.size).toBe(4);
    expect(m.peek('cold-99')).toBe(99);
    expect(m.peek('cold-0')).toBeUndefined();
  });

  it('does not count a peek as a read', () => {
    const m = new RecencyMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3); // drops a
    m.peek('b');
    m.set('d', 4); // b was only peeked at: it goes before c
    expect(m.peek('b')).toBeUndefined();
    expect(m.peek('c')).toBe(3);
    expect(m.peek('d')).toBe(4);
  });

  it('replaces a value stored again under the same key, as the newest', () => {
    const m = new RecencyMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 10);
    expect(m.size).toBe(2);
    expect(m.get('a')).toBe(10);
    m.delete('a');
    expect(m.peek('a')).toBeUndefined();
    m.clear();
    expect(m.size).toBe(0);
  });

  it('drops the oldest when every entry was read since the last eviction, never the one just stored', () => {
    const m = new RecencyMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    for (const k of ['a', 'b', 'c']) m.get(k);
    m.set('d', 4);
    expect(keys(m, ['a', 'b', 'c', 'd'])).toEqual(['b', 'c', 'd']);
    const one = new RecencyMap<string, number>(1);
    one.set('x', 1);
    one.get('x');
    one.set('y', 2);
    expect(one.peek('y')).toBe(2);
    expect(one.size).toBe(1);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => new RecencyMap(0)).toThrow(/at least 1/);
    expect(() => new RecencyMap(1.5)).toThrow(/whole number/);
  });
});
