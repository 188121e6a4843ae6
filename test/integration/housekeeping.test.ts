import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { countRows } from '../helpers/db.js';

/*
 * The hourly housekeeping (src/server.ts) calls accounts.prune() and
 * readers.prune(): what has expired goes, what is still good stays.
 */

const NOW = '2024-03-29T15:00:00.000Z';
const DAY = 86_400_000;

describe('housekeeping', () => {
  let t: TestContext;
  const count = (table: 'sessions' | 'reader_sessions' | 'reader_links' | 'sign_in_attempts') => countRows(t.database.db, table);

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
  });
  afterAll(() => t.close());

  it('forgets expired sessions, expired links and sign-in attempts older than a day, and keeps the rest', async () => {
    await t.services.accounts.create({ email: 'ed@example.org', name: 'Ed Itor', role: 'editor', password: 'correct horse battery staple' });
    const old = await t.services.accounts.signIn({ email: 'ed@example.org', password: 'correct horse battery staple', ip: '192.0.2.1', userAgent: 'test' });
    const reader = await t.services.readers.signUp({ email: 'reader@example.org', displayName: 'Rea Der', password: 'a long enough passphrase', ip: '192.0.2.2' });
    await t.services.readers.settled();
    const oldReader = await t.services.readers.signIn({ email: 'reader@example.org', password: 'a long enough passphrase', ip: '192.0.2.2' });
    await expect(t.services.readers.signIn({ email: 'reader@example.org', password: 'wrong', ip: '192.0.2.3' })).rejects.toMatchObject({ status: 401 });

    // A month later: the first sessions and the sign-up link have expired; new ones are made.
    t.clock.advance(31 * DAY);
    const fresh = await t.services.accounts.signIn({ email: 'ed@example.org', password: 'correct horse battery staple', ip: '192.0.2.1', userAgent: 'test' });
    await t.services.readers.sendSignInLink('reader@example.org', '192.0.2.2');
    await t.services.readers.settled();
    const freshReader = await t.services.readers.signIn({ email: 'reader@example.org', password: 'a long enough passphrase', ip: '192.0.2.2' });
    expect([await count('sessions'), await count('reader_sessions'), await count('reader_links')]).toEqual([2, 2, 2]);
    const attemptsBefore = await count('sign_in_attempts');

    await t.services.accounts.prune();
    await t.services.readers.prune();

    expect([await count('sessions'), await count('reader_sessions'), await count('reader_links')]).toEqual([1, 1, 1]);
    expect(await count('sign_in_attempts')).toBeLessThan(attemptsBefore);
    const left = await t.database.db.selectFrom('sign_in_attempts').select('created_at').execute();
    expect(left.every((r) => r.created_at > new Date(t.clock.now().getTime() - DAY).toISOString())).toBe(true);
    expect(await t.services.accounts.sessionAccount(old.token)).toBeUndefined();
    expect((await t.services.accounts.sessionAccount(fresh.token))?.email).toBe('ed@example.org');
    expect(await t.services.readers.session(oldReader.sessionToken)).toBeUndefined();
    expect((await t.services.readers.session(freshReader.sessionToken))?.id).toBe(reader.id);
  });
});
