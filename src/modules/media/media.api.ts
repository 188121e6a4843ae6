import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BEARER_SECURITY, needsToken, requireActor } from '../tokens/tokens.auth.js';
import { AppError, badRequest, isAppError } from '../../platform/errors.js';
import { ErrorBody, Nullable } from '../../platform/api-schemas.js';
import { TEXT_LIMITS, type MediaUploader, type UploadedImage } from './media.upload.js';
import { perPrincipal } from '../../platform/rate-limit.js';
import { isMalformedMultipart, malformedMultipart } from './media.upload-form.js';
import { absoluteUrl } from '../../platform/urls.js';
import type { LibraryImage } from './media.library.js';

const MediaSchema = Type.Object(
  {
    id: Type.Integer(),
    url: Type.String({ description: 'The full-size original (for downloads and editing).' }),
    mime: Type.String(),
    width: Nullable(Type.Integer()),
    height: Nullable(Type.Integer()),
    bytes: Type.Integer(),
    alt: Type.String(),
    caption: Type.String(),
    credit: Type.String(),
    variants: Type.Array(Type.Object({ url: Type.String(), width: Type.Integer(), height: Type.Integer(), mime: Type.String() }), {
      description: 'Responsive candidates: WebP by width, then one fallback (docs/media.md).',
    }),
  },
  { $id: 'UploadedMedia' },
);

/** What every image has that the API shows: the library's own fields. */
type ImageBasics = Pick<LibraryImage, 'id' | 'url' | 'mime' | 'width' | 'height' | 'bytes' | 'alt' | 'caption' | 'credit'>;

/** The fields every API answer about an image carries, its address made absolute. */
export function imageFields<I extends ImageBasics>(siteUrl: string, i: I): Pick<I, 'id' | 'mime' | 'width' | 'height' | 'bytes' | 'alt' | 'caption' | 'credit'> & { url: string } {
  return { id: i.id, url: absoluteUrl(siteUrl, i.url), mime: i.mime, width: i.width, height: i.height, bytes: i.bytes, alt: i.alt, caption: i.caption, credit: i.credit };
}

/** For the OpenAPI document only: the form is read part by part, as it streams. */
const UploadForm = Type.Object({
  file: Type.String({ format: 'binary', description: 'JPEG, PNG, WebP, AVIF or GIF.' }),
  alt: Type.String({ maxLength: TEXT_LIMITS.alt, description: 'Required: what the image shows, for readers who cannot see it.' }),
  caption: Type.Optional(Type.String({ maxLength: TEXT_LIMITS.caption })),
  credit: Type.Optional(Type.String({ maxLength: TEXT_LIMITS.credit })),
});

const TEXT_FIELDS = ['alt', 'caption', 'credit'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const TEXT_LABELS: Record<TextField, string> = { alt: 'Alt text', caption: 'The caption', credit: 'The credit' };
const isTextField = (name: string): name is TextField => (TEXT_FIELDS as readonly string[]).includes(name);

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

export interface MediaApiOptions {
  uploader: MediaUploader;
  siteUrl: string;
  /** Uploads per token per minute (processing is CPU-heavy). */
  perMinute?: number;
}

/** POST /api/v1/media: upload an image (multipart/form-data), as the media library does. */
export async function mediaApi(fastify: FastifyInstance, { uploader, siteUrl, perMinute = 30 }: MediaApiOptions) {
  const maxBytes = uploader.limits.maxBytes;
  const mb = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  await fastify.register(multipart, {
    // Enforced while the body streams: reading stops at the limit.
    limits: { fileSize: maxBytes, files: 1, fields: TEXT_FIELDS.length, fieldSize: 4 * TEXT_LIMITS.caption, parts: TEXT_FIELDS.length + 1, headerPairs: 50 },
  });
  const abs = (p: string) => absoluteUrl(siteUrl, p);
  const present = (i: UploadedImage) => ({
    ...imageFields(siteUrl, i),
    variants: i.variants.map((v) => ({ url: abs(v.url), width: v.width, height: v.height, mime: v.mime })),
  });

  fastify.post(
    '/media',
    {
      onRequest: needsToken('media.upload'),
      config: {
        rateLimit: { max: perMinute, timeWindow: '1 minute', ...perPrincipal((req) => (req.apiActor ? `token:${req.apiActor.tokenId}` : undefined)) },
      },
      // The body schema documents the form; the parts are checked as they arrive.
      validatorCompiler: () => () => true,
      schema: {
        tags: ['media'],
        security: BEARER_SECURITY,
        summary: 'Upload an image',
        description: `multipart/form-data with one \`file\` (at most ${mb} MB) and its \`alt\` text (required), \`caption\` and \`credit\`. The image is re-encoded without metadata and responsive variants are made (docs/media.md). Answers 201; Location is the image. Too large: 413; not an accepted image: 415; bad text, or an image over the pixel, frame or time limits (checked from its header): 422; every image slot busy and the queue full: 503 with Retry-After, nothing stored.`,
        consumes: ['multipart/form-data'],
        body: UploadForm,
        response: { 201: Type.Object({ data: MediaSchema }), ...errors(400, 401, 403, 413, 415, 422, 429, 503) },
      },
    },
    async (req, reply) => {
      requireActor(req, reply, 'media.upload');
      if (!req.isMultipart()) {
        throw new AppError('unsupported_media', 415, 'Send the image as multipart/form-data, with the file in a field named "file".');
      }
      const text: Partial<Record<TextField, string>> = {};
      let file: { data: Buffer; filename: string } | undefined;
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') {
              part.file.resume();
              throw badRequest(`Send the image in a field named "file", not "${part.fieldname.slice(0, 40)}".`);
            }
            file = { data: await part.toBuffer(), filename: part.filename };
          } else {
            if (!isTextField(part.fieldname)) throw badRequest(`Unknown form field "${part.fieldname.slice(0, 40)}": send file, alt, caption and credit.`);
            if (part.valueTruncated) throw new AppError('invalid_input', 422, `${TEXT_LABELS[part.fieldname]} is limited to ${TEXT_LIMITS[part.fieldname]} characters.`);
            text[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value ?? '');
          }
        }
      } catch (err) {
        if (isAppError(err)) throw err;
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', 413, `The image is larger than the ${mb} MB limit.`);
        if (code === 'FST_FILES_LIMIT') throw badRequest('Send one image per request.');
        if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw badRequest('Send only the fields file, alt, caption and credit.');
        if (isMalformedMultipart(err)) throw malformedMultipart('image');
        throw err;
      }
      if (!file) throw badRequest('Send the image in a form field named "file".');
      const image = await uploader.upload({ data: file.data, originalName: file.filename, alt: text.alt ?? '', caption: text.caption ?? '', credit: text.credit ?? '' });
      return reply
        .code(201)
        .header('location', abs(image.url))
        .send({ data: present(image) });
    },
  );
}
