import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { articlesApi } from '../articles/articles.api.js';
import { authorsApi } from '../authors/authors.api.js';
import { commentsApi } from '../comments/comments.api.js';
import { sectionsApi } from '../sections/sections.api.js';

/** The JSON API, /api/v1: each module contributes its own endpoints. */
export async function apiRoutes(app: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'public, max-age=30');
    return payload;
  });
  await app.register(articlesApi, { services, siteUrl });
  await app.register(commentsApi, { services, siteUrl });
  await app.register(sectionsApi, { services, siteUrl });
  await app.register(authorsApi, { services, siteUrl });
}
