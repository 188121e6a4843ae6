import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';

/** The OpenAPI document of the JSON API (/api/openapi.json). */
export async function registerApiDocs(app: FastifyInstance, config: Pick<Config, 'siteUrl'>): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Broadsheet API',
        version: '1',
        description: 'Read API for articles, sections, tags, authors and comment threads; with an API token (Authorization: Bearer …), the newsroom write API.',
      },
      servers: [{ url: config.siteUrl }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    // Only the JSON API is documented; HTML pages and assets are not part of it.
    hideUntagged: true,
  });
}

/** Serve the document; after every route is registered, so it lists them all. */
export function serveApiDocs(app: FastifyInstance): void {
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
