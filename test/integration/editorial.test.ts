import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/db/schema.js';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { can } from '../../src/modules/accounts/permissions.js';
import { buildAuthor, buildSection } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

const PASSWORD = 'correct horse battery staple';

describe('editorial workflow', () => {
  let t: TestContext;
  const actors = {} as Record<Role, Actor>;

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await t.services.settings.update({ timezone: 'America/Chicago' });
    await buildSection(t.services, { slug: 'news', name: 'News' });
    for (const role of ['admin', 'editor', 'author', 'contributor', 'moderator'] as Role[]) {
      const author = await buildAuthor(t.services, { slug: `${role}-person`, name: `${role} person` });
      const account = await t.services.accounts.create({ email: `${role}@example.org`, name: `${role} person`, role, password: PASSWORD, authorId: author.id });
      actors[role] = { accountId: account.id, role, authorId: author.id, name: account.name };
    }
  });
  afterAll(() => t?.close());

  const ed = () => t.services.editorial;

  it('creates drafts bylined to their writer, with a first revision and an audit entry', async () => {
    const a = await ed().create(actors.contributor, { headline: 'Pier to close for winter' });
    expect(a).toMatchObject({ status: 'draft', slug: 'pier-to-close-for-winter', version: 1, authorIds: [actors.contributor.authorId], createdBy: actors.contributor.accountId });
    expect(a.allowed).toMatchObject({ edit: true, submit: true, publish: false, schedule: false });
    expect(await ed().revisions(actors.contributor, a.id)).toHaveLength(1);
    const log = await t.services.audit.forSubject('article', a.id);
    expect(log.map((e) => e.action)).toEqual(['article.create']);
    const again = await ed().create(actors.contributor, { headline: 'Pier to close for winter' });
    expect(again.slug).toBe('pier-to-close-for-winter-2');
    await expect(ed().create(actors.moderator, { headline: 'Not mine to write' })).rejects.toThrow(/role does not allow/);
  });

  it('saves on top of the version it started from and refuses stale saves, changing nothing', async () => {
    const a = await ed().create(actors.author, { headline: 'Budget vote delayed' });
    const saved = await ed().update(actors.author, a.id, { body: 'First paragraph.', dek: 'The vote moves to April.', tags: ['budget', 'City Council'] }, a.version);
    expect(saved.version).toBe(2);
    expect(saved.tags).toEqual(['budget', 'City Council']);
    await expect(ed().update(actors.editor, a.id, { body: 'An editor’s stale rewrite.' }, a.version)).rejects.toMatchObject({ status: 409 });
    const current = await ed().get(actors.author, a.id);
    expect(current.body).toBe('First paragraph.');
    expect(current.version).toBe(2);
    await expect(ed().update(actors.author, a.id, { headline: ' ' }, 2)).rejects.toMatchObject({ status: 422 });
    expect((await ed().get(actors.author, a.id)).version).toBe(2);
  });

  it('keeps contributors to their own drafts and out of publishing', async () => {
    const mine = await ed().create(actors.contributor, { headline: 'Contributor story', body: 'Clean text.' });
    const theirs = await ed().create(actors.author, { headline: 'Someone else’s story' });
    await expect(ed().get(actors.contributor, theirs.id)).rejects.toMatchObject({ status: 403 });
    await expect(ed().update(actors.contributor, theirs.id, { body: 'x' }, theirs.version)).rejects.toMatchObject({ status: 403 });
    await expect(ed().transition(actors.contributor, mine.id, 'publish')).rejects.toMatchObject({ status: 403 });
    expect((await ed().get(actors.contributor, mine.id)).status).toBe('draft');
    const submitted = await ed().transition(actors.contributor, mine.id, 'submit');
    expect(submitted.status).toBe('in_review');
    const published = await ed().transition(actors.editor, mine.id, 'publish');
    expect(published.status).toBe('published');
    expect(published.path).toBe('/2024/03/29/contributor-story');
    // Once public, the contributor may no longer change it.
    await expect(ed().update(actors.contributor, mine.id, { body: 'Sneaky edit.' }, published.version)).rejects.toMatchObject({ status: 403 });
  });

  it('lets authors publish their own stories but not others', async () => {
    const own = await ed().create(actors.author, { headline: 'Author’s own', body: 'Text.' });
    const other = await ed().create(actors.editor, { headline: 'Editor’s own', body: 'Text.' });
    expect((await ed().transition(actors.author, own.id, 'publish')).status).toBe('published');
    await expect(ed().transition(actors.author, other.id, 'publish')).rejects.toMatchObject({ status: 403 });
    await expect(ed().transition(actors.author, own.id, 'unpublish')).rejects.toMatchObject({ status: 403 });
  });

  it('schedules in the future, goes live at its time with no job, and refuses past times', async () => {
    const a = await ed().create(actors.editor, { headline: 'Ferry timetable changes', body: 'The ferry runs hourly.' });
    await expect(ed().transition(actors.editor, a.id, 'schedule', { publishAt: '2024-03-29T14:00:00Z' })).rejects.toMatchObject({ status: 422 });
    await expect(ed().transition(actors.author, a.id, 'schedule', { publishAt: '2024-03-29T16:00:00Z' })).rejects.toMatchObject({ status: 403 });
    const s = await ed().transition(actors.editor, a.id, 'schedule', { publishAt: '2024-03-29T16:00:00Z' });
    expect(s.status).toBe('scheduled');
    expect((await t.app.inject({ url: '/2024/03/29/ferry-timetable-changes' })).statusCode).toBe(404);
    t.clock.set('2024-03-29T16:00:00.000Z');
    expect((await t.app.inject({ url: '/2024/03/29/ferry-timetable-changes' })).statusCode).toBe(200);
    expect((await ed().get(actors.editor, a.id)).status).toBe('published');
    t.clock.set('2024-03-29T15:00:00.000Z');
  });

  it('refuses to publish while the checklist has blockers', async () => {
    const a = await ed().create(actors.editor, { headline: 'Photo story', body: 'Look:\n\n![](/media/x.jpg)' });
    const list = await ed().checklist(actors.editor, a.id);
    expect(list.some((c) => c.id === 'image-alt' && c.severity === 'blocker')).toBe(true);
    await expect(ed().transition(actors.editor, a.id, 'publish')).rejects.toMatchObject({ status: 409, code: 'checklist_blockers' });
    const fixed = await ed().update(actors.editor, a.id, { body: 'Look:\n\n![The pier at dusk](/media/x.jpg)' }, a.version);
    expect((await ed().transition(actors.editor, a.id, 'publish', { baseVersion: fixed.version })).status).toBe('published');
  });

  it('flags a dropped name and an unresolvable internal link', async () => {
    const a = await ed().create(actors.editor, {
      headline: 'Minister visits',
      body: 'The minister met officials near , the country’s second city.\n\nSee [our earlier story](/2024/01/01/no-such-story) and [news](/section/news).',
    });
    const list = await ed().checklist(actors.editor, a.id);
    expect(list.map((c) => c.id)).toEqual(expect.arrayContaining(['dropped-name', 'broken-link']));
    expect(list.filter((c) => c.id === 'broken-link')).toHaveLength(1);
  });

  it('unpublishes, republishes with the original date, and redirects a changed slug', async () => {
    const a = await ed().create(actors.editor, { headline: 'Harbour dredging starts', body: 'Work begins.' });
    const p = await ed().transition(actors.editor, a.id, 'publish');
    const renamed = await ed().update(actors.editor, a.id, { slug: 'harbour-dredging-begins' }, p.version);
    const moved = await t.app.inject({ url: '/2024/03/29/harbour-dredging-starts' });
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/2024/03/29/harbour-dredging-begins');
    const down = await ed().transition(actors.editor, a.id, 'unpublish', { baseVersion: renamed.version });
    expect(down.status).toBe('unpublished');
    expect((await t.app.inject({ url: '/2024/03/29/harbour-dredging-begins' })).statusCode).toBe(404);
    t.clock.advance(86_400_000);
    const back = await ed().transition(actors.editor, a.id, 'publish');
    expect(back.publishedAt).toBe(p.publishedAt);
    t.clock.set('2024-03-29T15:00:00.000Z');
    await expect(ed().transition(actors.editor, a.id, 'submit')).rejects.toMatchObject({ status: 409 });
  });

  it('keeps a revision per save, shows a readable diff and restores an old version', async () => {
    const a = await ed().create(actors.editor, { headline: 'Library hours', body: 'Open 9 to 5.' });
    const v2 = await ed().update(actors.editor, a.id, { body: 'Open 9 to 5.\nClosed Sundays.' }, a.version);
    const v3 = await ed().update(actors.editor, a.id, { headline: 'Library hours change', body: 'Open 10 to 6.' }, v2.version);
    const revs = await ed().revisions(actors.editor, a.id);
    expect(revs.map((r) => r.version)).toEqual([3, 2, 1]);
    expect(revs[0]!.accountName).toBe('editor person');
    const d = await ed().diff(actors.editor, a.id, 1, 2);
    expect(d.body).toEqual([
      { op: 'same', text: 'Open 9 to 5.' },
      { op: 'add', text: 'Closed Sundays.' },
    ]);
    const restored = await ed().restore(actors.editor, a.id, 1, v3.version);
    expect(restored).toMatchObject({ headline: 'Library hours', body: 'Open 9 to 5.', version: 4 });
    await expect(ed().restore(actors.editor, a.id, 2, v3.version)).rejects.toMatchObject({ status: 409 });
    await expect(ed().diff(actors.editor, a.id, 1, 99)).rejects.toMatchObject({ status: 404 });
  });

  it('posts live updates and corrections only for those allowed, and shows them at once', async () => {
    const a = await ed().create(actors.author, { headline: 'Storm watch', body: 'Winds are rising.', developing: true });
    await ed().transition(actors.author, a.id, 'publish');
    await ed().addLiveUpdate(actors.author, a.id, 'Power is out on Mill Road.');
    await expect(ed().addLiveUpdate(actors.contributor, a.id, 'x')).rejects.toMatchObject({ status: 403 });
    await expect(ed().addCorrection(actors.author, a.id, 'x')).rejects.toMatchObject({ status: 403 });
    await ed().addCorrection(actors.editor, a.id, 'An earlier version named the wrong road.');
    const doc = parse((await t.app.inject({ url: '/2024/03/29/storm-watch' })).body);
    expect(text(doc.querySelector('.live-update__body'))).toBe('Power is out on Mill Road.');
    expect(text(doc.querySelector('.corrections li'))).toContain('An earlier version named the wrong road.');
  });

  it('lists, searches and filters the newsroom’s stories; others’ stories stay hidden from contributors', async () => {
    const all = await ed().list(actors.editor, { q: 'LIBRARY hours' });
    expect(all.items.map((i) => i.headline)).toEqual(['Library hours']);
    const drafts = await ed().list(actors.editor, { status: 'draft', perPage: 100 });
    expect(drafts.items.every((i) => i.status === 'draft')).toBe(true);
    const contributors = await ed().list(actors.contributor, { perPage: 100 });
    expect(contributors.items.length).toBeGreaterThan(0);
    expect(contributors.items.every((i) => i.authorNames.includes('contributor person'))).toBe(true);
    const percent = await ed().list(actors.editor, { q: '%' });
    expect(percent.total).toBe(0);
    await expect(ed().list(actors.moderator, {})).rejects.toMatchObject({ status: 403 });
  });
});

