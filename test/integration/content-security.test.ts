import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/platform/mailer.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext } from '../helpers/app.js';
import { buildRichSite, READER_PASSWORD, type RichSite, STAFF_PASSWORD } from '../helpers/rich-site.js';
import { EVERY_BLOCK } from '../fixtures/markdown-samples.js';

/*
 * The content security policy allows no inline script or style
 * (docs/security.md). This walks the site as a visitor, a signed-in reader
 * and an admin, following every link from the home page and the newsroom
 * (two pages of each shape of address), and holds every answer to it: each
 * carries the policy, and no HTML page has an inline script other than
 * JSON-LD data, a <style> element, an inline event handler, a style
 * attribute or a javascript: address, so the policy never needs
 * 'unsafe-inline'; and every image a page shows, an imported story's
 * images on the old site included, is one its img-src allows.
 */

type Client = ReturnType<typeof adminClient>;

/** What in a page the policy would block, in words; empty when nothing. */
function inlineCode(html: string): string[] {
  const doc = parse(html);
  const found: string[] = [];
  for (const s of doc.querySelectorAll('script')) {
    const type = (s.getAttribute('type') ?? '').trim().toLowerCase();
    if (type === 'application/ld+json') continue;
    if (!s.hasAttribute('src')) found.push(`inline <script${type ? ` type="${type}"` : ''}>: ${(s.textContent ?? '').slice(0, 80)}`);
  }
  for (const s of doc.querySelectorAll('style')) found.push(`<style> element: ${(s.textContent ?? '').slice(0, 80)}`);
  for (const el of doc.querySelectorAll('*')) {
    for (const { name, value } of el.attributes) {
      const n = name.toLowerCase();
      if (n.startsWith('on')) found.push(`${n}= on <${el.tagName.toLowerCase()}>`);
      if (n === 'style') found.push(`style="${value.slice(0, 60)}" on <${el.tagName.toLowerCase()}>`);
      if (['href', 'src', 'action', 'formaction'].includes(n) && /^\s*javascript:/i.test(value)) found.push(`javascript: address in ${n}= on <${el.tagName.toLowerCase()}>`);
    }
  }
  return found;
}

/**
 * The images a page shows that its policy's img-src would block (a browser's
 * reading, for the sources this site uses: 'self', data:, https:, and http:
 * upgraded to https by upgrade-insecure-requests).
 */
function blockedImages(html: string, policy: string): string[] {
  const directives = policy.split(';').map((d) => d.trim().split(/\s+/));
  const sources = directives.find((d) => d[0] === 'img-src')?.slice(1) ?? directives.find((d) => d[0] === 'default-src')?.slice(1) ?? [];
  const upgrade = directives.some((d) => d[0] === 'upgrade-insecure-requests');
  const allowed = (src: string): boolean => {
    const url = new URL(src, TEST_SITE_URL);
    if (url.origin === new URL(TEST_SITE_URL).origin) return sources.includes("'self'");
    if (url.protocol === 'data:') return sources.includes('data:');
    if (url.protocol === 'https:' || (url.protocol === 'http:' && upgrade)) return sources.includes('https:');
    return false;
  };
  const doc = parse(html);
  const urls = [...doc.querySelectorAll('img[src], source[srcset], img[srcset]')].flatMap((el) => [
    ...(el.getAttribute('src') ? [el.getAttribute('src')!] : []),
    ...(el.getAttribute('srcset') ?? '')
      .split(',')
      .map((c) => c.trim().split(/\s+/)[0]!)
      .filter(Boolean),
  ]);
  return urls.filter((u) => !allowed(u)).map((u) => `image ${u} blocked by img-src`);
}

/** The shape of an address: numbers and the slugs of this site's records stand for any. */
const shapeOf = (path: string): string =>
  path
    .replace(/\?.*$/, '')
    .replace(/\/\d+(?=\/|$)/g, '/:n')
    .replace(/\/[a-z0-9]+(?:-[a-z0-9]+){2,}(?=\/|$)/g, '/:slug');

