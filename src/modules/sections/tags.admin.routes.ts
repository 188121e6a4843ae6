import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { invalidInput, notFound } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { field, logRefusal, missing, noticeFrom, parseId, pathId, slugOrFromName } from '../admin/admin.forms.js';
import { TagEditPage, TagsPage } from './views/tags-page.js';

/** The flags a change redirects with, for the page's confirmation. */
const ListQuery = Type.Object({ deleted: Type.Optional(Type.String()) });
const EditQuery = Type.Object({ saved: Type.Optional(Type.String()), merged: Type.Optional(Type.String()) });

type TagEditExtra = { notice?: string; error?: { form: 'rename' | 'merge' | 'delete'; message: string }; values?: { name?: string; slug?: string; into?: string } };

/**
 * /admin/tags: the site's tags (rename, merge, delete). Editors and admins
 * ('taxonomy.manage').
 */
export const tagAdminRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;
  const { sections } = services;
  const staff = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'taxonomy.manage');

  async function tagEditPage(req: FastifyRequest, reply: FastifyReply, id: number, extra: TagEditExtra = {}) {
    const all = await sections.listTagsWithCounts();
    const tag = all.find((t) => t.id === id);
    if (!tag) throw notFound('tag');
    const others = all.filter((t) => t.id !== id);
    return TagEditPage({ chrome: await chrome(req, reply), tag, others, ...extra }) as VNode;
  }

  app.get('/tags', { schema: { querystring: ListQuery } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const [c, tags] = await Promise.all([chrome(req, reply), sections.listTagsWithCounts()]);
    return sendPage(reply, TagsPage({ chrome: c, tags, notice: noticeFrom(req.query, { deleted: 'Tag deleted.' }) }) as VNode);
  });

  app.get('/tags/:id', { schema: { params: IdPath, querystring: EditQuery } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = pathId(req.params, 'tag');
    const notice = noticeFrom(req.query, { saved: 'Saved.', merged: 'Tags merged: the articles of the merged tag now carry this one.' });
    return sendPage(reply, await tagEditPage(req, reply, id, { notice }));
  });

  app.post('/tags/:id', { schema: { params: IdPath } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = pathId(req.params, 'tag');
    const form = (req.body ?? {}) as Form;
    const name = field(form, 'name');
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        await sections.updateTag(id, { name, slug: slugOrFromName(field(form, 'slug'), name) });
        return reply.redirect(`/admin/tags/${id}?saved`, 303);
      },
      (err) => {
        logRefusal(req, err, 'tag change');
        return tagEditPage(req, reply, id, { error: { form: 'rename', message: err.message }, values: { name, slug: field(form, 'slug') } });
      },
      missing,
    );
  });

  app.post('/tags/:id/merge', { schema: { params: IdPath } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const id = pathId(req.params, 'tag');
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const intoId = parseId(field(form, 'into'));
        if (!intoId) throw invalidInput('Choose the tag to merge this one into.');
        const from = (await sections.tagsByIds([id])).get(id);
        const { into, articles } = await sections.mergeTags(id, intoId);
        await services.audit.record({
          accountId: account.id,
          action: 'tag.merge',
          subjectType: 'tag',
          subjectId: id,
          details: { name: from?.name ?? null, slug: from?.slug ?? null, intoId: into.id, intoName: into.name, articles },
        });
        req.log.info({ fromTagId: id, intoTagId: into.id, articles }, 'tags merged');
        return reply.redirect(`/admin/tags/${into.id}?merged`, 303);
      },
      (err) => {
        logRefusal(req, err, 'tag merge');
        return tagEditPage(req, reply, id, { error: { form: 'merge', message: err.message }, values: { into: field(form, 'into') } });
      },
      missing,
    );
  });

  app.post('/tags/:id/delete', { schema: { params: IdPath } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const id = pathId(req.params, 'tag');
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const gone = (await sections.tagsByIds([id])).get(id);
        await sections.removeTag(id);
        await services.audit.record({ accountId: account.id, action: 'tag.delete', subjectType: 'tag', subjectId: id, details: { name: gone?.name ?? null, slug: gone?.slug ?? null } });
        req.log.info({ tagId: id }, 'tag deleted');
        return reply.redirect('/admin/tags?deleted', 303);
      },
      (err) => {
        logRefusal(req, err, 'tag deletion');
        return tagEditPage(req, reply, id, { error: { form: 'delete', message: err.message } });
      },
      missing,
    );
  });
};
