import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/modules/accounts/accounts.service.js';
import { actorOf } from '../../src/modules/admin/admin.context.js';
import type { Author } from '../../src/modules/authors/authors.service.js';
import type { Section } from '../../src/modules/sections/sections.service.js';
import { adminClient, editorForm } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle, buildAuthor, buildSection } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';
const NOW = '2024-03-29T15:00:00.000Z';
const TZ = 'America/Chicago';

type Client = ReturnType<typeof adminClient>;

/** A multipart/form-data body as a browser sends the form: fields in order, then the file (serialised by Node's own FormData). */
async function multipartBody(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const formData = new FormData();
  for (const [k, v] of Object.entries(fields)) formData.append(k, v);
  if (file) formData.append('image', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  const req = new Request('http://x', { method: 'POST', body: formData });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

const buttons = (html: string) => [...parse(html).querySelectorAll('button')].map((b) => text(b));

describe('the newsroom article list and editor', () => {
  let t: TestContext;
  let editor: Account;
  let contributor: Account;
  let editorAuthor: Author;
  let contributorAuthor: Author;
  let otherAuthor: Author;
  let news: Section;
  let sport: Section;
  let ed: Client;
  let contrib: Client;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await t.services.settings.update({ timezone: TZ });
    [news, sport] = await Promise.all([buildSection(t.services, { name: 'News' }), buildSection(t.services, { name: 'Sport' })]);
    editorAuthor = await buildAuthor(t.services, { name: 'Eda Editor' });
    contributorAuthor = await buildAuthor(t.services, { name: 'Cyd Contributor' });
    otherAuthor = await buildAuthor(t.services, { name: 'Ola Other' });
    editor = await t.services.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD, authorId: editorAuthor.id });
    contributor = await t.services.accounts.create({ email: 'contrib@example.org', name: 'Cyd Contributor', role: 'contributor', password: PASSWORD, authorId: contributorAuthor.id });
    ed = adminClient(t.app);
    expect((await ed.signIn('editor@example.org', PASSWORD)).statusCode).toBe(303);
    contrib = adminClient(t.app);
    expect((await contrib.signIn('contrib@example.org', PASSWORD)).statusCode).toBe(303);
  });
  afterAll(() => t?.close());

  /** Create a draft through the form, answering its id. */
  async function createThroughForm(c: Client, headline: string): Promise<number> {
    const _csrf = await c.csrfFrom('/admin/articles/new');
    const res = await c.post('/admin/articles', { _csrf, headline });
    expect(res.statusCode, res.body).toBe(303);
    const m = /^\/admin\/articles\/(\d+)\?notice=created$/.exec(String(res.headers.location));
    expect(m).not.toBeNull();
    return Number(m![1]);
  }

  describe('the list', () => {
    let ids: number[];
    beforeAll(async () => {
      const actor = actorOf(editor);
      ids = [];
      // 26 sport stories make two pages; one news draft by the contributor; one news story in review.
      for (let i = 1; i <= 26; i++) ids.push((await t.services.editorial.create(actor, { headline: `Harbour regatta heat ${i}`, sectionId: sport.id })).id);
      await t.services.editorial.create(actorOf(contributor), { headline: 'Council budget vote delayed', sectionId: news.id });
      const review = await t.services.editorial.create(actor, { headline: 'Pier repairs begin', sectionId: news.id, body: 'Work starts Monday.' });
      await t.services.editorial.transition(actor, review.id, 'submit');
    });

    it('shows every article to an editor, newest first, with links to the editor', async () => {
      const res = await ed.get('/admin/articles');
      expect(res.statusCode).toBe(200);
      const doc = parse(res.body);
      expect(text(doc.querySelector('h1'))).toBe('Articles');
      expect(doc.querySelector('a[href="/admin/articles/new"]')).not.toBeNull();
      const rows = [...doc.querySelectorAll('.article-table tbody tr')];
      expect(rows).toHaveLength(25);
      expect(text(doc.querySelector('#article-count'))).toMatch(/^28 articles/);
      const first = rows[0]!;
      expect(text(first.querySelector('th a'))).toBe('Pier repairs begin');
      expect(first.querySelector('th a')?.getAttribute('href')).toMatch(/^\/admin\/articles\/\d+$/);
      expect(text(first.querySelectorAll('td')[0])).toBe('In review');
      expect(text(first.querySelectorAll('td')[1])).toBe('News');
      expect(text(first.querySelectorAll('td')[2])).toBe('Eda Editor');
      // Modified, in the site's zone: 10:00 AM CDT.
      expect(text(first.querySelectorAll('td')[3])).toBe('March 29, 2024 at 10:00 AM CDT');
    });

    it('filters by status, section, headline words and "only mine", without scripts', async () => {
      const form = parse((await ed.get('/admin/articles')).body).querySelector('form[action="/admin/articles"][method="get"]');
      for (const name of ['q', 'status', 'section', 'mine']) expect(form?.querySelector(`[name="${name}"]`), name).not.toBeNull();

      const inReview = parse((await ed.get('/admin/articles?status=in_review')).body);
      expect([...inReview.querySelectorAll('.article-table tbody th a')].map(text)).toEqual(['Pier repairs begin']);

      const newsOnly = parse((await ed.get(`/admin/articles?section=${news.id}`)).body);
      expect([...newsOnly.querySelectorAll('.article-table tbody th a')].map(text).sort()).toEqual(['Council budget vote delayed', 'Pier repairs begin']);
      expect(newsOnly.querySelector(`#filter-section option[value="${news.id}"]`)?.hasAttribute('selected')).toBe(true);

      const search = parse((await ed.get('/admin/articles?q=BUDGET+council')).body);
      expect([...search.querySelectorAll('.article-table tbody th a')].map(text)).toEqual(['Council budget vote delayed']);
      expect(search.querySelector('#filter-q')?.getAttribute('value')).toBe('BUDGET council');

      const none = parse((await ed.get('/admin/articles?q=zeppelin')).body);
      expect(text(none.querySelector('#article-count'))).toBe('No articles match these filters.');

      const mine = parse((await contrib.get('/admin/articles?mine=1')).body);
      expect([...mine.querySelectorAll('.article-table tbody th a')].map(text)).toEqual(['Council budget vote delayed']);
      expect(mine.querySelector('#filter-mine')?.hasAttribute('checked')).toBe(true);
    });

    it('pages, keeping the filters in the links', async () => {
      const first = parse((await ed.get(`/admin/articles?section=${sport.id}`)).body);
      expect(first.querySelectorAll('.article-table tbody tr')).toHaveLength(25);
      const next = first.querySelector('.admin-pager a[rel="next"]')?.getAttribute('href');
      expect(next).toBe(`/admin/articles?section=${sport.id}&page=2`);
      const second = parse((await ed.get(next!)).body);
      expect([...second.querySelectorAll('.article-table tbody th a')].map(text)).toEqual(['Harbour regatta heat 1']);
      expect(text(second.querySelector('.admin-pager__position'))).toBe('Page 2 of 2');
      expect(second.querySelector('.admin-pager a[rel="prev"]')?.getAttribute('href')).toBe(`/admin/articles?section=${sport.id}`);
    });

    it('answers 400 for a bad page or filter, 404 past the last page', async () => {
      for (const q of ['page=0', 'page=abc', 'page=1.5', 'status=lost', 'section=news']) {
        expect((await ed.get(`/admin/articles?${q}`)).statusCode, q).toBe(400);
      }
      expect((await ed.get('/admin/articles?page=9')).statusCode).toBe(404);
    });

    it('sends visitors who are not signed in to sign in', async () => {
      const res = await adminClient(t.app).get('/admin/articles?status=draft');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Farticles%3Fstatus%3Ddraft');
    });
  });

  describe('creating and editing', () => {
    it('refuses a new article without a headline, keeping the page', async () => {
      const _csrf = await ed.csrfFrom('/admin/articles/new');
      const res = await ed.post('/admin/articles', { _csrf, headline: '   ' });
      expect(res.statusCode).toBe(422);
      expect(text(parse(res.body).querySelector('[role="alert"]'))).toBe('An article needs a headline.');
    });

    it('creates a draft, then saves every field and shows them again', async () => {
      const image = await t.services.media.register({ url: '/media/pier.jpg', mime: 'image/jpeg', width: 1200, height: 800, alt: 'The pier at dawn' });
      const other = await buildArticle(t.services, new Date(NOW), { headline: 'Older pier story' });
      const id = await createThroughForm(ed, 'Working headline');
      const page = await ed.get(`/admin/articles/${id}?notice=created`);
      expect(page.statusCode).toBe(200);
      const form = editorForm(page.body);
      expect(form.headline).toBe('Working headline');
      expect(form.author1).toBe(String(editorAuthor.id)); // the creator's byline by default
      const res = await ed.post(`/admin/articles/${id}`, {
        ...form,
        headline: 'Pier to close for the winter',
        slug: 'pier-winter-closure',
        dek: 'The council voted 7–2.',
        body: 'The pier will close on Monday.\r\n\r\nIt reopens in April.',
        excerpt: 'The pier closes Monday.',
        sectionId: String(news.id),
        tags: 'harbour, winter, Pier',
        author1: String(otherAuthor.id),
        author2: String(editorAuthor.id),
        author3: '',
        featuredImageId: String(image.id),
        developing: '1',
        readNextId: String(other.id),
        commentPrompt: 'Will you miss it?',
        commentStatus: 'closed',
        commentsCloseAt: '2024-04-05T18:30',
      });
      expect(res.statusCode, res.body).toBe(303);
      expect(res.headers.location).toBe(`/admin/articles/${id}?notice=saved`);

      const stored = await t.services.editorial.get(actorOf(editor), id);
      expect(stored).toMatchObject({
        headline: 'Pier to close for the winter',
        slug: 'pier-winter-closure',
        dek: 'The council voted 7–2.',
        body: 'The pier will close on Monday.\n\nIt reopens in April.',
        excerpt: 'The pier closes Monday.',
        sectionId: news.id,
        authorIds: [otherAuthor.id, editorAuthor.id],
        featuredImageId: image.id,
        developing: true,
        readNextId: other.id,
        commentPrompt: 'Will you miss it?',
        commentStatus: 'closed',
        commentsCloseAt: '2024-04-05T23:30:00.000Z',
      });
      expect([...stored.tags].sort()).toEqual(['Pier', 'harbour', 'winter']);

      const again = await ed.get(String(res.headers.location));
      const doc = parse(again.body);
      expect(text(doc.querySelector('[role="status"].form-notice'))).toBe('Saved.');
      const shown = editorForm(again.body);
      expect(shown).toMatchObject({
        headline: 'Pier to close for the winter',
        slug: 'pier-winter-closure',
        body: 'The pier will close on Monday.\n\nIt reopens in April.',
        sectionId: String(news.id),
        author1: String(otherAuthor.id),
        author2: String(editorAuthor.id),
        author3: '',
        featuredImageId: String(image.id),
        developing: '1',
        readNextId: String(other.id),
        commentStatus: 'closed',
        commentsCloseAt: '2024-04-05T18:30',
      });
      expect(shown.tags!.split(', ').sort()).toEqual(['Pier', 'harbour', 'winter']);
      expect(doc.querySelector('.editor-image img')?.getAttribute('src')).toBe('/media/pier.jpg');
      expect(doc.querySelector('label[for="commentsCloseAt"]')?.textContent).toContain('America/Chicago');
      // Every control has a label.
      for (const el of doc.querySelectorAll('#editor-form input:not([type="hidden"]), #editor-form select, #editor-form textarea')) {
        expect(doc.querySelector(`label[for="${el.getAttribute('id')}"]`), el.getAttribute('name') ?? '').not.toBeNull();
      }
      // Only the editor page loads the editor script, as a module file (no inline scripts).
      expect(doc.querySelector('script[type="module"]')?.getAttribute('src')).toMatch(/^\/assets\/editor\.js\?v=\w+$/);
      expect([...doc.querySelectorAll('script')].every((s) => s.hasAttribute('src') || s.getAttribute('type') === 'application/ld+json')).toBe(true);
    });

    it('saves and previews a long body, beyond the admin’s usual 64 KB form limit', async () => {
      const id = await createThroughForm(ed, 'Long read');
      const form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      const body = Array.from({ length: 1500 }, (_, i) => `Paragraph ${i}: the harbour authority’s report runs long, and every line of it matters.`).join('\n\n');
      expect(new URLSearchParams({ body }).toString().length).toBeGreaterThan(150_000);
      expect((await ed.post(`/admin/articles/${id}/preview`, { ...form, body })).statusCode).toBe(200);
      const res = await ed.post(`/admin/articles/${id}`, { ...form, body });
      expect(res.statusCode).toBe(303);
      expect((await t.services.editorial.get(actorOf(editor), id)).body).toBe(body);
    });

    it('lets an empty excerpt follow the body', async () => {
      const id = await createThroughForm(ed, 'Excerpt test');
      const form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      expect(form.excerpt).toBe('');
      await ed.post(`/admin/articles/${id}`, { ...form, body: 'A first paragraph about tides.', excerpt: '' });
      expect((await t.services.editorial.get(actorOf(editor), id)).excerpt).toBe('A first paragraph about tides.');
    });

    it('refuses a stale save with 409, keeps the unsaved text on the page, and changes nothing', async () => {
      const id = await createThroughForm(ed, 'Ferry timetable changes');
      const opened = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      // Meanwhile, someone else saves.
      const current = await t.services.editorial.get(actorOf(editor), id);
      const theirs = await t.services.editorial.update(actorOf(editor), id, { headline: 'Ferry timetable: their version', body: 'Their body.' }, current.version);

      const res = await ed.post(`/admin/articles/${id}`, { ...opened, headline: 'My unsaved headline', body: 'My unsaved paragraph.\r\nSecond line.' });
      expect(res.statusCode).toBe(409);
      const doc = parse(res.body);
      expect(text(doc.querySelector('.editor-conflict'))).toContain('Not saved: someone else saved this article');
      expect(text(doc.querySelector('.editor-conflict'))).toContain('They changed: headline, body, excerpt.');
      expect(doc.querySelector('#headline')?.getAttribute('value')).toBe('My unsaved headline');
      expect(doc.querySelector('#body')?.textContent).toBe('My unsaved paragraph.\nSecond line.');
      // A second Save, now deliberate, builds on their version.
      expect(editorForm(res.body).baseVersion).toBe(String(theirs.version));
      const stored = await t.services.editorial.get(actorOf(editor), id);
      expect(stored.headline).toBe('Ferry timetable: their version');
      expect(stored.body).toBe('Their body.');
      expect(stored.version).toBe(theirs.version);

      const second = await ed.post(`/admin/articles/${id}`, editorForm(res.body));
      expect(second.statusCode).toBe(303);
      expect((await t.services.editorial.get(actorOf(editor), id)).headline).toBe('My unsaved headline');
    });

    it('shows a bad value again with 422 and the message', async () => {
      const id = await createThroughForm(ed, 'Bad slug test');
      const form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      const res = await ed.post(`/admin/articles/${id}`, { ...form, slug: 'Not A Slug!', body: 'Kept body.' });
      expect(res.statusCode).toBe(422);
      const doc = parse(res.body);
      expect(text(doc.querySelector('[role="alert"]'))).toContain('is not a valid slug');
      expect(doc.querySelector('#slug')?.getAttribute('value')).toBe('Not A Slug!');
      expect(doc.querySelector('#body')?.textContent).toBe('Kept body.');
      expect((await t.services.editorial.get(actorOf(editor), id)).slug).toBe('bad-slug-test');
    });

    it('refuses a form without its CSRF token', async () => {
      const id = await createThroughForm(ed, 'CSRF test');
      const { _csrf, ...form } = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      expect(_csrf).toBeTruthy();
      expect((await ed.post(`/admin/articles/${id}`, { ...form, headline: 'Forged' })).statusCode).toBe(403);
      expect((await ed.post(`/admin/articles/${id}/transition`, { transition: 'publish' })).statusCode).toBe(403);
      expect((await ed.post('/admin/articles', { headline: 'Forged' })).statusCode).toBe(403);
      expect((await t.services.editorial.get(actorOf(editor), id)).headline).toBe('CSRF test');
    });

    it('answers 404 for an unknown or malformed id', async () => {
      expect((await ed.get('/admin/articles/999999')).statusCode).toBe(404);
      expect((await ed.get('/admin/articles/abc')).statusCode).toBe(404);
      expect((await ed.get('/admin/articles/999999/revisions')).statusCode).toBe(404);
      const _csrf = await ed.csrfFrom('/admin/articles/new');
      expect((await ed.post('/admin/articles/999999', { _csrf, baseVersion: '1', headline: 'x' })).statusCode).toBe(404);
    });
  });

  describe('workflow and roles', () => {
    it('offers a contributor no Publish button, and a forged publish gets 403 and changes nothing', async () => {
      const id = await createThroughForm(contrib, 'Contributor draft');
      const page = await contrib.get(`/admin/articles/${id}`);
      expect(page.statusCode).toBe(200);
      const labels = buttons(page.body);
      expect(labels).toContain('Submit for review');
      expect(labels).not.toContain('Publish now');
      expect(labels).not.toContain('Schedule');
      const form = editorForm(page.body);
      const res = await contrib.post(`/admin/articles/${id}/transition`, { _csrf: form._csrf!, baseVersion: form.baseVersion!, transition: 'publish' });
      expect(res.statusCode).toBe(403);
      const stored = await t.services.editorial.get(actorOf(editor), id);
      expect(stored.status).toBe('draft');
      expect(stored.publishedAt).toBeNull();
    });

    it('submits, publishes, unpublishes with buttons that follow the status', async () => {
      const id = await createThroughForm(ed, 'Lighthouse relit');
      const form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      await ed.post(`/admin/articles/${id}`, { ...form, dek: 'After ten years.', body: 'The lighthouse shone again on Friday.' });
      let page = await ed.get(`/admin/articles/${id}`);
      expect(buttons(page.body)).toEqual(expect.arrayContaining(['Submit for review', 'Publish now', 'Schedule']));
      expect(buttons(page.body)).not.toContain('Unpublish');
      const step = async (transition: string, extra: Record<string, string> = {}) => {
        const f = editorForm((await ed.get(`/admin/articles/${id}`)).body);
        return ed.post(`/admin/articles/${id}/transition`, { _csrf: f._csrf!, baseVersion: f.baseVersion!, transition, ...extra });
      };
      let res = await step('submit');
      expect(res.headers.location).toBe(`/admin/articles/${id}?notice=submit`);
      page = await ed.get(String(res.headers.location));
      expect(text(parse(page.body).querySelector('.form-notice'))).toBe('Submitted for review.');
      expect(buttons(page.body)).toEqual(expect.arrayContaining(['Return to draft', 'Publish now']));
      res = await step('publish', { confirmed: '1' });
      expect(res.statusCode).toBe(303);
      const published = await t.services.editorial.get(actorOf(editor), id);
      expect(published.status).toBe('published');
      page = await ed.get(`/admin/articles/${id}`);
      expect(buttons(page.body)).toContain('Unpublish');
      expect(buttons(page.body)).not.toContain('Publish now');
      expect(parse(page.body).querySelector(`a[href="${published.path}"]`)).not.toBeNull();
      expect((await t.app.inject({ url: published.path! })).statusCode).toBe(200);
      res = await step('unpublish', { confirmed: '1' });
      expect(res.statusCode).toBe(303);
      expect((await t.services.editorial.get(actorOf(editor), id)).status).toBe('unpublished');
    });

    it('schedules for a time typed in the site’s zone', async () => {
      const id = await createThroughForm(ed, 'Harbour festival programme');
      const form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      await ed.post(`/admin/articles/${id}`, { ...form, dek: 'Three days of music.', body: 'The programme is out.' });
      const page = await ed.get(`/admin/articles/${id}`);
      const doc = parse(page.body);
      expect(text(doc.querySelector('label[for="publishAt"]'))).toBe('Publish at (America/Chicago time)');
      expect(doc.querySelector('#publishAt')?.getAttribute('step')).toBe('1');
      const f = editorForm(page.body);
      const res = await ed.post(`/admin/articles/${id}/transition`, { _csrf: f._csrf!, baseVersion: f.baseVersion!, transition: 'schedule', publishAt: '2024-03-30T09:15:30' });
      expect(res.statusCode, res.body).toBe(303);
      const stored = await t.services.editorial.get(actorOf(editor), id);
      expect(stored.status).toBe('scheduled');
      expect(stored.publishedAt).toBe('2024-03-30T14:15:30.000Z');
      const after = await ed.get(`/admin/articles/${id}`);
      expect(buttons(after.body)).toContain('Unschedule');
      expect(buttons(after.body)).not.toContain('Schedule');
    });

    it('shows the checklist, and says so when blockers stop publication', async () => {
      const id = await createThroughForm(ed, 'Empty story');
      const page = await ed.get(`/admin/articles/${id}`);
      const doc = parse(page.body);
      const items = [...doc.querySelectorAll('.checklist__items li')];
      expect(items.length).toBeGreaterThan(0);
      expect(text(items[0]!.querySelector('.check__severity'))).toBe('Blocker');
      const f = editorForm(page.body);
      const res = await ed.post(`/admin/articles/${id}/transition`, { _csrf: f._csrf!, baseVersion: f.baseVersion!, transition: 'publish', confirmed: '1' });
      expect(res.statusCode).toBe(409);
      const after = parse(res.body);
      expect(text(after.querySelector('.editor-panel--status [role="alert"]'))).toContain('blockers');
      expect(after.querySelector('.checklist')).not.toBeNull();
      expect((await t.services.editorial.get(actorOf(editor), id)).status).toBe('draft');
    });

    it('posts live updates and corrections', async () => {
      const id = await createThroughForm(ed, 'Storm live');
      const form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      await ed.post(`/admin/articles/${id}`, { ...form, developing: '1', dek: 'Winds reach 90 km/h.', body: 'A storm is passing.' });
      const page = parse((await ed.get(`/admin/articles/${id}`)).body);
      expect(page.querySelector(`form[action="/admin/articles/${id}/live-updates"]`)).not.toBeNull();
      const _csrf = page.querySelector('input[name="_csrf"]')!.getAttribute('value')!;
      let res = await ed.post(`/admin/articles/${id}/live-updates`, { _csrf, body: 'Ferries cancelled.' });
      expect(res.headers.location).toBe(`/admin/articles/${id}?notice=live-update`);
      res = await ed.post(`/admin/articles/${id}/corrections`, { _csrf, body: 'An earlier version gave the wrong wind speed.' });
      expect(res.headers.location).toBe(`/admin/articles/${id}?notice=correction`);
      res = await ed.post(`/admin/articles/${id}/corrections`, { _csrf, body: '   ' });
      expect(res.statusCode).toBe(422);
      expect(text(parse(res.body).querySelector('#correction-heading ~ [role="alert"]'))).toContain('needs some text');
    });
  });

  describe('preview', () => {
    it('renders the unsaved fields in the real article page, never cached or indexed', async () => {
      const id = await createThroughForm(ed, 'Saved headline');
      const form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      const res = await ed.post(`/admin/articles/${id}/preview`, {
        ...form,
        headline: 'Unsaved preview headline',
        body: 'An unsaved paragraph.\r\n\r\n> Quoted.\r\n> — Someone',
        sectionId: String(news.id),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-robots-tag']).toBe('noindex');
      const doc = parse(res.body);
      expect(text(doc.querySelector('article.article h1#headline'))).toBe('Unsaved preview headline');
      expect(text(doc.querySelector('.article__body p'))).toBe('An unsaved paragraph.');
      expect(doc.querySelector('.article__body figure.quote figcaption cite')).not.toBeNull();
      expect(text(doc.querySelector('.kicker'))).toBe('News');
      expect(text(doc.querySelector('.preview-banner'))).toContain('Preview — not published');
      expect(doc.querySelector('.site-header')).not.toBeNull();
      // Nothing was saved.
      expect((await t.services.editorial.get(actorOf(editor), id)).headline).toBe('Saved headline');

      const saved = await ed.get(`/admin/articles/${id}/preview`);
      expect(saved.statusCode).toBe(200);
      expect(saved.headers['cache-control']).toBe('no-store');
      expect(saved.headers['x-robots-tag']).toBe('noindex');
      expect(text(parse(saved.body).querySelector('h1#headline'))).toBe('Saved headline');
    });

    it('is offered by the editor as a button that opens a new tab', async () => {
      const id = await createThroughForm(ed, 'Preview button');
      const doc = parse((await ed.get(`/admin/articles/${id}`)).body);
      const button = doc.querySelector('#editor-form button[formaction]');
      expect(button?.getAttribute('formaction')).toBe(`/admin/articles/${id}/preview`);
      expect(button?.getAttribute('formtarget')).toBe('_blank');
    });
  });

  describe('revisions', () => {
    it('lists versions, shows an added line in the diff, and restores an old version', async () => {
      const id = await createThroughForm(ed, 'Tide tables');
      let form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      await ed.post(`/admin/articles/${id}`, { ...form, body: 'High tide at 6.\nLow tide at noon.' });
      form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      await ed.post(`/admin/articles/${id}`, { ...form, body: 'High tide at 6.\nA spring tide is expected.\nLow tide at noon.', headline: 'Tide tables for spring' });
      const article = await t.services.editorial.get(actorOf(editor), id);
      const revisions = await t.services.editorial.revisions(actorOf(editor), id);
      expect(revisions.length).toBeGreaterThanOrEqual(3);
      const [newest, previous] = revisions;

      const list = parse((await ed.get(`/admin/articles/${id}/revisions`)).body);
      expect(text(list.querySelector('h1'))).toBe('Revisions');
      expect(list.querySelectorAll('.revisions-table tbody tr')).toHaveLength(revisions.length);
      expect(list.querySelector(`input[name="from"][value="${previous!.version}"]`)?.hasAttribute('checked')).toBe(true);
      expect(list.querySelector(`input[name="to"][value="${newest!.version}"]`)?.hasAttribute('checked')).toBe(true);

      const diffRes = await ed.get(`/admin/articles/${id}/revisions/diff?from=${previous!.version}&to=${newest!.version}`);
      expect(diffRes.statusCode).toBe(200);
      const diff = parse(diffRes.body);
      const added = [...diff.querySelectorAll('#diff-body ~ .diff ins')].map(text);
      expect(added).toEqual(['+Added: A spring tide is expected.']);
      expect(diff.querySelectorAll('#diff-body ~ .diff del')).toHaveLength(0);
      expect([...diff.querySelectorAll('#diff-headline ~ .diff del')].map(text)).toEqual(['−Removed: Tide tables']);
      expect(text(diff.querySelector('#diff-body ~ .diff .diff__line--add .diff__sign'))).toBe('+');
      expect((await ed.get(`/admin/articles/${id}/revisions/diff?from=x&to=2`)).statusCode).toBe(400);
      expect((await ed.get(`/admin/articles/${id}/revisions/diff?from=1`)).statusCode).toBe(400);

      // Restore the previous version.
      const restoreForm = list.querySelector(`form#restore-${previous!.version}`)!;
      expect(list.querySelector(`button[form="restore-${previous!.version}"]`)).not.toBeNull();
      const res = await ed.post(restoreForm.getAttribute('action')!, {
        _csrf: restoreForm.querySelector('input[name="_csrf"]')!.getAttribute('value')!,
        baseVersion: restoreForm.querySelector('input[name="baseVersion"]')!.getAttribute('value')!,
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/admin/articles/${id}?notice=restored`);
      const restored = await t.services.editorial.get(actorOf(editor), id);
      expect(restored.body).toBe('High tide at 6.\nLow tide at noon.');
      expect(restored.headline).toBe('Tide tables');
      expect(restored.version).toBeGreaterThan(article.version);

      // The same restore again is stale now: refused, nothing changes.
      const stale = await ed.post(restoreForm.getAttribute('action')!, {
        _csrf: restoreForm.querySelector('input[name="_csrf"]')!.getAttribute('value')!,
        baseVersion: restoreForm.querySelector('input[name="baseVersion"]')!.getAttribute('value')!,
      });
      expect(stale.statusCode).toBe(409);
      expect(text(parse(stale.body).querySelector('[role="alert"]'))).toContain('newer version');
    });
  });

  describe('adding an image from the editor', () => {
    let jpeg: Buffer;
    beforeAll(async () => {
      jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#456' } })
        .jpeg()
        .toBuffer();
    });

    const upload = async (c: Client, id: number, fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) => {
      const body = await multipartBody(fields, file);
      const res = await t.app.inject({
        method: 'POST',
        url: `/admin/articles/${id}/images`,
        remoteAddress: '127.0.0.1',
        headers: { cookie: c.jar.header(), 'content-type': body.contentType },
        payload: body.payload,
      });
      c.jar.take(res);
      return res;
    };
    /** The upload form's hidden fields, as the editor page gives them. */
    const uploadForm = async (c: Client, id: number) => {
      const doc = parse((await c.get(`/admin/articles/${id}`)).body);
      const form = doc.querySelector(`form[action="/admin/articles/${id}/images"]`);
      if (!form) throw new Error('no image upload form on the editor');
      return { form, _csrf: form.querySelector('input[name="_csrf"]')!.getAttribute('value')!, baseVersion: form.querySelector('input[name="baseVersion"]')!.getAttribute('value')! };
    };
    const mediaCount = async () => (await t.database.db.selectFrom('media').select('id').execute()).length;
    const imageAlert = (body: string) => text(parse(body).querySelector('#add-image-heading ~ [role="alert"]'));

    it('uploads an image as the featured image, shows its thumbnail and the Markdown to paste, which the preview renders', async () => {
      const id = await createThroughForm(ed, 'Pier reopens after repairs');
      const { form, _csrf, baseVersion } = await uploadForm(ed, id);
      expect(form.getAttribute('enctype')).toBe('multipart/form-data');
      expect(form.querySelector('#image-featured')?.hasAttribute('checked')).toBe(true); // no featured image yet
      expect(form.querySelector('#image-alt')?.hasAttribute('required')).toBe(true);
      const before = await mediaCount();

      const res = await upload(
        ed,
        id,
        { _csrf, baseVersion, alt: 'The pier at dawn, scaffolding gone', caption: 'The pier on Friday', credit: 'Photo: Ana Ruiz', featured: '1' },
        { name: 'Pier at dawn.jpg', type: 'image/jpeg', data: jpeg },
      );
      expect(res.statusCode, res.body).toBe(303);
      const m = /^\/admin\/articles\/(\d+)\?notice=image-featured&image=(\d+)$/.exec(String(res.headers.location));
      expect(m?.[1]).toBe(String(id));
      const imageId = Number(m![2]);
      expect(await mediaCount()).toBe(before + 1);

      const stored = await t.services.editorial.get(actorOf(editor), id);
      expect(stored.featuredImageId).toBe(imageId);
      expect(stored.version).toBe(Number(baseVersion) + 1);
      const image = (await t.services.media.byIds([imageId])).get(imageId)!;
      expect(image).toMatchObject({ alt: 'The pier at dawn, scaffolding gone', caption: 'The pier on Friday', credit: 'Photo: Ana Ruiz', width: 800, height: 600 });
      const fallback = image.variants.find((v) => v.mime !== 'image/webp')!;
      expect(fallback.url).toMatch(/^\/media\/uploads\/2024\/03\/[0-9a-f]{16}-pier-at-dawn(-\d+)?\.jpg$/);

      const page = await ed.get(String(res.headers.location));
      const doc = parse(page.body);
      const markdown = `![The pier at dawn, scaffolding gone](${fallback.url} "The pier on Friday | Photo: Ana Ruiz")`;
      expect(text(doc.querySelector('.uploaded-image'))).toContain(`Image ${imageId} uploaded and set as the featured image.`);
      // A featured image is shown above the story: the notice does not offer it for the body too, where it would show twice.
      expect(text(doc.querySelector('.uploaded-image'))).toContain('needs no place in the body');
      expect(doc.querySelector('.uploaded-image__markdown')).toBeNull();
      // The featured image field: the id, and a thumbnail (the smallest rendition) with its alt text.
      expect(editorForm(page.body).featuredImageId).toBe(String(imageId));
      expect(doc.querySelector('.editor-image img')?.getAttribute('alt')).toBe('The pier at dawn, scaffolding gone');
      expect(doc.querySelector('.editor-image img')?.getAttribute('src')).toMatch(/-320\.webp$/);
      expect(text(doc.querySelector('.editor-image figcaption'))).toBe(`Image ${imageId}. Alt text: The pier at dawn, scaffolding gone`);
      // The article has a featured image now: the box starts unticked.
      expect(doc.querySelector('#image-featured')?.hasAttribute('checked')).toBe(false);
      // Every control of the upload form has a label.
      for (const el of doc.querySelectorAll('form.add-image input:not([type="hidden"])')) {
        expect(doc.querySelector(`label[for="${el.getAttribute('id')}"]`), el.getAttribute('name') ?? '').not.toBeNull();
      }

      // The Markdown, pasted into the body, gives a figure with caption and credit.
      const f = editorForm(page.body);
      const preview = parse((await ed.post(`/admin/articles/${id}/preview`, { ...f, body: `Work is done.\n\n${markdown}\n\nIt reopens Monday.` })).body);
      expect(preview.querySelector(`.article__body figure img[src="${fallback.url}"]`)?.getAttribute('alt')).toBe('The pier at dawn, scaffolding gone');
      expect(text(preview.querySelector('.article__body figure figcaption .credit'))).toBe('Photo: Ana Ruiz');
      expect(preview.querySelector('figure.article__image picture source[type="image/webp"]')).not.toBeNull();
    });

    it('uploads without making it the featured image when the box is unticked', async () => {
      const id = await createThroughForm(ed, 'Gallery of the storm');
      const { _csrf, baseVersion } = await uploadForm(ed, id);
      const res = await upload(ed, id, { _csrf, baseVersion, alt: 'Waves over the sea wall', caption: '', credit: '' }, { name: 'waves.jpg', type: 'image/jpeg', data: jpeg });
      expect(res.statusCode, res.body).toBe(303);
      expect(String(res.headers.location)).toMatch(/\?notice=image&image=\d+$/);
      expect((await t.services.editorial.get(actorOf(editor), id)).featuredImageId).toBeNull();
      const doc = parse((await ed.get(String(res.headers.location))).body);
      expect(text(doc.querySelector('.uploaded-image'))).toContain('uploaded to the media library');
      expect(text(doc.querySelector('.uploaded-image__markdown'))).toMatch(/^!\[Waves over the sea wall\]\(\/media\/uploads\/[^ )]+\.jpg\)$/);
    });

    it('refuses a missing alt text (422), a file that is not an image (415) and a missing CSRF token (403), storing nothing', async () => {
      const id = await createThroughForm(ed, 'Refused uploads');
      const { _csrf, baseVersion } = await uploadForm(ed, id);
      const before = await mediaCount();
      const version = (await t.services.editorial.get(actorOf(editor), id)).version;

      const noAlt = await upload(ed, id, { _csrf, baseVersion, alt: '   ', caption: 'Kept caption', credit: 'Kept credit', featured: '1' }, { name: 'pier.jpg', type: 'image/jpeg', data: jpeg });
      expect(noAlt.statusCode).toBe(422);
      expect(imageAlert(noAlt.body)).toBe('Images need alt text describing them for readers who cannot see them.');
      // The editor again, with what was typed.
      const doc = parse(noAlt.body);
      expect(doc.querySelector('#editor-form')).not.toBeNull();
      expect(doc.querySelector('#image-caption')?.getAttribute('value')).toBe('Kept caption');
      expect(doc.querySelector('#image-credit')?.getAttribute('value')).toBe('Kept credit');

      const notImage = await upload(
        ed,
        id,
        { _csrf, baseVersion, alt: 'A text file', featured: '1' },
        { name: 'notes.jpg', type: 'image/jpeg', data: Buffer.from('These are not the pixels you are looking for.\n'.repeat(20)) },
      );
      expect(notImage.statusCode).toBe(415);
      expect(imageAlert(notImage.body)).toMatch(/^This file is not an image we accept/);

      const noCsrf = await upload(ed, id, { baseVersion, alt: 'Forged', featured: '1' }, { name: 'pier.jpg', type: 'image/jpeg', data: jpeg });
      expect(noCsrf.statusCode).toBe(403);
      expect(imageAlert(noCsrf.body)).toContain('This form has expired or did not come from this site.');

      const noFile = await upload(ed, id, { _csrf, baseVersion, alt: 'Nothing' });
      expect(noFile.statusCode).toBe(422);
      expect(imageAlert(noFile.body)).toBe('Choose an image to upload.');

      const urlencoded = await ed.post(`/admin/articles/${id}/images`, { _csrf, baseVersion, alt: 'Not multipart' });
      expect(urlencoded.statusCode).toBe(415);

      expect(await mediaCount()).toBe(before);
      const stored = await t.services.editorial.get(actorOf(editor), id);
      expect(stored.featuredImageId).toBeNull();
      expect(stored.version).toBe(version);
    });

    it('keeps the image in the library and says so when the article moved on (409)', async () => {
      const id = await createThroughForm(ed, 'Stale featured image');
      const { _csrf, baseVersion } = await uploadForm(ed, id);
      const current = await t.services.editorial.get(actorOf(editor), id);
      await t.services.editorial.update(actorOf(editor), id, { dek: 'Someone else saved.' }, current.version);
      const before = await mediaCount();
      const res = await upload(ed, id, { _csrf, baseVersion, alt: 'The old lighthouse', featured: '1' }, { name: 'lighthouse.jpg', type: 'image/jpeg', data: jpeg });
      expect(res.statusCode).toBe(409);
      expect(await mediaCount()).toBe(before + 1);
      expect(imageAlert(res.body)).toMatch(/^Image \d+ was uploaded and stays in the media library, but it is not the featured image: someone saved a newer version/);
      expect(text(parse(res.body).querySelector('.uploaded-image__markdown'))).toMatch(/^!\[The old lighthouse\]\(\/media\/uploads\//);
      const stored = await t.services.editorial.get(actorOf(editor), id);
      expect(stored.featuredImageId).toBeNull();
      expect(stored.dek).toBe('Someone else saved.');
    });

    it('lets a contributor add an image to their own draft', async () => {
      const id = await createThroughForm(contrib, 'Letters about the pier');
      const { _csrf, baseVersion } = await uploadForm(contrib, id);
      const res = await upload(contrib, id, { _csrf, baseVersion, alt: 'A letter on a kitchen table', featured: '1' }, { name: 'letter.jpg', type: 'image/jpeg', data: jpeg });
      expect(res.statusCode, res.body).toBe(303);
      const imageId = Number(/image=(\d+)$/.exec(String(res.headers.location))![1]);
      expect((await t.services.editorial.get(actorOf(contributor), id)).featuredImageId).toBe(imageId);
      expect(text(parse((await contrib.get(String(res.headers.location))).body).querySelector('.uploaded-image'))).toContain(`Image ${imageId} uploaded and set as the featured image.`);
    });
  });

  describe('JSON autosave', () => {
    it('answers the new version, and 409 for a second save on the old one', async () => {
      const id = await createThroughForm(ed, 'Autosave story');
      const form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      const { _csrf, ...fields } = form;
      const post = (payload: Record<string, unknown>, headers: Record<string, string> = { 'x-csrf-token': _csrf! }) =>
        t.app.inject({
          method: 'POST',
          url: `/admin/articles/${id}`,
          headers: { cookie: ed.jar.header(), 'content-type': 'application/json', accept: 'application/json', ...headers },
          payload: JSON.stringify(payload),
        });

      const first = await post({ ...fields, body: 'Autosaved text.' });
      expect(first.statusCode).toBe(200);
      const answer = first.json() as { version: number; savedAt: string };
      expect(answer.version).toBeGreaterThan(Number(fields.baseVersion));
      expect(answer.savedAt).toBe(NOW);
      expect((await t.services.editorial.get(actorOf(editor), id)).body).toBe('Autosaved text.');

      const second = await post({ ...fields, body: 'Stale text.' });
      expect(second.statusCode).toBe(409);
      expect(second.json()).toMatchObject({ error: { code: 'conflict' } });
      expect((second.json() as { error: { message: string } }).error.message).toContain('Someone else saved');
      expect((await t.services.editorial.get(actorOf(editor), id)).body).toBe('Autosaved text.');

      const forged = await post({ ...fields, baseVersion: answer.version, body: 'Forged.' }, {});
      expect(forged.statusCode).toBe(403);
      expect(forged.json()).toMatchObject({ error: { code: 'csrf' } });

      const signedOut = await t.app.inject({ method: 'POST', url: `/admin/articles/${id}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ baseVersion: answer.version }) });
      expect(signedOut.statusCode).toBe(401);
      expect((await t.services.editorial.get(actorOf(editor), id)).body).toBe('Autosaved text.');
    });
  });

  it('serves the writing guide the editor links to', async () => {
    const res = await ed.get('/admin/writing-guide');
    expect(res.statusCode).toBe(200);
    expect(text(parse(res.body).querySelector('.writing-guide h1'))).toBe('Writing article bodies');
  });
});
