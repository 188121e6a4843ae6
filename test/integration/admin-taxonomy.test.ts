import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle, buildAuthor, buildSection } from '../helpers/factories.js';
import { NOT_IMAGES, twoTone } from '../fixtures/images/images.js';

const PASSWORD = 'correct horse battery staple';

type Client = ReturnType<typeof adminClient>;

const alert = (body: string) => text(parse(body).querySelector('[role="alert"]'));
const status = (body: string) => text(parse(body).querySelector('[role="status"]'));

/** An app with an admin, an editor and an author signed in, each in their own browser. */
async function newsroom(): Promise<{ t: TestContext; editor: Client; author: Client; admin: Client }> {
  const t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
  await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  await t.services.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD });
  await t.services.accounts.create({ email: 'author@example.org', name: 'Aut Hor', role: 'author', password: PASSWORD });
  const admin = adminClient(t.app);
  const editor = adminClient(t.app);
  const author = adminClient(t.app);
  expect((await admin.signIn('admin@example.org', PASSWORD)).statusCode).toBe(303);
  expect((await editor.signIn('editor@example.org', PASSWORD)).statusCode).toBe(303);
  expect((await author.signIn('author@example.org', PASSWORD)).statusCode).toBe(303);
  return { t, editor, author, admin };
}

describe('admin: sections', () => {
  let t: TestContext;
  let editor: Client;
  let author: Client;

  beforeAll(async () => {
    ({ t, editor, author } = await newsroom());
  });
  afterAll(() => t?.close());

  const sectionRow = (body: string, name: string) =>
    [...parse(body).querySelectorAll('.admin-table tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => text(c))).find((cells) => cells[0] === name);

  it('sends visitors to sign in, and refuses authors with 403', async () => {
    const visitor = adminClient(t.app);
    const res = await visitor.get('/admin/sections');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Fsections');

    const section = await buildSection(t.services, { name: 'Forbidden', slug: 'forbidden' });
    expect((await author.get('/admin/sections')).statusCode).toBe(403);
    expect((await author.get(`/admin/sections/${section.id}`)).statusCode).toBe(403);
    expect((await author.get('/admin/tags')).statusCode).toBe(403);
    const _csrf = await author.csrfFrom('/admin');
    const post = await author.post('/admin/sections', { _csrf, name: 'Sneaky', slug: 'sneaky' });
    expect(post.statusCode).toBe(403);
    expect(post.body).toContain('Your role does not allow this.');
    const del = await author.post(`/admin/sections/${section.id}/delete`, { _csrf });
    expect(del.statusCode).toBe(403);
    expect(await t.services.sections.bySlug('sneaky')).toBeUndefined();
    expect(await t.services.sections.bySlug('forbidden')).toBeDefined();
  });

  it('lists sections with slug, description, position and article count', async () => {
    const s = await buildSection(t.services, { name: 'Climate', slug: 'climate', description: 'Warming and weather.', position: 3 });
    await buildArticle(t.services, t.clock.now(), { sectionId: s.id });
    await buildArticle(t.services, t.clock.now(), { sectionId: s.id, status: 'draft', publishedAt: null });
    const res = await editor.get('/admin/sections');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const doc = parse(res.body);
    expect(text(doc.querySelector('h1'))).toBe('Sections');
    expect(sectionRow(res.body, 'Climate')).toEqual(['Climate', 'climate', 'Warming and weather.', '3', '2']);
    expect(doc.querySelector(`a[href="/admin/sections/${s.id}"]`)).not.toBeNull();
    // Editors see links to the pages they may use, not to settings.
    const nav = [...doc.querySelectorAll('nav.admin-nav a')].map((a) => text(a));
    expect(nav).toEqual(['Dashboard', 'Articles', 'Media', 'Comments', 'Sections', 'Tags', 'Authors']);
    expect(text(doc.querySelector('nav.admin-nav a[aria-current="page"]'))).toBe('Sections');
  });

  it('creates a section, making the slug from the name when left empty', async () => {
    const _csrf = await editor.csrfFrom('/admin/sections');
    const res = await editor.post('/admin/sections', { _csrf, name: 'Arts & Culture', slug: '', description: ' Galleries. ', position: '7' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sections?created');
    const created = await t.services.sections.bySlug('arts-culture');
    expect(created).toMatchObject({ name: 'Arts & Culture', description: 'Galleries.' });
    const list = await editor.get(String(res.headers.location));
    expect(status(list.body)).toBe('Section created.');
    expect(sectionRow(list.body, 'Arts & Culture')).toEqual(['Arts & Culture', 'arts-culture', 'Galleries.', '7', '0']);
    expect((await t.app.inject({ url: '/section/arts-culture' })).statusCode).toBe(200);
  });

  it('refuses invalid new sections with 422 or 409, keeps what was typed, and creates nothing', async () => {
    const _csrf = await editor.csrfFrom('/admin/sections');
    const before = (await t.services.sections.list()).length;

    const badSlug = await editor.post('/admin/sections', { _csrf, name: 'Sport', slug: 'Sport Stuff', description: 'Games.', position: '1' });
    expect(badSlug.statusCode).toBe(422);
    expect(alert(badSlug.body)).toBe('"Sport Stuff" is not a valid slug: use lower-case letters, digits and hyphens.');
    const doc = parse(badSlug.body);
    expect(doc.querySelector('#new-section-name')?.getAttribute('value')).toBe('Sport');
    expect(text(doc.querySelector('#new-section-description'))).toBe('Games.');

    const noName = await editor.post('/admin/sections', { _csrf, name: '  ', slug: 'nameless' });
    expect(noName.statusCode).toBe(422);
    expect(alert(noName.body)).toBe('A section needs a name of 1 to 200 characters.');

    const badPosition = await editor.post('/admin/sections', { _csrf, name: 'Sport', slug: 'sport', position: 'first' });
    expect(badPosition.statusCode).toBe(422);
    expect(alert(badPosition.body)).toBe('The position must be a whole number from -1,000,000 to 1,000,000.');

    const taken = await editor.post('/admin/sections', { _csrf, name: 'Climate again', slug: 'climate' });
    expect(taken.statusCode).toBe(409);
    expect(alert(taken.body)).toBe('A section with the slug "climate" already exists.');

    expect((await t.services.sections.list()).length).toBe(before);
  });

  it('refuses every section form without a valid CSRF token and changes nothing', async () => {
    const s = await buildSection(t.services, { name: 'Science', slug: 'science' });
    await editor.csrfFrom('/admin/sections');
    for (const token of [undefined, 'forged']) {
      const form: Record<string, string> = token ? { _csrf: token } : {};
      const create = await editor.post('/admin/sections', { ...form, name: 'Business', slug: 'business' });
      expect(create.statusCode).toBe(403);
      expect(alert(create.body)).toContain('This form has expired or did not come from this site.');
      expect((await editor.post(`/admin/sections/${s.id}`, { ...form, name: 'Hijacked', slug: 'hijacked', description: '', position: '0' })).statusCode).toBe(403);
      expect((await editor.post(`/admin/sections/${s.id}/delete`, form)).statusCode).toBe(403);
    }
    expect(await t.services.sections.bySlug('business')).toBeUndefined();
    expect(await t.services.sections.bySlug('science')).toMatchObject({ name: 'Science' });
  });

  it('edits a section: the public pages show it at once, and the old address leads to the new one', async () => {
    const s = await buildSection(t.services, { name: 'World', slug: 'world', description: 'Abroad.' });
    // Warm the page cache with the old navigation.
    expect((await t.app.inject({ url: '/' })).body).toContain('>World<');
    expect((await t.app.inject({ url: '/' })).headers['x-cache']).toBe('hit');

    const page = await editor.get(`/admin/sections/${s.id}`);
    expect(page.statusCode).toBe(200);
    expect(text(parse(page.body).querySelector('h1'))).toBe('Section “World”');
    const _csrf = await editor.csrfFrom(`/admin/sections/${s.id}`);
    const res = await editor.post(`/admin/sections/${s.id}`, { _csrf, name: 'International', slug: 'international', description: 'News from abroad.', position: '-2' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/sections/${s.id}?saved`);
    expect(status((await editor.get(`/admin/sections/${s.id}?saved`)).body)).toBe('Saved.');

    expect(await t.services.sections.detail(s.id)).toMatchObject({ name: 'International', slug: 'international', description: 'News from abroad.', position: -2 });
    const home = await t.app.inject({ url: '/' });
    expect(home.headers['x-cache']).toBe('miss');
    expect(home.body).toContain('>International<');
    expect(home.body).not.toContain('>World<');
    expect((await t.app.inject({ url: '/section/international' })).statusCode).toBe(200);
    const old = await t.app.inject({ url: '/section/world' });
    expect([old.statusCode, old.headers.location]).toEqual([301, '/section/international']);
  });

  it('refuses an invalid edit with 422 and the message, and changes nothing', async () => {
    const s = await buildSection(t.services, { name: 'Opinion', slug: 'opinion', description: 'Views.' });
    await buildSection(t.services, { name: 'Letters', slug: 'letters' });
    const _csrf = await editor.csrfFrom(`/admin/sections/${s.id}`);
    const empty = await editor.post(`/admin/sections/${s.id}`, { _csrf, name: '', slug: 'opinion', description: 'Changed.', position: '0' });
    expect(empty.statusCode).toBe(422);
    expect(alert(empty.body)).toBe('A section needs a name of 1 to 200 characters.');
    expect(text(parse(empty.body).querySelector('#section-description'))).toBe('Changed.');
    const long = await editor.post(`/admin/sections/${s.id}`, { _csrf, name: 'Opinion', slug: 'opinion', description: 'x'.repeat(2001), position: '0' });
    expect(long.statusCode).toBe(422);
    expect(alert(long.body)).toBe('The description is limited to 2000 characters (this one has 2001).');
    const taken = await editor.post(`/admin/sections/${s.id}`, { _csrf, name: 'Opinion', slug: 'letters', description: 'Views.', position: '0' });
    expect(taken.statusCode).toBe(409);
    expect(alert(taken.body)).toBe('A section with the slug "letters" already exists.');
    expect(await t.services.sections.detail(s.id)).toMatchObject({ name: 'Opinion', slug: 'opinion', description: 'Views.', position: 0 });
  });

  it('answers 404 for sections that do not exist', async () => {
    expect((await editor.get('/admin/sections/999999')).statusCode).toBe(404);
    expect((await editor.get('/admin/sections/not-a-number')).statusCode).toBe(404);
    expect((await editor.get('/admin/sections/99999999999')).statusCode).toBe(404);
    const _csrf = await editor.csrfFrom('/admin/sections');
    expect((await editor.post('/admin/sections/999999', { _csrf, name: 'X', slug: 'x', position: '0' })).statusCode).toBe(404);
    expect((await editor.post('/admin/sections/999999/delete', { _csrf })).statusCode).toBe(404);
  });

  it('refuses to delete a section articles are filed under, with 409 naming how many', async () => {
    const s = await buildSection(t.services, { name: 'Politics', slug: 'politics' });
    await buildArticle(t.services, t.clock.now(), { sectionId: s.id });
    await buildArticle(t.services, t.clock.now(), { sectionId: s.id, status: 'draft', publishedAt: null });
    const page = await editor.get(`/admin/sections/${s.id}`);
    expect(parse(page.body).querySelector(`form[action="/admin/sections/${s.id}/delete"]`)).toBeNull();
    expect(page.body).toContain('Move them to another section before deleting it.');

    const _csrf = await editor.csrfFrom(`/admin/sections/${s.id}`);
    const res = await editor.post(`/admin/sections/${s.id}/delete`, { _csrf });
    expect(res.statusCode).toBe(409);
    expect(alert(res.body)).toBe('The section "Politics" still has 2 articles filed under it. Move them to another section first.');
    expect(await t.services.sections.bySlug('politics')).toBeDefined();
    expect((await t.services.articles.list({ sectionId: s.id })).items).toHaveLength(1);
  });

  it('deletes an unused section: gone from the list, the navigation and its address', async () => {
    const s = await buildSection(t.services, { name: 'Puzzles', slug: 'puzzles' });
    expect((await t.app.inject({ url: '/' })).body).toContain('>Puzzles<');
    const _csrf = await editor.csrfFrom(`/admin/sections/${s.id}`);
    const res = await editor.post(`/admin/sections/${s.id}/delete`, { _csrf });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sections?deleted');
    const list = await editor.get('/admin/sections?deleted');
    expect(status(list.body)).toBe('Section deleted.');
    expect(sectionRow(list.body, 'Puzzles')).toBeUndefined();
    expect((await t.app.inject({ url: '/' })).body).not.toContain('>Puzzles<');
    expect((await t.app.inject({ url: '/section/puzzles' })).statusCode).toBe(404);
  });
});

describe('admin: tags', () => {
  let t: TestContext;
  let editor: Client;

  beforeAll(async () => {
    ({ t, editor } = await newsroom());
  });
  afterAll(() => t?.close());

  const tagId = async (slug: string) => (await t.services.sections.tagBySlug(slug))?.id;
  const headlinesOn = async (url: string) => {
    const res = await t.app.inject({ url });
    return { status: res.statusCode, body: res.body };
  };

  it('lists tags with their article counts', async () => {
    await buildArticle(t.services, t.clock.now(), { tags: ['Elections', 'Budget'] });
    await buildArticle(t.services, t.clock.now(), { tags: ['Elections'], status: 'draft', publishedAt: null });
    const res = await editor.get('/admin/tags');
    expect(res.statusCode).toBe(200);
    const rows = [...parse(res.body).querySelectorAll('.admin-table tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => text(c)));
    expect(rows).toEqual([
      ['Budget', 'budget', '1'],
      ['Elections', 'elections', '2'],
    ]);
  });

  it('renames a tag and moves its page', async () => {
    const a = await buildArticle(t.services, t.clock.now(), { headline: 'Harbour reopens', tags: ['Harbor'] });
    const id = (await tagId('harbor'))!;
    expect((await headlinesOn('/tag/harbor')).status).toBe(200);
    const _csrf = await editor.csrfFrom(`/admin/tags/${id}`);
    const res = await editor.post(`/admin/tags/${id}`, { _csrf, name: 'Harbour', slug: 'harbour' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/tags/${id}?saved`);
    expect(status((await editor.get(String(res.headers.location))).body)).toBe('Saved.');
    const moved = await headlinesOn('/tag/harbour');
    expect(moved.status).toBe(200);
    expect(moved.body).toContain(a.headline);
    const old = await t.app.inject({ url: '/tag/harbor' });
    expect([old.statusCode, old.headers.location]).toEqual([301, '/tag/harbour']);
  });

  it('refuses a bad rename with the message, in the rename panel, and changes nothing', async () => {
    await buildArticle(t.services, t.clock.now(), { tags: ['Schools', 'Teachers'] });
    const id = (await tagId('schools'))!;
    const _csrf = await editor.csrfFrom(`/admin/tags/${id}`);
    const taken = await editor.post(`/admin/tags/${id}`, { _csrf, name: 'Schools', slug: 'teachers' });
    expect(taken.statusCode).toBe(409);
    expect(text(parse(taken.body).querySelector('[aria-labelledby="rename-tag"] [role="alert"]'))).toBe('A tag with the slug "teachers" already exists. To combine the two, merge this tag into it.');
    const bad = await editor.post(`/admin/tags/${id}`, { _csrf, name: 'x'.repeat(101), slug: 'schools' });
    expect(bad.statusCode).toBe(422);
    expect(alert(bad.body)).toBe('A tag needs a name of 1 to 100 characters.');
    const noCsrf = await editor.post(`/admin/tags/${id}`, { name: 'Hijacked', slug: 'hijacked' });
    expect(noCsrf.statusCode).toBe(403);
    expect(await t.services.sections.tagBySlug('schools')).toMatchObject({ name: 'Schools' });
  });

  it('merges a tag into another: /tag/<into> lists all their articles and /tag/<from> is gone', async () => {
    const onlyFrom = await buildArticle(t.services, t.clock.now(), { headline: 'Only the old tag', tags: ['Rail strike'] });
    const both = await buildArticle(t.services, t.clock.now(), { headline: 'Both tags', tags: ['Rail strike', 'Strikes'] });
    const onlyInto = await buildArticle(t.services, t.clock.now(), { headline: 'Only the new tag', tags: ['Strikes'] });
    const from = (await tagId('rail-strike'))!;
    const into = (await tagId('strikes'))!;

    // The merge form offers every other tag.
    const page = await editor.get(`/admin/tags/${from}`);
    const options = [...parse(page.body).querySelectorAll('#merge-into option')].map((o) => o.getAttribute('value'));
    expect(options).toContain(String(into));
    expect(options).not.toContain(String(from));

    expect((await headlinesOn('/tag/strikes')).body).not.toContain(onlyFrom.headline);
    const _csrf = await editor.csrfFrom(`/admin/tags/${from}`);
    const res = await editor.post(`/admin/tags/${from}/merge`, { _csrf, into: String(into) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/tags/${into}?merged`);
    const after = await editor.get(String(res.headers.location));
    expect(status(after.body)).toBe('Tags merged: the articles of the merged tag now carry this one.');
    expect(text(parse(after.body).querySelector('h1'))).toBe('Tag “Strikes”');

    const tagPage = await headlinesOn('/tag/strikes');
    expect(tagPage.status).toBe(200);
    for (const a of [onlyFrom, both, onlyInto]) expect(tagPage.body).toContain(a.headline);
    expect((await headlinesOn('/tag/rail-strike')).status).toBe(404);
    expect(await t.services.sections.tagBySlug('rail-strike')).toBeUndefined();
    // An article that had both tags keeps one link, not two.
    const links = await t.database.db.selectFrom('article_tags').select('tag_id').where('article_id', '=', both.id).execute();
    expect(links.map((l) => l.tag_id)).toEqual([into]);
    expect((await t.services.sections.tagDetail(into))?.articleCount).toBe(3);
  });

  it('refuses merging a tag into itself, into nothing, or without CSRF, and changes nothing', async () => {
    await buildArticle(t.services, t.clock.now(), { tags: ['Floods', 'Weather'] });
    const from = (await tagId('floods'))!;
    const into = (await tagId('weather'))!;
    const _csrf = await editor.csrfFrom(`/admin/tags/${from}`);
    const self = await editor.post(`/admin/tags/${from}/merge`, { _csrf, into: String(from) });
    expect(self.statusCode).toBe(422);
    expect(text(parse(self.body).querySelector('[aria-labelledby="merge-tag"] [role="alert"]'))).toBe('A tag cannot be merged into itself: choose another tag.');
    const none = await editor.post(`/admin/tags/${from}/merge`, { _csrf, into: '' });
    expect(none.statusCode).toBe(422);
    expect(alert(none.body)).toBe('Choose the tag to merge this one into.');
    const gone = await editor.post(`/admin/tags/${from}/merge`, { _csrf, into: '999999' });
    expect(gone.statusCode).toBe(422);
    expect(alert(gone.body)).toBe('The tag to merge into no longer exists.');
    const noCsrf = await editor.post(`/admin/tags/${from}/merge`, { into: String(into) });
    expect(noCsrf.statusCode).toBe(403);
    expect(await t.services.sections.tagDetail(from)).toMatchObject({ articleCount: 1 });
    expect(await t.services.sections.tagDetail(into)).toMatchObject({ articleCount: 1 });
  });

  it('deletes a tag: its articles stay, without it', async () => {
    const a = await buildArticle(t.services, t.clock.now(), { headline: 'Tagged for deletion', tags: ['Ephemeral', 'Lasting'] });
    const id = (await tagId('ephemeral'))!;
    expect((await headlinesOn('/tag/ephemeral')).status).toBe(200);
    const _csrf = await editor.csrfFrom(`/admin/tags/${id}`);
    expect((await editor.post(`/admin/tags/${id}/delete`, {})).statusCode).toBe(403);
    expect(await t.services.sections.tagBySlug('ephemeral')).toBeDefined();
    const res = await editor.post(`/admin/tags/${id}/delete`, { _csrf });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/tags?deleted');
    expect(status((await editor.get('/admin/tags?deleted')).body)).toBe('Tag deleted.');
    expect((await headlinesOn('/tag/ephemeral')).status).toBe(404);
    expect((await headlinesOn('/tag/lasting')).body).toContain(a.headline);
    expect((await editor.post(`/admin/tags/${id}/delete`, { _csrf })).statusCode).toBe(404);
  });
});

describe('admin: authors', () => {
  let t: TestContext;
  let editor: Client;
  let author: Client;

  beforeAll(async () => {
    ({ t, editor, author } = await newsroom());
  });
  afterAll(() => t?.close());

  it('refuses authors (the role) with 403', async () => {
    const a = await buildAuthor(t.services);
    expect((await author.get('/admin/authors')).statusCode).toBe(403);
    expect((await author.get(`/admin/authors/${a.id}`)).statusCode).toBe(403);
    const _csrf = await author.csrfFrom('/admin');
    expect((await author.post(`/admin/authors/${a.id}`, { _csrf, name: 'Renamed', slug: a.slug })).statusCode).toBe(403);
    expect((await t.services.authors.byId(a.id))?.name).toBe(a.name);
  });

  it('creates an author and opens the profile for editing', async () => {
    const _csrf = await editor.csrfFrom('/admin/authors');
    const res = await editor.post('/admin/authors', { _csrf, name: 'Zoë Ólafsdóttir', slug: '', bio: 'Covers the north.' });
    expect(res.statusCode).toBe(303);
    const created = await t.services.authors.bySlug('zoe-olafsdottir');
    expect(created).toMatchObject({ name: 'Zoë Ólafsdóttir', bio: 'Covers the north.' });
    expect(res.headers.location).toBe(`/admin/authors/${created!.id}?created`);
    const page = await editor.get(String(res.headers.location));
    expect(status(page.body)).toBe('Author created. Add a photo and links below.');
    // No links yet: three blank rows.
    expect(parse(page.body).querySelectorAll('.link-row')).toHaveLength(3);
    const list = await editor.get('/admin/authors');
    expect(parse(list.body).querySelector(`a[href="/admin/authors/${created!.id}"]`)).not.toBeNull();
  });

  it('refuses a duplicate slug or an empty name, keeping what was typed', async () => {
    const existing = await buildAuthor(t.services);
    const _csrf = await editor.csrfFrom('/admin/authors');
    const before = (await t.services.authors.list()).length;
    const dup = await editor.post('/admin/authors', { _csrf, name: 'Someone', slug: existing.slug, bio: 'Typed bio.' });
    expect(dup.statusCode).toBe(409);
    expect(alert(dup.body)).toBe(`An author with the slug "${existing.slug}" already exists.`);
    expect(text(parse(dup.body).querySelector('#new-author-bio'))).toBe('Typed bio.');
    const empty = await editor.post('/admin/authors', { _csrf, name: '', slug: 'nobody' });
    expect(empty.statusCode).toBe(422);
    expect((await t.services.authors.list()).length).toBe(before);
  });

  it('edits name, slug, bio, photo and links; the public profile shows them', async () => {
    const a = await buildAuthor(t.services, { name: 'Sam Reporter', slug: 'sam-reporter', links: [{ label: 'Website', url: 'https://sam.example' }] });
    const photo = await t.services.media.register({ url: '/media/sam.jpg', mime: 'image/jpeg', width: 400, height: 400, alt: 'Sam' });
    expect((await t.app.inject({ url: '/author/sam-reporter' })).statusCode).toBe(200);
    const page = await editor.get(`/admin/authors/${a.id}`);
    const doc = parse(page.body);
    expect(doc.querySelectorAll('.link-row')).toHaveLength(4);
    expect(doc.querySelector('#link-url-0')?.getAttribute('value')).toBe('https://sam.example');
    for (const input of doc.querySelectorAll('form input:not([type="hidden"]), form textarea, form select')) {
      expect(doc.querySelector(`label[for="${input.id}"]`), `label for #${input.id}`).not.toBeNull();
    }

    const _csrf = await editor.csrfFrom(`/admin/authors/${a.id}`);
    const res = await editor.post(`/admin/authors/${a.id}`, {
      _csrf,
      name: 'Sam Writer',
      slug: 'sam-writer',
      bio: 'Writes now.',
      photo_id: String(photo.id),
      link_label_0: 'Website',
      link_url_0: 'https://sam.example',
      link_label_1: '',
      link_url_1: '',
      link_label_2: 'Mastodon',
      link_url_2: 'https://social.example/@sam',
      link_label_3: 'Email',
      link_url_3: 'mailto:sam@example.org',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/authors/${a.id}?saved`);
    expect(await t.services.authors.byId(a.id)).toMatchObject({
      name: 'Sam Writer',
      slug: 'sam-writer',
      bio: 'Writes now.',
      photo: { id: photo.id },
      links: [
        { label: 'Website', url: 'https://sam.example' },
        { label: 'Mastodon', url: 'https://social.example/@sam' },
        { label: 'Email', url: 'mailto:sam@example.org' },
      ],
    });
    const profile = await t.app.inject({ url: '/author/sam-writer' });
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Sam Writer');
    expect(profile.body).toContain('https://social.example/@sam');
    const old = await t.app.inject({ url: '/author/sam-reporter' });
    expect([old.statusCode, old.headers.location]).toEqual([301, '/author/sam-writer']);

    // Removing the photo and every link.
    const cleared = await editor.post(`/admin/authors/${a.id}`, { _csrf, name: 'Sam Writer', slug: 'sam-writer', bio: 'Writes now.', photo_id: '' });
    expect(cleared.statusCode).toBe(303);
    expect(await t.services.authors.byId(a.id)).toMatchObject({ photo: null, links: [] });
  });

  it('refuses bad links, a missing photo and a missing CSRF token with the message, and changes nothing', async () => {
    const a = await buildAuthor(t.services, { name: 'Kim Steady', slug: 'kim-steady', bio: 'Unchanged.' });
    const _csrf = await editor.csrfFrom(`/admin/authors/${a.id}`);
    const base = { _csrf, name: 'Kim Changed', slug: 'kim-steady', bio: 'Changed.', photo_id: '' };

    const js = await editor.post(`/admin/authors/${a.id}`, { ...base, link_label_0: 'Site', link_url_0: 'javascript:alert(1)' });
    expect(js.statusCode).toBe(422);
    expect(alert(js.body)).toBe('The link "javascript:alert(1)" must be an absolute http(s) or mailto: URL.');
    // What was typed is kept, in its row, with three blank rows after it.
    const doc = parse(js.body);
    expect(doc.querySelector('#author-name')?.getAttribute('value')).toBe('Kim Changed');
    expect(doc.querySelector('#link-url-0')?.getAttribute('value')).toBe('javascript:alert(1)');
    expect(doc.querySelectorAll('.link-row')).toHaveLength(4);

    const noUrl = await editor.post(`/admin/authors/${a.id}`, { ...base, link_label_0: 'Blog', link_url_0: '' });
    expect(noUrl.statusCode).toBe(422);
    expect(alert(noUrl.body)).toBe('The link “Blog” needs a URL.');

    const noLabel = await editor.post(`/admin/authors/${a.id}`, { ...base, link_label_0: '', link_url_0: 'https://kim.example' });
    expect(noLabel.statusCode).toBe(422);
    expect(alert(noLabel.body)).toBe('The link https://kim.example needs a label.');

    const noPhoto = await editor.post(`/admin/authors/${a.id}`, { ...base, photo_id: '424242' });
    expect(noPhoto.statusCode).toBe(422);
    expect(alert(noPhoto.body)).toBe('There is no image number 424242 in the media library.');

    const notNumber = await editor.post(`/admin/authors/${a.id}`, { ...base, photo_id: 'portrait.jpg' });
    expect(notNumber.statusCode).toBe(422);
    expect(alert(notNumber.body)).toBe('The photo must be the number of an image in the media library.');

    const badSlug = await editor.post(`/admin/authors/${a.id}`, { ...base, slug: 'Kim!' });
    expect(badSlug.statusCode).toBe(422);

    const noCsrf = await editor.post(`/admin/authors/${a.id}`, { ...base, _csrf: 'forged' });
    expect(noCsrf.statusCode).toBe(403);
    expect(alert(noCsrf.body)).toContain('This form has expired');

    expect(await t.services.authors.byId(a.id)).toMatchObject({ name: 'Kim Steady', bio: 'Unchanged.', links: [] });
  });

  it('answers 404 for authors that do not exist', async () => {
    expect((await editor.get('/admin/authors/999999')).statusCode).toBe(404);
    const _csrf = await editor.csrfFrom('/admin/authors');
    expect((await editor.post('/admin/authors/999999', { _csrf, name: 'Ghost', slug: 'ghost' })).statusCode).toBe(404);
  });
});

/** A multipart/form-data body, parts in the order given (as a browser sends a form's fields). */
function multipart(fields: Record<string, string>, file?: { field?: string; filename: string; data: Buffer; type?: string }) {
  const boundary = `----broadsheet-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'photo'}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'image/jpeg'}\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('admin: author photo upload', () => {
  let t: TestContext;
  let editor: Client;
  let author: Client;

  beforeAll(async () => {
    ({ t, editor, author } = await newsroom());
  });
  afterAll(() => t?.close());

  const upload = (client: Client, authorId: number, body: ReturnType<typeof multipart>) =>
    t.app.inject({
      method: 'POST',
      url: `/admin/authors/${authorId}/photo`,
      remoteAddress: '127.0.0.1',
      headers: { cookie: client.jar.header(), 'content-type': body.contentType },
      payload: body.payload,
    });
  const mediaCount = async () => (await t.database.db.selectFrom('media').select('id').execute()).length;
  const photoAlert = (body: string) => text(parse(body).querySelector('[aria-labelledby="upload-photo"] [role="alert"]'));

  it("uploads a photo through the media pipeline and makes it the author's photo", async () => {
    const a = await buildAuthor(t.services, { name: 'Lena Photo', slug: 'lena-photo' });
    expect((await t.app.inject({ url: '/author/lena-photo' })).body).not.toContain('/media/uploads/');
    const page = parse((await editor.get(`/admin/authors/${a.id}`)).body);
    const form = page.querySelector(`form[action="/admin/authors/${a.id}/photo"]`);
    expect(form?.getAttribute('enctype')).toBe('multipart/form-data');
    expect(page.querySelector('#photo-alt')?.getAttribute('value')).toBe('Portrait of Lena Photo');

    const _csrf = await editor.csrfFrom(`/admin/authors/${a.id}`);
    const res = await upload(editor, a.id, multipart({ _csrf, alt: 'Lena at her desk', credit: 'Staff' }, { filename: 'IMG_0042.JPG', data: await twoTone('jpeg', 800, 800) }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/authors/${a.id}?photo`);
    const after = await t.services.authors.byId(a.id);
    expect(after?.photo).toMatchObject({ alt: 'Lena at her desk', credit: 'Staff', width: 800, height: 800 });
    expect(after?.photo?.url).toMatch(/^\/media\/uploads\/2024\/03\/[0-9a-f]{16}-img-0042\.jpg$/);
    expect((await t.app.inject({ url: after!.photo!.url })).statusCode).toBe(200);
    expect(text(parse((await editor.get(String(res.headers.location))).body).querySelector('[role="status"]'))).toBe('Photo uploaded.');
    // The public profile shows it at once (the page cache listens to the change).
    expect((await t.app.inject({ url: '/author/lena-photo' })).body).toContain('/media/uploads/');
  });

  it('refuses uploads without CSRF, of non-images, without alt text or file, too large, or by the wrong role, changing nothing', async () => {
    const a = await buildAuthor(t.services, { name: 'Nils Steady', slug: 'nils-steady' });
    const _csrf = await editor.csrfFrom(`/admin/authors/${a.id}`);
    const jpeg = await twoTone('jpeg', 400, 400);
    const before = await mediaCount();

    for (const token of [undefined, 'forged']) {
      const res = await upload(editor, a.id, multipart({ ...(token ? { _csrf: token } : {}), alt: 'Nils' }, { filename: 'nils.jpg', data: jpeg }));
      expect(res.statusCode).toBe(403);
      expect(photoAlert(res.body)).toContain('This form has expired or did not come from this site.');
    }

    const [name, notImage] = Object.entries(NOT_IMAGES)[0]!;
    const bad = await upload(editor, a.id, multipart({ _csrf, alt: 'Nils', credit: 'Kept' }, { filename: `${name}.jpg`, data: notImage }));
    expect(bad.statusCode).toBe(415);
    expect(photoAlert(bad.body)).toMatch(/^This (file is not an image we accept|file is empty)/);
    // What was typed is kept.
    expect(parse(bad.body).querySelector('#photo-credit')?.getAttribute('value')).toBe('Kept');

    const noAlt = await upload(editor, a.id, multipart({ _csrf, alt: '  ' }, { filename: 'nils.jpg', data: jpeg }));
    expect(noAlt.statusCode).toBe(422);
    expect(photoAlert(noAlt.body)).toBe('Images need alt text describing them for readers who cannot see them.');

    const noFile = await upload(editor, a.id, multipart({ _csrf, alt: 'Nils' }, { filename: '', data: Buffer.alloc(0) }));
    expect(noFile.statusCode).toBe(422);
    expect(photoAlert(noFile.body)).toBe('Choose a photo to upload.');

    const tooLarge = await upload(editor, a.id, multipart({ _csrf, alt: 'Nils' }, { filename: 'huge.jpg', data: Buffer.alloc(t.services.mediaUploader.limits.maxBytes + 1, 1) }));
    expect(tooLarge.statusCode).toBe(413);
    expect(photoAlert(tooLarge.body)).toBe('The photo is larger than the 15 MB limit.');

    const urlencoded = await editor.post(`/admin/authors/${a.id}/photo`, { _csrf, alt: 'Nils' });
    expect(urlencoded.statusCode).toBe(415);

    const authorCsrf = await author.csrfFrom('/admin');
    expect((await upload(author, a.id, multipart({ _csrf: authorCsrf, alt: 'Nils' }, { filename: 'nils.jpg', data: jpeg }))).statusCode).toBe(403);

    expect((await upload(editor, 999999, multipart({ _csrf, alt: 'Nils' }, { filename: 'nils.jpg', data: jpeg }))).statusCode).toBe(404);

    expect(await mediaCount()).toBe(before);
    expect((await t.services.authors.byId(a.id))?.photo).toBeNull();
  });
});
