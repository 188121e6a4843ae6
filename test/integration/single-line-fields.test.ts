import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

const PASSWORD = 'correct horse battery staple';
const alert = (body: string) => text(parse(body).querySelector('[role="alert"]'));

/**
 * Fields shown on one line (the site's name and tagline, headlines, deks,
 * section, tag and author names) hold no line breaks or other control
 * characters, and no bidi embedding, override or isolate: the newsroom is
 * told which character, nothing is silently altered, and right-to-left text
 * itself is welcome.
 */
describe('single-line fields', () => {
  let t: TestContext;
  let bearer: string;
  let admin: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    t = await createTestApp();
    const account = await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    bearer = (await t.services.tokens.create({ accountId: account.id, role: 'admin', authorId: null, name: account.name }, { name: 'lines', role: 'editor' })).token;
    admin = adminClient(t.app);
    await admin.signIn('admin@example.org', PASSWORD);
  });
  afterAll(() => t?.close());

  const api = (url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: url === 'articles' ? '/api/v1/newsroom/articles' : `/api/v1/${url}`,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const settingsForm = (csrf: string, over: Record<string, string>) => ({
    _csrf: csrf,
    name: 'The Harbour Herald',
    tagline: 'News from the coast',
    timezone: 'UTC',
    locale: 'en-US',
    commentsCloseAfterDays: '0',
    commentsPerPage: '50',
    ...over,
  });

  it('refuses line breaks and control characters in the site name and tagline, saving nothing', async () => {
    const before = await t.services.settings.get();
    const _csrf = await admin.csrfFrom('/admin/settings');
    const cases: [Record<string, string>, string][] = [
      [{ name: 'The Harbour\r\nHerald' }, 'The site name must be a single line of text: it contains a line break (U+000D).'],
      [{ name: 'The Harbour\nHerald' }, 'The site name must be a single line of text: it contains a line break (U+000A).'],
      [{ name: 'The Harbour\tHerald' }, 'The site name must be a single line of text: it contains a tab (U+0009).'],
      [{ tagline: 'News from\u0085the coast' }, 'The tagline must be a single line of text: it contains a control character (U+0085).'],
      [{ tagline: 'News \u202Etsaoc eht morf' }, expect.stringContaining('The tagline contains the invisible direction-changing character U+202E RIGHT-TO-LEFT OVERRIDE') as unknown as string],
    ];
    for (const [over, message] of cases) {
      const res = await admin.post('/admin/settings', settingsForm(_csrf, over));
      expect(res.statusCode, JSON.stringify(over)).toBe(422);
      expect(alert(res.body), JSON.stringify(over)).toEqual(message);
    }
    expect(await t.services.settings.get()).toEqual(before);
  });

  it('refuses line breaks and bidi controls in headlines, deks and names through the newsroom API, naming the character', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['articles', { headline: 'Ferry fares\nto rise' }, 'A headline must be a single line of text: it contains a line break (U+000A).'],
      ['articles', { headline: 'Ferry fares', dek: 'Up by\r\na tenth' }, 'The dek must be a single line of text: it contains a line break (U+000A).'],
      ['articles', { headline: 'Ferry \u202Eserif' }, 'A headline contains the invisible direction-changing character U+202E RIGHT-TO-LEFT OVERRIDE'],
      ['articles', { headline: 'Ferry \u202Dfares' }, 'A headline contains the invisible direction-changing character U+202D LEFT-TO-RIGHT OVERRIDE'],
      ['articles', { headline: 'Ferry fares', dek: 'Up \u2066by\u2069 a tenth' }, 'The dek contains the invisible direction-changing character U+2066 LEFT-TO-RIGHT ISOLATE'],
      ['articles', { headline: 'Ferry fares', dek: 'Up \u202Aby a tenth' }, 'The dek contains the invisible direction-changing character U+202A LEFT-TO-RIGHT EMBEDDING'],
      ['articles', { headline: 'Ferry fares', tags: ['harbour\nnews'] }, 'The tag "harbour\nnews" must be a single line of text: it contains a line break (U+000A).'],
      ['sections', { name: 'Sport\u2067s' }, 'The section name contains the invisible direction-changing character U+2067 RIGHT-TO-LEFT ISOLATE'],
      ['sections', { name: 'Local\nNews' }, 'The section name must be a single line of text: it contains a line break (U+000A).'],
      ['authors', { name: 'Ana\u2068 Ruiz' }, 'The author name contains the invisible direction-changing character U+2068 FIRST STRONG ISOLATE'],
    ];
    for (const [what, payload, message] of cases) {
      const before = await t.database.db.selectFrom('articles').select('id').execute();
      const res = await api(what, payload);
      expect(res.statusCode, `${what} ${res.body}`).toBe(422);
      expect(res.json().error.code).toBe('invalid_input');
      expect(res.json().error.message).toContain(message);
      expect(await t.database.db.selectFrom('articles').select('id').execute()).toEqual(before);
    }
  });

  it('keeps right-to-left text: Arabic and Hebrew headlines, deks and names are saved as typed', async () => {
    const headline = 'ارتفاع أسعار العبّارات';
    const dek = 'מחירי המעבורת יעלו בעשרה אחוזים';
    const res = await api('articles', { headline, dek, tags: ['أخبار الميناء'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data.headline).toBe(headline);
    expect(res.json().data.dek).toBe(dek);
    const section = await api('sections', { name: 'חדשות', slug: 'hadashot' });
    expect(section.statusCode, section.body).toBe(201);
    expect(section.json().data.name).toBe('חדשות');
    const _csrf = await admin.csrfFrom('/admin/settings');
    const saved = await admin.post('/admin/settings', settingsForm(_csrf, { name: 'صحيفة الميناء', tagline: 'أخبار الساحل' }));
    expect(saved.statusCode, alert(saved.body)).toBe(303);
    expect((await t.services.settings.get()).name).toBe('صحيفة الميناء');
  });
});
