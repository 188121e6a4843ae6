import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AppError } from '../../platform/errors.js';
import type { Account } from '../accounts/accounts.service.js';
import { can } from '../accounts/permissions.js';
import { type AdminContext, actorOf } from '../admin/admin.context.js';
import { excerptFrom } from '../markdown/markdown.text.js';
import type { ArticleFields, EditableArticle } from './editorial.types.js';
import { parseArticleForm, type SubmittedForm, value } from './editor.form.js';
import { ArticleEditorPage } from './views/editor-page.js';
import { type ArticleEditorPageProps, FIELD_LABEL, type OfferedSteps } from './views/editor-props.js';

/*
 * The editor page, in every state it can be shown in: as stored, with a
 * notice, or again with what was typed and why a step was refused. Shared by
 * the editor's routes (saving, workflow steps, image uploads).
 */

const READ_NEXT_CHOICES = 30;

/** The stored fields of an article, as the form shows them. */
export function fieldsOf(a: EditableArticle): ArticleFields {
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
    publishedAt: a.publishedAt,
  };
}

/**
 * What the editor typed, over the stored fields, for showing it again or
 * previewing it: each field read on its own, so one unreadable value (a
 * malformed date) falls back to the stored one instead of losing the rest.
 */
export function typedValues(form: SubmittedForm, stored: ArticleFields, timezone: string): ArticleFields {
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

/** The workflow buttons to show: the editorial service decides (`allowed`); the page only reads it. */
export function offeredSteps({ allowed }: EditableArticle): OfferedSteps {
  return {
    submit: allowed.submit,
    'return-to-draft': allowed.returnToDraft,
    publish: allowed.publish,
    schedule: allowed.schedule,
    unschedule: allowed.unschedule,
    unpublish: allowed.unpublish,
  };
}

/** What a route may add to the editor page: a notice, an error and what was typed, an upload's result, the checklist for another time. */
export type EditorExtras = Partial<
  Omit<ArticleEditorPageProps, 'chrome' | 'zone' | 'article' | 'sections' | 'authors' | 'readNextOptions' | 'featuredImage' | 'canUploadImage' | 'steps' | 'autoExcerpt' | 'scriptSrc'>
>;

/** The editor page's builders, over the admin's services and chrome. */
export function editorPages({ services, chrome }: AdminContext) {
  const { editorial } = services;

  /** The editor for `article`, with what the route adds. */
  async function editorPage(req: FastifyRequest, reply: FastifyReply, account: Account, article: EditableArticle, extras: EditorExtras = {}): Promise<VNode> {
    const actor = actorOf(account);
    const values = extras.values ?? fieldsOf(article);
    const [c, settings, checklist, sections, authors, latest, images] = await Promise.all([
      chrome(req, reply),
      services.settings.get(),
      extras.checklist ?? editorial.checklist(actor, article.id),
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
      steps: offeredSteps(article),
      autoExcerpt: excerptFrom(values.body),
      // The asset version covers the script, so browsers may cache it for a year.
      scriptSrc: `/assets/editor.js?v=${c.assetVersion}`,
      ...extras,
    };
    return ArticleEditorPage(props) as VNode;
  }

  /**
   * The editor again with the error from a step that failed. When the
   * article itself cannot be shown to this person (gone, not theirs), the
   * original error answers instead.
   */
  async function editorWithError(req: FastifyRequest, reply: FastifyReply, account: Account, id: number, err: AppError, extras: EditorExtras): Promise<VNode> {
    let article: EditableArticle;
    try {
      article = await editorial.get(actorOf(account), id);
    } catch {
      throw err;
    }
    return editorPage(req, reply, account, article, { error: err.message, ...extras });
  }

  return { editorPage, editorWithError };
}

/** For submitForm's `rethrow` after a workflow step: a missing article, or an expired form, is not the editor's to show. */
export const missingOrExpired = (err: AppError): boolean => err.status === 404 || err.code === 'csrf';
