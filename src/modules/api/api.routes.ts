import type { FastifyInstance } from 'fastify';
import { apiAuth } from '../tokens/tokens.auth.js';
import type { Services } from '../../services.js';
import { articlesApi } from '../articles/articles.api.js';
import { articlesWriteApi } from '../articles/articles.write-api.js';
import { authorsApi } from '../authors/authors.api.js';
import { authorsWriteApi } from '../authors/authors.write-api.js';
import { commentsApi } from '../comments/comments.api.js';
import { commentsWriteApi } from '../comments/comments.write-api.js';
import { moderationApi } from '../comments/moderation.api.js';
import { mediaApi } from '../media/media.api.js';
import { mediaLibraryApi } from '../media/media.library.api.js';
import { readersApi } from '../readers/readers.api.js';
import { searchApi } from '../search/search.api.js';
import { staffApi } from '../accounts/staff.api.js';
import { sectionsApi } from '../sections/sections.api.js';
import { sectionsWriteApi } from '../sections/sections.write-api.js';

/** The JSON API, /api/v1: each module contributes its own endpoints. */
export async function apiRoutes(app: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'public, max-age=30');
    return payload;
  });

  // Bearer tokens (docs/api.md): anonymous requests may read; writes need a token.
  await app.register(apiAuth, { tokens: services.tokens });

  await app.register(articlesApi, { services, siteUrl });
  await app.register(commentsApi, { services, siteUrl });
  await app.register(sectionsApi, { services, siteUrl });
  await app.register(authorsApi, { services, siteUrl });
  await app.register(searchApi, { services, siteUrl });

  await app.register(articlesWriteApi, { editorial: services.editorial, siteUrl });
  await app.register(sectionsWriteApi, { services, siteUrl });
  await app.register(authorsWriteApi, { services, siteUrl });
  await app.register(mediaApi, { uploader: services.mediaUploader, siteUrl });
  await app.register(mediaLibraryApi, { library: services.mediaLibrary, siteUrl });
  await app.register(readersApi, { services, siteUrl });
  await app.register(commentsWriteApi, { services, siteUrl });
  await app.register(moderationApi, { services, siteUrl });
  await app.register(staffApi, { staff: services.staff });
}
