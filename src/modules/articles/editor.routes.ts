import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { ArticleStatus } from '../../platform/db/schema.js';
import { badRequest, isAppError, notFound } from '../../platform/errors.js';
import { requireCsrf } from '../../platform/csrf.js';
import { parsePage } from '../../platform/pagination.js';
import { IdPath } from '../../platform/route-schemas.js';
import { missingOrForbidden, submitForm } from '../../views/forms.js';
import { sendPage } from '../../views/render.js';
import type { Services } from '../../services.js';
import { can } from '../accounts/permissions.js';
import { type AdminContext, type AdminPlugin, actorOf } from '../admin/admin.context.js';
import { pathId } from '../admin/admin.forms.js';
import { excerptFrom } from '../markdown/markdown.text.js';
import { imageMarkdown } from '../markdown/news-blocks.js';
import { writingGuideHtml } from '../markdown/writing-guide.js';
import type { Actor, ArticleFields, EditableArticle } from './editorial.types.js';
import { ARTICLE_BODY_LIMIT, parseArticleForm, parseLocalDateTime, parseVersion, type SubmittedForm, value, withoutUntouchedDate } from './editor.form.js';
import { editorPages, fieldsOf, typedValues } from './editor.render.js';
import { type ArticleListQuery, ArticleListPage, NewArticlePage } from './views/article-list-page.js';
import { ChecklistResults, STATUSES } from './views/editor-components.js';
import { type ChecklistTime, type ConflictInfo, FIELD_LABEL } from './views/editor-props.js';
import type { CheckResult } from '../checks/checks.types.js';
import { WritingGuidePage } from './views/writing-guide-page.js';

/*
 * The editor's own pages: the list of articles, a new draft, the editor
 * (form posts and JSON autosave) and the writing guide it links to.
 */

const PER_PAGE = 25;

/** Notices after an upload from the editor: they name the image (by number) and give its Markdown. */
const IMAGE_NOTICES = new Set(['image', 'image-featured']);

/** What the editor says after each step; never text from the request. */
const NOTICES: Record<string, string> = {
  created: 'Draft created. Write the story, then save.',
  saved: 'Saved.',
  submit: 'Submitted for review.',
  'return-to-draft': 'Returned to draft.',
  publish: 'Published. Readers can see it now.',
  schedule: 'Scheduled.',
  unschedule: 'Unscheduled: it is a draft again.',
  unpublish: 'Unpublished: readers can no longer see it.',
  'live-update': 'Live update posted.',
  correction: 'Correction appended.',
  restored: 'Restored: the old version is now the newest one.',
};

/** The list's search and filters, refused with a 400 naming them when they do not fit (a long search is cut short). */
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 2000 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  section: Type.Optional(Type.String({ maxLength: 20 })),
  mine: Type.Optional(Type.String()),
  page: Type.Optional(Type.String({ maxLength: 20 })),
});

/** A notice key after a step (unknown ones show nothing), the image an upload notice names, and a publication time to check for. */
const EditorQuery = Type.Object({ notice: Type.Optional(Type.String()), image: Type.Optional(Type.String()), publishAt: Type.Optional(Type.String({ maxLength: 40 })) });

