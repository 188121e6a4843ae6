import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { errorResponses, One, SlugParams } from '../../platform/api-schemas.js';
import { absoluteUrl, sectionPath, tagPath } from '../../platform/urls.js';

const SectionSchema = Type.Object({ slug: Type.String(), name: Type.String(), description: Type.String(), url: Type.String() }, { $id: 'Section' });
const TagSchema = Type.Object({ slug: Type.String(), name: Type.String(), url: Type.String() }, { $id: 'Tag' });

/** GET /api/v1/sections, /api/v1/sections/:slug, /api/v1/tags */
export async function sectionsApi(fastify: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const abs = (p: string) => absoluteUrl(siteUrl, p);

  app.get('/sections', { schema: { tags: ['sections'], summary: "The site's sections, in navigation order", response: { 200: Type.Object({ data: Type.Array(SectionSchema) }) } } }, async () => ({
    data: (await services.sections.list()).map((s) => ({ slug: s.slug, name: s.name, description: s.description, url: abs(sectionPath(s.slug)) })),
  }));

  app.get('/sections/:slug', { schema: { tags: ['sections'], summary: 'One section', params: SlugParams, response: { 200: One(SectionSchema), ...errorResponses } } }, async (req) => {
    const s = await services.sections.bySlug(req.params.slug);
    if (!s) throw notFound('section');
    return { data: { slug: s.slug, name: s.name, description: s.description, url: abs(sectionPath(s.slug)) } };
  });

  app.get('/tags', { schema: { tags: ['tags'], summary: 'Every tag, by name', response: { 200: Type.Object({ data: Type.Array(TagSchema) }) } } }, async () => ({
    data: (await services.sections.publicTags()).map((t) => ({ slug: t.slug, name: t.name, url: abs(tagPath(t.slug)) })),
  }));
}
