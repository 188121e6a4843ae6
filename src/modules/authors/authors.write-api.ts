import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BEARER_SECURITY, needsToken } from '../tokens/tokens.auth.js';
import { slugify } from '../../platform/slug.js';
import type { Services } from '../../services.js';
import { ErrorBody, IdSchema, Nullable, rejectUnknownFields } from '../../platform/api-schemas.js';
import { absoluteUrl, authorPath } from '../../platform/urls.js';
import type { Author } from './authors.service.js';

const LinkSchema = Type.Object({ label: Type.String(), url: Type.String({ description: 'An absolute http(s) or mailto: URL.' }) });

const NewsroomAuthor = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    name: Type.String(),
    bio: Type.String(),
    url: Type.String(),
    photo: Nullable(Type.Object({ id: Type.Integer(), url: Type.String(), width: Nullable(Type.Integer()), height: Nullable(Type.Integer()) })),
    links: Type.Array(LinkSchema),
  },
  { $id: 'NewsroomAuthor' },
);

export const AuthorCreateBody = Type.Object({
  name: Type.String({ description: 'As in the byline, 1 to 200 characters.' }),
  slug: Type.Optional(Type.String({ description: 'Lower-case words joined by hyphens; made from the name when absent.' })),
  bio: Type.Optional(Type.String()),
  photoId: Type.Optional(Nullable(IdSchema, { description: 'A media id (POST /api/v1/media), or null.' })),
  links: Type.Optional(Type.Array(LinkSchema, { maxItems: 20 })),
});

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

/** POST /api/v1/authors (authors.manage) and GET /api/v1/newsroom/authors (ids for bylines). */
export async function authorsWriteApi(fastify: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const abs = (p: string) => absoluteUrl(siteUrl, p);
  const present = (a: Author) => ({
    id: a.id,
    slug: a.slug,
    name: a.name,
    bio: a.bio,
    url: abs(authorPath(a.slug)),
    photo: a.photo && { id: a.photo.id, url: abs(a.photo.url), width: a.photo.width, height: a.photo.height },
    links: a.links,
  });

  app.get(
    '/newsroom/authors',
    {
      onRequest: needsToken(),
      schema: {
        tags: ['newsroom'],
        security: BEARER_SECURITY,
        summary: 'Authors with their ids (for `authorIds`)',
        response: { 200: Type.Object({ data: Type.Array(NewsroomAuthor) }), ...errors(401) },
      },
    },
    async () => ({ data: (await services.authors.list()).map(present) }),
  );

  app.post(
    '/authors',
    {
      onRequest: needsToken('authors.manage'),
      preValidation: rejectUnknownFields,
      schema: {
        tags: ['authors'],
        security: BEARER_SECURITY,
        summary: 'Create an author profile',
        description: 'Needs a token whose role may manage authors (editor or admin). Answers 201 with the profile; Location is its API address.',
        body: AuthorCreateBody,
        response: { 201: Type.Object({ data: NewsroomAuthor }), ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (req, reply) => {
      const { name, slug, bio, photoId, links } = req.body;
      const created = await services.authors.create({
        name,
        slug: slug ?? slugify(name),
        ...(bio !== undefined ? { bio } : {}),
        ...(photoId !== undefined ? { photoId } : {}),
        ...(links !== undefined ? { links } : {}),
      });
      return reply
        .code(201)
        .header('location', `${fastify.prefix}/authors/${created.slug}`)
        .send({ data: present(created) });
    },
  );
}
