import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageMarkdown } from '../../src/modules/markdown/news-blocks.js';
import type { UploadedImage } from '../../src/modules/media/media.upload.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';
type Client = ReturnType<typeof adminClient>;

const jpeg = (width: number, height: number, background = '#336699') =>
  sharp({ create: { width, height, channels: 3, background } })
    .jpeg()
    .toBuffer();

/** The CSRF token of the first form on a page the client has open. */
const csrfOf = (html: string) => parse(html).querySelector('input[name="_csrf"]')!.getAttribute('value')!;

describe('the media library', () => {
  let t: TestContext;
  let editor: Client;
  let contributor: Client;
  let moderator: Client;
  let harbour: UploadedImage;

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    for (const role of ['editor', 'contributor', 'moderator'] as const) {
      await t.services.accounts.create({ email: `${role}@example.org`, name: `A ${role}`, role, password: PASSWORD });
    }
    editor = adminClient(t.app);
    contributor = adminClient(t.app);
    moderator = adminClient(t.app);
    expect((await editor.signIn('editor@example.org', PASSWORD)).statusCode).toBe(303);
    expect((await contributor.signIn('contributor@example.org', PASSWORD)).statusCode).toBe(303);
    expect((await moderator.signIn('moderator@example.org', PASSWORD)).statusCode).toBe(303);
    harbour = await t.services.mediaUploader.upload({
      data: await jpeg(1500, 1000),
      originalName: 'harbour-dawn.jpg',
      alt: 'The harbour at dawn',
      caption: 'Boats at rest.',
      credit: 'Photo: Lee Chan',
    });
  });
  afterAll(() => t?.close());

  it('lists images newest first with thumbnail, sizes, date and use; searches; pages by id', async () => {
    // 30 more images (registered by address, so no decoding), with a word to search for in some.
    for (let i = 1; i <= 30; i++) {
      await t.services.media.register({
        url: `/media/demo/drawing-${i}.png`,
        mime: 'image/png',
        width: 40,
        height: 30,
        alt: i % 10 === 0 ? `A lighthouse, number ${i}` : `Drawing ${i}`,
        credit: i === 7 ? 'Lighthouse Archive' : '',
      });
    }
    const res = await editor.get('/admin/media');
    expect(res.statusCode).toBe(200);
    const doc = parse(res.body);
    const cards = [...doc.querySelectorAll('.media-card')];
    expect(cards).toHaveLength(24);
    expect(text(cards[0]!.querySelector('.media-card__alt'))).toBe('A lighthouse, number 30');
    expect(text(cards[1]!.querySelector('.media-card__alt'))).toBe('Drawing 29');
    const older = doc.querySelector('.media-paging a[rel="next"]')!.getAttribute('href')!;
    const page2 = parse((await editor.get(older)).body);
    const alts = [...page2.querySelectorAll('.media-card__alt')].map((e) => text(e));
    expect(alts).toHaveLength(7);
    expect(alts.at(-1)).toBe('The harbour at dawn');
    expect(page2.querySelector('.media-paging a[rel="next"]')).toBeNull();
    const card = [...page2.querySelectorAll('.media-card')].at(-1)!;
    expect(card.querySelector('img.media-thumb')!.getAttribute('src')).toMatch(/-320\.webp$/);
    expect(text(card)).toContain('1,500 × 1,000 px');
    expect(text(card)).toMatch(/\d+ KB/);
    expect(text(card)).toContain('March 29, 2024');
    expect(text(card)).toContain('Not used in any story.');

    // Alt, caption, credit and file name are searched, whatever the case.
    const search = async (q: string) => [...parse((await editor.get(`/admin/media?q=${encodeURIComponent(q)}`)).body).querySelectorAll('.media-card__alt')].map((e) => text(e));
    expect(await search('LIGHTHOUSE')).toEqual(['A lighthouse, number 30', 'A lighthouse, number 20', 'A lighthouse, number 10', 'Drawing 7']);
    expect(await search('boats at')).toEqual(['The harbour at dawn']);
    expect(await search('harbour-dawn')).toEqual(['The harbour at dawn']);
    expect(await search('100%')).toEqual([]);
    expect((await editor.get(`/admin/media?q=${'x'.repeat(201)}`)).statusCode).toBe(422);
    expect((await editor.get('/admin/media?before=abc')).statusCode).toBe(400);
  });

  it('shows where an image is used, and the edited alt text on every page that shows it, at once', async () => {
    const image = await t.services.mediaUploader.upload({ data: await jpeg(1500, 1000, '#884422'), originalName: 'mayor.jpg', alt: 'The mayor at a desk' });
    const featuring = await buildArticle(t.services, t.clock.now(), { slug: 'featuring', headline: 'Mayor resigns', featuredImageId: image.id });
    const showing = await buildArticle(t.services, t.clock.now(), { slug: 'showing', headline: 'Council meets', body: `The council met.\n\n${imageMarkdown(image)}\n\nIt voted.` });
    const detail = parse((await editor.get(`/admin/media/${image.id}`)).body);
    const uses = [...detail.querySelectorAll('.media-uses li')].map((li) => text(li));
    expect(uses).toEqual(['Council meets (in the body)', 'Mayor resigns (featured image)']);

    const page = '/2024/03/29/showing';
    const alts = async () => [...parse((await t.app.inject({ url: page })).body).querySelectorAll('.article__body img, article img')].map((i) => i.getAttribute('alt'));
    expect(await alts()).toContain('The mayor at a desk');
    // Cached now; the change must reach the next reader all the same.
    expect(await alts()).toContain('The mayor at a desk');

    const _csrf = csrfOf((await editor.get(`/admin/media/${image.id}`)).body);
    const saved = await editor.post(`/admin/media/${image.id}`, { _csrf, alt: 'The mayor signing her resignation', caption: 'At city hall.', credit: 'Photo: Kim' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/admin/media/${image.id}?saved`);
    expect(await alts()).toContain('The mayor signing her resignation');
    expect(await alts()).not.toContain('The mayor at a desk');
    const featured = parse((await t.app.inject({ url: '/2024/03/29/featuring' })).body);
    expect(featured.querySelector('figure.article__image img')!.getAttribute('alt')).toBe('The mayor signing her resignation');
    const entries = await t.services.audit.forSubject('media', image.id);
    expect(entries.map((e) => [e.action, e.details])).toEqual([['media.update', { changed: ['alt', 'caption', 'credit'] }]]);
    const after = [...parse((await editor.get(`/admin/media/${image.id}`)).body).querySelectorAll('.media-uses li a')].map((a) => a.getAttribute('href'));
    expect(after).toEqual([`/admin/articles/${showing.id}`, `/admin/articles/${featuring.id}`]);
  });

  it('refuses to delete an image in use (409, listing the stories); deletes an unused one and its files after confirming', async () => {
    const used = await t.services.mediaUploader.upload({ data: await jpeg(400, 300), originalName: 'used.jpg', alt: 'Used' });
    await buildArticle(t.services, t.clock.now(), { slug: 'uses-it', headline: 'A draft that uses it', status: 'draft', publishedAt: null, body: imageMarkdown(used) });
    const confirm = await editor.get(`/admin/media/${used.id}/delete`);
    expect(confirm.statusCode).toBe(409);
    expect(text(parse(confirm.body).querySelector('.media-uses'))).toContain('A draft that uses it (in the body)');
    const _csrf = csrfOf((await editor.get(`/admin/media/${used.id}`)).body);
    const refused = await editor.post(`/admin/media/${used.id}/delete`, { _csrf });
    expect(refused.statusCode).toBe(409);
    expect(text(parse(refused.body).querySelector('[role="alert"]'))).toContain('“A draft that uses it”');
    expect((await editor.get(`/admin/media/${used.id}`)).statusCode).toBe(200);

    const unused = await t.services.mediaUploader.upload({ data: await jpeg(900, 600), originalName: 'unused.jpg', alt: 'Unused' });
    const files = unused.variants.map((v) => path.join(t.dataDir, 'media', v.key));
    expect(files.every((f) => fs.existsSync(f))).toBe(true);
    const ok = await editor.get(`/admin/media/${unused.id}/delete`);
    expect(ok.statusCode).toBe(200);
    const deleted = await editor.post(`/admin/media/${unused.id}/delete`, { _csrf: csrfOf(ok.body) });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/admin/media?deleted');
    expect((await editor.get(`/admin/media/${unused.id}`)).statusCode).toBe(404);
    expect(files.some((f) => fs.existsSync(f))).toBe(false);
    expect((await t.app.inject({ url: unused.url })).statusCode).toBe(404);
    expect((await t.services.audit.forSubject('media', unused.id)).map((e) => e.action)).toEqual(['media.delete']);
  });

  it('lets contributors browse and pick but not change or delete; keeps moderators out', async () => {
    expect((await contributor.get('/admin/media')).statusCode).toBe(200);
    const page = await contributor.get(`/admin/media/${harbour.id}`);
    expect(page.statusCode).toBe(200);
    expect(parse(page.body).querySelector(`form[action="/admin/media/${harbour.id}"]`)).toBeNull();
    const _csrf = csrfOf(page.body);
    expect((await contributor.post(`/admin/media/${harbour.id}`, { _csrf, alt: 'Changed by a contributor' })).statusCode).toBe(403);
    expect((await contributor.post(`/admin/media/${harbour.id}/delete`, { _csrf })).statusCode).toBe(403);
    expect((await contributor.get(`/admin/media/${harbour.id}/delete`)).statusCode).toBe(403);
    expect((await moderator.get('/admin/media')).statusCode).toBe(403);
    expect((await moderator.get('/admin/media/picker.json')).statusCode).toBe(403);
    const nav = [...parse((await moderator.get('/admin')).body).querySelectorAll('.admin-nav a')].map((a) => text(a));
    expect(nav).not.toContain('Media');
    expect((await t.services.media.byIds([harbour.id])).get(harbour.id)!.alt).toBe('The harbour at dawn');
  });

  it('refuses a change without the form token, with alt text too long or empty, and for an unknown image', async () => {
    const noToken = await editor.post(`/admin/media/${harbour.id}`, { alt: 'No token' });
    expect(noToken.statusCode).toBe(403);
    const _csrf = csrfOf((await editor.get(`/admin/media/${harbour.id}`)).body);
    const long = await editor.post(`/admin/media/${harbour.id}`, { _csrf, alt: 'a'.repeat(501) });
    expect(long.statusCode).toBe(422);
    expect(text(parse(long.body).querySelector('[role="alert"]'))).toBe('Alt text is limited to 500 characters (this one has 501).');
    // What was typed is shown again.
    expect(parse(long.body).querySelector('textarea#alt')!.textContent).toBe('a'.repeat(501));
    expect((await editor.post(`/admin/media/${harbour.id}`, { _csrf, alt: '  ' })).statusCode).toBe(422);
    expect((await editor.post(`/admin/media/${harbour.id}/delete`, {})).statusCode).toBe(403);
    expect((await t.services.media.byIds([harbour.id])).get(harbour.id)!.alt).toBe('The harbour at dawn');
    expect((await editor.get('/admin/media/999999')).statusCode).toBe(404);
    expect((await editor.post('/admin/media/999999', { _csrf, alt: 'x' })).statusCode).toBe(404);
    expect((await editor.post('/admin/media/999999/delete', { _csrf })).statusCode).toBe(404);
  });

  it('sets a story’s featured image from the picker without scripts, and answers the picker dialog in JSON', async () => {
    const story = await buildArticle(t.services, t.clock.now(), { slug: 'to-pick', headline: 'Needs a picture', status: 'draft', publishedAt: null });
    const picker = await editor.get(`/admin/media?pick=featured&article=${story.id}&q=harbour`);
    expect(picker.statusCode).toBe(200);
    const form = [...parse(picker.body).querySelectorAll('form[action="/admin/media/featured"]')].find((f) => f.querySelector(`input[name="image"][value="${harbour.id}"]`))!;
    const res = await editor.post('/admin/media/featured', { _csrf: csrfOf(picker.body), article: String(story.id), image: String(harbour.id) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/articles/${story.id}?notice=saved`);
    expect(form).toBeTruthy();
    const editorPage = parse((await editor.get(`/admin/articles/${story.id}`)).body);
    expect(editorPage.querySelector('input[name="featuredImageId"]')!.getAttribute('value')).toBe(String(harbour.id));
    expect(editorPage.querySelector('.featured-image img')!.getAttribute('alt')).toBe('The harbour at dawn');
    expect(editorPage.querySelector(`a[href="/admin/media?pick=featured&article=${story.id}"]`)).not.toBeNull();

    const none = await editor.post('/admin/media/featured', { _csrf: csrfOf(picker.body), article: String(story.id), image: '' });
    expect(none.statusCode).toBe(303);
    expect(
      parse((await editor.get(`/admin/articles/${story.id}`)).body)
        .querySelector('input[name="featuredImageId"]')!
        .getAttribute('value'),
    ).toBe('');
    expect((await editor.post('/admin/media/featured', { _csrf: csrfOf(picker.body), article: String(story.id), image: '999999' })).statusCode).toBe(404);
    expect((await editor.post('/admin/media/featured', { _csrf: csrfOf(picker.body), article: 'x', image: '1' })).statusCode).toBe(400);

    const json = await editor.get('/admin/media/picker.json?q=harbour');
    expect(json.statusCode).toBe(200);
    const body = json.json() as { images: { id: number; alt: string; markdown: string; thumbnail: { url: string } }[]; next: number | null };
    expect(body.images.map((i) => i.id)).toEqual([harbour.id]);
    expect(body.images[0]!.markdown).toBe(imageMarkdown(harbour));
    expect(body.next).toBeNull();
  });
});

