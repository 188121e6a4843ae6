import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { badRequest } from '../../platform/errors.js';
import { IdPath, PathId } from '../../platform/route-schemas.js';
import { utcToZonedLocal } from '../../platform/zoned-time.js';
import { missingOrForbidden, submitForm } from '../../views/forms.js';
import { sendPage } from '../../views/render.js';
import type { Account } from '../accounts/accounts.service.js';
import { type AdminPlugin, actorOf } from '../admin/admin.context.js';
import { pathId } from '../admin/admin.forms.js';
import type { Author } from '../authors/authors.service.js';
import type { Section } from '../sections/sections.service.js';
import type { SiteSettings } from '../settings/settings.service.js';
import type { ArticleFields } from './editorial.types.js';
import { parseVersion, type SubmittedForm, value } from './editor.form.js';
import { FIELD_LABEL, MODERATION_LABEL } from './views/editor-props.js';
import { RevisionDiffPage, RevisionsPage } from './views/revisions-page.js';

/** The two versions to compare; one that is not a version number is refused with a 400 naming it. */
const DiffQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 20 })), to: Type.Optional(Type.String({ maxLength: 20 })) });

/** The version to restore is read by the route, which refuses one that is not a number with a 400. */
const RestorePath = Type.Object({ id: PathId, version: Type.String() });

/** What the diff shows for a field's stored value (JSON): names for ids, the site's time zone for times. */
function shownValue(key: string, json: string, { sections, authors, settings }: { sections: Section[]; authors: Author[]; settings: SiteSettings }): string {
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
  if ((key === 'commentsCloseAt' || key === 'publishedAt') && typeof v === 'string') return `${utcToZonedLocal(v, settings.timezone).replace('T', ' ')} (${settings.timezone})`;
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join(', ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  return JSON.stringify(v);
}

/** An article's revisions: the list, the diff between two versions, and restoring an old one. */
export const editorRevisionRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;
  const editorial = services.editorial;

  async function revisionsPage(req: FastifyRequest, reply: FastifyReply, account: Account, id: number, extras: { error?: string; notice?: string } = {}) {
    const actor = actorOf(account);
    const [article, revisions, c, settings] = await Promise.all([editorial.get(actor, id), editorial.revisions(actor, id), chrome(req, reply), services.settings.get()]);
    return RevisionsPage({ chrome: c, zone: settings, article, revisions, ...extras }) as VNode;
  }

  app.get('/articles/:id/revisions', { schema: { params: IdPath } }, async (req, reply) => {
    const id = pathId(req.params, 'article');
    const account = requireStaff(req, reply);
    if (!account) return reply;
    return sendPage(reply, await revisionsPage(req, reply, account, id));
  });

  app.get('/articles/:id/revisions/diff', { schema: { params: IdPath, querystring: DiffQuery } }, async (req, reply) => {
    const id = pathId(req.params, 'article');
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const from = parseVersion(req.query.from, 'from');
    const to = parseVersion(req.query.to, 'to');
    if (from === undefined || to === undefined) throw badRequest('Choose two versions to compare ("from" and "to").');
    const actor = actorOf(account);
    const [article, diff, c, settings, sections, authors] = await Promise.all([
      editorial.get(actor, id),
      editorial.diff(actor, id, from, to),
      chrome(req, reply),
      services.settings.get(),
      services.sections.list(),
      services.authors.list(),
    ]);
    const names = { sections, authors, settings };
    const fields = Object.entries(diff.fields).map(([key, [before, after]]): [string, string, string] => [
      FIELD_LABEL[key as keyof ArticleFields] ?? key,
      shownValue(key, before, names),
      shownValue(key, after, names),
    ]);
    return sendPage(reply, RevisionDiffPage({ chrome: c, article, diff, fields }) as VNode);
  });

  app.post('/articles/:id/revisions/:version/restore', { schema: { params: RestorePath } }, async (req, reply) => {
    const id = pathId(req.params, 'article');
    await req.verifyCsrf();
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const version = parseVersion(req.params.version, 'version');
    const baseVersion = parseVersion(value((req.body ?? {}) as SubmittedForm, 'baseVersion'));
    if (version === undefined || baseVersion === undefined) throw badRequest('Restoring needs the version to restore and the version you are looking at (baseVersion).');
    return submitForm(
      reply,
      async () => {
        await editorial.restore(actorOf(account), id, version, baseVersion);
        return reply.redirect(`/admin/articles/${id}?notice=restored`, 303);
      },
      (err) => revisionsPage(req, reply, account, id, { error: err.message }),
      missingOrForbidden,
    );
  });
};
