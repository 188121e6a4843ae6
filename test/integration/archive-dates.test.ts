import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import type { Role } from '../../src/platform/db/schema.js';
import { adminClient, editorForm } from '../helpers/admin.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext, text } from '../helpers/app.js';
import { countRows } from '../helpers/db.js';
import { buildArticle, buildAuthor } from '../helpers/factories.js';

/*
 * Archive dates (docs/archive-dates.md): a story given the date it was first
 * published keeps it in its address, its date line, feeds and sitemaps; the
 * date is set by editors and admins only, through the newsroom API and the
 * editor, recorded in revisions and the audit log; a past date is honoured
 * or refused by name, never dropped.
 */

const PASSWORD = 'correct horse battery staple';
const NOW = '2024-03-29T15:00:00.000Z';
const TZ = 'America/Chicago';
const ROLES: Role[] = ['admin', 'editor', 'author', 'contributor'];

type Method = 'GET' | 'POST' | 'PATCH';
type Client = ReturnType<typeof adminClient>;

/** The field the first form with this action sends, by name. */
function formField(html: string, action: string, name: string): string {
  const form = [...parse(html).querySelectorAll('form')].find((f) => f.getAttribute('action') === action);
  const v = form?.querySelector(`input[name="${name}"]`)?.getAttribute('value');
  if (v == null) throw new Error(`no ${name} in a form to ${action}`);
  return v;
}

