import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { articlePath } from '../../src/platform/urls.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { buildArticle, buildComment } from '../helpers/factories.js';

/*
 * A long discussion as a reader meets it: the way in from the byline, the
 * form before the first comment, numbered pages, replies held back beyond
 * a few, recommendation counts and staff badges, a closed thread, and the
 * heading order of the pages behind a comment's links. Through HTTP, on a
 * real database, every assertion on the parsed document.
 */

const NOW = '2024-03-29T15:00:00.000Z';
const PASSWORD = 'correct horse battery staple';

describe('big discussion threads', () => {
  let t: TestContext;
  let ipSeq = 0;
  const visitor = () => adminClient(t.app, `198.51.100.${(++ipSeq % 250) + 1}`);
  const get = async (url: string, client = visitor()) => {
    const res = await client.get(url);
    return { status: res.statusCode, doc: parse(res.body) };
  };

  async function story(over: Parameters<typeof buildArticle>[2] = {}) {
    const row = await buildArticle(t.services, t.clock.now(), over);
    return { id: row.id, path: articlePath(row.slug, row.published_at, 'UTC') };
  }

  /** `n` approved top-level comments a minute apart; answers their ids, oldest first. */
  function manyComments(articleId: number, n: number): Promise<number[]> {
    const at = (i: number) => new Date(Date.parse('2024-03-29T10:00:00Z') + i * 60_000).toISOString();
    return t.services.comments.insertMany(
      Array.from({ length: n }, (_, i) => ({
        article_id: articleId,
        parent_id: null,
        author_name: `Commenter ${i + 1}`,
        author_email: '',
        body: `Comment number ${i + 1}.`,
        status: 'approved' as const,
        created_at: at(i),
        updated_at: at(i),
      })),
    );
  }

  /** What the page-number list shows, in order ("…" for a gap), and which one is marked current. */
  function pageList(doc: Document) {
    const nav = doc.querySelector('#comments nav[aria-label="Comment pages"]');
    const items = [...(nav?.querySelectorAll('ol.pagination__pages > li') ?? [])].map((li) => text(li).replace(/^Page /, ''));
    const current = [...(nav?.querySelectorAll('[aria-current]') ?? [])].map((a) => [text(a), a.getAttribute('aria-current')]);
    return { items, current };
  }

  /** Heading levels of the page's main content, in document order. */
  const headingLevels = (doc: Document) => [...doc.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')].map((h) => Number(h.tagName[1]));

  function expectNoSkippedLevels(doc: Document, url: string) {
    const levels = headingLevels(doc);
    expect(levels[0], `${url}: first heading`).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, `${url}: ${levels.join(' → ')}`).toBeLessThanOrEqual(1);
  }

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    t.clock.set(NOW);
    await t.services.settings.update({ moderationMode: 'none', guestComments: true, commentsPerPage: 50, commentsCloseAfterDays: 0, editWindowMinutes: 15 });
  });

  describe('the way in', () => {
    it('puts the count and "Join the discussion" near the byline, leading to the thread and to the form at its top', async () => {
      const a = await story({ commentPrompt: 'What do you make of the plan?' });
      await manyComments(a.id, 3);
      const { doc } = await get(a.path);

      const near = doc.querySelector('.article__header .discussion-link');
      expect(near, 'a discussion link in the article header').not.toBeNull();
      expect(near?.previousElementSibling?.classList.contains('article__byline')).toBe(true);
      const count = near?.querySelector('a.discussion-link__count');
      expect(text(count)).toBe('3 comments');
      expect(count?.getAttribute('href')).toBe('#comments');
      const join = near?.querySelector('a.discussion-link__join');
      expect(text(join)).toBe('Join the discussion');
      const target = doc.getElementById(join!.getAttribute('href')!.slice(1));
      expect(target?.closest('#comments'), 'the join link lands inside the comments section').not.toBeNull();
      expect(target?.querySelector('form#respond textarea[name="body"]')).not.toBeNull();

      // The form stands before the first comment.
      const order = [...doc.querySelectorAll('#comments form#respond, #comments ol.comment-list > li.comment')].map((el) => el.id);
      expect(order[0], 'the form comes before the first comment').toBe('respond');
      expect(order).toHaveLength(4);
      // The editor's question is still there while comments are open.
      expect(text(doc.querySelector('.comment-prompt'))).toBe('What do you make of the plan?');
    });

    it('says "1 comment" for one and offers only the form on a story with none', async () => {
      const one = await story();
      await manyComments(one.id, 1);
      expect(text((await get(one.path)).doc.querySelector('.discussion-link__count'))).toBe('1 comment');
      const none = await story();
      const { doc } = await get(none.path);
      expect(text(doc.querySelector('.discussion-link__count'))).toBe('0 comments');
      expect(doc.querySelector('.discussion-link__join')).not.toBeNull();
      expect(doc.querySelector('#join #respond')).not.toBeNull();
    });
  });

  describe('numbered pages', () => {
    it('lists every page of a thread up to fifty pages, the current one marked', async () => {
      const a = await story();
      await manyComments(a.id, 60);
      await t.services.settings.update({ commentsPerPage: 5 });
      const { doc } = await get(`${a.path}?comments=7`);
      const { items, current } = pageList(doc);
      expect(items).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
      expect(current).toEqual([['Page 7', 'page']]);
      const links = [...doc.querySelectorAll('nav[aria-label="Comment pages"] ol a')].map((l) => l.getAttribute('href'));
      expect(links[0]).toBe(`${a.path}#comments`);
      expect(links[6]).toBe(`${a.path}?comments=7#comments`);
      expect(text(doc.querySelector('ol.comment-list .comment__number'))).toBe('31.');
    });

    it('shows the first, the last and a window around the current page of a longer thread, with previous and next', async () => {
      const a = await story();
      // Five a page: sixty pages.
      const ids = await manyComments(a.id, 300);
      await t.services.settings.update({ commentsPerPage: 5 });

      const first = (await get(a.path)).doc;
      expect(pageList(first)).toEqual({ items: ['1', '2', '3', '…', '60'], current: [['Page 1', 'page']] });
      expect(first.querySelector('nav[aria-label="Comment pages"] a[rel="prev"]')).toBeNull();
      expect(first.querySelector('nav[aria-label="Comment pages"] a[rel="next"]')?.getAttribute('href')).toBe(`${a.path}?after=${ids[4]}#comments`);

      const middle = (await get(`${a.path}?comments=20`)).doc;
      expect(pageList(middle)).toEqual({ items: ['1', '…', '18', '19', '20', '21', '22', '…', '60'], current: [['Page 20', 'page']] });
      expect(text(middle.querySelector('ol.comment-list .comment__number'))).toBe('96.');
      expect(middle.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe(`${a.path}?before=${ids[95]}#comments`);
      expect(middle.querySelector('a[rel="next"]')?.getAttribute('href')).toBe(`${a.path}?after=${ids[99]}#comments`);
      // A page reached by key is numbered where it stands.
      expect(pageList((await get(`${a.path}?after=${ids[99]}`)).doc).current).toEqual([['Page 21', 'page']]);

      const last = (await get(`${a.path}?comments=60`)).doc;
      expect(pageList(last)).toEqual({ items: ['1', '…', '58', '59', '60'], current: [['Page 60', 'page']] });
      expect(last.querySelector('a[rel="next"]')).toBeNull();
      expect(pageList((await get(`${a.path}?last=1`)).doc).current).toEqual([['Page 60', 'page']]);

      // Past the last page: not found, as before.
      const beyond = await get(`${a.path}?comments=61`);
      expect(beyond.status).toBe(404);
    });
  });

  describe('each comment', () => {
    it('holds back replies beyond the first three behind "Show N more replies", a link to all of them', async () => {
      const a = await story();
      const root = await buildComment(t.services, a.id, { createdAt: '2024-03-29T11:00:00Z' });
      for (let i = 0; i < 5; i++) await buildComment(t.services, a.id, { parentId: root.id, createdAt: `2024-03-29T11:0${i + 1}:00Z` });
      const { doc } = await get(a.path);
      const item = doc.getElementById(`comment-${root.id}`);
      expect(item?.querySelectorAll(':scope > ol.comment-replies > li.comment')).toHaveLength(3);
      const more = item?.querySelector(':scope > .comment__more a');
      expect(text(more)).toBe('Show 2 more replies');
      expect(more?.getAttribute('href')).toBe(`/comments/${root.id}/replies#comment-${root.id}`);
    });

    it('offers "Recommend" without a count until there is one', async () => {
      const a = await story();
      const quiet = await buildComment(t.services, a.id, { createdAt: '2024-03-29T11:00:00Z' });
      const liked = await buildComment(t.services, a.id, { createdAt: '2024-03-29T11:01:00Z' });
      await t.database.db.updateTable('comments').set({ reaction_count: 4 }).where('id', '=', liked.id).execute();
      const ip = '203.0.113.77';
      await t.services.readers.signUp({ email: 'counter@example.org', displayName: 'Counter', password: PASSWORD, ip });
      await t.services.readers.settled();
      const session = await t.services.readers.signIn({ email: 'counter@example.org', password: PASSWORD, ip });
      const reader = adminClient(t.app, ip);
      reader.jar.cookies.set('bs_reader', session.sessionToken);

      const { doc } = await get(a.path, reader);
      const button = (id: number) => doc.querySelector(`#comment-${id} > article button.comment__recommend`);
      expect(text(button(quiet.id))).toBe('Recommend');
      expect(text(button(liked.id))).toBe('Recommend 4');
      expect(text(doc.querySelector(`#comment-${quiet.id} > article .comment__actions`))).not.toMatch(/\b0\b/);
    });

    it("marks a staff member's comment with a Staff badge, and not a reader's", async () => {
      const a = await story();
      const staff = await t.services.accounts.create({ email: 'desk@example.org', name: 'Desk Editor', role: 'editor', password: PASSWORD });
      const byStaff = await buildComment(t.services, a.id, { authorName: 'Desk Editor', accountId: staff.id, createdAt: '2024-03-29T11:00:00Z' });
      const byReader = await buildComment(t.services, a.id, { authorName: 'Rita Reader', createdAt: '2024-03-29T11:01:00Z' });
      const { doc } = await get(a.path);
      expect(text(doc.querySelector(`#comment-${byStaff.id} > article .comment__badge`))).toBe('Staff');
      expect(doc.querySelector(`#comment-${byReader.id} .comment__badge`)).toBeNull();
    });
  });

  describe('a closed thread', () => {
    it('shows when comments closed, and not the invitation to comment', async () => {
      const a = await story({ commentPrompt: 'So, what do you think?', commentsCloseAt: '2024-03-29T14:30:00.000Z' });
      await manyComments(a.id, 2);
      const { doc } = await get(a.path);
      expect(doc.querySelector('.comment-prompt')).toBeNull();
      expect(text(doc.body)).not.toContain('So, what do you think?');
      const closed = doc.querySelector('#comments .comments__closed');
      expect(text(closed)).toBe('Comments are closed. They closed on March 29, 2024 at 2:30 PM UTC.');
      expect(closed?.querySelector('time')?.getAttribute('datetime')).toBe('2024-03-29T14:30:00.000Z');
      expect(doc.querySelector('#respond, .discussion-link__join')).toBeNull();
      // The count still leads to the thread.
      expect(text(doc.querySelector('.discussion-link__count'))).toBe('2 comments');
    });

    it('says only "Comments are closed." when an editor closed them (no time is kept for that)', async () => {
      const a = await story({ commentPrompt: 'So, what do you think?', commentStatus: 'closed', commentsCloseAt: '2024-04-30T00:00:00.000Z' });
      const { doc } = await get(a.path);
      expect(doc.querySelector('.comment-prompt')).toBeNull();
      expect(text(doc.querySelector('#comments .comments__closed'))).toBe('Comments are closed.');
      expect(doc.querySelector('.discussion-link')).toBeNull();
    });
  });

  describe('heading order', () => {
    it('goes h1, h2, h3 without skipping a level on the article page and every page behind a comment', async () => {
      const a = await story();
      const root = await buildComment(t.services, a.id, { createdAt: '2024-03-29T11:00:00Z' });
      await t.database.db.updateTable('comments').set({ featured: 1 }).where('id', '=', root.id).execute();
      for (let i = 0; i < 5; i++) await buildComment(t.services, a.id, { parentId: root.id, createdAt: `2024-03-29T11:0${i + 1}:00Z` });
      t.app.pageCache.clear();
      for (const url of [a.path, `/comments/${root.id}/reply`, `/comments/${root.id}/replies`, `/comments/${root.id}/report`]) {
        const { status, doc } = await get(url);
        expect(status, url).toBe(200);
        expectNoSkippedLevels(doc, url);
      }
    });
  });
});
