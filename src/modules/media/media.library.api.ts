import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorBody, Nullable, rejectUnknownFields } from '../../platform/api-schemas.js';
import { badRequest, isAppError, notFound } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { BEARER_SECURITY, needsToken, requireActor } from '../tokens/tokens.auth.js';
import type { LibraryImage, MediaLibrary } from './media.library.js';
import { MAX_QUERY } from './media.library.js';
import { TEXT_LIMITS } from './media.upload.js';
import { absoluteUrl } from '../../platform/urls.js';
import { imageFields } from './media.api.js';

const Use = Type.Object({ articleId: Type.Integer(), headline: Type.String(), status: Type.String(), featured: Type.Boolean(), inBody: Type.Boolean() });

const LibraryImageSchema = Type.Object(
  {
    id: Type.Integer(),
    url: Type.String(),
    mime: Type.String(),
    width: Nullable(Type.Integer()),
    height: Nullable(Type.Integer()),
    bytes: Nullable(Type.Integer()),
    alt: Type.String(),
    caption: Type.String(),
    credit: Type.String(),
    originalName: Type.String(),
    createdAt: Type.String(),
    thumbnail: Type.String({ description: 'The smallest rendition, for a thumbnail.' }),
    markdown: Type.String({ description: 'The Markdown that shows the image inside a story’s body.' }),
    usedBy: Type.Array(Use, { description: 'The stories (drafts included) whose featured image it is or whose body shows it.' }),
  },
  { $id: 'LibraryImage' },
);

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: MAX_QUERY, description: 'Words to find in alt text, caption, credit or file name.' })),
  before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,9}$', description: 'The `next` of the previous page: images older than this id.' })),
});

const UpdateBody = Type.Object({
  alt: Type.Optional(Type.String({ maxLength: TEXT_LIMITS.alt })),
  caption: Type.Optional(Type.String({ maxLength: TEXT_LIMITS.caption })),
  credit: Type.Optional(Type.String({ maxLength: TEXT_LIMITS.credit })),
});

type Story = { id: number; headline: string; featured: boolean; inBody: boolean };

const InUse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Object({ stories: Type.Array(Type.Object({ id: Type.Integer(), headline: Type.String(), featured: Type.Boolean(), inBody: Type.Boolean() })) }),
  }),
});

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

/** /api/v1/media (GET), /api/v1/media/:id (GET, PATCH, DELETE): the media library through the API. */
export async function mediaLibraryApi(fastify: FastifyInstance, { library, siteUrl }: { library: MediaLibrary; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const abs = (p: string) => absoluteUrl(siteUrl, p);
  const present = (i: LibraryImage) => ({
    ...imageFields(siteUrl, i),
    originalName: i.originalName,
    createdAt: i.createdAt,
    thumbnail: abs(i.thumbnail.url),
    markdown: i.markdown,
    usedBy: i.uses,
  });
  const id = (params: { id: string }) => {
    const n = Number(params.id);
    if (!Number.isSafeInteger(n) || n < 1) throw notFound('image');
    return n;
  };

  app.get(
    '/media',
    {
      onRequest: needsToken('media.upload'),
      schema: {
        tags: ['media'],
        security: BEARER_SECURITY,
        summary: 'The media library, newest first',
        description: 'Pages of 24 images; pass `next` as `before` for the following page (null on the last).',
        querystring: ListQuery,
        response: { 200: Type.Object({ data: Type.Array(LibraryImageSchema), next: Nullable(Type.Integer()) }), ...errors(400, 401, 403, 422) },
      },
    },
    async (req) => {
      const page = await library.list({ q: req.query.q ?? '', ...(req.query.before ? { before: Number(req.query.before) } : {}) });
      return { data: page.images.map(present), next: page.next };
    },
  );

  app.get(
    '/media/:id',
    {
      onRequest: needsToken('media.upload'),
      schema: {
        tags: ['media'],
        security: BEARER_SECURITY,
        summary: 'One image, with where it is used',
        params: IdPath,
        response: { 200: Type.Object({ data: LibraryImageSchema }), ...errors(401, 403, 404) },
      },
    },
    async (req) => ({ data: present(await library.get(id(req.params))) }),
  );

  app.patch(
    '/media/:id',
    {
      onRequest: needsToken('media.manage'),
      preValidation: rejectUnknownFields,
      schema: {
        tags: ['media'],
        security: BEARER_SECURITY,
        summary: 'Change an image’s alt text, caption or credit',
        description: 'Needs a token whose role may manage media (editor or admin). Fields left out keep their value. Every story that shows the image shows the new alt text at once.',
        params: IdPath,
        body: UpdateBody,
        response: { 200: Type.Object({ data: LibraryImageSchema }), ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, reply, 'media.manage');
      const body = req.body ?? {};
      if (body.alt === undefined && body.caption === undefined && body.credit === undefined) throw badRequest('Send at least one of alt, caption and credit.');
      const current = await library.get(id(req.params));
      const updated = await library.update(actor, current.id, { alt: body.alt ?? current.alt, caption: body.caption ?? current.caption, credit: body.credit ?? current.credit });
      return { data: present(updated) };
    },
  );

  app.delete(
    '/media/:id',
    {
      onRequest: needsToken('media.manage'),
      schema: {
        tags: ['media'],
        security: BEARER_SECURITY,
        summary: 'Delete an image no story uses',
        description:
          'Needs a token whose role may manage media. Answers 204; the files are removed too. An image a story still shows (as featured image or in its body, drafts included) is refused with 409, listing the stories in `error.details.stories`.',
        params: IdPath,
        response: { 204: Type.Null(), 409: InUse, ...errors(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, reply, 'media.manage');
      try {
        await library.remove(actor, id(req.params));
      } catch (err) {
        // The stories go with the refusal, so a client can say which to change.
        if (isAppError(err) && err.status === 409) return reply.code(409).send({ error: { code: err.code, message: err.message, details: { stories: (err.details?.stories ?? []) as Story[] } } });
        throw err;
      }
      return reply.code(204).send(null);
    },
  );
}