describe('content security policy, across the site', () => {
  let t: TestContext;
  let site: RichSite;
  const mail: MailMessage[] = [];
  const seen = new Map<string, { status: number; problems: string[]; csp: boolean }>();

  beforeAll(async () => {
    t = await createTestApp({ mailer: { send: async (m) => void mail.push(m) } });
    site = await buildRichSite(t, mail);
    // A story as an import without --uploads leaves it: its featured image and body images on the old site, one over http.
    const remote = await t.services.media.register({
      url: 'https://old.example.org/wp-content/uploads/2019/05/pier.jpg',
      mime: 'image/jpeg',
      width: 1200,
      height: 800,
      alt: 'The pier',
      caption: '',
      credit: '',
    });
    await t.services.articles.create({
      slug: 'imported-with-remote-images',
      headline: 'Imported with remote images',
      body: 'From the old site.\n\n![The quay](https://old.example.org/wp-content/uploads/quay.jpg)\n\n![The ferry](http://old.example.org/wp-content/uploads/ferry.jpg)',
      featuredImageId: remote.id,
      status: 'published',
      publishedAt: new Date(t.clock.now().getTime() - 120_000).toISOString(),
    });
    // A story with every news block and a table with aligned columns (once styled inline).
    await t.services.articles.create({
      slug: 'every-block-and-a-table',
      headline: 'Every block and a table',
      body: `${EVERY_BLOCK}\n\n| Route | Riders |\n|:--|--:|\n| Pier | 41,000 |`,
      status: 'published',
      publishedAt: new Date(t.clock.now().getTime() - 60_000).toISOString(),
    });
  }, 120_000);
  afterAll(() => t?.close());

  async function check(res: LightMyRequestResponse, url: string): Promise<void> {
    const html = /^text\/html/.test(String(res.headers['content-type'] ?? ''));
    const policy = res.headers['content-security-policy'];
    const problems = html ? [...inlineCode(res.body), ...(typeof policy === 'string' ? blockedImages(res.body, policy) : [])] : [];
    seen.set(url, { status: res.statusCode, problems, csp: typeof policy === 'string' });
  }

  /** Follow every same-site link from the start pages, two addresses of each shape, at most `max` pages. */
  async function crawl(client: Client, label: string, start: string[], skip: RegExp, max = 160): Promise<void> {
    const queue = [...start];
    const shapes = new Map<string, number>();
    let fetched = 0;
    while (queue.length > 0 && fetched < max) {
      const url = queue.shift()!;
      const key = `${label} ${url}`;
      if (seen.has(key)) continue;
      const shape = shapeOf(url);
      if ((shapes.get(shape) ?? 0) >= 2) continue;
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      const res = await client.get(url);
      fetched++;
      await check(res, key);
      if (res.statusCode >= 300 && res.statusCode < 400 && typeof res.headers.location === 'string' && res.headers.location.startsWith('/')) queue.push(res.headers.location);
      if (!/^text\/html/.test(String(res.headers['content-type'] ?? ''))) continue;
      for (const a of parse(res.body).querySelectorAll('a[href], link[href], form[method="get"][action]')) {
        const href = (a.getAttribute('href') ?? a.getAttribute('action') ?? '').replace(/#.*$/, '');
        if (!href.startsWith('/') || href.startsWith('//') || skip.test(href)) continue;
        queue.push(href);
      }
    }
  }

  it('holds every page a visitor, a reader and an admin can reach to the policy', async () => {
    const visitor = adminClient(t.app, '198.51.100.10');
    // Refusals too: by the request guard (a NUL), and by Fastify before any hook runs (a malformed address, one too long).
    const refusals = ['/search?q=%00', '/%', '/%E0%A4%A', `/author/${'a'.repeat(300)}`];
    const visits = ['/', '/search?q=harbour', '/no-such-page', '/account/sign-in', '/account/sign-up', '/account/verify/unknown-link', '/account/link/unknown-link', '/unsubscribe/unknown'];
    const newsroomDoors = ['/admin/sign-in', '/admin/password-reset', '/admin/password-reset/unknown', '/admin/setup'];
    const notPages = ['/robots.txt', '/sitemap.xml', '/api/v1/articles', '/api/openapi.json', '/assets/site.css', '/healthz'];
    await crawl(visitor, 'visitor', [...visits, ...refusals, ...newsroomDoors, ...notPages], /^\/(?:media|assets)\//);

    const reader = adminClient(t.app, '198.51.100.11');
    const session = await t.services.readers.signIn({ email: 'reader.ana@example.org', password: READER_PASSWORD, ip: '198.51.100.11' });
    reader.jar.cookies.set('bs_reader', session.sessionToken);
    await crawl(reader, 'reader', ['/', '/account'], /^\/(?:media|assets|admin)\//, 60);

    const admin = adminClient(t.app, '198.51.100.12');
    const signedIn = await admin.signIn('admin@example.org', STAFF_PASSWORD);
    expect(signedIn.statusCode, signedIn.body.slice(0, 300)).toBe(303);
    const stories = Object.values(site.articles).map((id) => `/admin/articles/${id}`);
    const newsroom = [
      '/admin',
      ...stories,
      '/admin/articles/new',
      '/admin/comments?queue=reported',
      '/admin/comments?queue=spam',
      `/admin/comments/${site.comments.top}`,
      '/admin/writing-guide',
      '/admin/tokens',
      '/admin/settings',
    ];
    // Signing out and anything that downloads (exports, backups) is left alone.
    await crawl(admin, 'admin', newsroom, /^\/(?:media|assets)\/|sign-out|\/export|\/download/, 220);

    const pages = [...seen].filter(([, v]) => v.status < 500);
    const withProblems = [...seen].filter(([, v]) => v.problems.length > 0).map(([url, v]) => `${url}: ${v.problems.join('; ')}`);
    const withoutPolicy = [...seen].filter(([, v]) => !v.csp).map(([url]) => url);
    const serverErrors = [...seen].filter(([, v]) => v.status >= 500).map(([url, v]) => `${url}: ${v.status}`);
    expect(withProblems).toEqual([]);
    expect(withoutPolicy).toEqual([]);
    expect(serverErrors).toEqual([]);
    // The walk reached the kinds of page there are, public and newsroom.
    const urls = pages.map(([url]) => url);
    for (const kind of [
      /^visitor \/$/,
      /^visitor \/\d{4}\/\d{2}\/\d{2}\//,
      /^visitor \/section\//,
      /^visitor \/tag\//,
      /^visitor \/author\//,
      /^visitor \/search/,
      /^admin \/admin$/,
      /^admin \/admin\/articles/,
      /^admin \/admin\/comments/,
      /^admin \/admin\/settings/,
    ]) {
      expect(
        urls.some((u) => kind.test(u)),
        `no page like ${kind} among ${urls.length}: ${urls.slice(0, 80).join(', ')}`,
      ).toBe(true);
    }
  }, 240_000);
});
