import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { buildArticle, buildAuthor } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import type { Role } from '../../src/platform/db/schema.js';

const PASSWORD = 'correct horse battery staple';
const DAY = 86_400_000;

/** The dashboard names and links only stories its reader may open (docs/roles.md). */
describe('dashboard per role', () => {
  let t: TestContext;
  const others = ['Other draft', 'Other in review', 'Other scheduled', 'Other published'];
  const owned: Partial<Record<Role, string[]>> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    const now = t.clock.now();
    const tomorrow = new Date(now.getTime() + DAY).toISOString();
    await buildArticle(t.services, now, { headline: 'Other draft', status: 'draft', publishedAt: null });
    await buildArticle(t.services, now, { headline: 'Other in review', status: 'in_review', publishedAt: null });
    await buildArticle(t.services, now, { headline: 'Other scheduled', status: 'scheduled', publishedAt: tomorrow });
    await buildArticle(t.services, now, { headline: 'Other published' });
    for (const role of ['admin', 'editor', 'author', 'contributor', 'moderator'] as Role[]) {
      const author = await buildAuthor(t.services, { name: `Desk ${role}` });
      await t.services.accounts.create({ email: `${role}@example.org`, name: `Desk ${role}`, role, password: PASSWORD, authorId: author.id });
      if (role === 'moderator') continue;
      const mine = [`${role} draft`, `${role} in review`, `${role} scheduled`, `${role} published`];
      await buildArticle(t.services, now, { headline: mine[0], status: 'draft', publishedAt: null, authorIds: [author.id] });
      await buildArticle(t.services, now, { headline: mine[1], status: 'in_review', publishedAt: null, authorIds: [author.id] });
      await buildArticle(t.services, now, { headline: mine[2], status: 'scheduled', publishedAt: tomorrow, authorIds: [author.id] });
      await buildArticle(t.services, now, { headline: mine[3], authorIds: [author.id] });
      owned[role] = mine;
    }
  });
  afterAll(() => t?.close());

  async function dashboard(role: Role) {
    const c = adminClient(t.app, `192.0.2.${10 + ['admin', 'editor', 'author', 'contributor', 'moderator'].indexOf(role)}`);
    expect((await c.signIn(`${role}@example.org`, PASSWORD)).statusCode).toBe(303);
    const res = await c.get('/admin');
    expect(res.statusCode).toBe(200);
    const doc = parse(res.body);
    const list = (id: string) => [...doc.querySelectorAll(`#${id} + ul li > :first-child`)].map((e) => text(e));
    // Links to stories (the New article button leads to a blank draft, not a story).
    const links = [...doc.querySelectorAll('main a[href^="/admin/articles/"]')].map((a) => a.getAttribute('href') ?? '').filter((href) => /^\/admin\/articles\/\d+$/.test(href));
    return { c, doc, body: res.body, list, links };
  }

  for (const role of ['contributor', 'author'] as Role[]) {
    it(`shows a ${role} only their own stories in every block, each one they can open`, async () => {
      const { c, body, list, links } = await dashboard(role);
      const mine = owned[role] ?? [];
      expect(list('desk-drafts')).toEqual([mine[0]]);
      expect(list('desk-review')).toEqual([mine[1]]);
      expect(list('desk-scheduled')).toEqual([mine[2]]);
      expect(list('desk-published')).toEqual([mine[3]]);
      for (const headline of others) expect(body).not.toContain(headline);
      for (const other of ['admin', 'editor', 'author', 'contributor'].filter((r) => r !== role)) expect(body).not.toContain(`${other} in review`);
      expect(links).toHaveLength(4);
      for (const href of links) expect((await c.get(href)).statusCode, href).toBe(200);
    });
  }

  for (const role of ['admin', 'editor'] as Role[]) {
    it(`shows an ${role} their own drafts and everyone's queues`, async () => {
      const { doc, list } = await dashboard(role);
      // Each story opens in the editor; published ones also link to the public page.
      expect(doc.querySelector('#desk-published + ul li > a')?.getAttribute('href')).toMatch(/^\/admin\/articles\/\d+$/);
      expect(doc.querySelector('#desk-published + ul .desk__meta a')?.getAttribute('href')).toMatch(/^\/\d{4}\/\d{2}\/\d{2}\//);
      expect(doc.querySelector('#desk-drafts + ul .desk__meta a')).toBeNull();
      expect(list('desk-drafts')).toEqual([owned[role]?.[0]]);
      expect(list('desk-review')).toEqual(expect.arrayContaining(['Other in review', 'contributor in review', 'author in review']));
      expect(list('desk-scheduled')).toEqual(expect.arrayContaining(['Other scheduled', 'contributor scheduled']));
      expect(list('desk-published')).toEqual(expect.arrayContaining(['Other published', 'author published']));
      expect(list('desk-review')).not.toContain('Other draft');
    });
  }

  it('shows a moderator no story at all', async () => {
    const { body, links } = await dashboard('moderator');
    expect(links).toEqual([]);
    for (const headline of [...others, 'author in review']) expect(body).not.toContain(headline);
  });
});