describe('the media library through the API', () => {
  let t: TestContext;
  const token = {} as Record<'editor' | 'contributor' | 'moderator', string>;

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    const admin = await t.services.accounts.create({ email: 'admin@example.org', name: 'Admin', role: 'admin', password: PASSWORD });
    const adminActor = { accountId: admin.id, role: 'admin' as const, authorId: null, name: 'Admin' };
    for (const role of ['editor', 'contributor', 'moderator'] as const) token[role] = (await t.services.tokens.create(adminActor, { name: role, role })).token;
  });
  afterAll(() => t?.close());

  const call = (method: 'GET' | 'PATCH' | 'DELETE', url: string, bearer: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });

  it('lists and searches with paging, updates descriptions, and deletes only what no story uses', async () => {
    const image = await t.services.mediaUploader.upload({ data: await jpeg(800, 600), originalName: 'quay.jpg', alt: 'The quay in fog' });
    for (let i = 0; i < 25; i++) await t.services.media.register({ url: `/media/demo/p-${i}.png`, mime: 'image/png', alt: `Picture ${i}` });
    const first = (await call('GET', '/media', token.contributor)).json() as { data: { id: number }[]; next: number };
    expect(first.data).toHaveLength(24);
    const second = (await call('GET', `/media?before=${first.next}`, token.contributor)).json() as { data: { id: number; alt: string; thumbnail: string; usedBy: unknown[] }[]; next: number | null };
    expect(second.data.map((d) => d.alt)).toEqual(['Picture 0', 'The quay in fog']);
    expect(second.next).toBeNull();
    expect(second.data[1]!.thumbnail).toMatch(/^https:\/\/news\.example\.test\/media\/.+-320\.webp$/);
    const found = (await call('GET', '/media?q=FOG', token.contributor)).json() as { data: { id: number }[] };
    expect(found.data.map((d) => d.id)).toEqual([image.id]);

    expect((await call('PATCH', `/media/${image.id}`, token.contributor, { alt: 'x' })).statusCode).toBe(403);
    expect((await call('GET', '/media', token.moderator)).statusCode).toBe(403);
    expect((await call('PATCH', `/media/${image.id}`, token.editor, { alt: 'a'.repeat(501) })).statusCode).toBe(400);
    expect((await call('PATCH', `/media/${image.id}`, token.editor, { alt: ' ' })).statusCode).toBe(422);
    expect((await call('PATCH', `/media/${image.id}`, token.editor, { colour: 'red' })).statusCode).toBe(400);
    expect((await call('PATCH', '/media/999999', token.editor, { alt: 'x' })).statusCode).toBe(404);
    const patched = await call('PATCH', `/media/${image.id}`, token.editor, { caption: 'Early morning.' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().data).toMatchObject({ alt: 'The quay in fog', caption: 'Early morning.', credit: '' });

    const story = await buildArticle(t.services, t.clock.now(), { slug: 'quay', headline: 'Fog closes the quay', featuredImageId: image.id });
    const refused = await call('DELETE', `/media/${image.id}`, token.editor);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.stories).toEqual([{ id: story.id, headline: 'Fog closes the quay', featured: true, inBody: false }]);
    expect((await call('DELETE', `/media/${image.id}`, token.contributor)).statusCode).toBe(403);

    const spare = first.data[0]!.id;
    expect((await call('DELETE', `/media/${spare}`, token.editor)).statusCode).toBe(204);
    expect((await call('GET', `/media/${spare}`, token.editor)).statusCode).toBe(404);
    expect((await call('DELETE', `/media/${spare}`, token.editor)).statusCode).toBe(404);
  });
});
