import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

const PASSWORD = 'correct horse battery staple';

/*
 * Asking for an emailed link must not tell who has an account, not even by
 * how long the answer takes: the answer comes before any work on the
 * account (looking it up, making the link, sending it), so both paths do
 * exactly the same before answering. Checked by structure, not by timing.
 */
describe('emailed link requests answer before any per-account work', () => {
  let t: TestContext;
  let readerId: number;
  let accountId: number;
  let seq = 0;
  beforeAll(async () => {
    t = await createTestApp();
    readerId = (await t.services.readers.signUp({ email: 'known.reader@example.org', displayName: 'Known Reader', ip: '192.0.2.2' })).id;
    accountId = (await t.services.accounts.create({ email: 'known.editor@example.org', name: 'Known Editor', role: 'editor', password: PASSWORD })).id;
    await t.services.readers.settled();
  });
  afterAll(() => t?.close());

  const readerLinks = () => t.database.db.selectFrom('reader_links').select('token_hash').where('reader_id', '=', readerId).execute();
  const resetLinks = () => t.database.db.selectFrom('password_resets').select('token_hash').where('account_id', '=', accountId).execute();

  it('a reader sign-in link: the same synchronous answer for a known and an unknown address, the link made only afterwards', async () => {
    const before = (await readerLinks()).length;
    const known = t.services.readers.requestSignInLink('Known.Reader@example.org', '192.0.2.10');
    const unknown = t.services.readers.requestSignInLink('nobody.here@example.org', '192.0.2.11');
    // Returned without waiting for anything: no lookup, no link, no email has happened yet.
    expect(known).not.toBeInstanceOf(Promise);
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(await readerLinks()).toHaveLength(before);
    expect(await known.outcome).toBe('sent');
    expect(await unknown.outcome).toBe('no_reader');
    await t.services.readers.settled();
    expect(await readerLinks()).toHaveLength(before + 1);
  });

  it('a reader sign-in link: a malformed address is refused the same way whoever asks, before any lookup', () => {
    expect(() => t.services.readers.requestSignInLink('not an address', '192.0.2.12')).toThrow('Enter your email address');
  });

  it('a staff password reset: the same synchronous answer for a known and an unknown address, the link made only afterwards', async () => {
    const before = (await resetLinks()).length;
    const known = t.services.passwordResets.requestInBackground('known.editor@example.org');
    const unknown = t.services.passwordResets.requestInBackground('nobody.here@example.org');
    expect(known).not.toBeInstanceOf(Promise);
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(await resetLinks()).toHaveLength(before);
    expect((await known.result).outcome).toBe('sent');
    expect((await unknown.result).outcome).toBe('no_account');
    await t.services.passwordResets.settled();
    expect(await resetLinks()).toHaveLength(before + 1);
  });

  it('the pages and the API answer a known and an unknown address identically', async () => {
    const main = (html: string) => text(parse(html).querySelector('main'));
    const ask = async (url: string, form: string, email: string) => {
      const c = adminClient(t.app, `192.0.2.${100 + ++seq}`);
      const _csrf = await c.csrfFrom(form);
      return c.post(url, { _csrf, email });
    };
    const readerKnown = await ask('/account/sign-in/link', '/account/sign-in', 'known.reader@example.org');
    const readerUnknown = await ask('/account/sign-in/link', '/account/sign-in', 'nobody.here@example.org');
    expect([readerKnown.statusCode, readerUnknown.statusCode]).toEqual([200, 200]);
    expect(main(readerKnown.body)).toBe(main(readerUnknown.body));
    const staffKnown = await ask('/admin/password-reset', '/admin/password-reset', 'known.editor@example.org');
    const staffUnknown = await ask('/admin/password-reset', '/admin/password-reset', 'nobody.here@example.org');
    expect([staffKnown.statusCode, staffUnknown.statusCode]).toEqual([200, 200]);
    expect(main(staffKnown.body)).toBe(main(staffUnknown.body));
    await t.services.readers.settled();
    await t.services.passwordResets.settled();
  });
});
