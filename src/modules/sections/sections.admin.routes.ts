import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { notFound } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { field, logRefusal, missing, noticeFrom, pathId, slugOrFromName } from '../admin/admin.forms.js';
import { SectionEditPage, SectionsPage, type SectionValues } from './views/sections-page.js';

/** The flags a change redirects with, for the page's confirmation. */
const ListQuery = Type.Object({ created: Type.Optional(Type.String()), deleted: Type.Optional(Type.String()) });
const EditQuery = Type.Object({ saved: Type.Optional(Type.String()) });

const sectionValues = (form: Form): SectionValues => ({
  name: field(form, 'name'),
  slug: field(form, 'slug'),
  description: field(form, 'description'),
  position: field(form, 'position'),
});

/** The position as typed: empty is 0, anything that is not a number is passed on for the service to refuse. */
const positionOf = (typed: string): number => (typed.trim() === '' ? 0 : Number(typed.trim()));

/** The section's fields from the form, the slug made from the name when left empty. */
function sectionInput(form: Form) {
  const name = field(form, 'name');
  return { name, slug: slugOrFromName(field(form, 'slug'), name), description: field(form, 'description'), position: positionOf(field(form, 'position')) };
}

/**
 * /admin/sections: the site's sections (create, edit, delete while unused).
 * Editors and admins ('taxonomy.manage').
 */
export const sectionAdminRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;
  const { sections } = services;
  const staff = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'taxonomy.manage');

  async function sectionsPage(req: FastifyRequest, reply: FastifyReply, extra: { notice?: string; error?: string; values?: SectionValues } = {}) {
    const [c, list] = await Promise.all([chrome(req, reply), sections.listDetailed()]);
    return SectionsPage({ chrome: c, sections: list, ...extra }) as VNode;
  }

  async function sectionEditPage(req: FastifyRequest, reply: FastifyReply, id: number, extra: { notice?: string; error?: string; deleteError?: string; values?: SectionValues } = {}) {
    const section = await sections.detail(id);
    if (!section) throw notFound('section');
    return SectionEditPage({ chrome: await chrome(req, reply), section, ...extra }) as VNode;
  }

  app.get('/sections', { schema: { querystring: ListQuery } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    return sendPage(reply, await sectionsPage(req, reply, { notice: noticeFrom(req.query, { created: 'Section created.', deleted: 'Section deleted.' }) }));
  });

  app.post('/sections', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        await sections.create(sectionInput(form));
        return reply.redirect('/admin/sections?created', 303);
      },
      (err) => {
        logRefusal(req, err, 'section creation');
        return sectionsPage(req, reply, { error: err.message, values: sectionValues(form) });
      },
    );
  });

  app.get('/sections/:id', { schema: { params: IdPath, querystring: EditQuery } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = pathId(req.params, 'section');
    return sendPage(reply, await sectionEditPage(req, reply, id, { notice: noticeFrom(req.query, { saved: 'Saved.' }) }));
  });

  app.post('/sections/:id', { schema: { params: IdPath } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = pathId(req.params, 'section');
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        await sections.update(id, sectionInput(form));
        return reply.redirect(`/admin/sections/${id}?saved`, 303);
      },
      (err) => {
        logRefusal(req, err, 'section change');
        return sectionEditPage(req, reply, id, { error: err.message, values: sectionValues(form) });
      },
      missing,
    );
  });

  app.post('/sections/:id/delete', { schema: { params: IdPath } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const id = pathId(req.params, 'section');
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const gone = (await sections.byIds([id])).get(id);
        await sections.remove(id);
        await services.audit.record({ accountId: account.id, action: 'section.delete', subjectType: 'section', subjectId: id, details: { name: gone?.name ?? null, slug: gone?.slug ?? null } });
        req.log.info({ sectionId: id }, 'section deleted');
        return reply.redirect('/admin/sections?deleted', 303);
      },
      (err) => {
        logRefusal(req, err, 'section deletion');
        return sectionEditPage(req, reply, id, { deleteError: err.message });
      },
      missing,
    );
  });
};
