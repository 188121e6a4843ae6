import { describe, expect, it } from 'vitest';
import { formatCursor, parseCursor } from './live.cursor.js';

describe('live cursor', () => {
  it('formats as c<comment>-u<update>', () => {
    expect(formatCursor({ comment: 12, update: 3 })).toBe('c12-u3');
    expect(formatCursor({ comment: 0, update: 0 })).toBe('c0-u0');
  });

  it('reads back what it formats', () => {
    for (const c of [
      { comment: 0, update: 0 },
      { comment: 1, update: 99 },
      { comment: 2_147_483_647, update: 2_147_483_647 },
    ]) {
      expect(parseCursor(formatCursor(c))).toEqual(c);
    }
  });

  it('tolerates surrounding whitespace, as headers may carry it', () => {
    expect(parseCursor(' c5-u6 ')).toEqual({ comment: 5, update: 6 });
  });

  it('refuses anything else', () => {
    for (const raw of ['', 'c-u', 'c1', 'u1-c2', 'c1-u', 'c-1-u2', 'c1.5-u2', 'c1-u2-x', 'C1-U2', 'c1_u2', 'c0x10-u1', 'c1e3-u1', 'c01234567890-u1']) {
      expect(parseCursor(raw), raw).toBeUndefined();
    }
  });

  it('refuses ids beyond what the database can hold', () => {
    expect(parseCursor('c2147483648-u0')).toBeUndefined();
    expect(parseCursor('c0-u9999999999')).toBeUndefined();
  });
});
