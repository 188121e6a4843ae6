import { describe, expect, it } from 'vitest';
import { articleStatus, commentDate, commentStatus, gmtDate, importSlug, itemDate, localDate, withoutBidi } from './wxr.mapping.js';

describe('WordPress statuses', () => {
  it('maps post statuses to the nearest story status, and says why the rest are skipped', () => {
    expect(['publish', 'future', 'draft', 'pending', 'private'].map(articleStatus)).toEqual([
      { status: 'published' },
      { status: 'scheduled' },
      { status: 'draft' },
      { status: 'in_review' },
      { status: 'unpublished' },
    ]);
    expect(articleStatus('trash')).toEqual({ skip: 'in the trash' });
    expect(articleStatus('auto-draft')).toHaveProperty('skip');
    expect(articleStatus('inherit')).toEqual({ skip: 'status "inherit" is not a post status Broadsheet has' });
    expect(articleStatus('')).toEqual({ skip: 'no status in the export' });
  });

  it('maps comment approval to comment statuses, and skips pingbacks and trackbacks unless asked', () => {
    expect(['1', '0', 'spam', 'trash', 'post-trashed'].map((approved) => commentStatus({ approved, type: '' }, false))).toEqual([
      { status: 'approved' },
      { status: 'pending' },
      { status: 'spam' },
      { status: 'rejected' },
      { status: 'rejected' },
    ]);
    expect(commentStatus({ approved: '', type: 'comment' }, false)).toEqual({ status: 'pending', note: 'no approval in the export: held for a moderator' });
    expect(commentStatus({ approved: '1', type: 'pingback' }, false)).toEqual({ skip: 'pingback (use --pingbacks to import them)' });
    expect(commentStatus({ approved: '1', type: 'trackback' }, true)).toEqual({ status: 'approved' });
    expect(commentStatus({ approved: '1', type: 'order_note' }, true)).toEqual({ skip: '"order_note" entries are not comments' });
  });
});

describe('WordPress dates', () => {
  it('reads GMT dates, before 1970 and far ahead included, and refuses zero and impossible ones', () => {
    expect(gmtDate('2012-01-03 17:11:37')).toBe('2012-01-03T17:11:37.000Z');
    expect(gmtDate('1969-07-20 20:17:40')).toBe('1969-07-20T20:17:40.000Z');
    expect(gmtDate('0099-01-01 00:00:00')).toBe('0099-01-01T00:00:00.000Z');
    expect(gmtDate('2999-12-31 23:59:59')).toBe('2999-12-31T23:59:59.000Z');
    for (const bad of ['0000-00-00 00:00:00', '2024-02-30 10:00:00', '2024-13-01 00:00:00', '2024-01-01 24:00:00', 'yesterday', '']) expect(gmtDate(bad)).toBeNull();
  });

  it('reads a local date in the export site’s time zone, daylight saving included', () => {
    expect(localDate('2012-01-03 10:11:37', 'America/Los_Angeles')).toBe('2012-01-03T18:11:37.000Z');
    expect(localDate('2012-07-03 10:11:37', 'America/Los_Angeles')).toBe('2012-07-03T17:11:37.000Z');
    expect(localDate('2012-07-03 10:11:37', 'Not/AZone')).toBeNull();
  });

  it('prefers the GMT date, then the local one, then the RSS pubDate', () => {
    expect(itemDate({ postDateGmt: '2012-01-03 17:11:37', postDate: '2012-01-03 10:11:37', pubDate: '' }, 'UTC')).toEqual({ at: '2012-01-03T17:11:37.000Z', from: 'gmt' });
    expect(itemDate({ postDateGmt: '0000-00-00 00:00:00', postDate: '2012-01-03 10:11:37', pubDate: '' }, 'Europe/Paris')).toEqual({ at: '2012-01-03T09:11:37.000Z', from: 'local' });
    expect(itemDate({ postDateGmt: '', postDate: '', pubDate: 'Tue, 03 Jan 2012 17:11:37 +0000' }, 'UTC')).toEqual({ at: '2012-01-03T17:11:37.000Z', from: 'pubDate' });
    expect(itemDate({ postDateGmt: '', postDate: '', pubDate: '' }, 'UTC')).toBeNull();
    expect(commentDate({ dateGmt: '', date: '2012-01-03 10:11:37' }, 'America/Chicago')).toBe('2012-01-03T16:11:37.000Z');
  });
});

describe('slugs', () => {
  it('keeps WordPress slugs that are valid here, and makes one from the slug, the title or the fallback otherwise', () => {
    expect(importSlug('template-comments', 'Template: Comments', 'post-1')).toBe('template-comments');
    expect(importSlug('caf%c3%a9-cr%c3%a8me', 'x', 'post-1')).toBe('cafe-creme');
    expect(importSlug('hello-w\u202Eorld\u202C-utf8-💫-test', 'x', 'post-1')).toBe('hello-world-utf8-test');
    expect(importSlug('', 'A Title!', 'post-1')).toBe('a-title');
    expect(importSlug('%e6%97%a5%e6%9c%ac', '日本', 'post-7')).toBe('post-7');
    expect(importSlug('%zz', '', 'post-8')).toBe('zz');
  });

  it('takes bidirectional overrides out of names', () => {
    expect(withoutBidi('Rob\u202Dert \u202EFrost')).toBe('Robert Frost');
  });
});
