import { describe, expect, it } from 'vitest';
import { dateChange } from './editorial.dating.js';
import type { Actor } from './editorial.types.js';

const EDITOR: Actor = { accountId: 1, role: 'editor', authorId: null, name: 'Ed' };
const NOW = '2024-04-02T15:00:00.000Z';
/** A story an archive import dated before 1970, as the import may. */
const IMPORTED = { status: 'published' as const, published_at: '1969-07-20T20:17:40.000Z' };

describe('dateChange', () => {
  it('takes the date a story already carries, sent back in any offset, as no change, even outside the limits', () => {
    expect(dateChange(EDITOR, IMPORTED, '1969-07-20T20:17:40Z', NOW)).toBeUndefined();
    expect(dateChange(EDITOR, IMPORTED, '1969-07-20T15:17:40.000-05:00', NOW)).toBeUndefined();
  });

  it('still refuses a new date outside the limits, and a date without its offset', () => {
    expect(() => dateChange(EDITOR, IMPORTED, '1969-07-21T20:17:40Z', NOW)).toThrow(/before 1970/);
    expect(() => dateChange(EDITOR, IMPORTED, '1969-07-20T20:17:40', NOW)).toThrow(/time zone offset/);
  });

  it('changes the date to a new one within the limits', () => {
    expect(dateChange(EDITOR, IMPORTED, '1999-07-20T20:17:40Z', NOW)).toEqual({ from: IMPORTED.published_at, to: '1999-07-20T20:17:40.000Z' });
  });
});
