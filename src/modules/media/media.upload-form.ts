import type { FastifyRequest } from 'fastify';
import { AppError, badRequest, invalidInput, isAppError } from '../../platform/errors.js';
import type { Form } from '../admin/admin.context.js';
import { perPrincipal, RATE_LIMITS } from '../../platform/rate-limit.js';

/** The file an upload form sent. */
export interface UploadedFile {
  data: Buffer;
  filename: string;
}

export interface UploadFormOptions {
  /** The text fields the form may send; any other is refused (400). */
  fields: readonly string[];
  /** The name of the file field. */
  fileField: string;
  /** The byte limit in force (the multipart plugin's `fileSize`), for the 413 message. */
  maxBytes: number;
  /** What the file is called in messages: "photo", "image". */
  noun: string;
  /** The 422 message for a text field longer than the plugin's `fieldSize`. */
  tooLong: string;
  /** The 400 message for too many files, fields or parts. */
  tooMany: string;
}

/**
 * True for what the multipart parser (busboy) throws on a body that is not
 * multipart at all or is cut short ("Multipart: Boundary not found",
 * "Unexpected end of multipart data"): plain errors without a code, unlike
 * the plugin's limits (FST_…) and system or database errors. The sender's
 * mistake, so a 400, not a 500.
 */
export function isMalformedMultipart(err: unknown): boolean {
  return err instanceof Error && !isAppError(err) && (err as { code?: unknown }).code === undefined;
}

/** The 400 for a multipart body that cannot be read. */
export const malformedMultipart = (noun: string) => badRequest(`The ${noun} could not be read: the form data is malformed or cut short. Send it again.`);

/**
 * Read a multipart/form-data upload form (one file plus a few text fields)
 * from a route whose plugin registered @fastify/multipart with limits. The
 * CSRF token is checked from the fields that come before the file, before
 * the file is read (or at the end when the file never comes). `fields` is
 * filled as parts are read, so the caller still has what was typed when
 * this throws.
 */
export async function readUploadForm(req: FastifyRequest, fields: Form, opts: UploadFormOptions): Promise<UploadedFile | undefined> {
  if (!req.isMultipart()) throw new AppError('unsupported_media', 415, `Send the ${opts.noun} from the upload form (multipart/form-data).`);
  const maxMb = Math.round((opts.maxBytes / (1024 * 1024)) * 10) / 10;
  let csrfChecked = false;
  const verify = async () => {
    // verifyCsrf reads the token from the body: give it the fields read so far.
    (req as { body: unknown }).body = fields;
    await req.verifyCsrf();
    csrfChecked = true;
  };
  let file: UploadedFile | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (!csrfChecked) {
          try {
            await verify();
          } catch (err) {
            part.file.resume();
            throw err;
          }
        }
        if (part.fieldname !== opts.fileField) {
          part.file.resume();
          throw badRequest(`Send the ${opts.noun} in the field named "${opts.fileField}".`);
        }
        file = { data: await part.toBuffer(), filename: part.filename };
      } else {
        if (!opts.fields.includes(part.fieldname)) throw badRequest(`Unknown form field "${part.fieldname.slice(0, 40)}".`);
        if (part.valueTruncated) throw invalidInput(opts.tooLong);
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value ?? '');
      }
    }
  } catch (err) {
    if (isAppError(err)) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', 413, `The ${opts.noun} is larger than the ${maxMb} MB limit.`);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw badRequest(opts.tooMany);
    if (isMalformedMultipart(err)) throw malformedMultipart(opts.noun);
    throw err;
  }
  if (!csrfChecked) await verify();
  return file;
}

/**
 * Image processing is CPU-heavy: at most 20 uploads a minute per staff
 * account (per address when signed out), counted after the session is known.
 */
export const UPLOAD_RATE_LIMIT = { ...RATE_LIMITS.upload, ...perPrincipal((req) => (req.account ? `account:${req.account.id}` : undefined)) };
