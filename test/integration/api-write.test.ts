import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/modules/accounts/permissions.js';
import type { Actor, EditableArticle } from '../../src/modules/articles/editorial.types.js';
import type { TokensService } from '../../src/modules/tokens/tokens.service.js';
import type { Role } from '../../src/platform/db/schema.js';
import { twoTone } from '../fixtures/images/images.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, TEST_SITE_URL, type TestContext } from '../helpers/app.js';
import { buildAuthor, buildSection } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';
const ROLES: Role[] = ['admin', 'editor', 'author', 'contributor', 'moderator'];
const INVALID_TOKEN = { error: { code: 'invalid_token', message: 'That API token is not valid or has been revoked.' } };

type Method = 'GET' | 'POST' | 'PATCH';

/** A multipart/form-data body with text fields and at most one file. */
function multipartBody(fields: Record<string, string>, file?: { name: string; filename: string; data: Buffer; type?: string }) {
  const boundary = `----broadsheet${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * The write API through HTTP, with a token of each role. What each role may
 * do is docs/roles.md's table; a token owns no stories, so "own" rows never
 * apply and every story here was written by an editor's account.
 */
describe('write API', () => {
  let t: TestContext;
  let tokens: TokensService;
  let adminActor: Actor;
  let editorActor: Actor;
  const token = {} as Record<Role, string>;
  let sectionId: number;
  let authorId: number;

  const api = (method: Method, url: string, bearer?: string | null, payload?: unknown) =>
    t.app.inject({ method, url, headers: bearer ? { authorization: `Bearer ${bearer}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

  const ed = () => t.services.editorial;
  let seq = 0;
  /** A clean draft by the editor's account (nothing a token owns). */
  const draft = (over: Record<string, unknown> = {}) =>
    ed().create(editorActor, { headline: `Harbour story ${++seq}`, dek: 'The dek.', body: 'A first paragraph with words in it.\n\nAnd a second one.', ...over });
  const published = async (over: Record<string, unknown> = {}) => {
    const d = await draft(over);
    return ed().transition(editorActor, d.id, 'publish');
  };
  const current = (id: number) => ed().get(editorActor, id);

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    const wired = t.services.tokens;
    tokens = wired;
    for (const role of ROLES) {
      const account = await t.services.accounts.create({ email: `${role}@example.org`, name: `${role} person`, role, password: PASSWORD });
      const actor = { accountId: account.id, role, authorId: null, name: account.name };
      if (role === 'admin') adminActor = actor;
      if (role === 'editor') editorActor = actor;
    }
    for (const role of ROLES) token[role] = (await tokens.create(adminActor, { name: `${role} integration`, role })).token;
    sectionId = (await buildSection(t.services, { slug: 'news', name: 'News' })).id;
    authorId = (await buildAuthor(t.services, { slug: 'ana-ruiz', name: 'Ana Ruiz' })).id;
  });
  afterAll(() => t?.close());

  describe('the permission matrix (docs/roles.md), per token role', () => {
    // Expected answers, row by row from docs/roles.md. An API token owns no
    // story, so for authors and contributors only the "any" rows count.
    const yes = (ok: number, roles: Role[]) => Object.fromEntries(ROLES.map((r) => [r, roles.includes(r) ? ok : 403])) as Record<Role, number>;
    const MATRIX = {
      'article.create': yes(201, ['admin', 'editor', 'author', 'contributor']),
      'newsroom list': yes(200, ['admin', 'editor', 'author', 'contributor']),
      'article.edit-any': yes(200, ['admin', 'editor']),
      'article.publish-any': yes(200, ['admin', 'editor']),
      'article.schedule': yes(200, ['admin', 'editor']),
      'article.unpublish': yes(200, ['admin', 'editor']),
      // "…to a developing story they may edit": a token may edit only with edit-any.
      'article.live-update': yes(201, ['admin', 'editor']),
      'article.correct': yes(201, ['admin', 'editor']),
      'taxonomy.manage': yes(201, ['admin', 'editor']),
      'authors.manage': yes(201, ['admin', 'editor']),
      'media.upload': yes(201, ['admin', 'editor', 'author', 'contributor']),
      'tokens.manage': yes(200, ['admin']),
    } as const;

    it('agrees with the permissions in the code', () => {
      for (const role of ROLES) {
        expect(MATRIX['article.create'][role] === 201, role).toBe(can(role, 'article.create'));
        for (const a of [
          'article.edit-any',
          'article.publish-any',
          'article.schedule',
          'article.unpublish',
          'article.correct',
          'taxonomy.manage',
          'authors.manage',
          'media.upload',
          'tokens.manage',
        ] as const) {
          expect(MATRIX[a][role] < 300, `${role} ${a}`).toBe(can(role, a));
        }
        expect(MATRIX['article.live-update'][role] < 300).toBe(can(role, 'article.live-update') && can(role, 'article.edit-any'));
      }
    });

    for (const role of ROLES) {
      it(`${role} token: articles`, async () => {
        const bearer = token[role];
        const expectStatus = (res: LightMyRequestResponse, what: keyof typeof MATRIX) => {
          expect(res.statusCode, `${role} ${what}: ${res.body}`).toBe(MATRIX[what][role]);
          if (res.statusCode === 403) expect(res.json().error.code).toBe('forbidden');
        };
        /** A refused call changes nothing. */
        const unchanged = async (before: EditableArticle) => {
          const after = await current(before.id);
          expect({ status: after.status, version: after.version, publishedAt: after.publishedAt, dek: after.dek }).toEqual({
            status: before.status,
            version: before.version,
            publishedAt: before.publishedAt,
            dek: before.dek,
          });
        };

        const created = await api('POST', '/api/v1/newsroom/articles', bearer, { headline: `Made by the ${role} token` });
        expectStatus(created, 'article.create');
        if (created.statusCode === 201) {
          const body = created.json();
          expect(body.data).toMatchObject({ headline: `Made by the ${role} token`, status: 'draft', createdBy: null, authorIds: [] });
          expect(created.headers.location).toBe(`/api/v1/newsroom/articles/${body.data.id}`);
        }

        expectStatus(await api('GET', '/api/v1/newsroom/articles', bearer), 'newsroom list');

        const d1 = await draft();
        const edit = await api('PATCH', `/api/v1/newsroom/articles/${d1.id}`, bearer, { baseVersion: d1.version, dek: `Edited by ${role}` });
        expectStatus(edit, 'article.edit-any');
        if (edit.statusCode === 200) expect(edit.json().data).toMatchObject({ dek: `Edited by ${role}`, version: d1.version + 1 });
        else await unchanged(d1);

        const d2 = await draft();
        const pub = await api('POST', `/api/v1/newsroom/articles/${d2.id}/transitions`, bearer, { transition: 'publish' });
        expectStatus(pub, 'article.publish-any');
        if (pub.statusCode === 200)
          expect(pub.json().data).toMatchObject({ status: 'published', publishedAt: '2024-03-29T15:00:00.000Z', url: expect.stringMatching(/^https:\/\/news\.example\.test\/2024\/03\/29\//) });
        else await unchanged(d2);

        const d3 = await draft();
        const sched = await api('POST', `/api/v1/newsroom/articles/${d3.id}/transitions`, bearer, { transition: 'schedule', publishAt: '2024-04-01T09:00:00Z' });
        expectStatus(sched, 'article.schedule');
        if (sched.statusCode === 200) expect(sched.json().data).toMatchObject({ status: 'scheduled', publishedAt: '2024-04-01T09:00:00.000Z' });
        else await unchanged(d3);

        const p1 = await published();
        const unpub = await api('POST', `/api/v1/newsroom/articles/${p1.id}/transitions`, bearer, { transition: 'unpublish' });
        expectStatus(unpub, 'article.unpublish');
        if (unpub.statusCode !== 200) await unchanged(p1);

        const p2 = await published({ developing: true });
        const live = await api('POST', `/api/v1/newsroom/articles/${p2.id}/live-updates`, bearer, { body: `Update from ${role}.` });
        expectStatus(live, 'article.live-update');
        if (live.statusCode === 201) {
          expect(live.json().data).toMatchObject({ articleId: p2.id, id: expect.any(Number) });
          expect(live.headers.location).toBe(`/api/v1/newsroom/articles/${p2.id}`);
        }

        const corr = await api('POST', `/api/v1/newsroom/articles/${p2.id}/corrections`, bearer, { body: `Correction from ${role}.` });
        expectStatus(corr, 'article.correct');

        // What readers see reflects exactly the calls that were allowed.
        const publicStory = (await t.app.inject({ url: `/api/v1/articles/${p2.slug}` })).json().data;
        expect(publicStory.liveUpdates.some((u: { html: string }) => u.html.includes(`Update from ${role}.`))).toBe(MATRIX['article.live-update'][role] === 201);
        expect(publicStory.corrections.some((c: { text: string }) => c.text.includes(`Correction from ${role}.`))).toBe(MATRIX['article.correct'][role] === 201);
      });

      it(`${role} token: sections, authors, media and token management`, async () => {
        const bearer = token[role];
        const section = await api('POST', '/api/v1/sections', bearer, { name: `Desk of ${role}` });
        expect(section.statusCode, section.body).toBe(MATRIX['taxonomy.manage'][role]);
        expect(Boolean(await t.services.sections.bySlug(`desk-of-${role}`))).toBe(section.statusCode === 201);

        const author = await api('POST', '/api/v1/authors', bearer, { name: `Writer ${role}` });
        expect(author.statusCode, author.body).toBe(MATRIX['authors.manage'][role]);
        expect(Boolean(await t.services.authors.bySlug(`writer-${role}`))).toBe(author.statusCode === 201);

        const { payload, contentType } = multipartBody({ alt: `A test card from ${role}` }, { name: 'file', filename: 'card.png', data: await twoTone('png', 64, 48), type: 'image/png' });
        const upload = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { authorization: `Bearer ${bearer}`, 'content-type': contentType }, payload });
        expect(upload.statusCode, upload.body).toBe(MATRIX['media.upload'][role]);

        // Tokens are managed in /admin only; the API has no endpoint for them.
        const c = adminClient(t.app);
        await c.signIn(`${role}@example.org`, PASSWORD);
        expect((await c.get('/admin/tokens')).statusCode).toBe(MATRIX['tokens.manage'][role]);
        expect((await api('GET', '/api/v1/tokens', bearer)).statusCode).toBe(404);
      });
    }

    it('a contributor token calling publish gets 403, and the story is unchanged', async () => {
      const d = await draft();
      const res = await api('POST', `/api/v1/newsroom/articles/${d.id}/transitions`, token.contributor, { transition: 'publish', baseVersion: d.version });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden', message: expect.any(String) });
      const after = await current(d.id);
      expect(after).toMatchObject({ status: 'draft', version: d.version, publishedAt: null, statusChangedAt: d.statusChangedAt });
      expect((await t.app.inject({ url: `/api/v1/articles/${d.slug}` })).statusCode).toBe(404);
      expect(await ed().revisions(editorActor, d.id)).toHaveLength(1);
    });
  });

  describe('authentication', () => {
    const WRITES: [Method, string, unknown][] = [
      ['GET', '/api/v1/newsroom/articles', undefined],
      ['GET', '/api/v1/newsroom/articles/1', undefined],
      ['POST', '/api/v1/newsroom/articles', { headline: 'x' }],
      ['PATCH', '/api/v1/newsroom/articles/1', { baseVersion: 1, dek: 'x' }],
      ['POST', '/api/v1/newsroom/articles/1/transitions', { transition: 'publish' }],
      ['GET', '/api/v1/newsroom/articles/1/checklist', undefined],
      ['GET', '/api/v1/newsroom/articles/1/revisions', undefined],
      ['POST', '/api/v1/newsroom/articles/1/live-updates', { body: 'x' }],
      ['POST', '/api/v1/newsroom/articles/1/corrections', { body: 'x' }],
      ['GET', '/api/v1/newsroom/sections', undefined],
      ['GET', '/api/v1/newsroom/authors', undefined],
      ['POST', '/api/v1/sections', { name: 'x' }],
      ['POST', '/api/v1/authors', { name: 'x' }],
    ];

    it('answers 401 without a token on every newsroom endpoint, asking for a bearer token', async () => {
      for (const [method, url, payload] of WRITES) {
        const res = await api(method, url, null, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.json().error).toEqual({ code: 'unauthorized', message: 'This endpoint needs an API token: send the header "Authorization: Bearer <token>".' });
      }
      expect((await api('POST', '/api/v1/media', null, {})).statusCode).toBe(401);
    });

    it('answers 401 invalid_token for a revoked, unknown or malformed token, even on public reads', async () => {
      const { token: revoked, id } = await tokens.create(adminActor, { name: 'Retired', role: 'editor' });
      expect((await api('GET', '/api/v1/newsroom/articles', revoked)).statusCode).toBe(200);
      await tokens.revoke(adminActor, id);
      const unknown = `bs_${'A'.repeat(43)}`;
      for (const bearer of [revoked, unknown, 'not-a-token']) {
        for (const [method, url, payload] of [...WRITES, ['GET', '/api/v1/articles', undefined] as [Method, string, unknown]]) {
          const res = await api(method, url, bearer, payload);
          expect(res.statusCode, `${bearer} ${method} ${url}`).toBe(401);
          expect(res.json()).toEqual(INVALID_TOKEN);
          expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
        }
      }
      for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', token.editor]) {
        const res = await t.app.inject({ url: '/api/v1/articles', headers: { authorization: header } });
        expect(res.statusCode, header).toBe(401);
        expect(res.json()).toEqual(INVALID_TOKEN);
      }
      // Nothing was written by the refused calls.
      expect((await api('GET', '/api/v1/newsroom/articles?q=x', token.editor)).json().meta.total).toBe(0);
    });

    it('keeps public reads anonymous and cacheable; answers with a token are not cached', async () => {
      const anonymous = await api('GET', '/api/v1/articles', null);
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.headers['cache-control']).toBe('public, max-age=30');
      const withToken = await api('GET', '/api/v1/articles', token.moderator);
      expect(withToken.statusCode).toBe(200);
      expect(withToken.headers['cache-control']).toBe('no-store');
      expect(withToken.json()).toEqual(anonymous.json());
    });
  });

  describe('a story through the API', () => {
    it('creates, edits, checks, publishes and corrects a story, with Location headers and revisions', async () => {
      const created = await api('POST', '/api/v1/newsroom/articles', token.editor, {
        headline: 'Ferry fares to rise in May',
        dek: 'The county approved a 5% increase.',
        body: 'The county board voted on Tuesday to raise fares.',
        sectionId,
        authorIds: [authorId],
        tags: ['Transport', 'county-board'],
      });
      expect(created.statusCode, created.body).toBe(201);
      const story = created.json().data;
      expect(story).toMatchObject({ status: 'draft', slug: 'ferry-fares-to-rise-in-may', version: 1, sectionId, authorIds: [authorId], url: null });
      expect(story.tags).toEqual(['county board', 'Transport']);
      expect(story.allowed).toEqual({ edit: true, submit: true, publish: true, schedule: true, unpublish: false, liveUpdate: true, correct: true });
      const location = String(created.headers.location);
      expect((await api('GET', location, token.editor)).json().data.id).toBe(story.id);

      const saved = await api('PATCH', location, token.editor, { baseVersion: 1, body: 'The county board voted on Tuesday to raise fares by 5%.', sectionId: null });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json().data).toMatchObject({ version: 2, sectionId: null, headline: 'Ferry fares to rise in May' });

      const checklist = await api('GET', `${location}/checklist`, token.editor);
      expect(checklist.statusCode).toBe(200);
      expect(checklist.json().meta.blockers).toBe(0);
      expect(checklist.json().data).toEqual(await ed().checklist(editorActor, story.id));

      const pub = await api('POST', `${location}/transitions`, token.editor, { transition: 'publish', baseVersion: 2 });
      expect(pub.statusCode, pub.body).toBe(200);
      expect(pub.json().data).toMatchObject({ status: 'published', url: `${TEST_SITE_URL}/2024/03/29/ferry-fares-to-rise-in-may` });
      expect((await t.app.inject({ url: '/api/v1/articles/ferry-fares-to-rise-in-may' })).statusCode).toBe(200);

      const correction = await api('POST', `${location}/corrections`, token.editor, { body: 'An earlier version gave the wrong month.' });
      expect(correction.statusCode).toBe(201);
      expect(correction.headers.location).toBe(location);

      const revisions = await api('GET', `${location}/revisions`, token.editor);
      expect(revisions.statusCode).toBe(200);
      expect(revisions.json().data.length).toBeGreaterThanOrEqual(2);
      expect(revisions.json().data.map((r: { version: number }) => r.version)).toContain(2);

      const list = await api('GET', '/api/v1/newsroom/articles?status=published&q=ferry&limit=1', token.editor);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({
        meta: { page: 1, limit: 1, total: 1, pageCount: 1 },
        data: [{ id: story.id, status: 'published', url: `${TEST_SITE_URL}/2024/03/29/ferry-fares-to-rise-in-may` }],
      });
      expect(list.headers['cache-control']).toBe('no-store');
    });

    it('refuses a stale update with 409 and changes nothing', async () => {
      const d = await draft();
      const first = await api('PATCH', `/api/v1/newsroom/articles/${d.id}`, token.editor, { baseVersion: d.version, dek: 'First save.' });
      expect(first.statusCode).toBe(200);
      const stale = await api('PATCH', `/api/v1/newsroom/articles/${d.id}`, token.admin, { baseVersion: d.version, dek: 'Stale save.' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({ code: 'conflict', message: expect.stringContaining('Someone saved a newer version') });
      expect(await current(d.id)).toMatchObject({ dek: 'First save.', version: d.version + 1 });

      const staleTransition = await api('POST', `/api/v1/newsroom/articles/${d.id}/transitions`, token.editor, { transition: 'publish', baseVersion: d.version });
      expect(staleTransition.statusCode).toBe(409);
      expect((await current(d.id)).status).toBe('draft');
    });

    it('answers 409 for a transition the status does not allow', async () => {
      const p = await published();
      const res = await api('POST', `/api/v1/newsroom/articles/${p.id}/transitions`, token.editor, { transition: 'submit' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('invalid_transition');
    });

    it('answers 422 with a readable message for values the newsroom refuses', async () => {
      const cases: [Method, string, unknown, string][] = [
        ['POST', '/api/v1/newsroom/articles', { headline: '   ' }, 'An article needs a headline.'],
        ['POST', '/api/v1/sections', { name: 'Opinion', slug: 'Not A Slug' }, '"Not A Slug" is not a valid slug: use lower-case letters, digits and hyphens.'],
        ['POST', '/api/v1/authors', { name: 'Lee', links: [{ label: 'Site', url: 'javascript:alert(1)' }] }, 'must be an absolute http(s) or mailto: URL'],
      ];
      for (const [method, url, payload, message] of cases) {
        const res = await api(method, url, token.editor, payload);
        expect(res.statusCode, `${url} ${res.body}`).toBe(422);
        expect(res.json().error.code).toBe('invalid_input');
        expect(res.json().error.message).toContain(message);
      }
      const d = await draft();
      const sched = await api('POST', `/api/v1/newsroom/articles/${d.id}/transitions`, token.editor, { transition: 'schedule' });
      expect(sched.statusCode).toBe(422);
      expect(sched.json().error.message).toBe('Scheduling needs a publication date and time.');
      const past = await api('POST', `/api/v1/newsroom/articles/${d.id}/transitions`, token.editor, { transition: 'schedule', publishAt: '2024-03-01T00:00:00Z' });
      expect(past.statusCode).toBe(422);
      expect((await current(d.id)).status).toBe('draft');
    });

    it('answers 400 for bodies that do not match the schema, naming the field', async () => {
      const d = await draft();
      const cases: [Method, string, unknown, RegExp][] = [
        ['POST', '/api/v1/newsroom/articles', {}, /headline/],
        ['POST', '/api/v1/newsroom/articles', { headline: 'Typo', headlin: 'x' }, /unknown field "headlin"/],
        ['POST', '/api/v1/newsroom/articles', { headline: 'Bad flag', developing: 'maybe' }, /developing/],
        ['PATCH', `/api/v1/newsroom/articles/${d.id}`, { dek: 'No version' }, /baseVersion/],
        ['POST', `/api/v1/newsroom/articles/${d.id}/transitions`, { transition: 'launch' }, /transition/],
        ['POST', `/api/v1/newsroom/articles/${d.id}/transitions`, { transition: 'schedule', publishAt: 'next tuesday' }, /publishAt/],
        ['POST', '/api/v1/sections', { name: 'Opinion', colour: 'red' }, /unknown field "colour"/],
      ];
      for (const [method, url, payload, message] of cases) {
        const res = await api(method, url, token.editor, payload);
        expect(res.statusCode, `${JSON.stringify(payload)} ${res.body}`).toBe(400);
        expect(res.json().error.message).toMatch(message);
      }
      expect(await current(d.id)).toMatchObject({ version: d.version, status: 'draft' });
      expect((await api('GET', '/api/v1/newsroom/articles/abc', token.editor)).statusCode).toBe(400);
      expect((await api('GET', '/api/v1/newsroom/articles/999999', token.editor)).statusCode).toBe(404);
    });

    it('creates sections and authors with Location headers and ids for article fields', async () => {
      const section = await api('POST', '/api/v1/sections', token.editor, { name: 'Weather & Climate', description: 'Forecasts.' });
      expect(section.statusCode).toBe(201);
      expect(section.json().data).toMatchObject({ slug: 'weather-climate', name: 'Weather & Climate', url: `${TEST_SITE_URL}/section/weather-climate` });
      expect(section.headers.location).toBe('/api/v1/sections/weather-climate');
      expect((await t.app.inject({ url: String(section.headers.location) })).statusCode).toBe(200);
      expect((await api('POST', '/api/v1/sections', token.editor, { name: 'Weather & Climate' })).statusCode).toBe(409);

      const author = await api('POST', '/api/v1/authors', token.admin, { name: 'Jo Park', bio: 'Covers the waterfront.', links: [{ label: 'Site', url: 'https://example.org/jo' }] });
      expect(author.statusCode, author.body).toBe(201);
      expect(author.headers.location).toBe('/api/v1/authors/jo-park');
      expect((await t.app.inject({ url: String(author.headers.location) })).json().data).toMatchObject({ name: 'Jo Park', bio: 'Covers the waterfront.' });

      const sections = (await api('GET', '/api/v1/newsroom/sections', token.contributor)).json().data;
      expect(sections.find((s: { slug: string }) => s.slug === 'weather-climate').id).toBe(section.json().data.id);
      const authors = (await api('GET', '/api/v1/newsroom/authors', token.contributor)).json().data;
      expect(authors.find((a: { slug: string }) => a.slug === 'jo-park').id).toBe(author.json().data.id);
    });

    it('uploads an image with a token, enforcing the limits', async () => {
      const upload = (fields: Record<string, string>, data: Buffer, filename = 'photo.png') => {
        const { payload, contentType } = multipartBody(fields, { name: 'file', filename, data, type: 'image/png' });
        return t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { authorization: `Bearer ${token.contributor}`, 'content-type': contentType }, payload });
      };
      const ok = await upload({ alt: 'A two-tone test card', caption: 'Caption.', credit: 'Staff' }, await twoTone('png', 300, 200));
      expect(ok.statusCode, ok.body).toBe(201);
      const image = ok.json().data;
      expect(image).toMatchObject({ alt: 'A two-tone test card', caption: 'Caption.', credit: 'Staff', width: 300, height: 200, mime: 'image/png' });
      expect(ok.headers.location).toBe(image.url);
      expect(image.url.startsWith(`${TEST_SITE_URL}/media/uploads/`)).toBe(true);
      expect((await t.app.inject({ url: new URL(image.url).pathname })).statusCode).toBe(200);

      const noAlt = await upload({}, await twoTone('png', 30, 20));
      expect(noAlt.statusCode).toBe(422);
      expect(noAlt.json().error.message).toContain('alt text');
      const notImage = await upload({ alt: 'Not really' }, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.svg');
      expect(notImage.statusCode).toBe(415);
      const json = await api('POST', '/api/v1/media', token.contributor, { alt: 'x' });
      expect(json.statusCode).toBe(415);
      // The size limit is enforced while the body streams in.
      const tooBig = await upload({ alt: 'Huge' }, Buffer.alloc(16 * 1024 * 1024, 1), 'huge.jpg');
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json().error).toEqual({ code: 'payload_too_large', message: 'The image is larger than the 15 MB limit.' });
      const longAlt = await upload({ alt: 'x'.repeat(5000) }, await twoTone('png', 30, 20));
      expect(longAlt.statusCode).toBe(422);
      expect(longAlt.json().error.message).toBe('Alt text is limited to 500 characters.');

      // Processing is CPU-heavy: each token may upload 30 times a minute.
      const busy = (await tokens.create(adminActor, { name: 'Busy uploader', role: 'contributor' })).token;
      const empty = multipartBody({ alt: 'x' });
      const send = () => t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { authorization: `Bearer ${busy}`, 'content-type': empty.contentType }, payload: empty.payload });
      for (let i = 0; i < 30; i++) expect((await send()).statusCode).toBe(400);
      const limited = await send();
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await upload({ alt: 'Another token is not limited' }, await twoTone('png', 30, 20))).statusCode).toBe(201);

      // The id goes straight into an article's featuredImageId.
      const d = await api('POST', '/api/v1/newsroom/articles', token.editor, { headline: 'With a picture', featuredImageId: image.id });
      expect(d.json().data.featuredImageId).toBe(image.id);
    });
  });

  describe('OpenAPI document', () => {
    it('lists the write endpoints with the bearerAuth security scheme', async () => {
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
      expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
      const secured: [string, string][] = [
        ['/api/v1/newsroom/articles', 'get'],
        ['/api/v1/newsroom/articles', 'post'],
        ['/api/v1/newsroom/articles/{id}', 'get'],
        ['/api/v1/newsroom/articles/{id}', 'patch'],
        ['/api/v1/newsroom/articles/{id}/transitions', 'post'],
        ['/api/v1/newsroom/articles/{id}/checklist', 'get'],
        ['/api/v1/newsroom/articles/{id}/revisions', 'get'],
        ['/api/v1/newsroom/articles/{id}/live-updates', 'post'],
        ['/api/v1/newsroom/articles/{id}/corrections', 'post'],
        ['/api/v1/newsroom/sections', 'get'],
        ['/api/v1/newsroom/authors', 'get'],
        ['/api/v1/sections', 'post'],
        ['/api/v1/authors', 'post'],
        ['/api/v1/media', 'post'],
      ];
      for (const [p, m] of secured) {
        const op = doc.paths[p]?.[m];
        expect(op, `${m} ${p}`).toBeDefined();
        expect(op.security, `${m} ${p}`).toEqual([{ bearerAuth: [] }]);
        expect(Object.keys(op.responses), `${m} ${p}`).toEqual(expect.arrayContaining(['401']));
      }
      expect(doc.paths['/api/v1/newsroom/articles'].post.responses['201']).toBeDefined();
      expect(doc.paths['/api/v1/newsroom/articles/{id}'].patch.requestBody.content['application/json'].schema.required).toContain('baseVersion');
      // Reads stay public.
      expect(doc.paths['/api/v1/articles'].get.security).toBeUndefined();
      expect(Object.keys(doc.paths['/api/v1/media'].post.requestBody.content)).toEqual(['multipart/form-data']);
    });
  });
});
