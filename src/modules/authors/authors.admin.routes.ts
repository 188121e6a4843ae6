import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { invalidInput, notFound } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import type { AuthorLink } from './authors.service.js';
import { TEXT_LIMITS } from '../media/media.upload.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { field, logRefusal, missing, noticeFrom, pathId, slugOrFromName } from '../admin/admin.forms.js';
import { readUploadForm, UPLOAD_RATE_LIMIT } from '../media/media.upload-form.js';
import { AuthorEditPage, type AuthorValues, type LinkRow, type PhotoUploadValues } from './views/author-edit-page.js';
import { AuthorsPage, type NewAuthorValues } from './views/authors-page.js';

/** Link rows read from a form (the page offers the existing links plus three blank rows). */
const MAX_LINK_ROWS = 50;

/** The link rows that were filled in, in order, as typed (trimmed). */
export function linkRowsFrom(form: Form): LinkRow[] {
  const rows: LinkRow[] = [];
  for (let i = 0; i < MAX_LINK_ROWS; i++) {
    const label = field(form, `link_label_${i}`).trim();
    const url = field(form, `link_url_${i}`).trim();
    if (label || url) rows.push({ label, url });
  }
  return rows;
}

/** Links from filled-in rows; a row with only one half is refused, naming it. */
export function linksFrom(rows: LinkRow[]): AuthorLink[] {
  for (const r of rows) {
    if (!r.url) throw invalidInput(`The link “${r.label}” needs a URL.`);
    if (!r.label) throw invalidInput(`The link ${r.url} needs a label.`);
  }
  return rows.map((r) => ({ label: r.label, url: r.url }));
}

const authorValuesFrom = (form: Form): AuthorValues => ({
  name: field(form, 'name'),
  slug: field(form, 'slug'),
  bio: field(form, 'bio'),
  photoId: field(form, 'photo_id').trim(),
  links: linkRowsFrom(form),
});

/** The photo's media number as typed: empty is no photo; anything else goes to the service to check. */
const photoIdOf = (typed: string): number | null => (typed.trim() === '' ? null : Number(typed.trim()));

/** The text fields of the photo upload form, besides the file. */
const PHOTO_FIELDS = ['_csrf', 'alt', 'credit'] as const;

/** The flags a change redirects with, for the page's confirmation. */
const EditQuery = Type.Object({ saved: Type.Optional(Type.String()), created: Type.Optional(Type.String()), photo: Type.Optional(Type.String()) });

/**
 * /admin/authors: author profiles — list, create, edit (name, slug, bio,
 * links, photo by media-library number) and photo upload through the media
 * pipeline. Editors and admins ('authors.manage').
 */
export const authorsRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;
  const { authors, mediaUploader: uploader } = services;
  const staff = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'authors.manage');

  // Photo uploads only (this plugin's routes): the byte limit is enforced while the body streams.
  const maxBytes = uploader.limits.maxBytes;
  await app.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: PHOTO_FIELDS.length, fieldSize: 4 * TEXT_LIMITS.alt, parts: PHOTO_FIELDS.length + 1, headerPairs: 50 },
  });

  async function listPage(req: FastifyRequest, reply: FastifyReply, extra: { notice?: string; error?: string; values?: NewAuthorValues } = {}) {
    const [c, list] = await Promise.all([chrome(req, reply), authors.list()]);
    return AuthorsPage({ chrome: c, authors: list, ...extra }) as VNode;
  }

  async function editPage(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { notice?: string; error?: string; values?: AuthorValues; photoError?: string; photoValues?: PhotoUploadValues } = {},
  ) {
    const author = await authors.byId(id);
    if (!author) throw notFound('author');
    return AuthorEditPage({ chrome: await chrome(req, reply), author, ...extra }) as VNode;
  }

  app.get('/authors', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    return sendPage(reply, await listPage(req, reply));
  });

  app.post('/authors', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const form = (req.body ?? {}) as Form;
    const name = field(form, 'name');
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const author = await authors.create({ name, slug: slugOrFromName(field(form, 'slug'), name), bio: field(form, 'bio') });
        return reply.redirect(`/admin/authors/${author.id}?created`, 303);
      },
      (err) => {
        logRefusal(req, err, 'author creation');
        return listPage(req, reply, { error: err.message, values: { name, slug: field(form, 'slug'), bio: field(form, 'bio') } });
      },
    );
  });

  app.get('/authors/:id', { schema: { params: IdPath, querystring: EditQuery } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = pathId(req.params, 'author');
    const notice = noticeFrom(req.query, { saved: 'Saved.', created: 'Author created. Add a photo and links below.', photo: 'Photo uploaded.' });
    return sendPage(reply, await editPage(req, reply, id, { notice }));
  });

  app.post('/authors/:id', { schema: { params: IdPath } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = pathId(req.params, 'author');
    const form = (req.body ?? {}) as Form;
    const values = authorValuesFrom(form);
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        await authors.update(id, {
          name: values.name,
          slug: slugOrFromName(values.slug, values.name),
          bio: values.bio,
          photoId: photoIdOf(values.photoId),
          links: linksFrom(values.links),
        });
        return reply.redirect(`/admin/authors/${id}?saved`, 303);
      },
      (err) => {
        logRefusal(req, err, 'author change');
        return editPage(req, reply, id, { error: err.message, values });
      },
      missing,
    );
  });

  /**
   * Upload a new photo (multipart: _csrf, alt, credit, then the file) through
   * the media pipeline, and make it the author's photo. The CSRF token is
   * checked before the file is read; the previous photo stays in the media
   * library.
   */
  app.post('/authors/:id/photo', { schema: { params: IdPath }, config: { rateLimit: UPLOAD_RATE_LIMIT } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const id = pathId(req.params, 'author');
    if (!(await authors.byId(id))) throw notFound('author');
    const fields: Form = {};
    return submitForm(
      reply,
      async () => {
        const file = await readUploadForm(req, fields, {
          fields: PHOTO_FIELDS,
          fileField: 'photo',
          maxBytes,
          noun: 'photo',
          tooLong: `Alt text is limited to ${TEXT_LIMITS.alt} characters, the credit to ${TEXT_LIMITS.credit}.`,
          tooMany: 'Send one photo, with its alt text and credit.',
        });
        if (!file || file.data.length === 0) throw invalidInput('Choose a photo to upload.');
        const image = await uploader.upload({ data: file.data, originalName: file.filename, alt: field(fields, 'alt'), credit: field(fields, 'credit') });
        await authors.update(id, { photoId: image.id });
        req.log.info({ authorId: id, mediaId: image.id }, 'author photo uploaded');
        return reply.redirect(`/admin/authors/${id}?photo`, 303);
      },
      (err) => {
        logRefusal(req, err, 'author photo upload');
        return editPage(req, reply, id, { photoError: err.message, photoValues: { alt: field(fields, 'alt'), credit: field(fields, 'credit') } });
      },
      missing,
    );
  });
};
