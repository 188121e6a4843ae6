import { describe, expect, it } from 'vitest';
import { areCommentsOpen, commentsCloseAt } from './articles.service.js';
import { articlePath } from '../../platform/urls.js';

const row = (over: Partial<{ comment_status: 'open' | 'closed'; comments_close_at: string | null; published_at: string | null }> = {}) => ({
  comment_status: 'open' as const,
  comments_close_at: null,
  published_at: '2024-03-01T10:00:00.000Z',
  ...over,
});

describe('comment closing rules', () => {
  const now = new Date('2024-03-10T00:00:00.000Z');
  it('keeps comments open with no close time and no site policy', () => {
    expect(commentsCloseAt(row(), { commentsCloseAfterDays: 0 })).toBeNull();
    expect(areCommentsOpen(row(), { commentsCloseAfterDays: 0 }, now)).toBe(true);
  });
  it('closes when an editor closes them, whatever the times say', () => {
    expect(areCommentsOpen(row({ comment_status: 'closed' }), { commentsCloseAfterDays: 0 }, now)).toBe(false);
  });
  it('closes at the article close time', () => {
    const r = row({ comments_close_at: '2024-03-10T00:00:00.000Z' });
    expect(areCommentsOpen(r, { commentsCloseAfterDays: 0 }, new Date('2024-03-09T23:59:59.999Z'))).toBe(true);
    expect(areCommentsOpen(r, { commentsCloseAfterDays: 0 }, now)).toBe(false);
  });
  it('closes N days after publication by site policy, taking the earlier of the two times', () => {
    expect(commentsCloseAt(row(), { commentsCloseAfterDays: 7 })).toBe('2024-03-08T10:00:00.000Z');
    expect(commentsCloseAt(row({ comments_close_at: '2024-03-05T00:00:00.000Z' }), { commentsCloseAfterDays: 7 })).toBe('2024-03-05T00:00:00.000Z');
    expect(areCommentsOpen(row(), { commentsCloseAfterDays: 7 }, now)).toBe(false);
    expect(areCommentsOpen(row(), { commentsCloseAfterDays: 30 }, now)).toBe(true);
  });
});

describe('article paths', () => {
  it('dates the path in the site time zone', () => {
    expect(articlePath('pier', '2024-03-30T02:00:00Z', 'America/New_York')).toBe('/2024/03/29/pier');
    expect(articlePath('pier', '2024-03-30T02:00:00Z', 'UTC')).toBe('/2024/03/30/pier');
  });
});
