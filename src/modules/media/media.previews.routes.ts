import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, notFound } from '../../platform/errors.js';
import type { PreviewShapeName } from './media.preview-render.js';
import { PREVIEW_FILE } from './media.preview-urls.js';
import type { MediaPreviews } from './media.previews.js';

/** Previews change only with their name (see media.previews.ts), so caches may keep them as long as the media files. */
const PREVIEW_CACHE = 'public, max-age=2592000';

const PreviewParams = Type.Object({ file: Type.String({ maxLength: 40 }) });

/** `GET /media/preview/:id.jpg` (and `:id-16x9.jpg`, `-4x3`, `-1x1`): an image's link preview, rendered on first request. */
export async function mediaPreviewRoutes(fastify: FastifyInstance, { previews }: { previews: MediaPreviews }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/media/preview/:file', { schema: { params: PreviewParams } }, async (req, reply) => {
    const match = PREVIEW_FILE.exec(req.params.file);
    const id = Number(match?.[1]);
    if (!match || !Number.isSafeInteger(id) || id > 2_147_483_647) throw notFound('image');
    const shape = (match[2] ?? 'wide') as PreviewShapeName;
    let file;
    try {
      file = await previews.file(id, shape);
    } catch (err) {
      // A record whose file is missing or unreadable is the site's problem, not the visitor's: say so in the log.
      if (err instanceof AppError && err.details?.reason) req.log.warn({ mediaId: id, shape, status: err.status, reason: err.details.reason }, 'link preview not available');
      throw err;
    }
    // Made to be shown on other sites and apps: like every answer under /media/, it says Cross-Origin-Resource-Policy: cross-origin (app.ts).
    reply.header('cache-control', PREVIEW_CACHE).header('etag', file.etag);
    if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply.type(file.mime).header('content-length', file.data.length).send(file.data);
  });
}
