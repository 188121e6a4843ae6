import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { badRequest, invalidInput } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import type { Account } from '../accounts/accounts.service.js';
import { can } from '../accounts/permissions.js';
import { actorOf, type AdminPlugin, type Form } from '../admin/admin.context.js';
import { field, logRefusal, missing, noticeFrom, pathId } from '../admin/admin.forms.js';
import { TEXT_LIMITS } from './media.upload.js';
import { readUploadForm, UPLOAD_RATE_LIMIT } from './media.upload-form.js';
import { beforeId, LibraryQuery, mediaPickerRoutes, pickFor } from './media.picker.routes.js';
import { MediaDeletePage, MediaImagePage, MediaLibraryPage, type UploadValues } from './views/media-pages.js';

const ImageQuery = Type.Object({ saved: Type.Optional(Type.String()), uploaded: Type.Optional(Type.String()) });

const UPLOAD_FIELDS = ['_csrf', 'alt', 'caption', 'credit'] as const;

const uploadValues = (form: Form): UploadValues => ({ alt: field(form, 'alt'), caption: field(form, 'caption'), credit: field(form, 'credit') });

/**
 * /admin/media: the media library (browse, search, upload), one image's page
 * (edit its descriptions, delete it when unused), the picker for a story's
 * featured image without scripts, and the JSON the editor's picker dialog
 * reads. Browsing and choosing: whoever may upload ('media.upload');
 * changing and deleting: 'media.manage', checked again by the service.
 */
export const mediaAdminRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;
  const { mediaLibrary: library, mediaUploader, editorial, settings } = services;
  await app.register(mediaPickerRoutes, { ctx });
  const maxBytes = mediaUploader.limits.maxBytes;
  await app.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: UPLOAD_FIELDS.length, fieldSize: 4 * TEXT_LIMITS.caption, parts: UPLOAD_FIELDS.length + 1, headerPairs: 50 },
  });

  const staff = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'media.upload');

  async function libraryPage(
    req: FastifyRequest,
    reply: FastifyReply,
    account: Account,
    query: { q?: string; before?: string; pick?: string; article?: string },
    extra: { notice?: string; error?: string; uploadValues?: UploadValues } = {},
  ) {
    const q = query.q ?? '';
    const pick = query.pick === 'featured' ? await pickFor(editorial, account, query.article) : undefined;
    if (query.pick !== undefined && query.pick !== 'featured') throw badRequest('The picker chooses a featured image: ?pick=featured&article=ID.');
    const b = beforeId(query.before);
    const [c, zone, page] = await Promise.all([chrome(req, reply), settings.get(), library.list({ q, ...(b !== undefined ? { before: b } : {}) })]);
    return MediaLibraryPage({ chrome: c, zone, page, q, before: b, pick, canUpload: can(account.role, 'media.upload'), ...extra }) as VNode;
  }

  async function imagePage(req: FastifyRequest, reply: FastifyReply, account: Account, id: number, extra: { notice?: string; error?: string; values?: UploadValues } = {}) {
    const [c, zone, image] = await Promise.all([chrome(req, reply), settings.get(), library.get(id)]);
    return MediaImagePage({ chrome: c, zone, image, canManage: can(account.role, 'media.manage'), ...extra }) as VNode;
  }

  app.get('/media', { schema: { querystring: LibraryQuery } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    return sendPage(reply, await libraryPage(req, reply, account, req.query, { notice: noticeFrom(req.query, { deleted: 'Image deleted.' }) }));
  });

  app.post('/media', { config: { rateLimit: UPLOAD_RATE_LIMIT } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const fields: Form = {};
    return submitForm(
      reply,
      async () => {
        const file = await readUploadForm(req, fields, {
          fields: UPLOAD_FIELDS,
          fileField: 'image',
          maxBytes,
          noun: 'image',
          tooLong: `Alt text is limited to ${TEXT_LIMITS.alt} characters, the caption to ${TEXT_LIMITS.caption}, the credit to ${TEXT_LIMITS.credit}.`,
          tooMany: 'Send one image, with its alt text, caption and credit.',
        });
        if (!file || file.data.length === 0) throw invalidInput('Choose an image to upload.');
        const { alt, caption, credit } = uploadValues(fields);
        const image = await mediaUploader.upload({ data: file.data, originalName: file.filename, alt, caption, credit });
        req.log.info({ mediaId: image.id }, 'image uploaded to the library');
        return reply.redirect(`/admin/media/${image.id}?uploaded`, 303);
      },
      (err) => {
        logRefusal(req, err, 'library upload');
        return libraryPage(req, reply, account, {}, { error: err.message, uploadValues: uploadValues(fields) });
      },
    );
  });

  app.get('/media/:id', { schema: { params: IdPath, querystring: ImageQuery } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const notice = noticeFrom(req.query, { saved: 'Saved. Every story that shows this image now describes it this way.', uploaded: 'Image uploaded.' });
    return sendPage(reply, await imagePage(req, reply, account, pathId(req.params, 'image'), { notice }));
  });

  app.post('/media/:id', { schema: { params: IdPath } }, async (req, reply) => {
    const account = requireStaff(req, reply, 'media.manage');
    if (!account) return reply;
    const id = pathId(req.params, 'image');
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        await library.update(actorOf(account), id, uploadValues(form));
        return reply.redirect(`/admin/media/${id}?saved`, 303);
      },
      (err) => {
        logRefusal(req, err, 'image description change');
        return imagePage(req, reply, account, id, { error: err.message, values: uploadValues(form) });
      },
      missing,
    );
  });

  async function deletePage(req: FastifyRequest, reply: FastifyReply, id: number, error?: string) {
    return MediaDeletePage({ chrome: await chrome(req, reply), image: await library.get(id), error }) as VNode;
  }

  // The confirmation; an image still in use answers 409 with the stories that show it.
  app.get('/media/:id/delete', { schema: { params: IdPath } }, async (req, reply) => {
    if (!requireStaff(req, reply, 'media.manage')) return reply;
    const [c, image] = await Promise.all([chrome(req, reply), library.get(pathId(req.params, 'image'))]);
    return sendPage(reply, MediaDeletePage({ chrome: c, image }) as VNode, image.uses.length > 0 ? 409 : 200);
  });

  app.post('/media/:id/delete', { schema: { params: IdPath } }, async (req, reply) => {
    const account = requireStaff(req, reply, 'media.manage');
    if (!account) return reply;
    const id = pathId(req.params, 'image');
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        await library.remove(actorOf(account), id);
        req.log.info({ mediaId: id }, 'image deleted');
        return reply.redirect('/admin/media?deleted', 303);
      },
      (err) => {
        logRefusal(req, err, 'image deletion');
        return deletePage(req, reply, id, err.message);
      },
      missing,
    );
  });
};
