import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/db/schema.js';
import { createSmtpMailer } from '../../src/platform/mailer.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext, text } from '../helpers/app.js';
import { buildArticle, buildAuthor } from '../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'violet lantern over quiet harbour';
const LINK = new RegExp(`${TEST_SITE_URL.replace(/\./g, '\\.')}(/admin/invitation/[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`);

describe('staff management at /admin/staff', () => {
  let t: TestContext;
  let smtp: TestSmtpServer;
  let seq = 0;
  const browser = () => adminClient(t.app, `198.51.100.${++seq}`);
  let n = 0;
  const account = (role: Role, over: { authorId?: number } = {}) => t.services.accounts.create({ email: `member${++n}@example.org`, name: `Member ${n}`, role, password: PASSWORD, ...over });

  /** A browser signed in as a new account of this role. */
  async function signedIn(role: Role) {
    const a = await account(role);
    const c = browser();
    expect((await c.signIn(a.email, PASSWORD)).statusCode).toBe(303);
    return { account: a, c };
  }

  /** Post a form of a staff page as that page's browser would. */
  async function submit(c: ReturnType<typeof browser>, page: string, action: string, form: Record<string, string> = {}) {
    const _csrf = await c.csrfFrom(page);
    return c.post(action, { _csrf, ...form });
  }

  const auditOf = (id: number) => t.services.audit.forSubject('account', id);
  const errorOn = (html: string) => text(parse(html).querySelector('.form-error'));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ mailer: createSmtpMailer(smtp.url, 'Broadsheet <no-reply@news.example.test>') });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('lists staff with role, status, last sign-in and two-step, and is in the admin nav for admins only', async () => {
    const { account: admin, c } = await signedIn('admin');
    const other = await account('editor');
    const res = await c.get('/admin/staff');
    expect(res.statusCode).toBe(200);
    const doc = parse(res.body);
    expect(doc.querySelector('nav a[href="/admin/staff"]')).not.toBeNull();
    const row = [...doc.querySelectorAll('tbody tr')].find((r) => text(r).includes(other.email))!;
    expect(text(row)).toContain('editor');
    expect(text(row)).toContain('Active');
    expect(text(row)).toContain('Never');
    expect(text(row)).toContain('Off');
    const mine = [...doc.querySelectorAll('tbody tr')].find((r) => text(r).includes(admin.email))!;
    expect(mine.querySelector('time')).not.toBeNull();

    const { c: editor } = await signedIn('editor');
    expect((await editor.get('/admin/staff')).statusCode).toBe(403);
    expect(parse((await editor.get('/admin')).body).querySelector('a[href="/admin/staff"]')).toBeNull();
    expect((await submit(editor, '/admin', '/admin/staff/invite', { email: 'x@example.org', name: 'X', role: 'admin' })).statusCode).toBe(403);
    expect((await browser().get('/admin/staff')).statusCode).toBe(303);
  });

  it('invites by email; the link sets a password once and the person signs in', async () => {
    const { account: admin, c } = await signedIn('admin');
    const res = await submit(c, '/admin/staff', '/admin/staff/invite', { email: 'New.Reporter@Example.org', name: 'Nia Reporter', role: 'author' });
    expect(res.statusCode).toBe(303);
    const mails = smtp.to('new.reporter@example.org');
    expect(mails).toHaveLength(1);
    const path = LINK.exec(mails[0]!.text)![1]!;
    const list = await c.get('/admin/staff');
    expect(text([...parse(list.body).querySelectorAll('tbody tr')].find((r) => text(r).includes('new.reporter@example.org')))).toContain('Invited');
    // No password signs in before the invitation is accepted.
    expect((await browser().signIn('new.reporter@example.org', '')).statusCode).not.toBe(303);

    const guest = browser();
    const page = await guest.get(path);
    expect(page.statusCode).toBe(200);
    expect(text(parse(page.body).querySelector('h1'))).toContain('Nia Reporter');
    const mismatch = await submit(guest, path, path, { password: NEW_PASSWORD, confirmation: 'something else entirely' });
    expect(mismatch.statusCode).toBe(422);
    const done = await submit(guest, path, path, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect((await browser().signIn('new.reporter@example.org', NEW_PASSWORD)).statusCode).toBe(303);
    expect((await browser().get(path)).statusCode).toBe(410);

    const invited = (await t.services.accounts.list()).find((a) => a.email === 'new.reporter@example.org')!;
    expect(invited.role).toBe('author');
    const actions = (await auditOf(invited.id)).map((e) => [e.action, e.accountId]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['account.invite', admin.id],
        ['account.invitation_accepted', invited.id],
      ]),
    );
  });

  it('refuses an invitation for an existing account, a bad address, and a form without CSRF', async () => {
    const { c } = await signedIn('admin');
    const existing = await account('editor');
    const taken = await submit(c, '/admin/staff', '/admin/staff/invite', { email: existing.email, name: 'Someone', role: 'author' });
    expect(taken.statusCode).toBe(409);
    expect(errorOn(taken.body)).toContain('already exists');
    const bad = await submit(c, '/admin/staff', '/admin/staff/invite', { email: 'not an address', name: 'Someone', role: 'author' });
    expect(bad.statusCode).toBe(422);
    const noCsrf = await c.post('/admin/staff/invite', { email: 'csrf@example.org', name: 'C', role: 'author' });
    expect(noCsrf.statusCode).toBe(403);
    expect((await t.services.accounts.list()).some((a) => a.email === 'csrf@example.org')).toBe(false);
    const noCsrfDisable = await c.post(`/admin/staff/${existing.id}/disable`, { confirm: 'yes' });
    expect(noCsrfDisable.statusCode).toBe(403);
    expect((await t.services.accounts.byId(existing.id))!.disabled).toBe(false);
  });

  it('changes a role, which applies on the next request', async () => {
    const { account: admin, c } = await signedIn('admin');
    const { account: mod, c: modBrowser } = await signedIn('moderator');
    expect((await modBrowser.get('/admin/sections')).statusCode).toBe(403);
    const res = await submit(c, `/admin/staff/${mod.id}`, `/admin/staff/${mod.id}/role`, { role: 'editor' });
    expect(res.statusCode).toBe(303);
    expect((await modBrowser.get('/admin/sections')).statusCode).toBe(200);
    expect((await auditOf(mod.id)).find((e) => e.action === 'account.role')).toMatchObject({ accountId: admin.id, details: { from: 'moderator', to: 'editor' } });
  });

  it('disabling ends the open session on its next request and revokes its API tokens; enabling lets it sign in again', async () => {
    const { c } = await signedIn('admin');
    const { account: victim, c: theirs } = await signedIn('admin');
    const created = await t.services.tokens.create({ accountId: victim.id, role: 'admin', authorId: null, name: victim.name }, { name: 'Their sync', role: 'editor' });
    const api = () => t.app.inject({ url: '/api/v1/newsroom/articles', headers: { authorization: `Bearer ${created.token}` } });
    expect((await api()).statusCode).toBe(200);
    expect((await theirs.get('/admin')).statusCode).toBe(200);

    const unconfirmed = await submit(c, `/admin/staff/${victim.id}`, `/admin/staff/${victim.id}/disable`);
    expect(unconfirmed.statusCode).toBe(422);
    expect((await theirs.get('/admin')).statusCode).toBe(200);

    expect((await submit(c, `/admin/staff/${victim.id}`, `/admin/staff/${victim.id}/disable`, { confirm: 'yes' })).statusCode).toBe(303);
    const next = await theirs.get('/admin');
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toContain('/admin/sign-in');
    expect((await api()).statusCode).toBe(401);
    expect((await browser().signIn(victim.email, PASSWORD)).statusCode).not.toBe(303);
    const entry = (await auditOf(victim.id)).find((e) => e.action === 'account.disable')!;
    expect(entry.details).toMatchObject({ sessionsEnded: 1, tokensRevoked: 1 });

    expect((await submit(c, `/admin/staff/${victim.id}`, `/admin/staff/${victim.id}/enable`)).statusCode).toBe(303);
    expect((await browser().signIn(victim.email, PASSWORD)).statusCode).toBe(303);
    expect((await auditOf(victim.id)).map((e) => e.action)).toContain('account.enable');
  });

  it('refuses to demote, disable or delete the last active admin, and any change to yourself', async () => {
    // A fresh site, where exactly one admin is active.
    const solo = await createTestApp();
    try {
      const admin = await solo.services.accounts.create({ email: 'only@example.org', name: 'Only Admin', role: 'admin', password: PASSWORD });
      const actor = { accountId: null, role: 'admin' as const, authorId: null, name: 'API token' };
      await expect(solo.services.staff.changeRole(actor, admin.id, 'editor')).rejects.toMatchObject({ status: 409 });
      await expect(solo.services.staff.disable(actor, admin.id)).rejects.toMatchObject({ status: 409 });
      await expect(solo.services.staff.remove(actor, admin.id, null)).rejects.toMatchObject({ status: 409 });
      expect((await solo.services.accounts.byId(admin.id))!).toMatchObject({ role: 'admin', disabled: false });
      const c = adminClient(solo.app, '203.0.113.9');
      await c.signIn('only@example.org', PASSWORD);
      const self = await c.get(`/admin/staff/${admin.id}`);
      expect(self.statusCode).toBe(200);
      expect(parse(self.body).querySelector(`form[action$="/disable"]`)).toBeNull();
      const _csrf = await c.csrfFrom('/admin/staff');
      const res = await c.post(`/admin/staff/${admin.id}/disable`, { _csrf, confirm: 'yes' });
      expect(res.statusCode).toBe(409);
      // A second admin makes demoting the first possible, but still not by themself.
      const second = await solo.services.accounts.create({ email: 'second@example.org', name: 'Second Admin', role: 'admin', password: PASSWORD });
      await expect(solo.services.staff.changeRole({ ...actor, accountId: admin.id }, admin.id, 'editor')).rejects.toMatchObject({ status: 409 });
      await expect(solo.services.staff.changeRole({ ...actor, accountId: admin.id }, second.id, 'editor')).resolves.toMatchObject({ role: 'editor' });
    } finally {
      await solo.close();
    }
  });

  it('deletes an account and gives its bylines to another author', async () => {
    const { account: admin, c } = await signedIn('admin');
    const leaving = await buildAuthor(t.services, { name: 'Leaving Writer' });
    const staying = await buildAuthor(t.services, { name: 'Staying Writer' });
    const member = await account('author', { authorId: leaving.id });
    const now = t.clock.now();
    const solo = await buildArticle(t.services, now, { authorIds: [leaving.id] });
    const shared = await buildArticle(t.services, now, { authorIds: [leaving.id, staying.id] });
    const page = `/admin/staff/${member.id}`;

    const noChoice = await submit(c, page, `${page}/delete`, { confirm: 'yes', bylinesTo: '' });
    expect(noChoice.statusCode).toBe(422);
    expect(errorOn(noChoice.body)).toContain('bylines');

    expect((await submit(c, page, `${page}/delete`, { confirm: 'yes', bylinesTo: String(staying.id) })).statusCode).toBe(303);
    expect(await t.services.accounts.byId(member.id)).toBeUndefined();
    const bylines = await t.database.db.selectFrom('article_authors').selectAll().where('article_id', 'in', [solo.id, shared.id]).orderBy('article_id').execute();
    expect(bylines.map((b) => [b.article_id, b.author_id])).toEqual([
      [solo.id, staying.id],
      [shared.id, staying.id],
    ]);
    expect((await auditOf(member.id)).find((e) => e.action === 'account.delete')).toMatchObject({ accountId: admin.id, details: { bylinesTo: staying.id, bylinesMoved: 2 } });
    expect((await c.get(page)).statusCode).toBe(404);
  });

  it("resets another account's two-step sign-in", async () => {
    const { account: admin, c } = await signedIn('admin');
    const member = await account('editor');
    await t.database.db
      .insertInto('staff_two_factor')
      .values({ account_id: member.id, secret: 'JBSWY3DPEHPK3PXP', pending_secret: null, last_used_step: null, enabled_at: now(), updated_at: now() })
      .execute();
    await t.database.db
      .insertInto('staff_recovery_codes')
      .values({ account_id: member.id, code_hash: 'x'.repeat(64), created_at: now(), used_at: null })
      .execute();
    const page = `/admin/staff/${member.id}`;
    // With two-step sign-in on, a right password leads to the code step, not into the newsroom.
    expect((await browser().signIn(member.email, PASSWORD)).headers.location).not.toBe('/admin');
    expect(text(parse((await c.get(page)).body).querySelector('.staff-facts'))).toContain('On');
    expect((await submit(c, page, `${page}/two-step/reset`, { confirm: 'yes' })).statusCode).toBe(303);
    expect(await t.database.db.selectFrom('staff_recovery_codes').selectAll().where('account_id', '=', member.id).execute()).toEqual([]);
    expect((await browser().signIn(member.email, PASSWORD)).headers.location).toBe('/admin');
    expect((await auditOf(member.id)).find((e) => e.action === 'account.two_step_reset')?.accountId).toBe(admin.id);
    function now() {
      return t.clock.now().toISOString();
    }
  });
});
