import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';

const alert = (body: string) => text(parse(body).querySelector('[role="alert"]'));
const valueOf = (body: string, selector: string) => parse(body).querySelector(selector)?.getAttribute('value');

describe('admin: site settings', () => {
  let t: TestContext;
  let admin: ReturnType<typeof adminClient>;
  let editor: ReturnType<typeof adminClient>;

  /** A complete, valid form as the page sends it. */
  const valid = (csrf: string, over: Record<string, string> = {}) => ({
    _csrf: csrf,
    name: 'The Harbour Herald',
    tagline: 'News from the coast',
    timezone: 'Europe/Lisbon',
    locale: 'pt-PT',
    commentsCloseAfterDays: '14',
    commentsPerPage: '25',
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    await t.services.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD });
    admin = adminClient(t.app);
    editor = adminClient(t.app);
    await admin.signIn('admin@example.org', PASSWORD);
    await editor.signIn('editor@example.org', PASSWORD);
    await buildArticle(t.services, t.clock.now(), { headline: 'Storm closes the harbour' });
  });
  afterAll(() => t?.close());

  it('is for admins only: visitors sign in first, editors get 403', async () => {
    const visitor = await adminClient(t.app).get('/admin/settings');
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Fsettings');
    expect((await editor.get('/admin/settings')).statusCode).toBe(403);
    const _csrf = await editor.csrfFrom('/admin');
    const post = await editor.post('/admin/settings', valid(_csrf));
    expect(post.statusCode).toBe(403);
    expect((await t.services.settings.get()).name).toBe('Broadsheet');
  });

  it('says what the spam classifier has learnt and whether its score holds comments yet', async () => {
    const status = async () => text(parse((await admin.get('/admin/settings')).body).querySelector('#settings-classifier-status'));
    expect(await status()).toBe(
      'The classifier has learnt from 0 decisions (0 spam, 0 not spam); it starts holding comments by score after 50 of each kind. Until then the score is shown to moderators only.',
    );
    const learnt: [string, 'spam' | 'ham'][] = [];
    for (let i = 0; i < 50; i++) learnt.push([`cheap pills offer ${i}`, 'spam'], [`the harbour storm report ${i}`, 'ham']);
    for (const [body, label] of learnt.slice(0, 99)) await t.services.classifier.learn(body, label);
    expect(await status()).toBe(
      'The classifier has learnt from 99 decisions (50 spam, 49 not spam); it starts holding comments by score after 50 of each kind. Until then the score is shown to moderators only.',
    );
    await t.services.classifier.learn(...learnt[99]!);
    expect(await status()).toBe('The classifier has learnt from 100 decisions (50 spam, 50 not spam) and is holding comments scoring above 0.7.');
    for (const [body, label] of learnt) await t.services.classifier.forget(body, label);
    expect(await status()).toMatch(/^The classifier has learnt from 0 decisions/);
  });

  it('shows the current settings in a labelled form', async () => {
    const res = await admin.get('/admin/settings');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const doc = parse(res.body);
    expect(text(doc.querySelector('h1'))).toBe('Site settings');
    expect(valueOf(res.body, '#settings-name')).toBe('Broadsheet');
    expect(valueOf(res.body, '#settings-locale')).toBe('en-US');
    expect(valueOf(res.body, '#settings-close')).toBe('0');
    expect(valueOf(res.body, '#settings-per-page')).toBe('50');
    const zones = [...doc.querySelectorAll('#settings-timezone option')];
    expect(zones.length).toBeGreaterThan(300);
    expect(zones.filter((o) => o.hasAttribute('selected')).map((o) => o.getAttribute('value'))).toEqual(['UTC']);
    expect(zones.map((o) => o.getAttribute('value'))).toContain('Europe/Lisbon');
    for (const control of doc.querySelectorAll('form input:not([type="hidden"]), form select')) {
      expect(doc.querySelector(`label[for="${control.id}"]`), `label for #${control.id}`).not.toBeNull();
    }
    expect([...doc.querySelectorAll('nav.admin-nav a')].map((a) => text(a))).toEqual(['Dashboard', 'Articles', 'Media', 'Comments', 'Sections', 'Tags', 'Authors', 'Staff', 'API tokens', 'Settings']);
    expect(text(doc.querySelector('nav.admin-nav a[aria-current="page"]'))).toBe('Settings');
  });

  it('refuses a form without a valid CSRF token and saves nothing', async () => {
    const before = await t.services.settings.get();
    await admin.csrfFrom('/admin/settings');
    for (const token of ['', 'forged']) {
      const res = await admin.post('/admin/settings', valid(token));
      expect(res.statusCode).toBe(403);
      expect(alert(res.body)).toContain('This form has expired or did not come from this site.');
    }
    expect(await t.services.settings.get()).toEqual(before);
  });

  it('refuses invalid values with 422 and the message, keeps what was typed, and saves nothing', async () => {
    const before = await t.services.settings.get();
    const _csrf = await admin.csrfFrom('/admin/settings');
    const cases: [Record<string, string>, string][] = [
      [{ name: '   ' }, 'The site name must be 1 to 120 characters.'],
      [{ name: 'x'.repeat(121) }, 'The site name must be 1 to 120 characters.'],
      [{ tagline: 'x'.repeat(201) }, 'The tagline must be at most 200 characters.'],
      [{ timezone: 'Mars/Olympus_Mons' }, '"Mars/Olympus_Mons" is not a time zone; use an IANA name such as Europe/London.'],
      [{ locale: 'not a locale' }, '"not a locale" is not a supported locale; use a tag such as en-GB.'],
      [{ locale: '' }, 'Enter a locale, such as en-US or en-GB.'],
      [{ commentsCloseAfterDays: 'soon' }, '“Close comments after” must be a whole number of days from 0 to 3650.'],
      [{ commentsCloseAfterDays: '-1' }, '“Close comments after” must be a whole number of days from 0 to 3650.'],
      [{ commentsCloseAfterDays: '' }, '“Close comments after” must be a whole number of days from 0 to 3650.'],
      [{ commentsPerPage: '2' }, '“Comments per page” must be a whole number from 5 to 3650.'],
      [{ commentsPerPage: '12.5' }, '“Comments per page” must be a whole number from 5 to 3650.'],
    ];
    for (const [over, message] of cases) {
      const res = await admin.post('/admin/settings', valid(_csrf, over));
      expect(res.statusCode, JSON.stringify(over)).toBe(422);
      expect(alert(res.body), JSON.stringify(over)).toBe(message);
    }
    // The form comes back as typed.
    const again = await admin.post('/admin/settings', valid(_csrf, { commentsPerPage: '2' }));
    expect(valueOf(again.body, '#settings-name')).toBe('The Harbour Herald');
    expect(valueOf(again.body, '#settings-per-page')).toBe('2');
    expect(parse(again.body).querySelector('#settings-timezone option[selected]')?.getAttribute('value')).toBe('Europe/Lisbon');
    expect(await t.services.settings.get()).toEqual(before);
    expect((await t.app.inject({ url: '/' })).body).not.toContain('The Harbour Herald');
  });

  it('refuses one spam score changed alone that would cross the other as stored, and saves nothing', async () => {
    const before = await t.services.settings.get();
    expect(before).toMatchObject({ spamHoldScore: 0.7, spamRejectScore: 0.98 });
    await expect(t.services.settings.update({ spamHoldScore: 0.99 })).rejects.toMatchObject({
      status: 422,
      message: 'spamHoldScore 0.99 would be above spamRejectScore, which is 0.98; change both together.',
    });
    await expect(t.services.settings.update({ spamRejectScore: 0.5, name: 'Half saved' })).rejects.toMatchObject({
      status: 422,
      message: 'spamRejectScore 0.5 would be below spamHoldScore, which is 0.7; change both together.',
    });
    expect(await t.services.settings.get()).toEqual(before);
    // Alone but on the right side, or both together, is fine.
    expect(await t.services.settings.update({ spamRejectScore: 0.7 })).toMatchObject({ spamHoldScore: 0.7, spamRejectScore: 0.7 });
    expect(await t.services.settings.update({ spamHoldScore: 0.8, spamRejectScore: 0.9 })).toMatchObject({ spamHoldScore: 0.8, spamRejectScore: 0.9 });
    await t.services.settings.update({ spamHoldScore: before.spamHoldScore, spamRejectScore: before.spamRejectScore });
  });

  it('saves valid settings, says "Saved.", and the public pages show them at once', async () => {
    // Warm the page cache with the old name.
    const old = await t.app.inject({ url: '/' });
    expect(text(parse(old.body).querySelector('.site-title, header a[rel="home"]'))).toBe('Broadsheet');
    expect((await t.app.inject({ url: '/' })).headers['x-cache']).toBe('hit');

    const _csrf = await admin.csrfFrom('/admin/settings');
    const res = await admin.post('/admin/settings', valid(_csrf, { locale: 'pt-pt', timezone: 'europe/lisbon' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/settings?saved');
    const page = await admin.get('/admin/settings?saved');
    expect(text(parse(page.body).querySelector('[role="status"]'))).toBe('Saved.');
    expect(valueOf(page.body, '#settings-name')).toBe('The Harbour Herald');
    // Locale and zone are kept in their canonical spelling.
    expect(valueOf(page.body, '#settings-locale')).toBe('pt-PT');
    expect(await t.services.settings.get()).toMatchObject({
      name: 'The Harbour Herald',
      tagline: 'News from the coast',
      timezone: 'Europe/Lisbon',
      locale: 'pt-PT',
      commentsCloseAfterDays: 14,
      commentsPerPage: 25,
    });

    const home = await t.app.inject({ url: '/' });
    expect(home.headers['x-cache']).toBe('miss');
    const doc = parse(home.body);
    expect(text(doc.querySelector('header a[rel="home"]'))).toBe('The Harbour Herald');
    expect(home.body).toContain('News from the coast');
    expect(home.body).toContain('Storm closes the harbour');
    // The newsroom's own header follows too.
    expect(text(parse(page.body).querySelector('.admin-header__site a'))).toBe('The Harbour Herald');
  });
  it('turns full-text feeds off and on with the Feeds box, which a form without it leaves alone', async () => {
    const shown = parse((await admin.get('/admin/settings')).body);
    expect(shown.querySelector('#settings-feed-full-text')?.hasAttribute('checked')).toBe(true);
    expect(text(shown.querySelector('label[for="settings-feed-full-text"]'))).toBe('Feeds carry each story’s full text');
    const _csrf = await admin.csrfFrom('/admin/settings');
    // Unticked: only the hidden "0" arrives.
    expect((await admin.post('/admin/settings', valid(_csrf, { feedFullText: '0' }))).statusCode).toBe(303);
    expect((await t.services.settings.get()).feedFullText).toBe(false);
    expect(
      parse((await admin.get('/admin/settings')).body)
        .querySelector('#settings-feed-full-text')
        ?.hasAttribute('checked'),
    ).toBe(false);
    // A form from before the setting existed keeps the stored value.
    expect((await admin.post('/admin/settings', valid(_csrf))).statusCode).toBe(303);
    expect((await t.services.settings.get()).feedFullText).toBe(false);
    expect((await admin.post('/admin/settings', valid(_csrf, { feedFullText: '1' }))).statusCode).toBe(303);
    expect((await t.services.settings.get()).feedFullText).toBe(true);
    await expect(t.services.settings.update({ feedFullText: 'yes' as unknown as boolean })).rejects.toThrow('feedFullText must be true or false.');
  });

  it('chooses what becomes of a deleted reader account’s comments: keep by default, remove, and nothing else', async () => {
    const shown = parse((await admin.get('/admin/settings')).body);
    const select = shown.querySelector('select#settings-deleted-comments[name="deletedAccountComments"]')!;
    expect(text(shown.querySelector('label[for="settings-deleted-comments"]'))).toBe('When a reader deletes their account');
    expect([...select.querySelectorAll('option')].map((o) => o.getAttribute('value'))).toEqual(['keep', 'remove']);
    expect(select.querySelector('option[selected]')?.getAttribute('value')).toBe('keep');
    const _csrf = await admin.csrfFrom('/admin/settings');
    expect((await admin.post('/admin/settings', valid(_csrf, { deletedAccountComments: 'remove' }))).statusCode).toBe(303);
    expect((await t.services.settings.get()).deletedAccountComments).toBe('remove');
    expect(
      parse((await admin.get('/admin/settings')).body)
        .querySelector('#settings-deleted-comments option[selected]')
        ?.getAttribute('value'),
    ).toBe('remove');
    // A form without the field keeps the stored choice; an unknown one is refused and nothing is stored.
    expect((await admin.post('/admin/settings', valid(_csrf))).statusCode).toBe(303);
    expect((await t.services.settings.get()).deletedAccountComments).toBe('remove');
    const bad = await admin.post('/admin/settings', valid(_csrf, { deletedAccountComments: 'erase', name: 'Not Saved' }));
    expect(bad.statusCode).toBe(422);
    expect(alert(bad.body)).toBe('Choose what happens to a deleted account’s comments from the list.');
    expect((await t.services.settings.get()).name).not.toBe('Not Saved');
    expect((await admin.post('/admin/settings', valid(_csrf, { deletedAccountComments: 'keep' }))).statusCode).toBe(303);
    expect((await t.services.settings.get()).deletedAccountComments).toBe('keep');
    await expect(t.services.settings.update({ deletedAccountComments: 'erase' as unknown as 'keep' })).rejects.toThrow('"erase" is not a choice for deletedAccountComments; use keep or remove.');
  });
});
