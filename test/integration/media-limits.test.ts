import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gifBomb, manyFrameGif, twoTone } from '../fixtures/images/images.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, text, type TestContext } from '../helpers/app.js';
import { buildAuthor } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';

/** A multipart/form-data body as a browser sends it (Node's own FormData). */
async function multipartBody(fields: Record<string, string>, file: { field: string; name: string; data: Buffer }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(file.field, new Blob([new Uint8Array(file.data)], { type: 'image/gif' }), file.name);
  const req = new Request('http://x', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

/** Every file under a directory, relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** A job that holds a slot of the image pool until the test lets it go. */
function holder() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return { job: () => released, release: () => release() };
}

/**
 * What one image may cost: decoding is bounded in pixels and frames, checked
 * from the header before any decode, and runs in a small pool (one slot, one
 * waiting here) whose overflow is answered 503.
 */
describe('image decoding limits, through HTTP', () => {
  let t: TestContext;
  let token: string;
  let mediaDir: string;

  const upload = async (data: Buffer, alt = 'A picture', filename = 'picture.gif') => {
    const body = await multipartBody({ alt }, { field: 'file', name: filename, data });
    return t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType }, payload: body.payload });
  };
  const stored = async () => ({ rows: (await t.database.db.selectFrom('media').select('id').execute()).length, files: filesUnder(mediaDir) });

  beforeAll(async () => {
    t = await createTestApp({ env: { MEDIA_CONCURRENCY: '1', MEDIA_QUEUE: '1' } });
    mediaDir = path.join(t.dataDir, 'media');
    const admin = await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    const actor = { accountId: admin.id, role: 'admin' as const, authorId: null, name: admin.name };
    token = (await t.services.tokens.create(actor, { name: 'Contributor uploads', role: 'contributor' })).token;
  });
  afterAll(() => t?.close());

  it('refuses a 7000 × 7000 GIF of a few hundred bytes with 422, saying which limit and what the image had, and stores nothing', async () => {
    const before = await stored();
    const bomb = await gifBomb(7000, 7000);
    expect(bomb.length).toBeLessThan(1000);
    const res = await upload(bomb);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toEqual({ code: 'invalid_input', message: 'This image is 7,000 × 7,000 pixels (49.0 megapixels); images can have at most 40 megapixels.' });
    expect(await stored()).toEqual(before);
  });

  it('refuses an animated GIF of more frames than the limit with 422, and stores nothing', async () => {
    const before = await stored();
    const res = await upload(await manyFrameGif(301, 16, 16), 'A long animation');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.message).toBe('This animation has 301 frames of 16 × 16 pixels, more than we can process; animations can have at most 300 frames and 40 megapixels over all frames.');
    expect(await stored()).toEqual(before);
  });

  it('still takes an ordinary image and a short animation', async () => {
    const still = await upload(await twoTone('png', 300, 200), 'A two-tone card', 'card.png');
    expect(still.statusCode, still.body).toBe(201);
    expect(still.json().data).toMatchObject({ width: 300, height: 200, mime: 'image/png' });
    const animation = await upload(await manyFrameGif(12, 40, 30), 'A blinking square');
    expect(animation.statusCode, animation.body).toBe(201);
    expect(animation.json().data).toMatchObject({ width: 40, height: 30, mime: 'image/gif' });
  });

  it('answers 503 with Retry-After when every slot is taken and the queue is full, stores nothing, and takes the upload once there is room', async () => {
    const pool = t.services.imagePool;
    const running = holder();
    const waiting = holder();
    const held = [pool.run(running.job), pool.run(waiting.job)];
    expect([pool.active, pool.queued]).toEqual([1, 1]);
    try {
      const before = await stored();
      const busy = await upload(await twoTone('png', 300, 200), 'Sent while busy', 'busy.png');
      expect(busy.statusCode, busy.body).toBe(503);
      expect(busy.json().error).toEqual({
        code: 'busy',
        message: 'Too many images are being processed right now. Nothing was saved; please try again in a few seconds.',
        requestId: busy.headers['x-request-id'],
      });
      expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
      // An image over a limit is refused from its header alone, busy or not.
      expect((await upload(await gifBomb(7000, 7000))).statusCode).toBe(422);
      expect(await stored()).toEqual(before);
    } finally {
      running.release();
      waiting.release();
      await Promise.all(held);
    }
    const later = await upload(await twoTone('png', 300, 200), 'Sent later', 'later.png');
    expect(later.statusCode, later.body).toBe(201);
  });

  it('refuses the bomb from the admin upload form too, on the form, with the same message', async () => {
    await t.services.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD });
    const author = await buildAuthor(t.services, { slug: 'jo-park', name: 'Jo Park' });
    const ed = adminClient(t.app);
    await ed.signIn('editor@example.org', PASSWORD);
    const page = parse((await ed.get(`/admin/authors/${author.id}`)).body);
    const form = page.querySelector(`form[action="/admin/authors/${author.id}/photo"]`);
    const _csrf = form?.querySelector('input[name="_csrf"]')?.getAttribute('value');
    expect(_csrf).toBeTruthy();
    const before = await stored();
    const body = await multipartBody({ _csrf: _csrf!, alt: 'Jo Park', credit: '' }, { field: 'photo', name: 'jo.gif', data: await gifBomb(7000, 7000) });
    const res = await t.app.inject({
      method: 'POST',
      url: `/admin/authors/${author.id}/photo`,
      remoteAddress: '127.0.0.1',
      headers: { cookie: ed.jar.header(), 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(text(parse(res.body).querySelector('[role="alert"]'))).toContain('This image is 7,000 × 7,000 pixels (49.0 megapixels); images can have at most 40 megapixels.');
    expect(await stored()).toEqual(before);
  });

  it('answers a form that is not multipart inside, or cut short, with 400 and stores nothing', async () => {
    const before = await stored();
    const whole = await multipartBody({ alt: 'A picture' }, { field: 'file', name: 'card.png', data: await twoTone('png', 30, 20) });
    const bodies = [
      { contentType: 'multipart/form-data; boundary=x', payload: '{"body":"not a form"}' },
      { contentType: 'multipart/form-data', payload: '--x\r\n' },
      { contentType: whole.contentType, payload: whole.payload.subarray(0, whole.payload.length - 40) },
    ];
    for (const body of bodies) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType }, payload: body.payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toEqual({ code: 'bad_request', message: 'The image could not be read: the form data is malformed or cut short. Send it again.' });
    }
    expect(await stored()).toEqual(before);
  });

  it('answers a cut-short photo form in the newsroom with 400, not a server error', async () => {
    const author = await buildAuthor(t.services, { slug: 'cut-short', name: 'Cut Short' });
    const ed = adminClient(t.app);
    await ed.signIn('editor@example.org', PASSWORD);
    const page = parse((await ed.get(`/admin/authors/${author.id}`)).body);
    const _csrf = page.querySelector(`form[action="/admin/authors/${author.id}/photo"] input[name="_csrf"]`)?.getAttribute('value');
    const before = await stored();
    const body = await multipartBody({ _csrf: _csrf!, alt: 'Cut Short', credit: '' }, { field: 'photo', name: 'cut.png', data: await twoTone('png', 30, 20) });
    const res = await t.app.inject({
      method: 'POST',
      url: `/admin/authors/${author.id}/photo`,
      remoteAddress: '127.0.0.1',
      headers: { cookie: ed.jar.header(), 'content-type': body.contentType },
      payload: body.payload.subarray(0, body.payload.length - 40),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The photo could not be read: the form data is malformed or cut short.');
    expect(await stored()).toEqual(before);
  });

  it('does not decode a stored image over the limit to make its link preview', async () => {
    // An image stored before the limit was lowered: its file is kept, its preview is refused.
    const key = 'uploads/2024/03/0123456789abcdef-bomb.gif';
    fs.mkdirSync(path.join(mediaDir, 'uploads/2024/03'), { recursive: true });
    fs.writeFileSync(path.join(mediaDir, key), await gifBomb(7000, 7000));
    const row = await t.database.db
      .insertInto('media')
      .values({ url: `/media/${key}`, mime: 'image/gif', width: 7000, height: 7000, alt: 'Old', caption: '', credit: '', created_at: '2024-03-01T00:00:00.000Z', storage_key: key })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({ url: `/media/preview/${row.id}.jpg`, headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toBe('This image is too large to make a preview of: it is 7,000 × 7,000 pixels, and previews are made of images of at most 40 megapixels.');
    expect(filesUnder(path.join(mediaDir, 'previews'))).toEqual([]);
  });

  it('lets any site or CDN embed media files and previews (Cross-Origin-Resource-Policy), and keeps every other answer same-origin', async () => {
    const image = await t.services.mediaUploader.upload({ data: await twoTone('jpeg', 700, 400), originalName: 'pier.jpg', alt: 'The pier' });
    for (const url of [image.url, ...image.variants.map((v) => v.url), image.previews!.wide.url]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cross-origin-resource-policy'], url).toBe('cross-origin');
    }
    for (const url of ['/', '/api/v1/articles', '/admin/sign-in', '/assets/no-such-file.css', '/mediafake']) {
      const res = await t.app.inject({ url });
      expect(res.headers['cross-origin-resource-policy'], url).toBe('same-origin');
    }
  });
});
