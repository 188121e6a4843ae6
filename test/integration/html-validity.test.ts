import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/platform/mailer.js';
import { articlePath } from '../../src/platform/urls.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext } from '../helpers/app.js';
import { buildArticle, buildAuthor, buildComment, buildSection } from '../helpers/factories.js';
import { type CheckedPage, describeNuErrors, nuErrors } from '../helpers/nu-checker.js';
import { EVERY_BLOCK } from '../fixtures/markdown-samples.js';

/*
 * Every public page, as served to a reader in each of its states, passes the
 * Nu Html Checker (vnu) with zero errors. The pages are built from content
 * that exercises them: a developing story with live updates and corrections,
 * a body with every news block, images with and without WebP renditions,
 * threads with replies and picks over two pages, a signed-in reader's own
 * pages, the emailed-link pages, form pages showing their errors, page 2 of
 * each listing, a 404 and a 400. All of them go through ONE run of the
 * checker (the JVM takes seconds to start). Without Java the test fails and
 * says what to install; it never skips.
 */

const NOW = '2024-03-29T15:00:00.000Z';
const PASSWORD = 'correct horse battery staple';
const HOUR = 3_600_000;

type Client = ReturnType<typeof adminClient>;

describe('HTML validity of the public pages (Nu Html Checker)', () => {
  let t: TestContext;
  const mail: MailMessage[] = [];
  const pages: CheckedPage[] = [];
  let ipSeq = 0;
  const nextIp = () => `198.51.100.${(++ipSeq % 250) + 1}`;
  /** A cookie-less browser from an address of its own, so rate limits stay out of the way. */
  const visitor = (): Client => adminClient(t.app, nextIp());

  /** The path (site-relative) of the newest emailed link matching `pattern` sent to `to`. */
  function linkTo(to: string, pattern: RegExp): string {
    const sent = mail.filter((m) => m.to === to).at(-1);
    const m = sent ? pattern.exec(sent.text) : null;
    if (!m) throw new Error(`no link matching ${pattern} in the mail to ${to}`);
    return m[0].slice(TEST_SITE_URL.length);
  }

  /** A reader who signed up and, unless `verified` is false, confirmed by the emailed link; signed in in the returned browser. */
  async function reader(name: string, opts: { verified?: boolean } = {}) {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`;
    const ip = nextIp();
    await t.services.readers.signUp({ email, displayName: name, password: PASSWORD, ip });
    await t.services.readers.settled();
    const token = linkTo(email, /\S+\/account\/verify\/[\w-]+/)
      .split('/')
      .at(-1)!;
    const session = opts.verified === false ? await t.services.readers.signIn({ email, password: PASSWORD, ip }) : await t.services.readers.redeemLink(token, 'verify');
    const client = adminClient(t.app, ip);
    client.jar.cookies.set('bs_reader', session.sessionToken);
    return { client, id: session.reader.id, email };
  }

  /** Fetch a page as `client` and keep it for the check, after making sure it is the page meant. */
  async function keep(client: Client, url: string, status = 200, label = url): Promise<void> {
    const res = await client.get(url);
    expect(res.statusCode, `GET ${url}: ${res.body.slice(0, 300)}`).toBe(status);
    expect(res.headers['content-type'], `GET ${url}`).toMatch(/^text\/html/);
    pages.push({ url: label, html: res.body });
  }

  /** Send a form from `url` (its values as served, `fill` on top) and keep the page that answers it. */
  async function keepPost(client: Client, url: string, action: string, fill: Record<string, string>, status: number, label = `POST ${action}`): Promise<void> {
    const _csrf = await client.csrfFrom(url);
    keepAnswer(await client.post(action, { _csrf, ...fill }), status, label);
  }

  /** The values a browser would send for the form `selector` in `html`, as served. */
  function formValues(html: string, selector = '#respond'): Record<string, string> {
    const form = parse(html).querySelector(selector);
    if (!form) throw new Error(`no ${selector} on the page`);
    return Object.fromEntries([...form.querySelectorAll('input[name]')].map((el) => [el.getAttribute('name')!, el.getAttribute('value') ?? '']));
  }

  /** Keep the answer to a POST that is an HTML page with `status`. */
  function keepAnswer(res: Awaited<ReturnType<Client['post']>>, status: number, label: string): void {
    expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBe(status);
    expect(res.headers['content-type'], label).toMatch(/^text\/html/);
    pages.push({ url: label, html: res.body });
  }

  beforeAll(async () => {
    t = await createTestApp({
      now: NOW,
      mailer: {
        send: async (m) => {
          mail.push(m);
        },
      },
    });
  });
  afterAll(() => t?.close());

  it('serves every public page, in each of its states', { timeout: 120_000 }, async () => {
    const s = t.services;
    const now = t.clock.now();
    await s.settings.update({ name: 'The Test Ledger', tagline: 'Tested daily', timezone: 'America/Chicago', commentsPerPage: 5, moderationMode: 'none', minSubmitSeconds: 0 });
    const city = await buildSection(s, { slug: 'city', name: 'City', description: 'The city & the council.' });
    const culture = await buildSection(s, { slug: 'culture', name: 'Culture' });

    // An uploaded photo has WebP renditions (a srcset); a registered one has none.
    const jpeg = await sharp({ create: { width: 1500, height: 1000, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const uploaded = await s.mediaUploader.upload({ data: jpeg, originalName: 'harbour.jpg', alt: 'The harbour at dawn', caption: 'Boats at rest.', credit: 'Photo: Lee Chan' });
    const portrait = await s.mediaUploader.upload({ data: jpeg, originalName: 'ana.jpg', alt: 'Ana Ruiz' });
    const pier = await s.media.register({ url: '/media/pier.jpg', mime: 'image/jpeg', width: 1200, height: 800, alt: 'The pier at dusk', caption: 'The pier on Tuesday.', credit: 'Photo: Lee Chan' });
    const benPhoto = await s.media.register({ url: '/media/ben.jpg', mime: 'image/jpeg', width: 400, height: 400, alt: 'Ben Okafor' });
    const ana = await buildAuthor(s, { slug: 'ana-ruiz', name: 'Ana Ruiz', bio: 'Ana covers city hall.', photoId: portrait.id });
    const ben = await buildAuthor(s, { slug: 'ben-okafor', name: 'Ben Okafor', bio: 'Ben covers courts & crime.', photoId: benPhoto.id });

    // 25 older stories in one section, tag and byline (each listing has a page 2), and 3 in another section.
    for (let i = 0; i < 28; i++) {
      await buildArticle(s, now, {
        slug: i === 0 ? 'older-story' : `filler-${i}`,
        headline: `Filler story ${i}`,
        sectionId: i < 25 ? city.id : culture.id,
        tags: ['harbour'],
        authorIds: [ana.id],
        featuredImageId: i % 2 === 0 ? uploaded.id : pier.id,
        publishedAt: new Date(Date.parse('2024-03-20T12:00:00Z') + i * HOUR).toISOString(),
      });
    }
    const chosen = await buildArticle(s, now, { slug: 'chosen-next', headline: 'The editor’s choice', sectionId: culture.id, featuredImageId: uploaded.id, publishedAt: '2024-03-28T12:00:00Z' });
    const story = await s.articles.create({
      slug: 'council-votes-to-close-pier',
      headline: 'Council votes to close the pier for winter',
      dek: 'The 7–2 vote follows months of debate over repairs.',
      body: EVERY_BLOCK,
      sectionId: city.id,
      tags: ['harbour', 'city council'],
      authorIds: [ana.id, ben.id],
      status: 'published',
      publishedAt: '2024-03-29T13:30:00.000Z',
      featuredImageId: pier.id,
      developing: true,
      commentPrompt: 'So, what do you think? Should the pier close?',
      readNextId: chosen.id,
    });
    await s.articles.addLiveUpdate(story.id, 'Crews closed the gates.', '2024-03-29T14:00:00.000Z');
    await s.articles.addLiveUpdate(story.id, '### The mayor speaks\n\nThe mayor will speak at **noon**.', '2024-03-29T14:30:00.000Z');
    await s.articles.addCorrection(story.id, 'An earlier version misstated the vote. It was 7–2.', '2024-03-29T14:10:00.000Z');
    const withPhoto = await buildArticle(s, now, { slug: 'harbour-photo', headline: 'The harbour in pictures', sectionId: city.id, featuredImageId: uploaded.id, authorIds: [ben.id] });
    const closed = await buildArticle(s, now, { slug: 'closed-story', headline: 'Comments closed here', sectionId: city.id, commentStatus: 'closed', publishedAt: '2024-03-29T10:00:00Z' });

    // Seven top-level comments (two pages of five), one with more replies than a page shows, one an editors' pick.
    const top: number[] = [];
    for (let i = 0; i < 7; i++) {
      const c = await buildComment(s, story.id, {
        authorName: `Reader ${i}`,
        body: `Comment ${i} <b>with</b> "markup".\n\nA second paragraph.`,
        createdAt: new Date(Date.parse('2024-03-29T13:40:00Z') + i * 60_000).toISOString(),
      });
      top.push(c.id);
    }
    for (let i = 0; i < 22; i++)
      await buildComment(s, story.id, { parentId: top[0]!, authorName: `Replier ${i}`, body: `Reply ${i}.`, createdAt: new Date(Date.parse('2024-03-29T14:00:00Z') + i * 1000).toISOString() });
    const nested = await buildComment(s, story.id, { parentId: top[1]!, authorName: 'Sam', body: 'A reply.' });
    await buildComment(s, story.id, { parentId: nested.id, authorName: 'Gus', body: 'A reply to the reply.' });
    await buildComment(s, closed.id, { authorName: 'Dana', body: 'Said before closing.' });
    const editor = await s.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD });
    await s.moderation.act({ accountId: editor.id, role: 'editor', authorId: null, name: 'Eda Editor' }, top[2]!, 'feature');

    // Readers: Rita comments and is replied to (so she gets an email with an unsubscribe link); Uma never confirmed; Bo is banned.
    const rita = await reader('Rita Reader');
    const vic = await reader('Vic Visitor');
    const uma = await reader('Uma Unconfirmed', { verified: false });
    const bo = await reader('Bo Banned');
    await s.readers.ban(bo.id, { until: '2024-04-05T00:00:00.000Z', reason: 'Repeated abuse' });
    const own = await s.comments.post({ articleId: story.id, body: 'My own comment, still editable.', viewer: { readerId: rita.id, accountId: null }, ip: nextIp() });
    await s.comments.post({ articleId: story.id, parentId: own.comment.id, body: 'Vic answers Rita.', viewer: { readerId: vic.id, accountId: null }, ip: nextIp() });
    await s.notifier.settled();
    await s.readers.sendSignInLink(vic.email, nextIp());
    await s.readers.settled();

    const storyPath = articlePath(story.slug, story.published_at, 'America/Chicago');
    const anon = visitor();
    // Public pages, as anyone sees them.
    await keep(anon, '/');
    await keep(anon, storyPath);
    await keep(anon, `${storyPath}?comments=2`);
    await keep(anon, `${storyPath}?sort=newest`);
    await keep(anon, articlePath(withPhoto.slug, withPhoto.published_at, 'America/Chicago'));
    await keep(anon, articlePath(closed.slug, closed.published_at, 'America/Chicago'));
    for (const listing of ['/section/city', '/tag/harbour', '/author/ana-ruiz']) {
      await keep(anon, listing);
      await keep(anon, `${listing}?page=2`);
    }
    await keep(anon, '/author/ben-okafor');
    // A comment's permalink is a redirect to the page of the thread that holds it.
    const permalink = await anon.get(`/comments/${top[6]}`);
    expect(permalink.statusCode).toBe(302);
    await keep(anon, String(permalink.headers.location).split('#')[0]!, 200, `/comments/${top[6]} → ${String(permalink.headers.location)}`);
    await keep(anon, `/comments/${top[0]}/replies`);
    await keep(anon, `/comments/${top[1]}/reply`);
    await t.services.search.settled();
    await keep(anon, '/search');
    await keep(anon, '/search?q=pier+council');
    await keep(anon, '/search?q=story&section=city&page=2');
    await keep(anon, '/search?q=zzzznothing');
    await keep(anon, '/no-such-page', 404);
    await keep(anon, '/section/city?page=zero', 400);
    await keep(anon, '/account/sign-in');
    await keep(anon, '/account/sign-up');
    await keep(anon, '/admin/sign-in');
    await keep(anon, '/admin/password-reset');
    await keep(anon, '/admin/password-reset/done');

    // A signed-in reader's pages.
    await keep(rita.client, storyPath, 200, `${storyPath} (signed in)`);
    await keep(rita.client, '/account');
    await keep(rita.client, '/account?saved=profile', 200);
    await keep(rita.client, `/comments/${own.comment.id}/edit`);
    await keep(rita.client, `/comments/${top[3]}/report`);
    await keep(rita.client, `/comments/${top[1]}/reply`, 200, `/comments/${top[1]}/reply (signed in)`);
    await keep(uma.client, '/account', 200, '/account (unconfirmed)');
    await keep(bo.client, '/account', 200, '/account (banned)');
    await keep(bo.client, storyPath, 200, `${storyPath} (banned reader)`);
    await keep(uma.client, storyPath, 200, `${storyPath} (unconfirmed reader)`);
    const staff = visitor();
    expect((await staff.signIn('editor@example.org', PASSWORD)).statusCode).toBe(303);
    await keep(staff, storyPath, 200, `${storyPath} (signed-in staff)`);

    // Emailed-link pages: the reader's links, the reply email's unsubscribe link, the staff password reset, and a link that does not work.
    await keep(visitor(), linkTo(vic.email, /\S+\/account\/link\/[\w-]+/), 200, '/account/link/[token]');
    const unsubscribe = linkTo(rita.email, /\S+\/unsubscribe\/\S+/);
    const leaver = visitor();
    await keep(leaver, unsubscribe, 200, '/unsubscribe/[token]');
    keepAnswer(await leaver.post(unsubscribe, formValues(pages.at(-1)!.html, 'main form')), 200, 'POST /unsubscribe/[token]');
    await keep(visitor(), `/account/link/${'x'.repeat(43)}`, 400, '/account/link/[unknown token]');
    await keepPost(visitor(), '/admin/password-reset', '/admin/password-reset', { email: 'editor@example.org' }, 200);
    await s.passwordResets.settled();
    const resetPath = linkTo('editor@example.org', /\S+\/admin\/password-reset\/[\w-]+/);
    await keep(visitor(), resetPath, 200, '/admin/password-reset/[token]');

    // Forms answering with their error.
    await keepPost(visitor(), '/account/sign-up', '/account/sign-up', { email: 'not-an-address', displayName: 'Ann', password: '' }, 422);
    await keepPost(visitor(), '/account/sign-up', '/account/sign-up', { email: 'new.reader@example.org', displayName: 'New Reader', password: '' }, 200);
    await s.readers.settled();
    await keep(visitor(), linkTo('new.reader@example.org', /\S+\/account\/verify\/[\w-]+/), 200, '/account/verify/[token]');
    await keepPost(visitor(), '/account/sign-in', '/account/sign-in/link', { email: 'new.reader@example.org' }, 200);
    await keepPost(visitor(), '/account/sign-in', '/account/sign-in', { email: rita.email, password: 'not the password' }, 401);
    await keepPost(visitor(), resetPath, resetPath, { password: PASSWORD, confirmation: `${PASSWORD}!` }, 422, 'POST /admin/password-reset/[token]');
    await keepPost(rita.client, `/comments/${own.comment.id}/edit`, `/comments/${own.comment.id}/edit`, { body: '' }, 422);
    await keepPost(rita.client, `/comments/${own.comment.id}/edit`, `/comments/${own.comment.id}/delete`, {}, 200);
    // Posting from the article page without scripts, refused: the form again, on a page of its own.
    const ritasForm = formValues((await rita.client.get(storyPath)).body);
    keepAnswer(await rita.client.post('/comments', { ...ritasForm, body: ' ' }), 422, 'POST /comments (refused)');

    // Where the site takes guests' comments (held for a moderator), the form asks for a name and an email.
    await s.settings.update({ guestComments: true, moderationMode: 'all' });
    const guest = visitor();
    await keep(guest, storyPath, 200, `${storyPath} (guests may comment)`);
    expect(parse(pages.at(-1)!.html).querySelector('#respond input[name="email"]')).not.toBeNull();
    await keep(guest, `/comments/${top[1]}/reply`, 200, `/comments/${top[1]}/reply (guests may comment)`);
    // The shared page's form carries no tokens (its script fetches them): without scripts, the comment comes back to confirm.
    const guestFields = { name: 'Gail Guest', email: 'gail@example.org', body: 'A guest’s view.' };
    const confirm = await guest.post('/comments', { ...formValues(pages.at(-2)!.html), ...guestFields });
    keepAnswer(confirm, 403, 'POST /comments (guest, to confirm)');
    keepAnswer(await guest.post('/comments', { ...formValues(confirm.body), ...guestFields }), 200, 'POST /comments (guest, held)');
  });

  it('passes the Nu Html Checker with zero errors on every page', { timeout: 120_000 }, async () => {
    expect(pages.length).toBeGreaterThan(50);
    // A page with a known error goes through the same run: it proves the checker ran, read every file and named the pages.
    const canary = { url: '(a page with a known error, to show the checker runs)', html: '<!doctype html><html lang="en"><title>Canary</title><img src="/x.png"></html>' };
    const all = await nuErrors([...pages, canary]);
    expect(all.filter((e) => e.page === canary.url).map((e) => e.message)).toEqual([expect.stringMatching(/“img” element must have an “alt” attribute/)]);
    const errors = all.filter((e) => e.page !== canary.url);
    expect(errors, `The Nu Html Checker found ${errors.length} error(s):\n${describeNuErrors(errors)}`).toEqual([]);
  });
});
