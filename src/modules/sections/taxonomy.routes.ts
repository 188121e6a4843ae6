import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { type AppError, invalidInput, isAppError, notFound } from '../../platform/errors.js';
import { sendPage } from '../../views/render.js';
import { slugify } from '../../platform/slug.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { SectionEditPage, SectionsPage, type SectionValues } from './views/sections-page.js';
import { TagEditPage, TagsPage } from './views/tags-page.js';

/*
 * Small helpers shared by the site-structure pages (taxonomy, authors,
 * settings).
 */

/** A form field as text: a missing or repeated field reads as ''. */
export const field = (form: Form | undefined, key: string): string => {
  const v = form?.[key];
  return typeof v === 'string' ? v : '';
};

/** Largest id the databases hold (PostgreSQL integer). */
const MAX_ID = 2_147_483_647;

/** A positive whole id from a path or a form field; anything else is undefined. */
export function parseId(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= MAX_ID ? n : undefined;
}

/** The slug as typed, or one made from the name when left empty. */
export const slugOrFromName = (typed: string, name: string): string => typed.trim() || (name.trim() ? slugify(name) : '');

/** The confirmation for a `?saved`-style query flag, if one is present. */
export function noticeFrom(query: unknown, messages: Record<string, string>): string | undefined {
  if (!query || typeof query !== 'object') return undefined;
  for (const [flag, message] of Object.entries(messages)) if (flag in query) return message;
  return undefined;
}

/** Log a refused change (code and status only: never the form's contents). */
export const logRefusal = (req: FastifyRequest, err: AppError, what: string) => req.log.info({ code: err.code, status: err.status }, `${what} refused`);

type IdRoute = { Params: { id: string }; Querystring: Record<string, string | undefined> };
type IdPost = { Params: { id: string }; Body: Form };

const sectionValues = (form: Form): SectionValues => ({
  name: field(form, 'name'),
  slug: field(form, 'slug'),
  description: field(form, 'description'),
  position: field(form, 'position'),
});

/** The position as typed: empty is 0, anything that is not a number is passed on for the service to refuse. */
const positionOf = (typed: string): number => (typed.trim() === '' ? 0 : Number(typed.trim()));

/**
 * /admin/sections and /admin/tags: the site's sections (create, edit,
 * delete while unused) and tags (rename, merge, delete). Editors and admins
 * ('taxonomy.manage').
 */
