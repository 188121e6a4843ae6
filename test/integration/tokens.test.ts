import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { tokenHash } from '../../src/modules/accounts/accounts.service.js';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { TOKEN_PATTERN, type TokensService } from '../../src/modules/tokens/tokens.service.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Role } from '../../src/platform/db/schema.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext, text } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';

const PASSWORD = 'correct horse battery staple';

/** The wired tokens service; fails with the fix when createServices does not provide one. */
function tokensService(t: TestContext): TokensService {
  const tokens = t.services.tokens;
  return tokens;
}

describe('API tokens (service)', () => {
  let t: TestContext;
  let tokens: TokensService;
  const actors = {} as Record<Role, Actor>;

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    tokens = tokensService(t);
    for (const role of ['admin', 'editor', 'author', 'contributor', 'moderator'] as Role[]) {
      const account = await t.services.accounts.create({ email: `${role}@example.org`, name: `${role} person`, role, password: PASSWORD });
      actors[role] = { accountId: account.id, role, authorId: null, name: account.name };
    }
  });
  afterAll(() => t?.close());

  it('creates a token shown once and keeps only its SHA-256', async () => {
    const created = await tokens.create(actors.admin, { name: '  CMS sync ', role: 'editor' });
    expect(created).toMatchObject({ name: 'CMS sync', role: 'editor' });
    expect(created.token).toMatch(TOKEN_PATTERN);
    const row = await t.database.db.selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(tokenHash(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(3));
    expect(row).toMatchObject({ created_by: actors.admin.accountId, created_at: '2024-03-29T15:00:00.000Z', last_used_at: null, revoked_at: null });
    // The list never carries the token or its hash.
    const listed = await tokens.list();
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(3));
    expect(JSON.stringify(listed)).not.toContain(row.token_hash);
    expect(listed.find((x) => x.id === created.id)).toMatchObject({ name: 'CMS sync', role: 'editor', createdByName: 'admin person', lastUsedAt: null, revokedAt: null });
    const audit = await t.services.audit.forSubject('api_token', created.id);
    expect(audit.map((e) => [e.action, e.accountId])).toEqual([['token.create', actors.admin.accountId]]);
  });

  it('lets only admins create and revoke tokens, of any role', async () => {
    for (const role of ['admin', 'editor', 'author', 'contributor', 'moderator'] as Role[]) {
      await expect(tokens.create(actors.admin, { name: `For ${role}`, role })).resolves.toMatchObject({ role });
    }
    const some = await tokens.create(actors.admin, { name: 'Victim', role: 'author' });
    for (const role of ['editor', 'author', 'contributor', 'moderator'] as Role[]) {
      await expect(tokens.create(actors[role], { name: 'Mine', role: 'contributor' })).rejects.toMatchObject({ status: 403 });
      await expect(tokens.revoke(actors[role], some.id)).rejects.toMatchObject({ status: 403 });
    }
    expect(await tokens.authenticate(some.token)).toBeDefined();
  });

  it('refuses bad names and roles with a readable 422', async () => {
    await expect(tokens.create(actors.admin, { name: ' ', role: 'editor' })).rejects.toMatchObject({ status: 422, message: expect.stringContaining('name') });
    await expect(tokens.create(actors.admin, { name: 'Sync', role: 'owner' as Role })).rejects.toMatchObject({ status: 422, message: expect.stringContaining('"owner" is not a role') });
  });

  it('authenticates as an actor with the token’s role that owns nothing, recording use at most once a minute', async () => {
    const created = await tokens.create(actors.admin, { name: 'Wire importer', role: 'author' });
    const actor = await tokens.authenticate(created.token);
    expect(actor).toEqual({ accountId: null, role: 'author', authorId: null, name: 'API token “Wire importer”', tokenId: created.id });
    const lastUsed = async () => (await tokens.byId(created.id))?.lastUsedAt;
    expect(await lastUsed()).toBe('2024-03-29T15:00:00.000Z');
    t.clock.advance(30_000);
    await tokens.authenticate(created.token);
    expect(await lastUsed()).toBe('2024-03-29T15:00:00.000Z');
    t.clock.advance(30_000);
    await tokens.authenticate(created.token);
    expect(await lastUsed()).toBe('2024-03-29T15:01:00.000Z');
  });

  it('authenticates nothing for unknown, malformed or revoked tokens', async () => {
    const created = await tokens.create(actors.admin, { name: 'Soon gone', role: 'editor' });
    expect(await tokens.authenticate(undefined)).toBeUndefined();
    expect(await tokens.authenticate('')).toBeUndefined();
    expect(await tokens.authenticate(created.token.slice(0, -1))).toBeUndefined();
    expect(await tokens.authenticate(`${created.token.slice(0, -1)}${created.token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    const revoked = await tokens.revoke(actors.admin, created.id);
    expect(revoked.revokedAt).toBe(t.clock.now().toISOString());
    expect(await tokens.authenticate(created.token)).toBeUndefined();
    // Revoking again keeps the first time and records nothing more.
    t.clock.advance(5_000);
    expect((await tokens.revoke(actors.admin, created.id)).revokedAt).toBe(revoked.revokedAt);
    const audit = await t.services.audit.forSubject('api_token', created.id);
    expect(audit.map((e) => e.action)).toEqual(['token.revoke', 'token.create']);
    await expect(tokens.revoke(actors.admin, 999_999)).rejects.toMatchObject({ status: 404 });
  });

  it('lists active tokens first, newest first', async () => {
    const list = await tokens.list();
    const firstRevoked = list.findIndex((x) => x.revokedAt !== null);
    expect(firstRevoked).toBeGreaterThan(0);
    expect(list.slice(firstRevoked).every((x) => x.revokedAt !== null)).toBe(true);
    const active = list.slice(0, firstRevoked);
    expect(active.map((x) => x.createdAt)).toEqual([...active.map((x) => x.createdAt)].sort().reverse());
  });
});

describe('/admin/tokens', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    tokensService(t);
    for (const role of ['admin', 'editor', 'author', 'contributor', 'moderator'] as Role[]) {
      await t.services.accounts.create({ email: `${role}@example.org`, name: `${role} person`, role, password: PASSWORD });
    }
  });
  afterAll(() => t?.close());

  async function signedIn(role: Role) {
    const c = adminClient(t.app);
    expect((await c.signIn(`${role}@example.org`, PASSWORD)).statusCode).toBe(303);
    return c;
  }

  it('sends visitors who are not signed in to sign in', async () => {
    const res = await adminClient(t.app).get('/admin/tokens');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Ftokens');
  });

  it('is for admins only', async () => {
    for (const role of ['editor', 'author', 'contributor', 'moderator'] as Role[]) {
      const c = await signedIn(role);
      expect((await c.get('/admin/tokens')).statusCode, role).toBe(403);
      const _csrf = await c.csrfFrom('/admin');
      const res = await c.post('/admin/tokens', { _csrf, name: 'Sneaky', role: 'admin' });
      expect(res.statusCode, role).toBe(403);
    }
    expect(await tokensService(t).list()).toEqual([]);
  });

  it('creates a token, shows it once with a warning, and the API accepts it', async () => {
    const c = await signedIn('admin');
    const page = await c.get('/admin/tokens');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(text(parse(page.body).querySelector('main'))).toContain('There are no API tokens yet.');
    const _csrf = await c.csrfFrom('/admin/tokens');

    const res = await c.post('/admin/tokens', { _csrf, name: 'CMS sync', role: 'editor' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const doc = parse(res.body);
    const token = doc.querySelector('#new-token')?.getAttribute('value') ?? '';
    expect(token).toMatch(TOKEN_PATTERN);
    expect(text(doc.querySelector('.token-created'))).toContain('Copy this token now. It is shown only this once');
    expect(text(doc.querySelector('.admin-table tbody'))).toContain('CMS sync');

    // Shown once: the list page never has it again.
    const later = await c.get('/admin/tokens');
    expect(later.body).not.toContain(token);
    expect(parse(later.body).querySelector('#new-token')).toBeNull();

    const api = await t.app.inject({ url: '/api/v1/newsroom/articles', headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(200);
    const used = await t.app.inject({ url: '/admin/tokens', headers: { cookie: c.jar.header() } });
    expect(text(parse(used.body).querySelector('.admin-table tbody tr'))).not.toContain('Never');
  });

  it('heads its list, offers a copy button for the new token, and asks before revoking', async () => {
    const c = await signedIn('admin');
    const _csrf = await c.csrfFrom('/admin/tokens');
    const res = await c.post('/admin/tokens', { _csrf, name: 'Wire importer', role: 'author' });
    const doc = parse(res.body);
    // The list has a heading of its own, and the table scrolls in a region it names.
    const heading = doc.querySelector('h2#tokens-heading');
    expect(text(heading)).toMatch(/^Tokens \d+ active$/);
    const region = doc.querySelector('section[aria-labelledby="tokens-heading"] [role="region"][aria-label="Every API token"]');
    expect(region?.getAttribute('tabindex')).toBe('0');
    expect(region?.querySelector('table.admin-table')).not.toBeNull();
    // The copy button: hidden until the script can copy; the token stays selectable text without it.
    const copy = doc.querySelector('button[data-copy="new-token"]');
    expect(copy?.hasAttribute('hidden')).toBe(true);
    expect(copy?.getAttribute('type')).toBe('button');
    expect(doc.querySelector(`#${copy?.getAttribute('data-copy-status')}`)?.getAttribute('role')).toBe('status');
    expect(doc.querySelector('#new-token')?.hasAttribute('readonly')).toBe(true);
    expect(doc.querySelector('script[src^="/assets/copy.js"]')).not.toBeNull();
    // Revoking: a secondary "Revoke…" that opens a confirmation whose danger button posts with CSRF.
    const row = [...doc.querySelectorAll('.admin-table tbody tr')].find((tr) => text(tr.querySelector('th')) === 'Wire importer')!;
    const confirm = row.querySelector('details.confirm');
    expect(text(confirm?.querySelector('summary'))).toBe('Revoke the token “Wire importer”…');
    const form = confirm?.querySelector('form[method="post"]');
    expect(form?.getAttribute('action')).toMatch(/^\/admin\/tokens\/\d+\/revoke$/);
    expect(form?.querySelector('input[name="_csrf"]')?.getAttribute('value')).toBeTruthy();
    const button = form?.querySelector('button[type="submit"]');
    expect(button?.classList.contains('button--danger')).toBe(true);
    expect(text(button)).toBe('Revoke “Wire importer”');
    expect(text(confirm?.querySelector('p'))).toBe('Integrations using “Wire importer” will be refused at once. This cannot be undone.');
  });

  it('refuses a form without a valid CSRF token and creates nothing', async () => {
    const c = await signedIn('admin');
    const before = (await tokensService(t).list()).length;
    await c.get('/admin/tokens');
    expect((await c.post('/admin/tokens', { name: 'Forged', role: 'admin' })).statusCode).toBe(403);
    expect((await c.post('/admin/tokens', { _csrf: 'forged', name: 'Forged', role: 'admin' })).statusCode).toBe(403);
    expect((await tokensService(t).list()).length).toBe(before);
    const target = (await tokensService(t).list())[0]!;
    expect((await c.post(`/admin/tokens/${target.id}/revoke`, { _csrf: 'forged' })).statusCode).toBe(403);
    expect((await tokensService(t).byId(target.id))?.revokedAt).toBeNull();
  });

  it('explains bad input and keeps what was typed', async () => {
    const c = await signedIn('admin');
    const _csrf = await c.csrfFrom('/admin/tokens');
    const res = await c.post('/admin/tokens', { _csrf, name: '   ', role: 'author' });
    expect(res.statusCode).toBe(422);
    const doc = parse(res.body);
    expect(text(doc.querySelector('[role="alert"]'))).toContain('Give the token a name');
    expect(doc.querySelector('#token-role option[selected]')?.getAttribute('value')).toBe('author');
    const bad = await c.post('/admin/tokens', { _csrf, name: 'Owner', role: 'owner' });
    expect(bad.statusCode).toBe(422);
    expect(text(parse(bad.body).querySelector('[role="alert"]'))).toContain('"owner" is not a role');
  });

  it('revokes a token: the API refuses it from then on', async () => {
    const c = await signedIn('admin');
    const _csrf = await c.csrfFrom('/admin/tokens');
    const created = parse((await c.post('/admin/tokens', { _csrf, name: 'Short-lived', role: 'contributor' })).body);
    const token = created.querySelector('#new-token')?.getAttribute('value') ?? '';
    const row = (await tokensService(t).list()).find((x) => x.name === 'Short-lived')!;
    const form = created.querySelector(`form[action="/admin/tokens/${row.id}/revoke"]`);
    expect(form).not.toBeNull();
    expect(form?.querySelector('input[name="_csrf"]')).not.toBeNull();

    const res = await c.post(`/admin/tokens/${row.id}/revoke`, { _csrf });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/tokens?revoked');
    const page = await c.get('/admin/tokens?revoked');
    expect(text(parse(page.body).querySelector('[role="status"]'))).toContain('The token was revoked');
    const revokedRow = [...parse(page.body).querySelectorAll('.admin-table tbody tr')].find((tr) => text(tr).includes('Short-lived'));
    expect(text(revokedRow)).toContain('Revoked');
    expect(revokedRow?.querySelector('form')).toBeNull();

    const api = await t.app.inject({ url: '/api/v1/newsroom/articles', headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(401);
    expect((await c.post('/admin/tokens/999999/revoke', { _csrf })).statusCode).toBe(404);
    expect((await c.post('/admin/tokens/abc/revoke', { _csrf })).statusCode).toBe(404);
  });
});

describe('API tokens in logs', () => {
  it('never writes a token (or its hash) to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const database = await createTestDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
    const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    // The production logger's settings, at the most talkative level.
    const app = await buildApp({
      config: { ...config, database: database.config },
      database,
      clock: fixedClock('2024-03-29T15:00:00.000Z'),
      logger: { level: 'trace', stream, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    });
    try {
      await app.ready();
      const tokens = app.services.tokens;
      const account = await app.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
      const c = adminClient(app);
      await c.signIn('admin@example.org', PASSWORD);
      const _csrf = await c.csrfFrom('/admin/tokens');
      const page = parse((await c.post('/admin/tokens', { _csrf, name: 'Logged?', role: 'editor' })).body);
      const token = page.querySelector('#new-token')?.getAttribute('value') ?? '';
      expect(token).toMatch(TOKEN_PATTERN);
      const direct = await tokens.create({ accountId: account.id, role: 'admin', authorId: null, name: 'Ada Admin' }, { name: 'Direct', role: 'contributor' });
      for (const tk of [token, direct.token]) {
        expect((await app.inject({ url: '/api/v1/newsroom/articles', headers: { authorization: `Bearer ${tk}` } })).statusCode).toBe(200);
        expect((await app.inject({ method: 'POST', url: '/api/v1/sections', headers: { authorization: `Bearer ${tk}` }, payload: { name: 'X' } })).statusCode).toBeGreaterThanOrEqual(200);
      }
      await tokens.revoke({ accountId: account.id, role: 'admin', authorId: null, name: 'Ada Admin' }, direct.id);
      expect((await app.inject({ url: '/api/v1/articles', headers: { authorization: `Bearer ${direct.token}` } })).statusCode).toBe(401);
      const log = lines.join('');
      expect(log).toContain('"tokenId"');
      for (const tk of [token, direct.token]) {
        expect(log).not.toContain(tk.slice(3));
        expect(log).not.toContain(tokenHash(tk));
      }
    } finally {
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