const isJson = (req: FastifyRequest) =>
  String(req.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('application/json');

function parseListQuery(q: Static<typeof ListQuery>): ArticleListQuery {
  const status = q.status?.trim() ?? '';
  if (status !== '' && !(STATUSES as string[]).includes(status)) throw badRequest(`"${status}" is not a status; use one of ${STATUSES.join(', ')}.`);
  const section = q.section?.trim() ?? '';
  if (section !== '' && !/^\d{1,9}$/.test(section)) throw badRequest('"section" must be a section id.');
  const mine = q.mine ?? '';
  return { q: (q.q ?? '').trim().slice(0, 200), status: status as ArticleStatus | '', sectionId: section === '' ? null : Number(section), mine: mine !== '' && mine !== '0' };
}

/** An empty excerpt means "from the body": send the one the body gives, so it follows the body. */
function withExcerpt(fields: Partial<ArticleFields>, storedBody: () => Promise<string>): Promise<Partial<ArticleFields>> | Partial<ArticleFields> {
  if (fields.excerpt === undefined || fields.excerpt.trim() !== '') return fields;
  if (fields.body !== undefined) return { ...fields, excerpt: excerptFrom(fields.body) };
  return storedBody().then((body) => ({ ...fields, excerpt: excerptFrom(body) }));
}

/** A save refused because the article moved on: what changed, and the version a second Save replaces. */
async function conflictInfo(editorial: Services['editorial'], actor: Actor, current: EditableArticle, baseVersion: number): Promise<ConflictInfo> {
  let changed: string[] = [];
  let diffHref: string | null = null;
  try {
    const d = await editorial.diff(actor, current.id, baseVersion, current.version);
    const moved = (lines: { op: string }[]) => lines.some((l) => l.op !== 'same');
    changed = [
      ...(moved(d.headline) ? ['headline'] : []),
      ...(moved(d.dek) ? ['dek'] : []),
      ...(moved(d.body) ? ['body'] : []),
      ...Object.keys(d.fields).map((k) => (FIELD_LABEL[k as keyof ArticleFields] ?? k).toLowerCase()),
    ];
    diffHref = `/admin/articles/${current.id}/revisions/diff?from=${baseVersion}&to=${current.version}`;
  } catch {
    // No revision for the old version: say what we can.
  }
  return { currentVersion: current.version, savedAt: current.modifiedAt, changed, diffHref };
}

/** The checklist read for a publication at a time typed in the site's zone, or why that time cannot be used (the checklist then reads the story's own date). */
async function checklistAt(editorial: Services['editorial'], actor: Actor, id: number, typed: string, timezone: string): Promise<{ checkAt: ChecklistTime; checklist?: CheckResult[] }> {
  try {
    const iso = parseLocalDateTime(typed, timezone, 'The publication time to check for (publishAt)')!;
    return { checkAt: { value: typed, iso }, checklist: await editorial.checklist(actor, id, { publishAt: iso }) };
  } catch (err) {
    if (!isAppError(err) || err.status !== 422) throw err;
    return { checkAt: { value: typed, iso: null, error: err.message } };
  }
}

/**
 * Autosave: the editor's script posts the form as JSON; the answer is JSON
 * too, with the checklist of the version just saved (its results, and the
 * same markup the page shows, for the script to put in place).
 */
async function autosave({ services, requireStaff }: AdminContext, req: FastifyRequest, reply: FastifyReply, id: number) {
  const editorial = services.editorial;
  const fail = (status: number, code: string, message: string) => reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
  if (!req.account) return fail(401, 'signed_out', 'You have been signed out, so this was not saved. Sign in again in another tab, then save.');
  try {
    await req.verifyCsrf();
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const actor = actorOf(account);
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Send the form as a JSON object.');
    const form = body as SubmittedForm;
    const baseVersion = parseVersion(value(form, 'baseVersion'));
    if (baseVersion === undefined) throw badRequest('Saving needs the version the editor started from (baseVersion).');
    const { timezone } = await services.settings.get();
    try {
      const stored = await editorial.get(actor, id);
      const fields = withoutUntouchedDate(await withExcerpt(parseArticleForm(form, timezone), async () => stored.body), form, stored.publishedAt, timezone);
      const saved = await editorial.update(actor, id, fields, baseVersion, { autosave: true });
      const checklist = await editorial.checklist(actor, id);
      return { version: saved.version, savedAt: saved.modifiedAt, checklist, checklistHtml: renderToString(ChecklistResults({ results: checklist }) as VNode) };
    } catch (err) {
      if (isAppError(err) && err.status === 409) {
        const current = await editorial.get(actor, id).catch(() => undefined);
        if (current && current.version !== baseVersion) {
          return fail(
            409,
            'conflict',
            'Someone else saved this article since you opened it, so autosave has stopped to keep from overwriting their work. Your text is still here: press Save to compare, or reload to take their version.',
          );
        }
      }
      throw err;
    }
  } catch (err) {
    if (!isAppError(err)) throw err;
    return fail(err.status, err.code, err.message);
  }
}

/** The article list, new drafts, the editor (saving and autosave) and the writing guide. */
export const editorRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;
  const editorial = services.editorial;
  const site = () => services.settings.get();
  const { editorPage } = editorPages(ctx);

  // ---------------------------------------------------------------------------
  // The list and new drafts
  // ---------------------------------------------------------------------------

  app.get('/articles', { schema: { querystring: ListQuery } }, async (req, reply) => {
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const query = parseListQuery(req.query);
    const page = parsePage(req.query.page);
    const result = await editorial.list(actorOf(account), {
      ...(query.status ? { status: query.status } : {}),
      ...(query.q ? { q: query.q } : {}),
      ...(query.sectionId !== null ? { sectionId: query.sectionId } : {}),
      mine: query.mine,
      page,
      perPage: PER_PAGE,
    });
    if (page > result.pageCount) throw notFound('page of articles');
    const [c, settings, sections] = await Promise.all([chrome(req, reply), site(), services.sections.list()]);
    return sendPage(reply, ArticleListPage({ chrome: c, zone: settings, query, result, sections, canCreate: can(account.role, 'article.create') }) as VNode);
  });

  app.get('/articles/new', async (req, reply) => {
    const account = requireStaff(req, reply, 'article.create');
    if (!account) return reply;
    return sendPage(reply, NewArticlePage({ chrome: await chrome(req, reply) }) as VNode);
  });

  app.post('/articles', { preHandler: requireCsrf }, async (req, reply) => {
    const account = requireStaff(req, reply, 'article.create');
    if (!account) return reply;
    const headline = value((req.body ?? {}) as SubmittedForm, 'headline') ?? '';
    return submitForm(
      reply,
      async () => {
        const created = await editorial.create(actorOf(account), { headline });
        return reply.redirect(`/admin/articles/${created.id}?notice=created`, 303);
      },
      async (err) => NewArticlePage({ chrome: await chrome(req, reply), headline, error: err.message }) as VNode,
    );
  });

  // ---------------------------------------------------------------------------
  // The editor
  // ---------------------------------------------------------------------------

  app.get('/articles/:id', { schema: { params: IdPath, querystring: EditorQuery } }, async (req, reply) => {
    const id = pathId(req.params, 'article');
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const actor = actorOf(account);
    const article = await editorial.get(actor, id);
    const typed = req.query.publishAt?.trim() ?? '';
    if (typed !== '') {
      const { checkAt, checklist } = await checklistAt(editorial, actor, id, typed, (await site()).timezone);
      return sendPage(reply, await editorPage(req, reply, account, article, { checkAt, ...(checklist ? { checklist } : {}) }), checkAt.error ? 422 : 200);
    }
    const key = req.query.notice;
    if (key && IMAGE_NOTICES.has(key)) {
      // The notice is built from the stored image, never from text in the request.
      const imageId = /^\d{1,9}$/.test(req.query.image ?? '') ? Number(req.query.image) : 0;
      const image = imageId > 0 ? (await services.media.byIds([imageId])).get(imageId) : undefined;
      if (image) return sendPage(reply, await editorPage(req, reply, account, article, { uploaded: { id: image.id, featured: key === 'image-featured', markdown: imageMarkdown(image) } }));
    }
    return sendPage(reply, await editorPage(req, reply, account, article, { notice: key ? NOTICES[key] : undefined }));
  });

  app.post('/articles/:id', { schema: { params: IdPath }, bodyLimit: ARTICLE_BODY_LIMIT }, async (req, reply) => {
    const id = pathId(req.params, 'article');
    if (isJson(req)) return autosave(ctx, req, reply, id);
    await req.verifyCsrf();
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const actor = actorOf(account);
    const form = (req.body ?? {}) as SubmittedForm;
    const baseVersion = parseVersion(value(form, 'baseVersion'));
    if (baseVersion === undefined) throw badRequest('Saving needs the version the editor started from (baseVersion). Reload the editor and try again.');
    const { timezone } = await site();
    return submitForm(
      reply,
      async () => {
        const stored = await editorial.get(actor, id);
        const fields = withoutUntouchedDate(await withExcerpt(parseArticleForm(form, timezone), async () => stored.body), form, stored.publishedAt, timezone);
        await editorial.update(actor, id, fields, baseVersion);
        return reply.redirect(`/admin/articles/${id}?notice=saved`, 303);
      },
      async (err) => {
        const current = await editorial.get(actor, id);
        const values = typedValues(form, fieldsOf(current), timezone);
        if (err.status === 409 && current.version !== baseVersion) {
          // Someone saved first. Keep what this editor typed, say what happened, and let a second Save (on the new version) be their deliberate choice.
          const conflict = await conflictInfo(editorial, actor, current, baseVersion);
          return editorPage(req, reply, account, current, { values, baseVersion: current.version, conflict });
        }
        return editorPage(req, reply, account, current, { values, baseVersion, error: err.message, errorAt: 'save' });
      },
      missingOrForbidden,
    );
  });

  // ---------------------------------------------------------------------------
  // The writing guide the editor links to (docs/writing.md)
  // ---------------------------------------------------------------------------

  app.get('/writing-guide', async (req, reply) => {
    const account = requireStaff(req, reply);
    if (!account) return reply;
    return sendPage(reply, WritingGuidePage({ chrome: await chrome(req, reply), html: writingGuideHtml() }) as VNode);
  });
};