export const taxonomyRoutes: AdminPlugin = async (app, { ctx }) => {
  const { services, chrome, requireStaff } = ctx;
  const { sections } = services;
  const staff = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'taxonomy.manage');

  // ---- Sections ----

  async function sectionsPage(req: FastifyRequest, reply: FastifyReply, extra: { notice?: string; error?: string; values?: SectionValues } = {}, status = 200) {
    const [c, list] = await Promise.all([chrome(req, reply), sections.listDetailed()]);
    return sendPage(reply, SectionsPage({ chrome: c, sections: list, ...extra }) as VNode, status);
  }

  async function sectionEditPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { notice?: string; error?: string; deleteError?: string; values?: SectionValues } = {},
    status = 200,
  ) {
    const section = await sections.detail(id);
    if (!section) throw notFound('section');
    return sendPage(reply, SectionEditPage({ chrome: await chrome(req, reply), section, ...extra }) as VNode, status);
  }

  app.get<{ Querystring: Record<string, string | undefined> }>('/sections', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    return sectionsPage(req, reply, { notice: noticeFrom(req.query, { created: 'Section created.', deleted: 'Section deleted.' }) });
  });

  app.post<{ Body: Form }>('/sections', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const form = req.body ?? {};
    try {
      await req.verifyCsrf();
      const name = field(form, 'name');
      await sections.create({
        name,
        slug: slugOrFromName(field(form, 'slug'), name),
        description: field(form, 'description'),
        position: positionOf(field(form, 'position')),
      });
      return reply.redirect('/admin/sections?created', 303);
    } catch (err) {
      if (!isAppError(err)) throw err;
      logRefusal(req, err, 'section creation');
      return sectionsPage(req, reply, { error: err.message, values: sectionValues(form) }, err.status);
    }
  });

  app.get<IdRoute>('/sections/:id', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = parseId(req.params.id);
    if (!id) throw notFound('section');
    return sectionEditPage(req, reply, id, { notice: noticeFrom(req.query, { saved: 'Saved.' }) });
  });

  app.post<IdPost>('/sections/:id', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = parseId(req.params.id);
    if (!id) throw notFound('section');
    const form = req.body ?? {};
    try {
      await req.verifyCsrf();
      const name = field(form, 'name');
      await sections.update(id, {
        name,
        slug: slugOrFromName(field(form, 'slug'), name),
        description: field(form, 'description'),
        position: positionOf(field(form, 'position')),
      });
      return reply.redirect(`/admin/sections/${id}?saved`, 303);
    } catch (err) {
      if (!isAppError(err) || err.status === 404) throw err;
      logRefusal(req, err, 'section change');
      return sectionEditPage(req, reply, id, { error: err.message, values: sectionValues(form) }, err.status);
    }
  });

  app.post<IdPost>('/sections/:id/delete', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = parseId(req.params.id);
    if (!id) throw notFound('section');
    try {
      await req.verifyCsrf();
      await sections.remove(id);
      req.log.info({ sectionId: id }, 'section deleted');
      return reply.redirect('/admin/sections?deleted', 303);
    } catch (err) {
      if (!isAppError(err) || err.status === 404) throw err;
      logRefusal(req, err, 'section deletion');
      return sectionEditPage(req, reply, id, { deleteError: err.message }, err.status);
    }
  });

  // ---- Tags ----

  async function tagEditPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { notice?: string; error?: { form: 'rename' | 'merge' | 'delete'; message: string }; values?: { name?: string; slug?: string; into?: string } } = {},
    status = 200,
  ) {
    const all = await sections.listTagsWithCounts();
    const tag = all.find((t) => t.id === id);
    if (!tag) throw notFound('tag');
    const others = all.filter((t) => t.id !== id);
    return sendPage(reply, TagEditPage({ chrome: await chrome(req, reply), tag, others, ...extra }) as VNode, status);
  }

  app.get<{ Querystring: Record<string, string | undefined> }>('/tags', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const [c, tags] = await Promise.all([chrome(req, reply), sections.listTagsWithCounts()]);
    return sendPage(reply, TagsPage({ chrome: c, tags, notice: noticeFrom(req.query, { deleted: 'Tag deleted.' }) }) as VNode);
  });

  app.get<IdRoute>('/tags/:id', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = parseId(req.params.id);
    if (!id) throw notFound('tag');
    const notice = noticeFrom(req.query, { saved: 'Saved.', merged: 'Tags merged: the articles of the merged tag now carry this one.' });
    return tagEditPage(req, reply, id, { notice });
  });

  app.post<IdPost>('/tags/:id', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = parseId(req.params.id);
    if (!id) throw notFound('tag');
    const form = req.body ?? {};
    const name = field(form, 'name');
    try {
      await req.verifyCsrf();
      await sections.updateTag(id, { name, slug: slugOrFromName(field(form, 'slug'), name) });
      return reply.redirect(`/admin/tags/${id}?saved`, 303);
    } catch (err) {
      if (!isAppError(err) || err.status === 404) throw err;
      logRefusal(req, err, 'tag change');
      return tagEditPage(req, reply, id, { error: { form: 'rename', message: err.message }, values: { name, slug: field(form, 'slug') } }, err.status);
    }
  });

  app.post<IdPost>('/tags/:id/merge', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = parseId(req.params.id);
    if (!id) throw notFound('tag');
    const form = req.body ?? {};
    try {
      await req.verifyCsrf();
      const intoId = parseId(field(form, 'into'));
      if (!intoId) throw invalidInput('Choose the tag to merge this one into.');
      const { into, articles } = await sections.mergeTags(id, intoId);
      req.log.info({ fromTagId: id, intoTagId: into.id, articles }, 'tags merged');
      return reply.redirect(`/admin/tags/${into.id}?merged`, 303);
    } catch (err) {
      if (!isAppError(err) || err.status === 404) throw err;
      logRefusal(req, err, 'tag merge');
      return tagEditPage(req, reply, id, { error: { form: 'merge', message: err.message }, values: { into: field(form, 'into') } }, err.status);
    }
  });

  app.post<IdPost>('/tags/:id/delete', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = parseId(req.params.id);
    if (!id) throw notFound('tag');
    try {
      await req.verifyCsrf();
      await sections.removeTag(id);
      req.log.info({ tagId: id }, 'tag deleted');
      return reply.redirect('/admin/tags?deleted', 303);
    } catch (err) {
      if (!isAppError(err) || err.status === 404) throw err;
      logRefusal(req, err, 'tag deletion');
      return tagEditPage(req, reply, id, { error: { form: 'delete', message: err.message } }, err.status);
    }
  });
};
