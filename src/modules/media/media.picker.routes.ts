import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../../platform/errors.js';
import type { Account } from '../accounts/accounts.service.js';
import type { EditorialService } from '../articles/editorial.types.js';
import { actorOf, type AdminPlugin, type Form } from '../admin/admin.context.js';
import { field, parseId } from '../admin/admin.forms.js';
import type { LibraryImage } from './media.library.js';
import { MAX_QUERY } from './media.library.js';
import type { PickFor } from './views/media-pages.js';

/** The library's search, page and picker mode; a search longer than the form allows is refused with a 400. */
export const LibraryQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: MAX_QUERY * 4 })),
  before: Type.Optional(Type.String({ maxLength: 12 })),
  pick: Type.Optional(Type.String({ maxLength: 20 })),
  article: Type.Optional(Type.String({ maxLength: 12 })),
  deleted: Type.Optional(Type.String()),
});
/** The story a picker chooses for, when this person may change it (400 without one, 403 when they may not). */
export async function pickFor(editorial: EditorialService, account: Account, rawArticle: string | undefined): Promise<PickFor> {
  const articleId = parseId(rawArticle);
  if (articleId === undefined) throw badRequest('Say which story the image is for: ?pick=featured&article=ID.');
  const article = await editorial.get(actorOf(account), articleId);
  if (!article.allowed.edit) throw new AppError('forbidden', 403, 'Your role does not let you change this story in its current status.');
  return { articleId, headline: article.headline };
}

/** The `before` of a library page: an image id, or none. */
export function beforeId(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const id = parseId(raw);
  if (id === undefined) throw badRequest('"before" must be the id of an image.');
  return id;
}

/** What the editor's picker dialog shows of an image. */
const pickerItem = (i: LibraryImage) => ({
  id: i.id,
  alt: i.alt,
  caption: i.caption,
  credit: i.credit,
  width: i.width,
  height: i.height,
  thumbnail: i.thumbnail,
  markdown: i.markdown,
});

/**
 * Choosing images for a story: the JSON the editor's picker dialog reads
 * (client/media-picker.ts), and, without scripts, the library's "Use as
 * featured image" forms, which save the choice and go back to the editor.
 */
export const mediaPickerRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, requireStaff } = ctx;
  const { mediaLibrary: library, editorial } = services;
  const staff = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'media.upload');

  app.get('/media/picker.json', { schema: { querystring: LibraryQuery } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const b = beforeId(req.query.before);
    const page = await library.list({ q: req.query.q ?? '', ...(b !== undefined ? { before: b } : {}) });
    return { images: page.images.map(pickerItem), next: page.next };
  });

  app.post('/media/featured', async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    await req.verifyCsrf();
    const form = (req.body ?? {}) as Form;
    const { articleId } = await pickFor(editorial, account, field(form, 'article'));
    const rawImage = field(form, 'image');
    const imageId = rawImage === '' ? null : parseId(rawImage);
    if (imageId === undefined) throw badRequest('"image" must be the id of an image, or empty for none.');
    if (imageId !== null) await library.get(imageId);
    const actor = actorOf(account);
    const article = await editorial.get(actor, articleId);
    // Only the featured image changes: the saved version is the base, so nothing else is touched.
    await editorial.update(actor, articleId, { featuredImageId: imageId }, article.version);
    req.log.info({ articleId, mediaId: imageId }, 'featured image chosen from the library');
    return reply.redirect(`/admin/articles/${articleId}?notice=saved`, 303);
  });
};
