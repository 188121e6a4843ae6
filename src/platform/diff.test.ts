import { describe, expect, it } from 'vitest';
import { diffLines } from './diff.js';

describe('diffLines', () => {
  it('marks added, removed and kept lines in order', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'remove', text: 'b' },
      { op: 'add', text: 'x' },
      { op: 'same', text: 'c' },
      { op: 'add', text: 'd' },
    ]);
  });
  it('handles empty sides', () => {
    expect(diffLines('', 'a')).toEqual([{ op: 'add', text: 'a' }]);
    expect(diffLines('a', '')).toEqual([{ op: 'remove', text: 'a' }]);
    expect(diffLines('', '')).toEqual([]);
  });
  it('finds the longest common run, not the first match', () => {
    const ops = diffLines('x\na\nb\nc', 'a\nb\nc\nx').map((l) => l.op);
    expect(ops.filter((o) => o === 'same')).toHaveLength(3);
  });
  it('stays bounded on very long texts', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n');
    expect(diffLines(a, b)).toHaveLength(6000);
  });
});
