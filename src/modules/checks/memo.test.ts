import { describe, expect, it } from 'vitest';
import { memoByText } from './memo.js';

describe('memoByText', () => {
  it('reads a text once, and forgets the oldest beyond its size', () => {
    const read: string[] = [];
    const length = memoByText((s: string) => {
      read.push(s);
      return { n: s.length };
    }, 2);
    const first = length('one');
    expect(length('one')).toBe(first);
    length('three');
    length('seventeen'); // "one" is forgotten
    expect(length('three')).toEqual({ n: 5 });
    length('one');
    expect(read).toEqual(['one', 'three', 'seventeen', 'one']);
  });
});
