import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BEARER_SECURITY, needsToken } from '../tokens/tokens.auth.js';
import { slugify } from '../../platform/slug.js';
import type { Services } from '../../services.js';
import { ErrorBody, rejectUnknownFields } from '../../platform/api-schemas.js';
import { sectionPath } from '../../platform/urls.js';
import type { Section } from './sections.service.js';

const NewsroomSection = Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String(), description: Type.String(), url: Type.String() }, { $id: 'NewsroomSection' });

export const SectionCreateBody = Type.Object({
  name: Type.String({ description: 'The name readers see, 1 to 200 characters.' }),
  slug: Type.Optional(Type.String({ description: 'Lower-case words joined by hyphens; made from the name when absent.' })),
  description: Type.Optional(Type.String()),
  position: Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'Place in the navigation, lowest first (default 0).' })),
});

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

/** POST /api/v1/sections (taxonomy.manage) and GET /api/v1/newsroom/sections (ids for article fields). */
export async function sectionsWriteApi(fastify: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const present = (s: Section) => ({ id: s.id, slug: s.slug, name: s.name, description: s.description, url: new URL(sectionPath(s.slug), siteUrl + '/').toString() });

  app.get(
    '/newsroom/sections',
    {
      onRequest: needsToken(),
      schema: {
        tags: ['newsroom'],
        security: BEARER_SECURITY,
        summary: 'Sections with their ids (for `sectionId`)',
        response: { 200: Type.Object({ data: Type.Array(NewsroomSection) }), ...errors(401) },
      },
    },
    async () => ({ data: (await services.sections.list()).map(present) }),
  );

  app.post(
    '/sections',
    {
      onRequest: needsToken('taxonomy.manage'),
      preValidation: rejectUnknownFields,
      schema: {
        tags: ['sections'],
        security: BEARER_SECURITY,
        summary: 'Create a section',
        description: 'Needs a token whose role may manage sections and tags (editor or admin). Answers 201 with the section; Location is its API address.',
        body: SectionCreateBody,
        response: { 201: Type.Object({ data: NewsroomSection }), ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (req, reply) => {
      const { name, slug, description, position } = req.body;
      const created = await services.sections.create({
        name,
        slug: slug ?? slugify(name),
        ...(description !== undefined ? { description } : {}),
        ...(position !== undefined ? { position } : {}),
      });
      return reply
        .code(201)
        .header('location', `${fastify.prefix}/sections/${created.slug}`)
        .send({ data: present(created) });
    },
  );
}
