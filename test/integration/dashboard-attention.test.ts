import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import type { Role } from '../../src/platform/db/schema.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle, buildAuthor, buildComment } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';
const DAY = 86_400_000;
const ROLES: Role[] = ['admin', 'editor', 'author', 'contributor', 'moderator'];

/** The dashboard tells each role what waits on it, with counts that match and links to where it is dealt with. */
describe('dashboard: what needs me, by role', () => {
  let t: TestContext;
  const actors = {} as Record<Role, Actor>;

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    for (const role of ROLES) {
      const author = await buildAuthor(t.services, { name: `${role} person` });
      const account = await t.services.accounts.create({ email: `${role}@example.org`, name: `${role} person`, role, password: PASSWORD, authorId: author.id });
      actors[role] = { accountId: account.id, role, authorId: author.id, name: account.name };
    }
    const ed = t.services.editorial;
    // The author: one draft sent back by an editor, one waiting for review, one still being written, one withdrawn by themselves.
    const returned = await ed.create(actors.author, { headline: 'Returned by the desk', body: 'Text.' });
    await ed.transition(actors.author, returned.id, 'submit');
    await ed.transition(actors.editor, returned.id, 'return-to-draft');
    const waiting = await ed.create(actors.author, { headline: 'Author waits for review', body: 'Text.' });
    await ed.transition(actors.author, waiting.id, 'submit');
    await ed.create(actors.author, { headline: 'Author still writing', body: 'Text.' });
    // The contributor: one story in review.
    const c = await ed.create(actors.contributor, { headline: 'Contributor waits for review', body: 'Text.' });
    await ed.transition(actors.contributor, c.id, 'submit');
    // Seven scheduled stories: more than the dashboard lists.
    const now = t.clock.now();
    for (let i = 1; i <= 7; i++) await buildArticle(t.services, now, { headline: `Scheduled ${i}`, status: 'scheduled', publishedAt: new Date(now.getTime() + i * DAY).toISOString() });
    // Three comments held for moderation, one approved.
    const story = await buildArticle(t.services, now, { headline: 'Commented story' });
    for (let i = 0; i < 3; i++) await buildComment(t.services, story.id, { status: 'pending' });
    await buildComment(t.services, story.id);
  });
  afterAll(() => t?.close());

  async function dashboard(role: Role) {
    const c = adminClient(t.app, `192.0.2.${40 + ROLES.indexOf(role)}`);
    expect((await c.signIn(`${role}@example.org`, PASSWORD)).statusCode).toBe(303);
    const res = await c.get('/admin');
    expect(res.statusCode).toBe(200);
    const doc = parse(res.body);
    /** The "needs you" figures: label → { count, href }. */
    const tallies = new Map(
      [...doc.querySelectorAll('.needs-you .tally a')].map((a) => [text(a.querySelector('.tally__label')), { n: Number(text(a.querySelector('.tally__count'))), href: a.getAttribute('href') }]),
    );
    const count = (id: string) => text(doc.querySelector(`#${id} .desk__count`));
    const items = (id: string) => [...doc.querySelectorAll(`#${id} + ul li > :first-child`)].map((e) => text(e));
    return { doc, tallies, count, items };
  }

  it('shows an editor the stories awaiting review, the comment queue and a New article button', async () => {
    const { doc, tallies, count, items } = await dashboard('editor');
    expect(tallies.get('stories await your review')).toEqual({ n: 2, href: '/admin/articles?status=in_review' });
    expect(tallies.get('comments waiting for moderation')).toEqual({ n: 3, href: '/admin/comments?queue=pending' });
    expect(tallies.get('reported comments')).toEqual({ n: 0, href: '/admin/comments?queue=reported' });
    expect(doc.querySelector('main a.button-link[href="/admin/articles/new"]')?.textContent).toBe('New article');
    expect(count('desk-review')).toBe('2');
    expect(items('desk-review').sort()).toEqual(['Author waits for review', 'Contributor waits for review']);
    // Seven scheduled, six listed (the soonest first), and a link to them all.
    expect(count('desk-scheduled')).toBe('7');
    expect(items('desk-scheduled')).toEqual(['Scheduled 1', 'Scheduled 2', 'Scheduled 3', 'Scheduled 4', 'Scheduled 5', 'Scheduled 6']);
    const all = doc.querySelector('#desk-scheduled ~ .desk__all a');
    expect([all?.getAttribute('href'), text(all)]).toEqual(['/admin/articles?status=scheduled', 'See all 7']);
    expect(count('desk-comments')).toBe('3 waiting');
    // Nothing of theirs is a draft: the empty list says what to do.
    expect(text(doc.querySelector('#desk-drafts ~ .desk__empty'))).toBe('No drafts of yours. When an idea comes, start a new article.');
    expect(doc.querySelector('#desk-drafts ~ .desk__empty a')?.getAttribute('href')).toBe('/admin/articles/new');
  });

  it('shows an author the draft an editor sent back, and no review queue or comments', async () => {
    const { doc, tallies, count, items } = await dashboard('author');
    expect(tallies.get('draft returned to you')).toEqual({ n: 1, href: '/admin/articles?status=draft&mine=1' });
    expect(tallies.has('stories await your review')).toBe(false);
    expect(tallies.has('comments waiting for moderation')).toBe(false);
    expect(doc.querySelector('#desk-comments')).toBeNull();
    expect(count('desk-drafts')).toBe('2');
    expect(items('desk-drafts').sort()).toEqual(['Author still writing', 'Returned by the desk']);
    expect(count('desk-review')).toBe('1');
    expect(items('desk-review')).toEqual(['Author waits for review']);
    expect(count('desk-scheduled')).toBe('0');
    expect(text(doc.querySelector('#desk-scheduled ~ .desk__empty'))).toContain('None of your stories is scheduled.');
    expect(doc.querySelector('main a.button-link[href="/admin/articles/new"]')).not.toBeNull();
  });

  it('shows a contributor who has nothing returned that nothing needs them, with what to do', async () => {
    const { doc, tallies } = await dashboard('contributor');
    expect(tallies.get('drafts returned to you')).toEqual({ n: 0, href: '/admin/articles?status=draft&mine=1' });
    expect(text(doc.querySelector('.needs-you .empty-state'))).toBe('Nothing needs you right now. Start a story with New article, or look over what is scheduled below.');
  });

  it('shows a moderator the comment queue with its count, and no stories or New article button', async () => {
    const { doc, tallies } = await dashboard('moderator');
    expect([...tallies.keys()]).toEqual(['comments waiting for moderation', 'reported comments']);
    expect(tallies.get('comments waiting for moderation')).toEqual({ n: 3, href: '/admin/comments?queue=pending' });
    expect(doc.querySelector('a[href="/admin/articles/new"]')).toBeNull();
    expect(doc.querySelector('#desk-drafts, #desk-review, #desk-scheduled, #desk-published')).toBeNull();
    expect(text(doc.querySelector('#desk-comments + ul li a'))).toBe('3 comments waiting');
  });

  it('counts what the moderation service counts', async () => {
    const summary = await t.services.moderation.summary();
    const { tallies } = await dashboard('admin');
    expect(tallies.get('comments waiting for moderation')?.n).toBe(summary.pending);
    expect(tallies.get('reported comments')?.n).toBe(summary.reported);
  });
});
