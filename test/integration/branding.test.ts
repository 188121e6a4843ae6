import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/platform/mailer.js';
import { articlePath } from '../../src/platform/urls.js';
import { twoTone } from '../fixtures/images/images.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle, buildSection } from '../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const PASSWORD = 'correct horse battery staple';
const PAGE = '/admin/settings/branding';

/** A multipart/form-data body, parts in the order given (as a browser sends a form's fields). */
function multipart(fields: Record<string, string>, file?: { filename: string; data: Buffer; type?: string }) {
  const boundary = `----broadsheet-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'image/png'}\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const alert = (body: string) => text(parse(body).querySelector('[role="alert"]'));
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><script>alert(1)</script><rect width="600" height="600" fill="red"/></svg>');

describe('branding and navigation', () => {
  let t: TestContext;
  let smtp: TestSmtpServer;
  let admin: ReturnType<typeof adminClient>;
  let editor: ReturnType<typeof adminClient>;
  let storyPath: string;
  let sections: { id: number; slug: string; name: string }[];

  const upload = async (client: ReturnType<typeof adminClient>, kind: 'logo' | 'icon', data: Buffer, filename = `${kind}.png`, csrf?: string) => {
    const _csrf = csrf ?? (await client.csrfFrom(PAGE));
    const { payload, contentType } = multipart({ _csrf }, { filename, data });
    const res = await t.app.inject({ method: 'POST', url: `${PAGE}/${kind}`, payload, headers: { 'content-type': contentType, cookie: client.jar.header() } });
    client.jar.take(res);
    return res;
  };
  const save = async (client: ReturnType<typeof adminClient>, over: Record<string, string>, csrfPage = PAGE) => {
    const _csrf = await client.csrfFrom(csrfPage);
    return client.post(PAGE, { _csrf, accentColor: '', menu: '', footerLinks: '', socialProfiles: '', ...over });
  };
  const home = async () => parse((await t.app.inject({ url: '/' })).body);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z', mailer: createSmtpMailer(smtp.url, 'Ignored Name <news@news.example.test>') });
    await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    await t.services.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD });
    admin = adminClient(t.app);
    editor = adminClient(t.app);
    await admin.signIn('admin@example.org', PASSWORD);
    await editor.signIn('editor@example.org', PASSWORD);
    const world = await buildSection(t.services, { slug: 'world', name: 'World' });
    const sport = await buildSection(t.services, { slug: 'sport', name: 'Sport' });
    const arts = await buildSection(t.services, { slug: 'arts', name: 'Arts' });
    sections = [world, sport, arts];
    const story = await buildArticle(t.services, t.clock.now(), { headline: 'Storm closes the harbour', sectionId: world.id });
    storyPath = articlePath(story.slug, story.published_at, 'UTC');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('is for admins only, and refuses forms without a valid CSRF token', async () => {
    const visitor = await adminClient(t.app).get(PAGE);
    expect(visitor.statusCode).toBe(303);
    expect((await editor.get(PAGE)).statusCode).toBe(403);
    expect((await save(editor, { accentColor: '#0b5d3b' }, '/admin')).statusCode).toBe(403);
    expect((await upload(editor, 'logo', await twoTone('png', 400, 100), 'logo.png', await editor.csrfFrom('/admin'))).statusCode).toBe(403);
    const forged = await admin.post(PAGE, { _csrf: 'forged', accentColor: '#0b5d3b', menu: '', footerLinks: '', socialProfiles: '' });
    expect(forged.statusCode).toBe(403);
    const forgedUpload = await upload(admin, 'logo', await twoTone('png', 400, 100), 'logo.png', 'forged');
    expect(forgedUpload.statusCode).toBe(403);
    const site = await t.services.settings.get();
    expect([site.accentColor, site.logo]).toEqual(['', null]);
  });

  it('purges cached pages: the first request after an upload shows the logo, icons and manifest', async () => {
    // Cached before the change.
    await t.app.inject({ url: '/' });
    expect((await t.app.inject({ url: '/' })).headers['x-cache']).toBe('hit');
    await t.app.inject({ url: storyPath });

    const res = await upload(admin, 'logo', await twoTone('png', 800, 200));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${PAGE}?logo`);

    for (const url of ['/', storyPath]) {
      const page = await t.app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['x-cache'], url).not.toBe('hit');
      const doc = parse(page.body);
      const logo = doc.querySelector('.site-title img.site-logo');
      expect(logo?.getAttribute('alt')).toBe('Broadsheet');
      expect(logo?.getAttribute('src')).toMatch(/^\/media\/branding\/[0-9a-f]{16}-logo\.png$/);
      expect([logo?.getAttribute('width'), logo?.getAttribute('height')]).toEqual(['800', '200']);
      expect(doc.querySelector('link[rel="icon"]')?.getAttribute('href')).toMatch(/-icon-32\.png$/);
      expect(doc.querySelector('link[rel="apple-touch-icon"]')?.getAttribute('href')).toMatch(/-icon-180\.png$/);
      expect(doc.querySelector('link[rel="manifest"]')?.getAttribute('href')).toBe('/site.webmanifest');
      expect(doc.querySelector('meta[property="og:image"]')?.getAttribute('content')).toMatch(/^https:\/\/news\.example\.test\/media\/branding\/.*-card\.png$/);
    }
    // Each rendition is served, at its size.
    const doc = await home();
    const sizes: [string, number, number][] = [
      [doc.querySelector('link[rel="icon"]')!.getAttribute('href')!, 32, 32],
      [doc.querySelector('link[rel="apple-touch-icon"]')!.getAttribute('href')!, 180, 180],
      [doc.querySelector('meta[property="og:image"]')!.getAttribute('content')!.replace('https://news.example.test', ''), 1200, 630],
    ];
    const manifest = JSON.parse((await t.app.inject({ url: '/site.webmanifest' })).body) as { name: string; theme_color: string; icons: { src: string; sizes: string }[] };
    expect(manifest.name).toBe('Broadsheet');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(['192x192', '512x512']);
    for (const i of manifest.icons) sizes.push([i.src, Number(i.sizes.split('x')[0]), Number(i.sizes.split('x')[0])]);
    for (const [url, width, height] of sizes) {
      const file = await t.app.inject({ url });
      expect(file.statusCode, url).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(await sharp(file.rawPayload).metadata()).toMatchObject({ width, height });
    }
    const audit = await t.database.db.selectFrom('audit_log').select(['action']).where('action', '=', 'settings.logo').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses uploads that are not raster images, too big, or (for the icon) not square', async () => {
    const before = (await t.services.settings.get()).logo;
    const svg = await upload(admin, 'logo', SVG, 'logo.svg');
    expect(svg.statusCode).toBe(415);
    expect(alert(svg.body)).toContain('not an image we accept');
    const notImage = await upload(admin, 'logo', Buffer.from('%PDF-1.7 definitely not a picture'), 'logo.png');
    expect(notImage.statusCode).toBe(415);
    const big = await upload(admin, 'logo', Buffer.concat([await twoTone('png', 40, 40), Buffer.alloc(5 * 1024 * 1024 + 10)]), 'big.png');
    expect(big.statusCode).toBe(413);
    expect(alert(big.body)).toContain('5 MB');
    const oblong = await upload(admin, 'icon', await twoTone('png', 600, 500));
    expect(oblong.statusCode).toBe(422);
    expect(alert(oblong.body)).toBe('The icon must be square and at least 512 × 512 pixels; this image is 600 × 500.');
    expect((await t.services.settings.get()).logo).toEqual(before);
    expect((await t.services.settings.get()).icon).toBeNull();
    // Nothing of the refused uploads was stored.
    const files = fs.readdirSync(path.join(t.dataDir, 'media', 'branding'));
    expect(files.every((f) => before!.keys.includes(`branding/${f}`))).toBe(true);
  });

  it('takes a square icon in place of the icons drawn from the logo, and removes it again', async () => {
    const res = await upload(admin, 'icon', await twoTone('png', 512, 512));
    expect(res.statusCode).toBe(303);
    const { icon, logo } = await t.services.settings.get();
    expect((await home()).querySelector('link[rel="icon"]')?.getAttribute('href')).toBe(icon!.icons.s32);
    const _csrf = await admin.csrfFrom(PAGE);
    expect((await admin.post(`${PAGE}/icon/remove`, { _csrf })).statusCode).toBe(303);
    expect((await home()).querySelector('link[rel="icon"]')?.getAttribute('href')).toBe(logo!.icons.s32);
    expect(fs.existsSync(path.join(t.dataDir, 'media', icon!.keys[0]!))).toBe(false);
  });

  it('refuses an accent colour without enough contrast, naming the ratio; a readable one colours the site', async () => {
    const pale = await save(admin, { accentColor: '#f0a0a0' });
    expect(pale.statusCode).toBe(422);
    expect(alert(pale.body)).toMatch(/^The accent colour #f0a0a0 has a contrast of 1\.\d:1 on the site’s light background; .* at least 4\.5:1/);
    expect(parse(pale.body).querySelector('#branding-accent')?.getAttribute('value')).toBe('#f0a0a0');
    expect((await save(admin, { accentColor: 'not a colour' })).statusCode).toBe(422);
    expect((await t.services.settings.get()).accentColor).toBe('');
    expect((await home()).querySelector('link[href^="/site/brand.css"]')).toBeNull();

    const ok = await save(admin, { accentColor: '#0B5D3B' });
    expect(ok.statusCode).toBe(303);
    const href = (await home()).querySelector('link[rel="stylesheet"][href^="/site/brand.css?v="]')?.getAttribute('href');
    expect(href).toBeTruthy();
    const css = await t.app.inject({ url: href! });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toContain('immutable');
    expect(css.body).toContain('--link:#0b5d3b');
    expect(css.body).toMatch(/prefers-color-scheme:dark\)\{:root\{--link:#[0-9a-f]{6}/);
    expect(JSON.parse((await t.app.inject({ url: '/site.webmanifest' })).body).theme_color).toBe('#0b5d3b');
  });

  it('shows the menu in the chosen order with custom links, and refuses unsafe addresses', async () => {
    const res = await save(admin, { menu: 'sport\nAbout us | /about\nworld\nPodcast | https://podcast.example.org/show' });
    expect(res.statusCode).toBe(303);
    for (const url of ['/', storyPath]) {
      const nav = [...parse((await t.app.inject({ url })).body).querySelectorAll('.site-nav a')].map((a) => [text(a), a.getAttribute('href')]);
      expect(nav).toEqual([
        ['Sport', '/section/sport'],
        ['About us', '/about'],
        ['World', '/section/world'],
        ['Podcast', 'https://podcast.example.org/show'],
      ]);
    }
    expect(parse((await admin.get(PAGE)).body).querySelector('#branding-menu')?.textContent).toBe('sport\nAbout us | /about\nworld\nPodcast | https://podcast.example.org/show');
    for (const bad of ['Click | javascript:alert(1)', 'Data | data:text/html,hi', 'Away | //evil.example', 'Spaced | /a b', 'nowhere']) {
      const refused = await save(admin, { menu: `world\n${bad}` });
      expect(refused.statusCode, bad).toBe(422);
      expect(alert(refused.body), bad).toMatch(/Menu|menu/);
    }
    expect((await t.services.settings.get()).menu).toEqual([
      { sectionId: sections[1]!.id },
      { label: 'About us', url: '/about' },
      { sectionId: sections[0]!.id },
      { label: 'Podcast', url: 'https://podcast.example.org/show' },
    ]);
    // The service refuses the same through any other path.
    await expect(t.services.settings.update({ menu: [{ label: 'x', url: 'javascript:alert(1)' }] })).rejects.toMatchObject({ status: 422 });
  });

  it('shows footer links and social profiles, with sameAs in the Organization', async () => {
    const res = await save(admin, {
      footerLinks: 'About us | /about\nJobs | https://jobs.example.org',
      socialProfiles: 'https://bsky.app/profile/herald.example\nMastodon | https://mastodon.social/@herald\nhttps://www.instagram.com/herald',
    });
    expect(res.statusCode).toBe(303);
    const doc = await home();
    expect([...doc.querySelectorAll('.site-footer__links a')].map((a) => [text(a), a.getAttribute('href')])).toEqual([
      ['About us', '/about'],
      ['Jobs', 'https://jobs.example.org'],
    ]);
    expect([...doc.querySelectorAll('.site-footer__social a')].map((a) => [text(a), a.getAttribute('href'), a.getAttribute('rel')])).toEqual([
      ['Bluesky', 'https://bsky.app/profile/herald.example', 'me noopener'],
      ['Mastodon', 'https://mastodon.social/@herald', 'me noopener'],
      ['Instagram', 'https://www.instagram.com/herald', 'me noopener'],
    ]);
    const org = [...doc.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent ?? '{}') as Record<string, unknown>).find((n) => n['@type'] === 'Organization');
    expect(org?.sameAs).toEqual(['https://bsky.app/profile/herald.example', 'https://mastodon.social/@herald', 'https://www.instagram.com/herald']);

    const unknown = await save(admin, { socialProfiles: 'https://myspace.example/herald' });
    expect(unknown.statusCode).toBe(422);
    expect(alert(unknown.body)).toContain('is not on a network we recognise');
    const wrongHost = await save(admin, { socialProfiles: 'Bluesky | https://evil.example/profile' });
    expect(wrongHost.statusCode).toBe(422);
    const script = await save(admin, { footerLinks: 'Hi | javascript:alert(1)' });
    expect(script.statusCode).toBe(422);
    expect(alert(script.body)).toContain('must start with https://, http:// or /');
  });

  it('sends email from the site’s name, safely encoded, at the configured address', async () => {
    const name = 'Herald, "Daily" & Crónica <Ñews>';
    await t.services.settings.update({ name });
    smtp.clear();
    const outcome = await t.services.passwordResets.request('admin@example.org');
    if (outcome.outcome === 'sent') await outcome.delivery;
    const [mail] = smtp.to('admin@example.org');
    expect(mail).toBeDefined();
    expect(mail!.envelope.from).toBe('news@news.example.test');
    const raw = mail!.raw.split('\r\n\r\n')[0]!;
    const fromLine = /^From: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
    // Encoded, so no bare quote, comma or angle bracket of the name reaches the header.
    expect(fromLine).toMatch(/^=\?UTF-8\?/i);
    expect(fromLine.trim().endsWith('<news@news.example.test>')).toBe(true);
    expect(mail!.from).toContain('news@news.example.test');
    expect(mail!.from).toContain('Crónica');
  });
});
