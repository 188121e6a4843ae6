import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { errorResponses, One, SlugParams } from '../../platform/api-schemas.js';
import { absoluteUrl, authorPath } from '../../platform/urls.js';
import type { Author } from './authors.service.js';

const AuthorSchema = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    bio: Type.String(),
    url: Type.String(),
    photo: Type.Union([Type.Object({ url: Type.String(), width: Type.Union([Type.Integer(), Type.Null()]), height: Type.Union([Type.Integer(), Type.Null()]) }), Type.Null()]),
    links: Type.Array(Type.Object({ label: Type.String(), url: Type.String() })),
  },
  { $id: 'Author' },
);

/** GET /api/v1/authors and /api/v1/authors/:slug */
export async function authorsApi(fastify: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const abs = (p: string) => absoluteUrl(siteUrl, p);
  const present = (a: Author) => ({
    slug: a.slug,
    name: a.name,
    bio: a.bio,
    url: abs(authorPath(a.slug)),
    photo: a.photo && { url: abs(a.photo.url), width: a.photo.width, height: a.photo.height },
    links: a.links.map((l) => ({ label: l.label, url: l.url })),
  });

  app.get('/authors', { schema: { tags: ['authors'], summary: 'Every author, by name', response: { 200: Type.Object({ data: Type.Array(AuthorSchema) }) } } }, async () => ({
    data: (await services.authors.list()).map(present),
  }));

  app.get('/authors/:slug', { schema: { tags: ['authors'], summary: "One author's profile", params: SlugParams, response: { 200: One(AuthorSchema), ...errorResponses } } }, async (req) => {
    const a = await services.authors.bySlug(req.params.slug);
    if (!a) throw notFound('author');
    return { data: present(a) };
  });
}
