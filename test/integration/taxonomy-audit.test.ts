import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle, buildSection } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';

/** Deleting and merging sections and tags, and changing settings, are in the audit log with who did it. */
describe('audit log: sections, tags and settings', () => {
  let t: TestContext;
  let admin: ReturnType<typeof adminClient>;
  let adminId: number;

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    adminId = (await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD })).id;
    admin = adminClient(t.app);
    await admin.signIn('admin@example.org', PASSWORD);
  });
  afterAll(() => t?.close());

  async function post(page: string, action: string, form: Record<string, string> = {}) {
    const _csrf = await admin.csrfFrom(page);
    return admin.post(action, { _csrf, ...form });
  }

  it('records a section deletion with its name and slug', async () => {
    const section = await buildSection(t.services, { name: 'Obituaries', slug: 'obituaries' });
    expect((await post(`/admin/sections/${section.id}`, `/admin/sections/${section.id}/delete`)).statusCode).toBe(303);
    expect(await t.services.audit.forSubject('section', section.id)).toEqual([
      expect.objectContaining({ accountId: adminId, action: 'section.delete', details: { name: 'Obituaries', slug: 'obituaries' } }),
    ]);
  });

  it('records tag merges and deletions', async () => {
    await buildArticle(t.services, t.clock.now(), { tags: ['Floods', 'Flooding', 'Drought'] });
    const tags = new Map((await t.services.sections.listTagsWithCounts()).map((x) => [x.name, x]));
    const [floods, flooding, drought] = [tags.get('Floods')!, tags.get('Flooding')!, tags.get('Drought')!];
    expect((await post(`/admin/tags/${flooding.id}`, `/admin/tags/${flooding.id}/merge`, { into: String(floods.id) })).statusCode).toBe(303);
    expect(await t.services.audit.forSubject('tag', flooding.id)).toEqual([
      expect.objectContaining({ accountId: adminId, action: 'tag.merge', details: { name: 'Flooding', slug: flooding.slug, intoId: floods.id, intoName: 'Floods', articles: 1 } }),
    ]);
    expect((await post(`/admin/tags/${drought.id}`, `/admin/tags/${drought.id}/delete`)).statusCode).toBe(303);
    expect(await t.services.audit.forSubject('tag', drought.id)).toEqual([expect.objectContaining({ accountId: adminId, action: 'tag.delete', details: { name: 'Drought', slug: drought.slug } })]);
  });

  it('records which settings changed, old and new, and nothing when none did', async () => {
    const before = await t.services.settings.get();
    const form = {
      name: 'The Harbour Herald',
      tagline: before.tagline,
      timezone: before.timezone,
      locale: before.locale,
      commentsCloseAfterDays: String(before.commentsCloseAfterDays ?? ''),
      commentsPerPage: String(before.commentsPerPage),
    };
    expect((await post('/admin/settings', '/admin/settings', form)).statusCode).toBe(303);
    const entries = () => t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.update').execute();
    const [entry] = await entries();
    expect(entry?.account_id).toBe(adminId);
    const { changes } = JSON.parse(entry!.details) as { changes: Record<string, unknown> };
    expect(changes.name).toEqual({ from: before.name, to: 'The Harbour Herald' });
    expect(Object.keys(changes)).not.toContain('tagline');
    // The same form again changes nothing, and records nothing.
    expect((await post('/admin/settings', '/admin/settings', form)).statusCode).toBe(303);
    expect(await entries()).toHaveLength(1);
  });
});