describe('permission matrix, through the services', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
  });
  afterAll(() => t?.close());

  const roles: Role[] = ['admin', 'editor', 'author', 'contributor', 'moderator'];

  it.each(roles)('%s can do exactly what docs/roles.md says with stories', async (role) => {
    const author = await buildAuthor(t.services, { slug: `m-${role}` });
    const account = await t.services.accounts.create({ email: `m-${role}@example.org`, name: role, role, password: PASSWORD, authorId: author.id });
    const me: Actor = { accountId: account.id, role, authorId: author.id, name: role };
    const boss: Actor = { accountId: null, role: 'admin', authorId: null, name: 'admin token' };
    const ed = t.services.editorial;
    const outcome = async (fn: () => Promise<unknown>) =>
      fn().then(
        () => true,
        (e: { status?: number }) => (e.status === 403 ? false : Promise.reject(e)),
      );

    expect(await outcome(() => ed.create(me, { headline: `${role} draft` })), 'article.create').toBe(can(role, 'article.create'));
    const others = await ed.create(boss, { headline: `${role} others`, body: 'Text.' });
    expect(await outcome(() => ed.update(me, others.id, { dek: 'x' }, others.version)), 'article.edit-any').toBe(can(role, 'article.edit-any'));
    const others2 = await ed.create(boss, { headline: `${role} others 2`, body: 'Text.' });
    expect(await outcome(() => ed.transition(me, others2.id, 'publish')), 'article.publish-any').toBe(can(role, 'article.publish-any'));
    const others3 = await ed.create(boss, { headline: `${role} others 3`, body: 'Text.' });
    expect(await outcome(() => ed.transition(me, others3.id, 'schedule', { publishAt: '2024-04-01T00:00:00Z' })), 'article.schedule').toBe(can(role, 'article.schedule'));
    const live = await ed.create(boss, { headline: `${role} live`, body: 'Text.', authorIds: [author.id] });
    await ed.transition(boss, live.id, 'publish');
    expect(await outcome(() => ed.addCorrection(me, live.id, 'A fix.')), 'article.correct').toBe(can(role, 'article.correct'));
    expect(await outcome(() => ed.addLiveUpdate(me, live.id, 'News.')), 'article.live-update').toBe(can(role, 'article.live-update'));
    expect(await outcome(() => ed.transition(me, live.id, 'unpublish')), 'article.unpublish').toBe(can(role, 'article.unpublish'));
    if (can(role, 'article.create')) {
      const own = await ed.create(me, { headline: `${role} own`, body: 'Text.' });
      expect(await outcome(() => ed.update(me, own.id, { dek: 'mine' }, own.version)), 'article.edit-own').toBe(can(role, 'article.edit-own'));
      expect(await outcome(() => ed.transition(me, own.id, 'publish')), 'article.publish-own').toBe(can(role, 'article.publish-own'));
    }
  });
});
