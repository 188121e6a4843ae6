import { describe, expect, it } from 'vitest';
import { cleanBody, nest, type ThreadComment } from './comments.service.js';

const root = (id: number): ThreadComment => ({ id, parentId: null, authorName: 'A', body: 'x', createdAt: '2024-01-01T00:00:00Z', number: 1, replies: [] });
const row = (id: number, parent_id: number, created_at = '2024-01-01T00:01:00Z') => ({ id, parent_id, author_name: 'B', body: 'y', created_at });

describe('nest', () => {
  it('puts replies under their parents at any depth, keeping their order', () => {
    const roots = [root(1), root(2)];
    nest(roots, [row(3, 1), row(4, 3), row(5, 1), row(6, 4), row(7, 2)]);
    expect(roots[0]!.replies.map((r) => r.id)).toEqual([3, 5]);
    expect(roots[0]!.replies[0]!.replies[0]!.replies[0]!.id).toBe(6);
    expect(roots[1]!.replies.map((r) => r.id)).toEqual([7]);
  });
  it('drops rows whose parent is not in the page', () => {
    const roots = [root(1)];
    nest(roots, [row(3, 99)]);
    expect(roots[0]!.replies).toEqual([]);
  });
});

describe('cleanBody', () => {
  it('trims and normalises line endings', () => {
    expect(cleanBody('  hello\r\nworld  ')).toBe('hello\nworld');
  });
  it('refuses empty and oversized bodies with a message', () => {
    expect(() => cleanBody('   ')).toThrow('A comment needs some text.');
    expect(() => cleanBody(42)).toThrow('A comment needs some text.');
    expect(() => cleanBody('x'.repeat(3001))).toThrow('Comments are limited to 3,000 characters.');
    expect(cleanBody('😀'.repeat(3000))).toHaveLength(6000);
  });
});
