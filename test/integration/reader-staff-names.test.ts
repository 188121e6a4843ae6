import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, type TestContext } from '../helpers/app.js';

const PASSWORD = 'correct horse battery staple';
const REFUSED = /is the name of a member of this site's staff; choose another display name\.$/;

/** No reader can pass for staff: a display name that reads as a staff member's is refused, however it is written. */
describe("readers and staff members' names", () => {
  let t: TestContext;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp();
    await t.services.accounts.create({ email: 'editor@example.org', name: 'Ada Lovelace', role: 'editor', password: PASSWORD });
    await t.services.accounts.create({ email: 'mod@example.org', name: 'Straße Team', role: 'moderator', password: PASSWORD });
  });
  afterAll(() => t?.close());

  const signUp = async (displayName: string) => {
    const c = adminClient(t.app, `198.51.100.${++seq}`);
    const session = await c.get('/api/v1/session');
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/readers',
      remoteAddress: `198.51.100.${seq}`,
      headers: { cookie: c.jar.header(), 'x-csrf-token': session.json().csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: `reader${seq}@example.org`, displayName, password: PASSWORD }),
    });
  };
  const readerNamed = (email: string) => t.database.db.selectFrom('readers').select('display_name').where('email', '=', email).executeTakeFirst();

  it('refuses signing up under a staff name, in any case, width or spacing', async () => {
    for (const name of ['Ada Lovelace', 'ada lovelace', 'ADA   LOVELACE', 'Ａｄａ Ｌｏｖｅｌａｃｅ', '  Ada\u00a0Lovelace ', 'STRASSE team']) {
      const res = await signUp(name);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(422);
      expect(res.json().error.code).toBe('invalid_input');
      expect(res.json().error.message, name).toMatch(REFUSED);
      expect(await readerNamed(`reader${seq}@example.org`)).toBeUndefined();
    }
  });

  it('takes names that only resemble a staff name', async () => {
    for (const name of ['Ada Lovelace II', 'Ada', 'Lovelace Ada']) {
      const res = await signUp(name);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(202);
      expect((await readerNamed(`reader${seq}@example.org`))?.display_name).toBe(name);
    }
  });

  it('refuses renaming a reader to a staff name, keeping the old name', async () => {
    const reader = await t.services.readers.signUp({ email: 'renamer@example.org', displayName: 'Harbour Watcher', ip: '198.51.100.200' });
    await expect(t.services.readers.update(reader.id, { displayName: 'ada  LOVELACE' })).rejects.toThrow(REFUSED);
    expect((await t.services.readers.byId(reader.id))?.displayName).toBe('Harbour Watcher');
    expect((await t.services.readers.update(reader.id, { displayName: 'Harbour Watcher Too' })).displayName).toBe('Harbour Watcher Too');
  });
});
