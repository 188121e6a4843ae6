import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, spreadComments, threadComments } from './plan.js';
import { seeded } from './prose.js';

describe('spreadComments', () => {
  it('shares out exactly the total, most stories a few, some many, a third or so none', () => {
    const counts = spreadComments(seeded(1), 10_000, 100_000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100_000);
    const sorted = [...counts].sort((a, b) => a - b);
    const none = sorted.filter((n) => n === 0).length;
    // A quarter are left out, and the smallest shares round down to none.
    expect(none).toBeGreaterThan(2500);
    expect(none).toBeLessThan(4000);
    // The median story has fewer than the mean (10); the busiest has many times more.
    expect(sorted[5000]!).toBeLessThan(10);
    expect(sorted.at(-1)!).toBeGreaterThan(100);
  });

  it('gives nothing when there is nothing to give, and everything to a lone story', () => {
    expect([...spreadComments(seeded(1), 5, 0)]).toEqual([0, 0, 0, 0, 0]);
    expect(spreadComments(seeded(1), 0, 0)).toHaveLength(0);
    expect([...spreadComments(seeded(3), 1, 7)]).toEqual([7]);
  });
});

describe('threadComments', () => {
  const plan = { articleId: 9, firstId: 1000, count: 5000, from: Date.parse('2024-03-01T12:00:00Z'), to: Date.parse('2024-03-10T12:00:00Z'), allApproved: false };

  it('numbers the comments from the first id, in posting order, within the window', () => {
    const rows = [...threadComments(seeded(5), plan)];
    expect(rows).toHaveLength(5000);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 5000 }, (_, i) => 1000 + i));
    expect(rows.every((r) => r.article_id === 9 && r.body.length > 0 && r.author_name.length > 0)).toBe(true);
    const times = rows.map((r) => r.created_at);
    expect([...times].sort()).toEqual(times);
    expect(times[0]! >= '2024-03-01T12:00:00.000Z' && times.at(-1)! <= '2024-03-10T12:00:00.000Z').toBe(true);
  });

  it('makes about a third replies, each to an earlier approved comment, nested at most a few levels', () => {
    const rows = [...threadComments(seeded(5), plan)];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const replies = rows.filter((r) => r.parent_id !== null);
    expect(replies.length / rows.length).toBeGreaterThan(0.28);
    expect(replies.length / rows.length).toBeLessThan(0.38);
    const depth = (id: number): number => (byId.get(id)!.parent_id === null ? 0 : 1 + depth(byId.get(id)!.parent_id!));
    for (const r of replies) {
      const parent = byId.get(r.parent_id!)!;
      expect(parent.id).toBeLessThan(r.id);
      expect(parent.status).toBe('approved');
    }
    expect(Math.max(...rows.map((r) => depth(r.id)))).toBe(MAX_DEPTH);
    const statuses = new Set(rows.map((r) => r.status));
    expect(statuses).toEqual(new Set(['approved', 'pending', 'rejected', 'spam']));
  });

  it('approves every comment of a test thread, and writes the same thread for the same seed', () => {
    const a = [...threadComments(seeded(8), { ...plan, allApproved: true })];
    expect(a.every((r) => r.status === 'approved')).toBe(true);
    expect([...threadComments(seeded(8), { ...plan, allApproved: true })]).toEqual(a);
  });
});
