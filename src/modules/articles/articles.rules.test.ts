import { describe, expect, it } from 'vitest';
import { type ArticleLookups, articleColumns, fieldColumns, newArticleRow, publicationColumns } from './articles.rules.js';
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

describe('article field rules', () => {
  it('normalises text and keeps only the fields given', () => {
    expect(fieldColumns({ headline: '  Pier closes\r\n ', body: 'One.\r\nTwo.\rThree.  ' }, null)).toEqual({ headline: 'Pier closes', body: 'One.\nTwo.\nThree.' });
    expect(fieldColumns({ developing: true, commentsCloseAt: '2024-03-10T12:00:00+01:00' }, 5)).toEqual({ developing: 1, comments_close_at: '2024-03-10T11:00:00.000Z' });
  });
  it('refuses what the editor refuses, with the same words', () => {
    expect(() => fieldColumns({ headline: '  ' }, null)).toThrow('An article needs a headline.');
    expect(() => fieldColumns({ dek: 'x'.repeat(1001) }, null)).toThrow('The dek is limited to 1,000 characters.');
    expect(() => fieldColumns({ slug: 'Not A Slug' }, null)).toThrow('"Not A Slug" is not a valid slug');
    expect(() => fieldColumns({ readNextId: 5 }, 5)).toThrow('An article cannot be its own READ NEXT.');
    expect(() => fieldColumns({ commentStatus: 'maybe' as never }, null)).toThrow('Comments are either open or closed.');
    expect(() => fieldColumns({ commentModeration: 'some' as never }, null)).toThrow('Moderation is the site default');
    expect(() => fieldColumns({ authorIds: [1, 1] }, null)).toThrow('An author appears twice in the byline.');
    expect(() => fieldColumns({ tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }, null)).toThrow('at most 30 tags');
  });
  it('asks the lookups whether what the fields name exists', async () => {
    const lookups: ArticleLookups = {
      sectionExists: async (id) => id === 1,
      imageExists: async (id) => id === 1,
      articleExists: async (id) => id === 1,
      missingAuthors: async (ids) => ids.filter((id) => id !== 1),
    };
    await expect(articleColumns({ sectionId: 1, featuredImageId: 1, readNextId: 1, authorIds: [1] }, null, lookups)).resolves.toEqual({ section_id: 1, featured_image_id: 1, read_next_id: 1 });
    await expect(articleColumns({ sectionId: 2 }, null, lookups)).rejects.toThrow('There is no section with id 2.');
    await expect(articleColumns({ featuredImageId: 2 }, null, lookups)).rejects.toThrow('There is no image with id 2.');
    await expect(articleColumns({ readNextId: 2 }, null, lookups)).rejects.toThrow('READ NEXT points at article 2, which does not exist.');
    await expect(articleColumns({ authorIds: [1, 2, 3] }, null, lookups)).rejects.toThrow('There is no author with id 2, 3.');
  });
  it('dates a new published story now unless told otherwise, and wants a time to schedule', () => {
    const now = '2024-03-29T12:00:00.000Z';
    expect(publicationColumns({}, now)).toEqual({ status: 'draft', published_at: null, updated_at: null });
    expect(publicationColumns({ status: 'published' }, now)).toEqual({ status: 'published', published_at: now, updated_at: null });
    expect(() => publicationColumns({ status: 'scheduled' }, now)).toThrow('A scheduled article needs a publication time.');
    expect(() => publicationColumns({ status: 'live' as never }, now)).toThrow('"live" is not a status');
    expect(() => publicationColumns({ updatedAt: 'soon' }, now)).toThrow('updatedAt must be an ISO-8601 date and time.');
  });
  it('keeps every way in to dates from 1970 to ten years ahead', () => {
    const now = '2024-03-29T12:00:00.000Z';
    expect(publicationColumns({ status: 'published', publishedAt: '2003-07-14T08:00:00-05:00' }, now)).toMatchObject({ published_at: '2003-07-14T13:00:00.000Z' });
    expect(() => publicationColumns({ status: 'published', publishedAt: '1969-07-20T20:17:00Z' }, now)).toThrow(/\(publishedAt\) is 1969-07-20, before 1970/);
    expect(() => publicationColumns({ status: 'scheduled', publishedAt: '2099-01-01T00:00:00Z' }, now)).toThrow(/more than 10 years ahead/);
    expect(() => publicationColumns({ updatedAt: '1901-01-01T00:00:00Z' }, now)).toThrow(/\(updatedAt\) is 1901-01-01, before 1970/);
    // An archive import keeps the dates its source had.
    expect(publicationColumns({ status: 'published', publishedAt: '1969-07-20T20:17:00Z' }, now, { bounded: false })).toMatchObject({ published_at: '1969-07-20T20:17:00.000Z' });
  });
  it('starts a new row with an excerpt from the body when none was written', () => {
    const row = newArticleRow(
      { body: 'The council voted on Thursday.' },
      { slug: 'vote', headline: 'Vote', status: 'draft', published_at: null, updated_at: null, at: '2024-03-29T12:00:00.000Z', accountId: null },
    );
    expect(row).toMatchObject({ excerpt: 'The council voted on Thursday.', dek: '', comment_status: 'open', created_by: null, status_changed_at: '2024-03-29T12:00:00.000Z' });
  });
});
