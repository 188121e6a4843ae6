import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { ArticleStatus } from '../../platform/db/schema.js';
import { AppError, badRequest, invalidInput, isAppError, notFound } from '../../platform/errors.js';
import { sendPage } from '../../views/render.js';
import { parsePage } from '../../platform/pagination.js';
import { slugify } from '../../platform/slug.js';
import { dateTime } from '../../platform/time.js';
import { utcToZonedLocal } from '../../platform/zoned-time.js';
import { renderDocument } from '../../views/render.js';
import type { Account } from '../accounts/accounts.service.js';
import { can } from '../accounts/permissions.js';
import { areCommentsOpen, type ArticleDetail, commentsCloseAt } from './articles.service.js';
import { articlePath } from '../../platform/urls.js';
import type { Actor, ArticleFields, EditableArticle, Transition } from './editorial.types.js';
import { ArticlePage } from './views/article-page.js';
import type { Author } from '../authors/authors.service.js';
import { renderBody } from '../markdown/markdown.render.js';
import { excerptFrom } from '../markdown/markdown.text.js';
import { imageMarkdown } from '../markdown/news-blocks.js';
import { writingGuideHtml } from '../markdown/writing-guide.js';
import type { Image } from '../media/media.service.js';
import { TEXT_LIMITS } from '../media/media.upload.js';
import type { Tag } from '../sections/sections.service.js';
import type { SiteSettings } from '../settings/settings.service.js';
import { loadChrome } from '../site/site.chrome.js';
import { type AdminPlugin, actorOf, type Form } from '../admin/admin.context.js';
import { parseArticleForm, parseLocalDateTime, parseVersion, type SubmittedForm, value } from './editor.form.js';
import { STATUSES } from './views/editor-components.js';
import { ArticleEditorPage, type ArticleEditorPageProps, type ConflictInfo, FIELD_LABEL, type ImageUploadValues, MODERATION_LABEL, type OfferedSteps } from './views/editor-page.js';
import { type ArticleListQuery, ArticleListPage, NewArticlePage } from './views/article-list-page.js';
import { WritingGuidePage } from './views/writing-guide-page.js';
import { RevisionDiffPage, RevisionsPage } from './views/revisions-page.js';
import { readUploadForm, UPLOAD_RATE_LIMIT } from '../media/media.upload-form.js';
import { requireCsrf } from '../../platform/csrf.js';

/*
 * The newsroom's articles under /admin: the list, a new draft, the editor
 * (form posts and JSON autosave), workflow steps, live updates and
 * corrections, previews, revisions and their diffs. Every change goes
 * through services.editorial, which checks permissions again.
 */

/** Form posts with a whole article body are larger than the admin's default 64 KB. */
const ARTICLE_BODY_LIMIT = 4 * 1024 * 1024;
const PER_PAGE = 25;
const READ_NEXT_CHOICES = 30;
const LATEST_COUNT = 5;

/** The text fields of the editor's "Add an image" form, besides the file. */
const IMAGE_FIELDS = ['_csrf', 'baseVersion', 'alt', 'caption', 'credit', 'featured'] as const;

/** Notices after an upload from the editor: they name the image (by number) and give its Markdown. */
const IMAGE_NOTICES = new Set(['image', 'image-featured']);

const TRANSITIONS: Transition[] = ['submit', 'return-to-draft', 'publish', 'schedule', 'unschedule', 'unpublish'];

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

/** An article id from the URL; anything else is a page that does not exist. */
function parseId(raw: string): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw notFound('article');
  return Number(raw);
}

const isJson = (req: FastifyRequest) => String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');

/** The stored fields of an article, as the form shows them. */
function fieldsOf(a: EditableArticle): ArticleFields {
  return {
    headline: a.headline,
    slug: a.slug,
    dek: a.dek,
    body: a.body,
    excerpt: a.excerpt,
    sectionId: a.sectionId,
    tags: [...a.tags],
    authorIds: [...a.authorIds],
    featuredImageId: a.featuredImageId,
    developing: a.developing,
    readNextId: a.readNextId,
    commentPrompt: a.commentPrompt,
    commentStatus: a.commentStatus,
    commentsCloseAt: a.commentsCloseAt,
    commentModeration: a.commentModeration,
  };
}

