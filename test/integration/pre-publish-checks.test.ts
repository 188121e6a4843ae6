import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

/*
 * The pre-publish checklist read for the right moment (docs/pre-publish-checks.md):
 * the API, the editor and the publish gate read a story's dates for
 * `?publishAt=` when given, else for the story's own date (scheduled, or an
 * original publication date), else now; warnings show their evidence and
 * notes are told apart from them.
 */

const PASSWORD = 'correct horse battery staple';
const NOW = '2024-03-29T15:00:00.000Z'; // Friday, March 29, 2024, 10 a.m. in Chicago
const TZ = 'America/Chicago';

const NAPLES =
  'Seventy-nine years ago to the day, the first fishing boats slipped back into the harbour at Naples. By the end of September 1943, the city had risen against its garrison, and the port was working again within weeks.';

interface Check {
  id: string;
  severity: 'blocker' | 'warning' | 'note';
  message: string;
  excerpt?: string;
}

describe('the pre-publish checklist, read for a publication time', () => {
  let t: TestContext;
  let editor: Actor;
  let token: string;
  let ed: ReturnType<typeof adminClient>;
  let seq = 0;

  const base = '/api/v1/newsroom/articles';
  const api = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  const create = async (body: string, over: Record<string, unknown> = {}) => {
    const res = await api('POST', base, { headline: `Naples remembers ${++seq}`, dek: 'A brass band played on the quay.', body, ...over });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data as { id: number; version: number };
  };
  const checklist = async (id: number, query = '') => {
    const res = await api('GET', `${base}/${id}/checklist${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { data: Check[]; meta: { blockers: number; warnings: number; notes: number } };
  };
  const serious = (list: Check[]) => list.filter((c) => c.severity !== 'note');

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await t.services.settings.update({ timezone: TZ });
    const account = await t.services.accounts.create({ email: 'editor@example.org', name: 'Ed Itor', role: 'editor', password: PASSWORD });
    editor = { accountId: account.id, role: 'editor', authorId: null, name: account.name };
    const admin = await t.services.accounts.create({ email: 'admin@example.org', name: 'Ad Min', role: 'admin', password: PASSWORD });
    token = (await t.services.tokens.create({ accountId: admin.id, role: 'admin', authorId: null, name: admin.name }, { name: 'desk', role: 'editor' })).token;
    ed = adminClient(t.app);
    expect((await ed.signIn('editor@example.org', PASSWORD)).statusCode).toBe(303);
  });
  afterAll(() => t?.close());

  it('warns on the anniversary for March 29, 2024, with both dates, and only notes it for September 29, 2022', async () => {
    const { id } = await create(NAPLES);
    const march = await checklist(id, '?publishAt=2024-03-29T10:00:00-05:00');
    expect(march.data).toEqual([
      {
        id: 'anniversary',
        severity: 'warning',
        message:
          'Seventy-nine years before March 29, 2024 is March 29, 1945, while the text dates the event to September 1943: “Seventy-nine years ago to the day” does not fit. Check the count, the date in the text, or the publication date.',
        excerpt: 'Seventy-nine years ago to the day, the first fishing boats slipped…',
      },
    ]);
    expect(march.meta).toEqual({ blockers: 0, warnings: 1, notes: 0 });

    const september = await checklist(id, '?publishAt=2022-09-29T10:00:00-05:00');
    expect(serious(september.data)).toEqual([]);
    expect(september.data).toEqual([expect.objectContaining({ id: 'anniversary', severity: 'note', message: expect.stringContaining('matching September 1943 in the text') })]);
    expect(september.meta).toEqual({ blockers: 0, warnings: 0, notes: 1 });

    // Without publishAt, a draft with no date is read for now: March 29, 2024.
    expect((await checklist(id)).data.map((c) => `${c.severity} ${c.id}`)).toEqual(['warning anniversary']);
  });

  it('reads a back-dated story for its own date, and a scheduled one for its time, unless publishAt says otherwise', async () => {
    const dated = await create(NAPLES, { publishedAt: '2022-09-29T10:00:00-05:00' });
    expect(serious((await checklist(dated.id)).data)).toEqual([]);
    expect((await checklist(dated.id, '?publishAt=2024-03-29T10:00:00-05:00')).data.map((c) => `${c.severity} ${c.id}`)).toEqual(['warning anniversary']);

    const meeting = await create('The council meets tomorrow, Tuesday, April 2, to vote on the pier lease.');
    const scheduled = await api('POST', `${base}/${meeting.id}/transitions`, { transition: 'schedule', publishAt: '2024-04-01T09:00:00-05:00' });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect((await checklist(meeting.id)).data.map((c) => `${c.severity} ${c.id}`)).toEqual(['note relative-time']);
    const early = (await checklist(meeting.id, '?publishAt=2024-03-29T10:00:00-05:00')).data;
    expect(early).toEqual([
      expect.objectContaining({
        id: 'relative-time',
        severity: 'warning',
        message: expect.stringContaining('“tomorrow” is Saturday, March 30 for a story published Friday, March 29, but the text gives the date as April 2, 2024'),
      }),
    ]);
  });

  it('lets warnings and notes through the publish gate; only blockers stop it', async () => {
    const { id, version } = await create(NAPLES);
    expect(serious(await t.services.editorial.checklist(editor, id))).toHaveLength(1);
    const published = await api('POST', `${base}/${id}/transitions`, { transition: 'publish', baseVersion: version });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().data.status).toBe('published');
  });

  it('shows notes apart from warnings in the editor, in words as well as style', async () => {
    const { id } = await create(NAPLES);
    const item = (html: string) => parse(html).querySelector('.checklist [data-check="anniversary"]');

    const march = await ed.get(`/admin/articles/${id}?publishAt=2024-03-29T10:00`);
    expect(march.statusCode).toBe(200);
    expect(item(march.body)?.getAttribute('class')).toBe('check check--warning');
    expect(text(item(march.body)?.querySelector('.check__severity'))).toBe('Warning');
    expect(text(item(march.body)?.querySelector('.check__message'))).toContain('is March 29, 1945, while the text dates the event to September 1943');
    expect(text(parse(march.body).querySelector('#checklist-results > .field-help'))).toBe('Checked on the saved version. 0 blockers, 1 warning, 0 notes.');

    const september = await ed.get(`/admin/articles/${id}?publishAt=2022-09-29T10:00`);
    expect(item(september.body)?.getAttribute('class')).toBe('check check--note');
    expect(item(september.body)?.getAttribute('data-severity')).toBe('note');
    expect(text(item(september.body)?.querySelector('.check__severity'))).toBe('Note');
    expect(parse(september.body).querySelector('.check--warning')).toBeNull();
    expect(text(parse(september.body).querySelector('#checklist-results > .field-help'))).toBe(
      'Checked on the saved version. 0 blockers, 0 warnings, 1 note. Notes are reminders about words that are right for this date but will age.',
    );
  });

  it("documents the note severity and count in the checklist's OpenAPI schema", async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const schema = doc.paths['/api/v1/newsroom/articles/{id}/checklist'].get.responses['200'].content['application/json'].schema;
    expect(schema.properties.data.items.properties.severity.enum).toEqual(['blocker', 'warning', 'note']);
    expect(Object.keys(schema.properties.meta.properties)).toEqual(['blockers', 'warnings', 'notes']);
  });
});
