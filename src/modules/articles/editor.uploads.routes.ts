import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest, invalidInput, isAppError } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { submitForm } from '../../views/forms.js';
import type { Account } from '../accounts/accounts.service.js';
import { type AdminPlugin, actorOf, type Form } from '../admin/admin.context.js';
import { missing, pathId } from '../admin/admin.forms.js';
import { imageMarkdown } from '../markdown/news-blocks.js';
import type { Image } from '../media/media.service.js';
import { TEXT_LIMITS } from '../media/media.upload.js';
import { readUploadForm, UPLOAD_RATE_LIMIT } from '../media/media.upload-form.js';
import { parseVersion, value } from './editor.form.js';
import { editorPages } from './editor.render.js';
import type { ImageUploadValues } from './views/editor-props.js';

/** The text fields of the editor's "Add an image" form, besides the file. */
const IMAGE_FIELDS = ['_csrf', 'baseVersion', 'alt', 'caption', 'credit', 'featured'] as const;

/** The text fields of an image dropped or pasted into the body (the CSRF token comes as the x-csrf-token header). */
const BODY_IMAGE_FIELDS = ['alt'] as const;

/** What was typed in the "Add an image" form, so a refused upload shows it again. */
const imageValues = (fields: Form): ImageUploadValues => ({
  alt: value(fields, 'alt') ?? '',
  caption: value(fields, 'caption') ?? '',
  credit: value(fields, 'credit') ?? '',
  featured: value(fields, 'featured') === '1',
});

/** Images uploaded from the editor, optionally made the article's featured image. */
export const editorUploadRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, requireStaff } = ctx;
  const { editorial, mediaUploader } = services;
  const { editorPage } = editorPages(ctx);

  // Image uploads only (this plugin's route): the byte limit is enforced while the body streams.
  const maxBytes = mediaUploader.limits.maxBytes;
  await app.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: IMAGE_FIELDS.length, fieldSize: 4 * TEXT_LIMITS.caption, parts: IMAGE_FIELDS.length + 1, headerPairs: 50 },
  });

  /**
   * Make an uploaded image the featured image of the saved version
   * `baseVersion`. When that is refused, the image stays in the media
   * library and the editor says so, with its Markdown.
   */
  async function makeFeatured(req: FastifyRequest, reply: FastifyReply, account: Account, id: number, image: Image, fields: Form) {
    const actor = actorOf(account);
    return submitForm(
      reply,
      async () => {
        const baseVersion = parseVersion(value(fields, 'baseVersion'));
        if (baseVersion === undefined) throw badRequest('Setting the featured image needs the version the editor started from (baseVersion).');
        await editorial.update(actor, id, { featuredImageId: image.id }, baseVersion);
        return reply.redirect(`/admin/articles/${id}?notice=image-featured&image=${image.id}`, 303);
      },
      async (err) => {
        const why = err.status === 409 ? 'someone saved a newer version of this article since you opened it. Reload the editor, then enter it as the featured image id and save.' : err.message;
        const current = await editorial.get(actor, id);
        return editorPage(req, reply, account, current, {
          error: `Image ${image.id} was uploaded and stays in the media library, but it is not the featured image: ${why}`,
          errorAt: 'image',
          uploaded: { id: image.id, featured: false, markdown: imageMarkdown(image) },
        });
      },
      missing,
    );
  }

  /**
   * Upload an image (multipart: _csrf, baseVersion, alt, caption, credit,
   * featured, then the file "image") through the media pipeline; if
   * "featured" is ticked, make it the featured image. The CSRF token is
   * checked before the file is read. The editor comes back with the
   * Markdown that shows the image in the body.
   */
  app.post('/articles/:id/images', { schema: { params: IdPath }, config: { rateLimit: UPLOAD_RATE_LIMIT } }, async (req, reply) => {
    const id = pathId(req.params, 'article');
    const account = requireStaff(req, reply, 'media.upload');
    if (!account) return reply;
    const article = await editorial.get(actorOf(account), id);
    if (!article.allowed.edit) throw new AppError('forbidden', 403, 'Your role does not let you change this story in its current status.');
    const fields: Form = {};
    return submitForm(
      reply,
      async () => {
        const file = await readUploadForm(req, fields, {
          fields: IMAGE_FIELDS,
          fileField: 'image',
          maxBytes,
          noun: 'image',
          tooLong: `Alt text is limited to ${TEXT_LIMITS.alt} characters, the caption to ${TEXT_LIMITS.caption}, the credit to ${TEXT_LIMITS.credit}.`,
          tooMany: 'Send one image, with its alt text, caption and credit.',
        });
        if (!file || file.data.length === 0) throw invalidInput('Choose an image to upload.');
        const { alt, caption, credit, featured } = imageValues(fields);
        const image = await mediaUploader.upload({ data: file.data, originalName: file.filename, alt, caption, credit });
        req.log.info({ articleId: id, mediaId: image.id }, 'article image uploaded');
        if (!featured) return reply.redirect(`/admin/articles/${id}?notice=image&image=${image.id}`, 303);
        // Refusals from here on are about the featured image, not the upload: makeFeatured answers them itself.
        return makeFeatured(req, reply, account, id, image, fields);
      },
      (err) => {
        req.log.info({ articleId: id, code: err.code, status: err.status }, 'article image upload refused');
        return editorPage(req, reply, account, article, { error: err.message, errorAt: 'image', imageValues: imageValues(fields) });
      },
      missing,
    );
  });

  /**
   * An image dropped or pasted into the body by the editor's script
   * (multipart: an optional "alt", then the file "image"; the CSRF token in
   * the x-csrf-token header). Same permission, limits and pipeline as the
   * form above; the answer is JSON: the image and the Markdown that shows it,
   * or `{ error: { code, message } }`.
   */
  app.post('/articles/:id/body-images', { schema: { params: IdPath }, config: { rateLimit: UPLOAD_RATE_LIMIT } }, async (req, reply) => {
    const fail = (status: number, code: string, message: string) => reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
    if (!req.account) return fail(401, 'signed_out', 'You have been signed out, so the image was not uploaded. Sign in again in another tab, then drop it again.');
    const id = pathId(req.params, 'article');
    const fields: Form = {};
    try {
      const account = requireStaff(req, reply, 'media.upload');
      if (!account) return reply;
      const article = await editorial.get(actorOf(account), id);
      if (!article.allowed.edit) throw new AppError('forbidden', 403, 'Your role does not let you change this story in its current status.');
      const file = await readUploadForm(req, fields, {
        fields: BODY_IMAGE_FIELDS,
        fileField: 'image',
        maxBytes,
        noun: 'image',
        tooLong: `Alt text is limited to ${TEXT_LIMITS.alt} characters.`,
        tooMany: 'Send one image, with its alt text if you have it.',
      });
      if (!file || file.data.length === 0) throw invalidInput('The image is empty: choose another file.');
      const image = await mediaUploader.upload({ data: file.data, originalName: file.filename, alt: value(fields, 'alt') ?? '', caption: '', credit: '' });
      req.log.info({ articleId: id, mediaId: image.id }, 'article body image uploaded');
      return reply.code(201).send({ id: image.id, url: image.url, alt: image.alt, markdown: imageMarkdown(image) });
    } catch (err) {
      if (!isAppError(err)) throw err;
      req.log.info({ articleId: id, code: err.code, status: err.status }, 'article body image refused');
      return fail(err.status, err.code, err.message);
    }
  });
};