/**
 * What the editor typed, over the stored fields, for showing it again or
 * previewing it: each field read on its own, so one unreadable value (a
 * malformed date) falls back to the stored one instead of losing the rest.
 */
function typedValues(form: SubmittedForm, stored: ArticleFields, timezone: string): ArticleFields {
  const out: ArticleFields = { ...stored };
  const bylineKeys = Object.keys(form).filter((k) => /^author\d+$/.test(k));
  const groups: SubmittedForm[] = [
    ...(Object.keys(FIELD_LABEL) as (keyof ArticleFields)[]).filter((k) => k !== 'authorIds' && k in form).map((k) => ({ [k]: form[k] })),
    ...(bylineKeys.length > 0 ? [Object.fromEntries(bylineKeys.map((k) => [k, form[k]]))] : []),
  ];
  for (const group of groups) {
    try {
      Object.assign(out, parseArticleForm(group, timezone));
    } catch {
      // Keep the stored value of a field that cannot be read.
    }
  }
  // Show the headline and slug exactly as typed, even when empty or invalid (the message says why).
  for (const k of ['headline', 'slug'] as const) {
    const v = value(form, k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** An empty excerpt means "from the body": send the one the body gives, so it follows the body. */
function withExcerpt(fields: Partial<ArticleFields>, storedBody: () => Promise<string>): Promise<Partial<ArticleFields>> | Partial<ArticleFields> {
  if (fields.excerpt === undefined || fields.excerpt.trim() !== '') return fields;
  if (fields.body !== undefined) return { ...fields, excerpt: excerptFrom(fields.body) };
  return storedBody().then((body) => ({ ...fields, excerpt: excerptFrom(body) }));
}

/** The workflow buttons to show: `allowed` decides, and the status for the steps it has no flag for. */
function offeredSteps(article: EditableArticle, account: Account): OfferedSteps {
  const { allowed, status } = article;
  return {
    submit: allowed.submit,
    'return-to-draft': allowed.edit && status === 'in_review',
    publish: allowed.publish,
    schedule: allowed.schedule,
    unschedule: allowed.edit && status === 'scheduled' && can(account.role, 'article.schedule'),
    unpublish: allowed.unpublish,
  };
}

function parseListQuery(q: Record<string, unknown>): ArticleListQuery {
  const status = value(q, 'status')?.trim() ?? '';
  if (status !== '' && !(STATUSES as string[]).includes(status)) throw badRequest(`"${status}" is not a status; use one of ${STATUSES.join(', ')}.`);
  const section = value(q, 'section')?.trim() ?? '';
  if (section !== '' && !/^\d{1,9}$/.test(section)) throw badRequest('"section" must be a section id.');
  const mine = value(q, 'mine') ?? '';
  return { q: (value(q, 'q') ?? '').trim().slice(0, 200), status: status as ArticleStatus | '', sectionId: section === '' ? null : Number(section), mine: mine !== '' && mine !== '0' };
}

export const adminArticleRoutes: AdminPlugin = async (app, { ctx }) => {
  const { services, chrome, requireStaff } = ctx;
  const editorial = services.editorial;
  const site = () => services.settings.get();

  // Image uploads only (POST /articles/:id/images): the byte limit is enforced while the body streams.
  const maxBytes = services.mediaUploader.limits.maxBytes;
  await app.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: IMAGE_FIELDS.length, fieldSize: 4 * TEXT_LIMITS.caption, parts: IMAGE_FIELDS.length + 1, headerPairs: 50 },
  });

  // ---------------------------------------------------------------------------
  // The editor page, in every state it can be shown in
  // ---------------------------------------------------------------------------

  type EditorExtras = Partial<Omit<ArticleEditorPageProps, 'chrome' | 'zone' | 'article' | 'checklist' | 'sections' | 'authors' | 'readNextOptions' | 'featuredImage' | 'canUploadImage' | 'steps' | 'autoExcerpt' | 'scriptSrc'>>;

  async function renderEditor(req: FastifyRequest, reply: FastifyReply, account: Account, article: EditableArticle, extras: EditorExtras = {}, status = 200) {
    const actor = actorOf(account);
    const values = extras.values ?? fieldsOf(article);
    const [c, settings, checklist, sections, authors, latest, images] = await Promise.all([
      chrome(req, reply),
      site(),
      editorial.checklist(actor, article.id),
      services.sections.list(),
      services.authors.list(),
      services.articles.latest(READ_NEXT_CHOICES, [article.id]),
      values.featuredImageId !== null ? services.media.byIds([values.featuredImageId]) : Promise.resolve(new Map()),
    ]);
    const props: ArticleEditorPageProps = {
      chrome: c,
      zone: settings,
      article,
      values,
      baseVersion: extras.baseVersion ?? article.version,
      checklist,
      sections,
      authors: [...authors].sort((a, b) => a.name.localeCompare(b.name)),
      readNextOptions: latest.map((a) => ({ id: a.id, headline: a.headline })),
      featuredImage: values.featuredImageId !== null ? (images.get(values.featuredImageId) ?? null) : null,
      canUploadImage: article.allowed.edit && can(account.role, 'media.upload'),
      steps: offeredSteps(article, account),
      autoExcerpt: excerptFrom(values.body),
      // The asset version covers the script, so browsers may cache it for a year.
      scriptSrc: `/assets/editor.js?v=${c.assetVersion}`,
      ...extras,
    };
    return sendPage(reply, ArticleEditorPage(props) as VNode, status);
  }

  /**
   * Show the editor again with an error from a step that failed. When the
   * article itself cannot be shown to this person (gone, not theirs), the
   * original error answers instead.
   */
  async function renderEditorError(req: FastifyRequest, reply: FastifyReply, account: Account, id: number, err: AppError, extras: EditorExtras) {
    if (err.status === 404 || err.code === 'csrf') throw err;
    let article: EditableArticle;
    try {
      article = await editorial.get(actorOf(account), id);
    } catch {
      throw err;
    }
    return renderEditor(req, reply, account, article, { error: err.message, ...extras }, err.status);
  }

  /** A save refused because the article moved on: what changed, and the version a second Save replaces. */
  async function conflictInfo(actor: Actor, current: EditableArticle, baseVersion: number): Promise<ConflictInfo> {
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

  // ---------------------------------------------------------------------------
  // The list and new drafts
  // ---------------------------------------------------------------------------

  app.get<{ Querystring: Record<string, unknown> }>('/articles', async (req, reply) => {
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const query = parseListQuery(req.query);
    const page = parsePage(value(req.query, 'page'));
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

  app.post<{ Body: SubmittedForm }>('/articles', { preHandler: requireCsrf }, async (req, reply) => {
    const account = requireStaff(req, reply, 'article.create');
    if (!account) return reply;
    const headline = value(req.body ?? {}, 'headline') ?? '';
    try {
      const created = await editorial.create(actorOf(account), { headline });
      return reply.redirect(`/admin/articles/${created.id}?notice=created`, 303);
    } catch (err) {
      if (!isAppError(err)) throw err;
      return sendPage(reply, NewArticlePage({ chrome: await chrome(req, reply), headline, error: err.message }) as VNode, err.status);
    }
  });

  // ---------------------------------------------------------------------------
  // The editor
  // ---------------------------------------------------------------------------

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/articles/:id', async (req, reply) => {
    const id = parseId(req.params.id);
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const article = await editorial.get(actorOf(account), id);
    const key = value(req.query, 'notice');
    if (key && IMAGE_NOTICES.has(key)) {
      // The notice is built from the stored image, never from text in the request.
      const imageId = /^\d{1,9}$/.test(value(req.query, 'image') ?? '') ? Number(value(req.query, 'image')) : 0;
      const image = imageId > 0 ? (await services.media.byIds([imageId])).get(imageId) : undefined;
      if (image) return renderEditor(req, reply, account, article, { uploaded: { id: image.id, featured: key === 'image-featured', markdown: imageMarkdown(image) } });
    }
    return renderEditor(req, reply, account, article, { notice: key ? NOTICES[key] : undefined });
  });

  app.post<{ Params: { id: string }; Body: SubmittedForm }>('/articles/:id', { bodyLimit: ARTICLE_BODY_LIMIT }, async (req, reply) => {
    const id = parseId(req.params.id);
    if (isJson(req)) return autosave(req, reply, id);
    await req.verifyCsrf();
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const actor = actorOf(account);
    const form = req.body ?? {};
    const baseVersion = parseVersion(value(form, 'baseVersion'));
    if (baseVersion === undefined) throw badRequest('Saving needs the version the editor started from (baseVersion). Reload the editor and try again.');
    const { timezone } = await site();
    try {
      const fields = await withExcerpt(parseArticleForm(form, timezone), async () => (await editorial.get(actor, id)).body);
      await editorial.update(actor, id, fields, baseVersion);
      return reply.redirect(`/admin/articles/${id}?notice=saved`, 303);
    } catch (err) {
      if (!isAppError(err)) throw err;
      if (err.status === 404 || err.status === 403) throw err;
      const current = await editorial.get(actor, id);
      const values = typedValues(form, fieldsOf(current), timezone);
      if (err.status === 409 && current.version !== baseVersion) {
        // Someone saved first. Keep what this editor typed, say what happened, and let a second Save (on the new version) be their deliberate choice.
        const conflict = await conflictInfo(actor, current, baseVersion);
        return renderEditor(req, reply, account, current, { values, baseVersion: current.version, conflict }, 409);
      }
      return renderEditor(req, reply, account, current, { values, baseVersion, error: err.message, errorAt: 'save' }, err.status);
    }
  });

  /** Autosave: the editor's script posts the form as JSON; the answer is JSON too. */
  async function autosave(req: FastifyRequest, reply: FastifyReply, id: number) {
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
      const { timezone } = await site();
      try {
        const fields = await withExcerpt(parseArticleForm(form, timezone), async () => (await editorial.get(actor, id)).body);
        const saved = await editorial.update(actor, id, fields, baseVersion);
        return { version: saved.version, savedAt: saved.modifiedAt };
      } catch (err) {
        if (isAppError(err) && err.status === 409) {
          const current = await editorial.get(actor, id).catch(() => undefined);
          if (current && current.version !== baseVersion) {
            return fail(409, 'conflict', 'Someone else saved this article since you opened it, so autosave has stopped to keep from overwriting their work. Your text is still here: press Save to compare, or reload to take their version.');
          }
        }
        throw err;
      }
    } catch (err) {
      if (!isAppError(err)) throw err;
      return fail(err.status, err.code, err.message);
    }
  }

  // ---------------------------------------------------------------------------
  // Images: upload from the editor, optionally as the featured image
  // ---------------------------------------------------------------------------

  /**
   * Upload an image (multipart: _csrf, baseVersion, alt, caption, credit,
   * featured, then the file "image") through the media pipeline; if
   * "featured" is ticked, make it the featured image of the saved version
   * `baseVersion`. The CSRF token is checked before the file is read. The
   * editor comes back with the Markdown that shows the image in the body.
   */
  app.post<{ Params: { id: string } }>(
    '/articles/:id/images',
    {
      config: { rateLimit: UPLOAD_RATE_LIMIT },
    },
    async (req, reply) => {
      const id = parseId(req.params.id);
      const account = requireStaff(req, reply, 'media.upload');
      if (!account) return reply;
      const actor = actorOf(account);
      const article = await editorial.get(actor, id);
      if (!article.allowed.edit) throw new AppError('forbidden', 403, 'Your role does not let you change this story in its current status.');
      const fields: Form = {};
      const typed = (): ImageUploadValues => ({ alt: value(fields, 'alt') ?? '', caption: value(fields, 'caption') ?? '', credit: value(fields, 'credit') ?? '', featured: value(fields, 'featured') === '1' });
      let image: Image;
      try {
        const file = await readUploadForm(req, fields, {
          fields: IMAGE_FIELDS,
          fileField: 'image',
          maxBytes,
          noun: 'image',
          tooLong: `Alt text is limited to ${TEXT_LIMITS.alt} characters, the caption to ${TEXT_LIMITS.caption}, the credit to ${TEXT_LIMITS.credit}.`,
          tooMany: 'Send one image, with its alt text, caption and credit.',
        });
        if (!file || file.data.length === 0) throw invalidInput('Choose an image to upload.');
        image = await services.mediaUploader.upload({ data: file.data, originalName: file.filename, alt: typed().alt, caption: typed().caption, credit: typed().credit });
        req.log.info({ articleId: id, mediaId: image.id }, 'article image uploaded');
      } catch (err) {
        if (!isAppError(err) || err.status === 404) throw err;
        req.log.info({ articleId: id, code: err.code, status: err.status }, 'article image upload refused');
        return renderEditor(req, reply, account, article, { error: err.message, errorAt: 'image', imageValues: typed() }, err.status);
      }
      if (!typed().featured) return reply.redirect(`/admin/articles/${id}?notice=image&image=${image.id}`, 303);
      const baseVersion = parseVersion(value(fields, 'baseVersion'));
      try {
        if (baseVersion === undefined) throw badRequest('Setting the featured image needs the version the editor started from (baseVersion).');
        await editorial.update(actor, id, { featuredImageId: image.id }, baseVersion);
        return reply.redirect(`/admin/articles/${id}?notice=image-featured&image=${image.id}`, 303);
      } catch (err) {
        if (!isAppError(err) || err.status === 404) throw err;
        const why = err.status === 409 ? 'someone saved a newer version of this article since you opened it. Reload the editor, then enter it as the featured image id and save.' : err.message;
        const current = await editorial.get(actor, id);
        return renderEditor(
          req,
          reply,
          account,
          current,
          {
            error: `Image ${image.id} was uploaded and stays in the media library, but it is not the featured image: ${why}`,
            errorAt: 'image',
            uploaded: { id: image.id, featured: false, markdown: imageMarkdown(image) },
          },
          err.status,
        );
      }
    },
  );

  // ---------------------------------------------------------------------------
  // Workflow, live updates, corrections
  // ---------------------------------------------------------------------------

  app.post<{ Params: { id: string }; Body: SubmittedForm }>('/articles/:id/transition', async (req, reply) => {
    const id = parseId(req.params.id);
    await req.verifyCsrf();
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const form = req.body ?? {};
    const step = value(form, 'transition') as Transition | undefined;
    if (!step || !TRANSITIONS.includes(step)) throw badRequest(`"transition" must be one of ${TRANSITIONS.join(', ')}.`);
    const baseVersion = parseVersion(value(form, 'baseVersion'));
    const publishAtLocal = value(form, 'publishAt') ?? '';
    try {
      const options: { publishAt?: string; baseVersion?: number } = baseVersion !== undefined ? { baseVersion } : {};
      if (step === 'schedule') {
        const { timezone } = await site();
        const at = parseLocalDateTime(publishAtLocal, timezone, 'The publication time');
        if (at === null) throw invalidInput('Choose when the story should be published.');
        options.publishAt = at;
      }
      await editorial.transition(actorOf(account), id, step, options);
      return reply.redirect(`/admin/articles/${id}?notice=${step}`, 303);
    } catch (err) {
      if (!isAppError(err)) throw err;
      return renderEditorError(req, reply, account, id, err, { errorAt: 'status', scheduleValue: publishAtLocal });
    }
  });

  for (const [kind, path_] of [
    ['live-update', '/articles/:id/live-updates'],
    ['correction', '/articles/:id/corrections'],
  ] as const) {
    app.post<{ Params: { id: string }; Body: SubmittedForm }>(path_, async (req, reply) => {
      const id = parseId(req.params.id);
      await req.verifyCsrf();
      const account = requireStaff(req, reply);
      if (!account) return reply;
      const text = (value(req.body ?? {}, 'body') ?? '').replace(/\r\n?/g, '\n');
      try {
        if (kind === 'live-update') await editorial.addLiveUpdate(actorOf(account), id, text);
        else await editorial.addCorrection(actorOf(account), id, text);
        return reply.redirect(`/admin/articles/${id}?notice=${kind}`, 303);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return renderEditorError(req, reply, account, id, err, kind === 'live-update' ? { errorAt: 'live-update', liveUpdateText: text } : { errorAt: 'correction', correctionText: text });
      }
    });
  }

  // ---------------------------------------------------------------------------
  // Preview: the real article page, from unsaved fields or the saved version
  // ---------------------------------------------------------------------------

  /** The article page's data for fields that may not be saved, or public, yet. Reads only; creates nothing. */
  async function previewDetail(article: EditableArticle, v: ArticleFields, settings: SiteSettings, now: Date): Promise<ArticleDetail> {
    const publishedAt = article.publishedAt ?? now.toISOString();
    const bodyImages = [...v.body.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1]!);
    const [sectionMap, authorMap, images, sizes, allTags, visible] = await Promise.all([
      v.sectionId !== null ? services.sections.byIds([v.sectionId]) : Promise.resolve(new Map()),
      services.authors.byIds(v.authorIds),
      v.featuredImageId !== null ? services.media.byIds([v.featuredImageId]) : Promise.resolve(new Map()),
      services.media.sizesByUrl(bodyImages),
      services.sections.listTags(),
      article.path ? services.articles.findPublic(article.slug) : Promise.resolve(undefined),
    ]);
    // Tags not created yet are shown as they will be.
    const tags: Tag[] = v.tags.map((name, i) => allTags.find((t) => t.name.toLowerCase() === name.toLowerCase() || t.slug === slugify(name)) ?? { id: -(i + 1), slug: slugify(name), name });
    const row = { comment_status: v.commentStatus, comments_close_at: v.commentsCloseAt, published_at: publishedAt };
    const live = visible?.kind === 'article' ? visible.article : undefined;
    return {
      id: article.id,
      slug: v.slug,
      path: article.path && v.slug === article.slug ? article.path : articlePath(v.slug, publishedAt, settings.timezone),
      headline: v.headline,
      dek: v.dek,
      excerpt: v.excerpt || excerptFrom(v.body),
      publishedAt,
      updatedAt: article.updatedAt,
      section: (v.sectionId !== null && sectionMap.get(v.sectionId)) || null,
      authors: v.authorIds.map((a) => authorMap.get(a)).filter((a): a is Author => !!a),
      image: (v.featuredImageId !== null && images.get(v.featuredImageId)) || null,
      developing: v.developing,
      commentsOpen: areCommentsOpen(row, settings, now),
      bodyHtml: renderBody(v.body, { imageSize: (src) => sizes.get(src) }),
      body: v.body,
      tags: [...tags].sort((a, b) => a.name.localeCompare(b.name)),
      liveUpdates: live?.liveUpdates ?? [],
      corrections: live?.corrections ?? [],
      commentPrompt: v.commentPrompt,
      readNextId: v.readNextId,
      commentsCloseAt: commentsCloseAt(row, settings),
    };
  }

  const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

  async function sendPreview(req: FastifyRequest, reply: FastifyReply, article: EditableArticle, values: ArticleFields, unsaved: boolean) {
    const [c, settings] = await Promise.all([chrome(req, reply), site()]);
    const siteUrl = `${req.protocol}://${req.host}`;
    const publicChrome = await loadChrome(services, siteUrl, c.assetVersion);
    const detail = await previewDetail(article, values, settings, new Date());
    const [readNext, latest, counts, thread] = await Promise.all([
      services.articles.readNext(detail),
      services.articles.latest(LATEST_COUNT, [article.id]),
      services.comments.counts([article.id]),
      services.comments.thread(article.id, { page: 1, perPage: settings.commentsPerPage }),
    ]);
    const page = ArticlePage({ chrome: publicChrome, article: detail, readNext, latest, commentCount: counts.get(article.id) ?? 0, thread }) as VNode;
    const what = unsaved ? 'This is how the story will look with your unsaved changes' : 'This is how the saved version will look';
    const when = article.status === 'scheduled' && article.publishedAt ? ` It is scheduled for ${dateTime(article.publishedAt, settings)}.` : '';
    const banner =
      `<div class="preview-banner" role="region" aria-label="Preview notice"><p><strong>Preview — not published.</strong> ` +
      `${escapeHtml(what)}; readers cannot see this page.${escapeHtml(when)}</p></div>`;
    const html = renderDocument(page)
      .replace('</head>', `<link rel="stylesheet" href="/assets/admin.css?v=${escapeHtml(c.assetVersion)}"/></head>`)
      .replace(/<body[^>]*>/, (open) => open + banner);
    return reply.code(200).header('cache-control', 'no-store').header('x-robots-tag', 'noindex').type('text/html; charset=utf-8').send(html);
  }

  app.get<{ Params: { id: string } }>('/articles/:id/preview', async (req, reply) => {
    const id = parseId(req.params.id);
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const article = await editorial.get(actorOf(account), id);
    return sendPreview(req, reply, article, fieldsOf(article), false);
  });

  app.post<{ Params: { id: string }; Body: SubmittedForm }>('/articles/:id/preview', { bodyLimit: ARTICLE_BODY_LIMIT }, async (req, reply) => {
    const id = parseId(req.params.id);
    await req.verifyCsrf();
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const article = await editorial.get(actorOf(account), id);
    const { timezone } = await site();
    const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {};
    return sendPreview(req, reply, article, typedValues(body, fieldsOf(article), timezone), true);
  });

  // ---------------------------------------------------------------------------
  // Revisions
  // ---------------------------------------------------------------------------

  async function renderRevisions(req: FastifyRequest, reply: FastifyReply, account: Account, id: number, extras: { error?: string; notice?: string } = {}, status = 200) {
    const actor = actorOf(account);
    const [article, revisions, c, settings] = await Promise.all([editorial.get(actor, id), editorial.revisions(actor, id), chrome(req, reply), site()]);
    return sendPage(reply, RevisionsPage({ chrome: c, zone: settings, article, revisions, ...extras }) as VNode, status);
  }

  app.get<{ Params: { id: string } }>('/articles/:id/revisions', async (req, reply) => {
    const id = parseId(req.params.id);
    const account = requireStaff(req, reply);
    if (!account) return reply;
    return renderRevisions(req, reply, account, id);
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/articles/:id/revisions/diff', async (req, reply) => {
    const id = parseId(req.params.id);
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const from = parseVersion(value(req.query, 'from'), 'from');
    const to = parseVersion(value(req.query, 'to'), 'to');
    if (from === undefined || to === undefined) throw badRequest('Choose two versions to compare ("from" and "to").');
    const actor = actorOf(account);
    const [article, diff, c, settings, sections, authors] = await Promise.all([
      editorial.get(actor, id),
      editorial.diff(actor, id, from, to),
      chrome(req, reply),
      site(),
      services.sections.list(),
      services.authors.list(),
    ]);
    const show = (key: string, json: string): string => {
      let v: unknown;
      try {
        v = JSON.parse(json);
      } catch {
        return json;
      }
      if (key === 'commentModeration') return MODERATION_LABEL[String(v)] ?? String(v);
      if (v === null || v === undefined) return '(none)';
      if (key === 'sectionId') return sections.find((s) => s.id === v)?.name ?? `Section ${String(v)}`;
      if (key === 'authorIds' && Array.isArray(v)) return v.length === 0 ? '(none)' : v.map((x) => authors.find((a) => a.id === x)?.name ?? `Author ${String(x)}`).join(', ');
      if (key === 'featuredImageId') return `Image ${String(v)}`;
      if (key === 'readNextId') return `Article ${String(v)}`;
      if (key === 'commentsCloseAt' && typeof v === 'string') return `${utcToZonedLocal(v, settings.timezone).replace('T', ' ')} (${settings.timezone})`;
      if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join(', ');
      if (typeof v === 'boolean') return v ? 'Yes' : 'No';
      if (typeof v === 'string') return v === '' ? '(empty)' : v;
      return JSON.stringify(v);
    };
    const fields = Object.entries(diff.fields).map(([key, [before, after]]): [string, string, string] => [FIELD_LABEL[key as keyof ArticleFields] ?? key, show(key, before), show(key, after)]);
    return sendPage(reply, RevisionDiffPage({ chrome: c, article, diff, fields }) as VNode);
  });

  app.post<{ Params: { id: string; version: string }; Body: SubmittedForm }>('/articles/:id/revisions/:version/restore', async (req, reply) => {
    const id = parseId(req.params.id);
    await req.verifyCsrf();
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const version = parseVersion(req.params.version, 'version');
    const baseVersion = parseVersion(value(req.body ?? {}, 'baseVersion'));
    if (version === undefined || baseVersion === undefined) throw badRequest('Restoring needs the version to restore and the version you are looking at (baseVersion).');
    try {
      await editorial.restore(actorOf(account), id, version, baseVersion);
      return reply.redirect(`/admin/articles/${id}?notice=restored`, 303);
    } catch (err) {
      if (!isAppError(err) || err.status === 404 || err.status === 403) throw err;
      return renderRevisions(req, reply, account, id, { error: err.message }, err.status);
    }
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