describe('archive dates', () => {
  let t: TestContext;
  const actors = {} as Record<Role, Actor>;
  const token = {} as Record<Role, string>;
  let ed: Client;
  let au: Client;
  let seq = 0;

  const api = (method: Method, url: string, bearer: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const base = '/api/v1/newsroom/articles';
  const story = (over: Record<string, unknown> = {}) => ({ headline: `Harbour archive story ${++seq}`, dek: 'From the archive.', body: 'The harbour board met and voted.', ...over });
  const get = (url: string) => t.app.inject({ url });
  const dateline = async (path: string) => text(parse((await get(path)).body).querySelector('.dateline__published'));
  const expectRefusal = (res: LightMyRequestResponse, status: number, field: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.message).toContain(field);
  };

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await t.services.settings.update({ timezone: TZ });
    for (const role of ROLES) {
      const author = await buildAuthor(t.services, { name: `${role} writer` });
      const account = await t.services.accounts.create({ email: `${role}@example.org`, name: `${role} person`, role, password: PASSWORD, authorId: author.id });
      actors[role] = { accountId: account.id, role, authorId: author.id, name: account.name };
    }
    for (const role of ROLES) token[role] = (await t.services.tokens.create(actors.admin, { name: `${role} sync`, role })).token;
    ed = adminClient(t.app);
    expect((await ed.signIn('editor@example.org', PASSWORD)).statusCode).toBe(303);
    au = adminClient(t.app);
    expect((await au.signIn('author@example.org', PASSWORD)).statusCode).toBe(303);
  });
  afterAll(() => t?.close());

  it('creates a story with its original date through the API, and publishing keeps it in the address, the date line, feeds and sitemaps', async () => {
    const fresh = await buildArticle(t.services, new Date(NOW), { headline: 'Ferry fares rise today' });
    const created = await api('POST', base, token.editor, story({ headline: 'Harbour fire of 2019', publishedAt: '2019-05-01T09:30:00-05:00' }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data).toMatchObject({ status: 'draft', publishedAt: '2019-05-01T14:30:00.000Z', url: null });
    const { id, slug, version } = created.json().data as { id: number; slug: string; version: number };
    // Not public before it is published, whatever its date.
    expect((await get(`/2019/05/01/${slug}`)).statusCode).toBe(404);

    const published = await api('POST', `${base}/${id}/transitions`, token.editor, { transition: 'publish', baseVersion: version });
    expect(published.statusCode, published.body).toBe(200);
    const path = `/2019/05/01/${slug}`;
    expect(published.json().data).toMatchObject({ status: 'published', publishedAt: '2019-05-01T14:30:00.000Z', url: `${TEST_SITE_URL}${path}` });
    expect((await get(path)).statusCode).toBe(200);
    expect(await dateline(path)).toBe('Wednesday, May 1, 2019');

    // It does not lead the home page as new: the story from an hour ago does.
    const home = parse((await get('/')).body);
    expect(text(home.querySelector('.home-lead'))).toContain(fresh.headline);
    expect(text(home.querySelector('.home-lead'))).not.toContain('Harbour fire of 2019');

    // Feeds date it in 2019, after the newer story.
    const feed = (await get('/feed.json')).json() as { items: { url: string; date_published: string }[] };
    const urls = feed.items.map((i) => i.url);
    expect(urls.indexOf(`${TEST_SITE_URL}${path}`)).toBeGreaterThan(urls.findIndex((u) => u.endsWith(`/${fresh.slug}`)));
    expect(feed.items.find((i) => i.url === `${TEST_SITE_URL}${path}`)?.date_published).toBe('2019-05-01T14:30:00.000Z');

    // Sitemaps list it in May 2019, and the Google News sitemap (the last 48 hours) leaves it out.
    expect((await get('/sitemap.xml')).body).toContain('/sitemaps/articles-2019-05.xml');
    expect((await get('/sitemaps/articles-2019-05.xml')).body).toContain(`${TEST_SITE_URL}${path}`);
    expect((await get('/sitemaps/articles-2024-03.xml')).body).not.toContain(slug);
    expect((await get('/sitemaps/news.xml')).body).not.toContain(slug);

    // The first revision and the audit log record the date it was given.
    const first = await t.database.db.selectFrom('article_revisions').select('fields').where('article_id', '=', id).where('version', '=', 1).executeTakeFirstOrThrow();
    expect(JSON.parse(first.fields)).toMatchObject({ publishedAt: '2019-05-01T14:30:00.000Z' });
    const log = await t.services.audit.forSubject('article', id);
    expect(log.find((e) => e.action === 'article.create')?.details).toMatchObject({ by: 'API token “editor sync”', publishedAt: { from: null, to: '2019-05-01T14:30:00.000Z' } });
    expect(log.find((e) => e.action === 'article.publish')?.details).toMatchObject({ status: 'published', publishedAt: '2019-05-01T14:30:00.000Z' });
  });

  it('refuses publishedAt from author and contributor tokens and accounts with 403, naming it, and creates nothing', async () => {
    const before = await countRows(t.database.db, 'articles');
    for (const role of ['author', 'contributor'] as const) {
      const res = await api('POST', base, token[role], story({ publishedAt: '2019-05-01T09:30:00-05:00' }));
      expectRefusal(res, 403, 'publishedAt');
      expect(res.json().error.code).toBe('forbidden');
      // null too: the field is the editors' to send.
      expectRefusal(await api('POST', base, token[role], story({ publishedAt: null })), 403, 'publishedAt');
    }
    expect(await countRows(t.database.db, 'articles')).toBe(before);
    // An author may edit and publish their own story, but not date it.
    const own = await t.services.editorial.create(actors.author, story());
    await expect(t.services.editorial.update(actors.author, own.id, { publishedAt: '2019-05-01T14:30:00Z' }, own.version)).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('publishedAt'),
    });
    await expect(t.services.editorial.transition(actors.author, own.id, 'publish', { publishAt: '2019-05-01T14:30:00Z' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('publishAt'),
    });
    expect(await t.services.editorial.get(actors.author, own.id)).toMatchObject({ status: 'draft', publishedAt: null, version: own.version });
  });

  it('moves a published story to its new date: the old address redirects, the revision and audit log keep both dates', async () => {
    const created = (await api('POST', base, token.editor, story({ slug: 'pier-reopens' }))).json().data as { id: number; version: number };
    const pub = (await api('POST', `${base}/${created.id}/transitions`, token.editor, { transition: 'publish' })).json().data as { version: number; url: string };
    expect(pub.url).toBe(`${TEST_SITE_URL}/2024/03/29/pier-reopens`);
    // Served once, so a cached copy would show if the change did not reach the cache.
    expect((await get('/2024/03/29/pier-reopens')).statusCode).toBe(200);

    const moved = await api('PATCH', `${base}/${created.id}`, token.editor, { baseVersion: pub.version, publishedAt: '2023-11-02T10:00:00-05:00' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().data).toMatchObject({ status: 'published', publishedAt: '2023-11-02T15:00:00.000Z', url: `${TEST_SITE_URL}/2023/11/02/pier-reopens` });
    const old = await get('/2024/03/29/pier-reopens');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/2023/11/02/pier-reopens');
    expect(await dateline('/2023/11/02/pier-reopens')).toBe('Thursday, November 2, 2023');

    // A new slug and date at once: both old addresses lead to the new one.
    const both = await api('PATCH', `${base}/${created.id}`, token.editor, { baseVersion: moved.json().data.version, slug: 'pier-reopens-at-last', publishedAt: '2023-10-30T08:00:00-05:00' });
    expect(both.statusCode, both.body).toBe(200);
    for (const was of ['/2024/03/29/pier-reopens', '/2023/11/02/pier-reopens']) {
      const res = await get(was);
      expect(res.statusCode, was).toBe(301);
      expect(res.headers.location).toBe('/2023/10/30/pier-reopens-at-last');
    }

    const revisions = await t.services.editorial.revisions(actors.editor, created.id);
    const diff = await t.services.editorial.diff(actors.editor, created.id, revisions[1]!.version, revisions[0]!.version);
    expect(diff.fields.publishedAt).toEqual(['"2023-11-02T15:00:00.000Z"', '"2023-10-30T13:00:00.000Z"']);
    const updates = (await t.services.audit.forSubject('article', created.id)).filter((e) => e.action === 'article.update');
    expect(updates.map((e) => e.details.publishedAt)).toEqual([
      { from: '2023-11-02T15:00:00.000Z', to: '2023-10-30T13:00:00.000Z' },
      { from: '2024-03-29T15:00:00.000Z', to: '2023-11-02T15:00:00.000Z' },
    ]);

    // A published story keeps a date: emptying it, or a date to come, is refused and changes nothing.
    const version = both.json().data.version as number;
    expectRefusal(await api('PATCH', `${base}/${created.id}`, token.editor, { baseVersion: version, publishedAt: null }), 422, 'publishedAt');
    expectRefusal(await api('PATCH', `${base}/${created.id}`, token.editor, { baseVersion: version, publishedAt: '2024-04-01T00:00:00Z' }), 422, 'publishedAt');
    // The same date sent back (without its milliseconds) is no change.
    const same = await api('PATCH', `${base}/${created.id}`, token.editor, { baseVersion: version, publishedAt: '2023-10-30T13:00:00Z', dek: 'Same date.' });
    expect(same.statusCode).toBe(200);
    expect((await t.services.audit.forSubject('article', created.id)).filter((e) => e.details.publishedAt && e.action === 'article.update')).toHaveLength(2);
  });

  it('honours a past publishAt on publish instead of dropping it, schedules a future one, and refuses it elsewhere', async () => {
    const d = (await api('POST', base, token.editor, story({ slug: 'valentine-storm' }))).json().data as { id: number };
    const res = await api('POST', `${base}/${d.id}/transitions`, token.editor, { transition: 'publish', publishAt: '2020-02-14T08:00:00-06:00' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ status: 'published', publishedAt: '2020-02-14T14:00:00.000Z', url: `${TEST_SITE_URL}/2020/02/14/valentine-storm` });
    expect(await dateline('/2020/02/14/valentine-storm')).toBe('Friday, February 14, 2020');
    const entry = (await t.services.audit.forSubject('article', d.id)).find((e) => e.action === 'article.publish');
    expect(entry?.details).toMatchObject({ publishedAt: '2020-02-14T14:00:00.000Z', previousPublishedAt: null });

    const later = (await api('POST', base, token.editor, story())).json().data as { id: number };
    const scheduled = await api('POST', `${base}/${later.id}/transitions`, token.editor, { transition: 'publish', publishAt: '2024-04-02T09:00:00-05:00' });
    expect(scheduled.json().data).toMatchObject({ status: 'scheduled', publishedAt: '2024-04-02T14:00:00.000Z' });

    const other = (await api('POST', base, token.editor, story())).json().data as { id: number };
    expectRefusal(await api('POST', `${base}/${other.id}/transitions`, token.editor, { transition: 'submit', publishAt: '2020-02-14T08:00:00-06:00' }), 422, 'publishAt');
    expectRefusal(await api('POST', `${base}/${other.id}/transitions`, token.editor, { transition: 'publish', publishAt: '1969-07-20T20:17:00Z' }), 422, 'publishAt');
    // A draft carrying an original date is published with it, not scheduled over it.
    const dated = (await api('POST', base, token.editor, story({ publishedAt: '2018-06-01T12:00:00Z' }))).json().data as { id: number };
    expectRefusal(await api('POST', `${base}/${dated.id}/transitions`, token.editor, { transition: 'schedule', publishAt: '2024-04-02T09:00:00Z' }), 409, 'publishedAt');
    for (const id of [other.id, dated.id]) expect((await api('GET', `${base}/${id}`, token.editor)).json().data.status).toBe('draft');
  });

  it('refuses dates before 1970, malformed, without an offset or still to come with 422 naming the field', async () => {
    const before = await countRows(t.database.db, 'articles');
    for (const bad of ['1969-12-31T23:59:59Z', '1066-10-14T09:00:00Z', 'yesterday', '2019-05-01T09:30:00', '2019-05-01', '2019-02-30T10:00:00Z', '2024-03-29T15:00:01Z', '3024-01-01T00:00:00Z']) {
      const res = await api('POST', base, token.editor, story({ publishedAt: bad }));
      expectRefusal(res, 422, 'publishedAt');
      expect(res.json().error.code, bad).toBe('invalid_input');
    }
    expect(await countRows(t.database.db, 'articles')).toBe(before);
    const d = (await api('POST', base, token.editor, story())).json().data as { id: number; version: number };
    expectRefusal(await api('PATCH', `${base}/${d.id}`, token.editor, { baseVersion: d.version, publishedAt: '1900-01-01T00:00:00Z' }), 422, 'publishedAt');
    expect((await api('GET', `${base}/${d.id}`, token.editor)).json().data).toMatchObject({ version: d.version, publishedAt: null });
  });

  it("runs the checklist for a given publication time, and by default for the story's own date", async () => {
    const body = 'The harbour board met yesterday and set the vote for March 27, 2019.';
    const d = (await api('POST', base, token.editor, story({ body, publishedAt: '2019-03-26T15:00:00Z' }))).json().data as { id: number };
    const ids = async (query = '') => {
      const res = await api('GET', `${base}/${d.id}/checklist${query}`, token.editor);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as { id: string; message: string }[]).map((c) => c.id);
    };
    // Its own date (March 26, 2019): the vote is the next day, nothing far off.
    expect(await ids()).not.toContain('date-distance');
    // As if published now (2024): the date is years away.
    expect(await ids('?publishAt=2024-03-29T10:00:00-05:00')).toContain('date-distance');
    const yesterday = (await api('GET', `${base}/${d.id}/checklist?publishAt=2024-09-01T10:00:00%2B02:00`, token.editor)).json().data.find((c: { id: string }) => c.id === 'relative-time');
    expect(yesterday.message).toContain('will read as Saturday, August 31 for a story published Sunday, September 1');
    // An unencoded '+' arrives as a space, and is read as the '+' it was.
    expect(await ids('?publishAt=2019-03-26T17:00:00+02:00')).not.toContain('date-distance');
    for (const bad of ['soon', '1960-01-01T00:00:00Z', '2019-03-26T10:00:00']) expectRefusal(await api('GET', `${base}/${d.id}/checklist?publishAt=${bad}`, token.editor), 422, 'publishAt');
  });

  it('offers editors the date in the editor, in the site zone, and round-trips it; authors get neither the field nor the date', async () => {
    const draft = await t.services.editorial.create(actors.editor, story({ slug: 'lighthouse-centenary', body: 'The lighthouse turned one hundred.' }));
    const url = `/admin/articles/${draft.id}`;
    let page = await ed.get(url);
    let doc = parse(page.body);
    expect(text(doc.querySelector('label[for="publishedAt"]'))).toBe('Original publication date (America/Chicago time)');
    expect(text(doc.querySelector('#publishedAt-help'))).toContain('publishing keeps this date');
    const saved = await ed.post(url, { ...editorForm(page.body), publishedAt: '2019-05-01T09:30' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await t.services.editorial.get(actors.editor, draft.id)).publishedAt).toBe('2019-05-01T14:30:00.000Z');

    page = await ed.get(url);
    doc = parse(page.body);
    expect(doc.querySelector('#publishedAt')?.getAttribute('value')).toBe('2019-05-01T09:30');
    expect(text(doc.querySelector('#step-publish-help'))).toBe('Readers see it at once, dated May 1, 2019 at 9:30 AM CDT.');
    // Saving the form again as it stands changes no date.
    expect((await ed.post(url, editorForm(page.body))).statusCode).toBe(303);
    expect((await t.services.audit.forSubject('article', draft.id)).filter((e) => e.details.publishedAt)).toHaveLength(1);

    page = await ed.get(url);
    const published = await ed.post(`${url}/transition`, {
      _csrf: formField(page.body, `${url}/transition`, '_csrf'),
      baseVersion: formField(page.body, `${url}/transition`, 'baseVersion'),
      transition: 'publish',
      confirmed: '1',
    });
    expect(published.statusCode, published.body).toBe(303);
    expect(await dateline('/2019/05/01/lighthouse-centenary')).toBe('Wednesday, May 1, 2019');

    // Unreadable and future dates show the editor again with the field named; nothing changes.
    page = await ed.get(url);
    for (const [typed, says] of [
      ['last spring', 'The original publication date'],
      ['2024-03-30T09:00', 'publishedAt'],
    ] as const) {
      const res = await ed.post(url, { ...editorForm(page.body), publishedAt: typed });
      expect(res.statusCode).toBe(422);
      expect(text(parse(res.body).querySelector('.form-error'))).toContain(says);
    }
    expect((await t.services.editorial.get(actors.editor, draft.id)).publishedAt).toBe('2019-05-01T14:30:00.000Z');

    // An author's own story: no field, and a date sent anyway is refused by name.
    const own = await t.services.editorial.create(actors.author, story());
    const authorPage = await au.get(`/admin/articles/${own.id}`);
    expect(parse(authorPage.body).querySelector('#publishedAt')).toBeNull();
    const refused = await au.post(`/admin/articles/${own.id}`, { ...editorForm(authorPage.body), publishedAt: '2019-05-01T09:30' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('original publication date (publishedAt)');
    expect((await t.services.editorial.get(actors.author, own.id)).publishedAt).toBeNull();
  });

  it("runs the editor's checklist for a time chosen in the site zone", async () => {
    const d = await t.services.editorial.create(actors.editor, story({ body: 'The board voted on March 27, 2024.' }));
    const url = `/admin/articles/${d.id}`;
    const checks = (html: string) => [...parse(html).querySelectorAll('.checklist [data-check]')].map((li) => li.getAttribute('data-check'));
    const plain = await ed.get(url);
    expect(checks(plain.body)).not.toContain('date-distance');
    expect(text(parse(plain.body).querySelector('.checklist__when'))).toBe('Dates and words such as “yesterday” are read as if published now.');

    const later = await ed.get(`${url}?publishAt=2024-09-01T10:00`);
    expect(later.statusCode).toBe(200);
    expect(checks(later.body)).toContain('date-distance');
    const doc = parse(later.body);
    expect(text(doc.querySelector('.checklist__when'))).toBe('Dates and words such as “yesterday” are read as if published September 1, 2024 at 10:00 AM CDT.');
    expect(doc.querySelector('#checklist-publishAt')?.getAttribute('value')).toBe('2024-09-01T10:00');

    for (const bad of ['whenever', '1969-07-20T15:17']) {
      const res = await ed.get(`${url}?publishAt=${bad}`);
      expect(res.statusCode, bad).toBe(422);
      expect(text(parse(res.body).querySelector('.checklist .form-error'))).toContain('publishAt');
      expect(checks(res.body)).not.toContain('date-distance');
    }
  });
});
