import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/platform/mailer.js';
import type { Role } from '../../src/platform/db/schema.js';
import { createTestApp, TEST_SITE_URL, type TestContext } from '../helpers/app.js';
import { buildArticle, buildAuthor } from '../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const PASSWORD = 'correct horse battery staple';
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/*
 * /api/v1/staff: the staff page's powers for admins' API tokens, under the
 * same rules (docs/accounts.md): invitations by email, roles, disabling
 * (which ends sessions and revokes tokens at once), deleting with bylines
 * handed on, and resetting a lost two-step sign-in.
 */
describe('the staff API', () => {
  let t: TestContext;
  let smtp: TestSmtpServer;
  const token = {} as Record<'admin' | 'editor', string>;
  let n = 0;
  const account = (role: Role, over: { authorId?: number } = {}) => t.services.accounts.create({ email: `api-member${++n}@example.org`, name: `API Member ${n}`, role, password: PASSWORD, ...over });
  const api = (method: Method, url: string, bearer: string | null = token.admin, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: bearer ? { authorization: `Bearer ${bearer}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ mailer: createSmtpMailer(smtp.url, 'Broadsheet <no-reply@news.example.test>') });
    const admin = await account('admin');
    const actor = { accountId: admin.id, role: 'admin' as const, authorId: null, name: admin.name };
    token.admin = (await t.services.tokens.create(actor, { name: 'Staff robot', role: 'admin' })).token;
    token.editor = (await t.services.tokens.create(actor, { name: 'Desk robot', role: 'editor' })).token;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('lists and shows accounts to admins’ tokens only, without secrets', async () => {
    const editor = await account('editor');
    const list = await api('GET', '/staff');
    expect(list.statusCode).toBe(200);
    const row = list.json().data.find((m: { id: number }) => m.id === editor.id);
    expect(row).toMatchObject({ email: editor.email, role: 'editor', status: 'active', twoStep: false, lastSignInAt: null });
    expect(Object.keys(row).sort()).toEqual(['authorId', 'createdAt', 'disabledAt', 'email', 'id', 'lastSignInAt', 'name', 'role', 'status', 'twoStep']);
    expect((await api('GET', `/staff/${editor.id}`)).json().data.id).toBe(editor.id);
    expect((await api('GET', '/staff/999999')).statusCode).toBe(404);
    expect((await api('GET', '/staff', null)).statusCode).toBe(401);
    const refused = await api('GET', '/staff', token.editor);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe("This token's role (editor) may not manage staff accounts.");
    expect((await api('GET', '/staff', 'bs_not-a-real-token')).statusCode).toBe(401);
  });

  it('invites by email, and refuses a bad address, an unknown role, an unknown field and an address in use', async () => {
    const before = smtp.messages.length;
    const res = await api('POST', '/staff', token.admin, { email: 'Desk.Editor@Example.org', name: 'Dee Desk', role: 'editor' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ data: { email: 'desk.editor@example.org', role: 'editor', status: 'invited' }, resent: false });
    await expect.poll(() => smtp.messages.length).toBe(before + 1);
    expect(smtp.messages.at(-1)!.text).toContain(`${TEST_SITE_URL}/admin/invitation/`);

    const again = await api('POST', '/staff', token.admin, { email: 'desk.editor@example.org', name: 'Dee Desk', role: 'editor' });
    expect(again.json().resent).toBe(true);
    const taken = await account('author');
    expect((await api('POST', '/staff', token.admin, { email: taken.email, name: 'Someone', role: 'author' })).statusCode).toBe(409);
    expect((await api('POST', '/staff', token.admin, { email: 'not an address', name: 'Someone', role: 'author' })).statusCode).toBe(422);
    const role = await api('POST', '/staff', token.admin, { email: 'x@example.org', name: 'X', role: 'owner' });
    expect(role.statusCode).toBe(422);
    expect(role.json().error.message).toContain('"owner" is not a role');
    expect((await api('POST', '/staff', token.admin, { email: 'y@example.org', name: 'Y', role: 'author', password: 'nope' })).statusCode).toBe(400);
    expect((await api('POST', '/staff', token.editor, { email: 'z@example.org', name: 'Z', role: 'author' })).statusCode).toBe(403);
  });

  it('changes a role, disables (ending sessions and revoking tokens) and enables, all audited', async () => {
    // An admin, so that it can make a token of its own; tokens go with the account that made them.
    const member = await account('admin');
    const memberActor = { accountId: member.id, role: 'admin' as const, authorId: null, name: member.name };
    const theirs = (await t.services.tokens.create(memberActor, { name: 'Their robot', role: 'moderator' })).token;
    expect((await api('GET', '/moderation/comments', theirs)).statusCode).not.toBe(401);

    const role = await api('PATCH', `/staff/${member.id}`, token.admin, { role: 'editor' });
    expect(role.statusCode).toBe(200);
    expect(role.json().data.role).toBe('editor');

    const disabled = await api('PATCH', `/staff/${member.id}`, token.admin, { disabled: true });
    expect(disabled.json().data).toMatchObject({ status: 'disabled' });
    expect((await api('GET', '/moderation/comments', theirs)).statusCode).toBe(401);

    const enabled = await api('PATCH', `/staff/${member.id}`, token.admin, { disabled: false, role: 'author' });
    expect(enabled.json().data).toMatchObject({ status: 'active', role: 'author' });
    // Its revoked tokens stay revoked.
    expect((await api('GET', '/moderation/comments', theirs)).statusCode).toBe(401);

    const actions = (await t.services.audit.forSubject('account', member.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['account.role', 'account.disable', 'account.enable']));
    expect((await api('PATCH', `/staff/${member.id}`, token.admin, {})).statusCode).toBe(400);
    expect((await api('PATCH', `/staff/${member.id}`, token.admin, { role: 'owner' })).statusCode).toBe(422);
    expect((await api('PATCH', `/staff/${member.id}`, token.admin, { disabled: 'yes' })).statusCode).toBe(400);
    expect((await api('PATCH', '/staff/999999', token.admin, { disabled: true })).statusCode).toBe(404);
  });

  it('never leaves the site without an active admin', async () => {
    const admins = (await api('GET', '/staff')).json().data.filter((m: { role: string; status: string }) => m.role === 'admin' && m.status === 'active');
    // Demote every admin but the last; the last is refused.
    for (const a of admins.slice(1)) expect((await api('PATCH', `/staff/${a.id}`, token.admin, { role: 'editor' })).statusCode).toBe(200);
    const last = admins[0];
    const refused = await api('PATCH', `/staff/${last.id}`, token.admin, { disabled: true });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('without an active admin');
    expect((await api('DELETE', `/staff/${last.id}`)).statusCode).toBe(409);
    expect((await api('GET', `/staff/${last.id}`)).json().data).toMatchObject({ role: 'admin', status: 'active' });
  });

  it('deletes an account, handing its bylines to another author', async () => {
    const leaving = await buildAuthor(t.services, { name: 'Lee Leaving' });
    const staying = await buildAuthor(t.services, { name: 'Sam Staying' });
    const member = await account('author', { authorId: leaving.id });
    const story = await buildArticle(t.services, t.clock.now(), { authorIds: [leaving.id] });

    const noChoice = await api('DELETE', `/staff/${member.id}`);
    expect(noChoice.statusCode).toBe(422);
    expect(noChoice.json().error.message).toContain('takes over');
    expect((await api('DELETE', `/staff/${member.id}?bylinesTo=0`)).statusCode).toBe(400);
    expect((await api('DELETE', `/staff/${member.id}?bylinesTo=999999`)).statusCode).toBe(422);

    const res = await api('DELETE', `/staff/${member.id}?bylinesTo=${staying.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { bylinesMoved: 1 } });
    expect((await api('GET', `/staff/${member.id}`)).statusCode).toBe(404);
    const bylines = await t.database.db.selectFrom('article_authors').select('author_id').where('article_id', '=', story.id).execute();
    expect(bylines.map((b) => b.author_id)).toEqual([staying.id]);
  });

  it('says there is nothing to reset for an account without two-step sign-in', async () => {
    const member = await account('editor');
    const res = await api('DELETE', `/staff/${member.id}/two-step`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('does not have two-step sign-in on');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/staff', '/api/v1/staff/{id}', '/api/v1/staff/{id}/two-step']));
  });
});
