import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/modules/accounts/accounts.service.js';
import { actorOf } from '../../src/modules/admin/admin.context.js';
import { imageMarkdown } from '../../src/modules/markdown/news-blocks.js';
import { adminClient, editorForm } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildAuthor } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';
const NOW = '2024-03-29T15:00:00.000Z';

type Client = ReturnType<typeof adminClient>;

/** A multipart/form-data body as a browser's FormData sends it. */
async function multipartBody(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const formData = new FormData();
  for (const [k, v] of Object.entries(fields)) formData.append(k, v);
  if (file) formData.append('image', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  const req = new Request('http://x', { method: 'POST', body: formData });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

/**
 * The editor's server side of its writing tools: the autosave answer that
 * carries the fresh checklist, the JSON endpoint for images dropped into the
 * body, the confirmation before publishing and unpublishing without
 * scripts, and the check for a featured image repeated in the body.
 */
describe('the editor’s writing tools', () => {
  let t: TestContext;
  let editor: Account;
  let ed: Client;
  let contrib: Client;
  let jpeg: Buffer;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    const author = await buildAuthor(t.services, { name: 'Eda Editor' });
    const other = await buildAuthor(t.services, { name: 'Cyd Contributor' });
    editor = await t.services.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD, authorId: author.id });
    await t.services.accounts.create({ email: 'contrib@example.org', name: 'Cyd Contributor', role: 'contributor', password: PASSWORD, authorId: other.id });
    await t.services.accounts.create({ email: 'mod@example.org', name: 'Moe Moderator', role: 'moderator', password: PASSWORD });
    ed = adminClient(t.app);
    expect((await ed.signIn('editor@example.org', PASSWORD)).statusCode).toBe(303);
    contrib = adminClient(t.app);
    expect((await contrib.signIn('contrib@example.org', PASSWORD)).statusCode).toBe(303);
    jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3a6f8f' } })
      .jpeg()
      .toBuffer();
  });
  afterAll(() => t?.close());

  async function draft(body = '', headline = 'Harbour reopens'): Promise<number> {
    const actor = actorOf(editor);
    const created = await t.services.editorial.create(actor, { headline });
    if (body === '') return created.id;
    return (await t.services.editorial.update(actor, created.id, { body, dek: 'After a winter of repairs.' }, created.version)).id;
  }

  describe('autosave', () => {
    it('answers with the checklist of the version it saved, as data and as the markup the page shows', async () => {
      const id = await draft();
      const page = await ed.get(`/admin/articles/${id}`);
      expect(parse(page.body).querySelector('#checklist-results .check[data-check="empty-body"]')).not.toBeNull();
      const { _csrf, ...fields } = editorForm(page.body);
      const res = await t.app.inject({
        method: 'POST',
        url: `/admin/articles/${id}`,
        headers: { cookie: ed.jar.header(), 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': _csrf! },
        payload: JSON.stringify({ ...fields, body: 'The harbour reopened on Monday. Officials in met the mayor.' }),
      });
      expect(res.statusCode, res.body).toBe(200);
      const answer = res.json() as { version: number; checklist: { id: string; severity: string }[]; checklistHtml: string };
      expect(answer.checklist.map((c) => c.id)).not.toContain('empty-body');
      expect(answer.checklist).toContainEqual(expect.objectContaining({ id: 'dropped-name', severity: 'warning' }));
      // The same list the page would show after a reload.
      const fresh = parse((await ed.get(`/admin/articles/${id}`)).body).querySelector('#checklist-results')!.innerHTML;
      expect(answer.checklistHtml).toBe(fresh);
      expect(parse(answer.checklistHtml).querySelector('.check[data-check="dropped-name"]')).not.toBeNull();
    });
  });

  describe('images dropped into the body (POST …/body-images)', () => {
    async function send(
      c: Client,
      id: number,
      opts: { csrf?: string; fields?: Record<string, string>; file?: { name: string; type: string; data: Buffer }; raw?: { payload: Buffer | string; contentType: string } },
    ) {
      const body = opts.raw ?? (await multipartBody(opts.fields ?? {}, opts.file));
      return t.app.inject({
        method: 'POST',
        url: `/admin/articles/${id}/body-images`,
        headers: { cookie: c.jar.header(), 'content-type': body.contentType, accept: 'application/json', ...(opts.csrf ? { 'x-csrf-token': opts.csrf } : {}) },
        payload: body.payload,
      });
    }
    const csrfOf = async (c: Client, id: number) => editorForm((await c.get(`/admin/articles/${id}`)).body)._csrf!;
    const mediaCount = async () => (await t.database.db.selectFrom('media').select('id').execute()).length;

    it('uploads through the media pipeline and answers the Markdown to insert', async () => {
      const id = await draft('Before.');
      const res = await send(ed, id, { csrf: await csrfOf(ed, id), fields: { alt: 'The harbour at dawn' }, file: { name: 'harbour.jpg', type: 'image/jpeg', data: jpeg } });
      expect(res.statusCode, res.body).toBe(201);
      const answer = res.json() as { id: number; markdown: string };
      const image = (await t.services.media.byIds([answer.id])).get(answer.id)!;
      expect(image.alt).toBe('The harbour at dawn');
      expect(answer.markdown).toBe(imageMarkdown(image));
      expect(answer.markdown).toMatch(/^!\[The harbour at dawn\]\(\/media\/uploads\/\d{4}\/\d{2}\/[0-9a-f]{16}-harbour(-\d+)?\.jpg\)$/);
      // The article itself is not changed: the script puts the Markdown in the body, and autosave saves it.
      expect((await t.services.editorial.get(actorOf(editor), id)).body).toBe('Before.');
    });

    it('refuses what is not an image, too big, without alt text, without the CSRF token, or from someone who may not edit the story', async () => {
      const id = await draft('Before.');
      const csrf = await csrfOf(ed, id);
      const before = await mediaCount();
      const expectRefusal = (res: Awaited<ReturnType<typeof send>>, status: number, code: string, message?: RegExp) => {
        expect(res.statusCode, res.body).toBe(status);
        expect(res.headers['content-type']).toContain('application/json');
        const { error } = res.json() as { error: { code: string; message: string } };
        expect(error.code).toBe(code);
        if (message) expect(error.message).toMatch(message);
      };

      expectRefusal(
        await send(ed, id, { csrf, fields: { alt: 'Notes' }, file: { name: 'notes.txt', type: 'text/plain', data: Buffer.from('not a picture') } }),
        415,
        'unsupported_media',
        /not an image we accept/,
      );
      const huge = Buffer.alloc(t.services.mediaUploader.limits.maxBytes + 1, 1);
      expectRefusal(await send(ed, id, { csrf, fields: { alt: 'Huge' }, file: { name: 'huge.jpg', type: 'image/jpeg', data: huge } }), 413, 'payload_too_large', /larger than the [\d.]+ MB limit/);
      expectRefusal(await send(ed, id, { csrf, file: { name: 'harbour.jpg', type: 'image/jpeg', data: jpeg } }), 422, 'invalid_input', /alt text/);
      expectRefusal(await send(ed, id, { fields: { alt: 'No token' }, file: { name: 'harbour.jpg', type: 'image/jpeg', data: jpeg } }), 403, 'csrf');
      expectRefusal(await send(ed, id, { csrf, raw: { payload: '{"alt":"x"}', contentType: 'application/json' } }), 415, 'unsupported_media');
      expectRefusal(
        await send(ed, id, { csrf, fields: { alt: 'x', caption: 'not a field here' }, file: { name: 'harbour.jpg', type: 'image/jpeg', data: jpeg } }),
        400,
        'bad_request',
        /Unknown form field "caption"/,
      );

      // A contributor may upload, but not into someone else's story.
      expectRefusal(
        await send(contrib, id, { csrf: await contrib.csrfFrom('/admin/articles'), fields: { alt: 'Not mine' }, file: { name: 'harbour.jpg', type: 'image/jpeg', data: jpeg } }),
        403,
        'forbidden',
      );
      // A moderator may not upload at all.
      const mod = adminClient(t.app);
      expect((await mod.signIn('mod@example.org', PASSWORD)).statusCode).toBe(303);
      expectRefusal(await send(mod, id, { csrf: await mod.csrfFrom('/admin'), fields: { alt: 'Nope' }, file: { name: 'harbour.jpg', type: 'image/jpeg', data: jpeg } }), 403, 'forbidden');
      // Signed out: 401, in JSON, not a redirect the script cannot follow.
      expectRefusal(await send(adminClient(t.app), id, { csrf, fields: { alt: 'Nope' }, file: { name: 'harbour.jpg', type: 'image/jpeg', data: jpeg } }), 401, 'signed_out');

      expect(await mediaCount()).toBe(before);
    });
  });

  describe('publishing and unpublishing without scripts', () => {
    it('asks on a page of its own, and publishes only when confirmed', async () => {
      const id = await draft('The harbour reopened on Monday after a winter of repairs.');
      const page = await ed.get(`/admin/articles/${id}`);
      const stepForm = parse(page.body).querySelector(`form[data-confirm-title="Publish this story now?"]`);
      expect(stepForm?.querySelector('button')?.textContent).toBe('Publish now');
      const _csrf = editorForm(page.body)._csrf!;
      const baseVersion = editorForm(page.body).baseVersion!;

      const asked = await ed.post(`/admin/articles/${id}/transition`, { _csrf, baseVersion, transition: 'publish' });
      expect(asked.statusCode).toBe(200);
      const doc = parse(asked.body);
      expect(text(doc.querySelector('h1'))).toBe('Publish this story now?');
      expect((await t.services.editorial.get(actorOf(editor), id)).status).toBe('draft');
      const confirm = doc.querySelector(`form[action="/admin/articles/${id}/transition"]`)!;
      expect(text(confirm.querySelector('button'))).toBe('Yes, publish now');
      const fields = Object.fromEntries([...confirm.querySelectorAll('input')].map((i) => [i.getAttribute('name')!, i.getAttribute('value') ?? '']));
      expect(fields).toMatchObject({ transition: 'publish', confirmed: '1', baseVersion });
      expect(confirm.querySelector(`a[href="/admin/articles/${id}"]`)?.textContent).toContain('Cancel');

      const done = await ed.post(`/admin/articles/${id}/transition`, fields);
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe(`/admin/articles/${id}?notice=publish`);
      expect((await t.services.editorial.get(actorOf(editor), id)).status).toBe('published');

      // Unpublishing asks the same way.
      const after = await ed.get(`/admin/articles/${id}`);
      const form = editorForm(after.body);
      const unpublishAsked = await ed.post(`/admin/articles/${id}/transition`, { _csrf: form._csrf!, baseVersion: form.baseVersion!, transition: 'unpublish' });
      expect(unpublishAsked.statusCode).toBe(200);
      expect(text(parse(unpublishAsked.body).querySelector('h1'))).toBe('Unpublish this story?');
      expect((await t.services.editorial.get(actorOf(editor), id)).status).toBe('published');
      const unpublished = await ed.post(`/admin/articles/${id}/transition`, { _csrf: form._csrf!, baseVersion: form.baseVersion!, transition: 'unpublish', confirmed: '1' });
      expect(unpublished.headers.location).toBe(`/admin/articles/${id}?notice=unpublish`);
      expect((await t.services.editorial.get(actorOf(editor), id)).status).toBe('unpublished');
    });

    it('does not ask someone who may not take the step: they are refused as before', async () => {
      const id = (await t.services.editorial.create(actorOf(editor), { headline: 'Not for contributors' })).id;
      const _csrf = await contrib.csrfFrom('/admin/articles');
      const res = await contrib.post(`/admin/articles/${id}/transition`, { _csrf, transition: 'publish' });
      expect([403, 404]).toContain(res.statusCode);
      expect((await t.services.editorial.get(actorOf(editor), id)).status).toBe('draft');
    });
  });

  describe('the featured image repeated in the body', () => {
    it('is a warning on the checklist, until the body no longer starts with it', async () => {
      const id = await draft('Before.');
      const image = await t.services.mediaUploader.upload({ data: jpeg, originalName: 'pier.jpg', alt: 'The pier at dawn', caption: 'The pier', credit: 'Photo: Ana Ruiz' });
      const actor = actorOf(editor);
      let article = await t.services.editorial.get(actor, id);
      article = await t.services.editorial.update(actor, id, { featuredImageId: image.id, body: `${imageMarkdown(image)}\n\nThe pier reopened.` }, article.version);
      const flagged = parse((await ed.get(`/admin/articles/${id}`)).body).querySelector('.check[data-check="featured-image-repeated"]');
      expect(flagged?.getAttribute('data-severity')).toBe('warning');
      expect(text(flagged)).toContain('readers already see above the story');

      await t.services.editorial.update(actor, id, { body: 'The pier reopened.' }, article.version);
      expect(parse((await ed.get(`/admin/articles/${id}`)).body).querySelector('.check[data-check="featured-image-repeated"]')).toBeNull();
    });
  });
  describe('revisions that read like history', () => {
    it('say what made each version and what it changed, and every version has one, in the pages and the API', async () => {
      const id = (await t.services.editorial.create(actorOf(editor), { headline: 'Tide tables' })).id;
      const json = (payload: Record<string, unknown>, csrf: string) =>
        t.app.inject({
          method: 'POST',
          url: `/admin/articles/${id}`,
          headers: { cookie: ed.jar.header(), 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
          payload: JSON.stringify(payload),
        });
      let form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      const auto = await json({ ...form, body: 'High tide at 6.' }, form._csrf!);
      expect(auto.statusCode, auto.body).toBe(200);
      form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      expect((await ed.post(`/admin/articles/${id}`, { ...form, headline: 'Tide tables for spring', tags: 'tides, harbour', dek: 'When to go.' })).statusCode).toBe(303);
      form = editorForm((await ed.get(`/admin/articles/${id}`)).body);
      const published = await ed.post(`/admin/articles/${id}/transition`, { _csrf: form._csrf!, baseVersion: form.baseVersion!, transition: 'publish', confirmed: '1' });
      expect(published.statusCode, published.body).toBe(303);

      const article = await t.services.editorial.get(actorOf(editor), id);
      const revisions = await t.services.editorial.revisions(actorOf(editor), id);
      // Versions and revisions agree: publishing raised the version and kept a revision for it.
      expect(revisions.map((r) => r.version)).toEqual([4, 3, 2, 1]);
      expect(article.version).toBe(4);
      expect(revisions.map((r) => r.kind)).toEqual(['publish', 'save', 'autosave', 'create']);
      expect(revisions.map((r) => r.changed)).toEqual([['publishedAt'], ['headline', 'dek', 'tags'], ['body', 'excerpt'], []]);
      expect(revisions.every((r) => r.accountName === 'Eda Editor')).toBe(true);

      // The editor's "Version" is the newest revision's.
      expect(text(parse((await ed.get(`/admin/articles/${id}`)).body).querySelector('#editor-version'))).toBe('4');

      const rows = [...parse((await ed.get(`/admin/articles/${id}/revisions`)).body).querySelectorAll('.revisions-table tbody tr')];
      expect(rows.map((r) => text(r.querySelector('.revision-kind')))).toEqual(['Published', 'Saved', 'Autosave', 'Created']);
      expect(text(rows[0]!)).toContain('Changed: Publication date.');
      expect(text(rows[1]!)).toContain('Changed: Headline, Dek, Tags.');
      expect(text(rows[1]!)).toContain('Headline: “Tide tables for spring”');
      expect(text(rows[2]!)).toContain('Changed: Body, Excerpt.');
      expect(text(rows[2]!)).not.toContain('Headline:');

      // Unpublishing and restoring keep revisions of their own too.
      const v5 = await t.services.editorial.transition(actorOf(editor), id, 'unpublish');
      const restored = await t.services.editorial.restore(actorOf(editor), id, 2, v5.version);
      const after = await t.services.editorial.revisions(actorOf(editor), id);
      expect(after.slice(0, 2).map((r) => [r.version, r.kind])).toEqual([
        [6, 'restore'],
        [5, 'unpublish'],
      ]);
      expect(restored.version).toBe(6);

      // The JSON API reports the same history.
      const admin = { accountId: null, role: 'admin' as const, authorId: null, name: 'Site admin' };
      const { token } = await t.services.tokens.create(admin, { name: 'history', role: 'editor' });
      const api = await t.app.inject({ url: `/api/v1/newsroom/articles/${id}/revisions`, headers: { authorization: `Bearer ${token}` } });
      expect(api.statusCode, api.body).toBe(200);
      const data = (api.json() as { data: { version: number; kind: string; changed: string[] }[] }).data;
      expect(data.map((r) => r.kind)).toEqual(['restore', 'unpublish', 'publish', 'save', 'autosave', 'create']);
      expect(data[2]).toMatchObject({ version: 4, changed: ['publishedAt'] });
    });
  });
});
