import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { atomically, hashOf, isItemError, linked, type RunContext } from './imports.context.js';
import { MAPPING_VERSION } from './imports.taxonomy.js';
import { withoutBidi } from './wxr.mapping.js';
import { htmlToLine } from './wxr.text.js';
import { uploadsKey, uploadsPath } from './wxr.uploads.js';

/*
 * Attachments: each image the export lists becomes an image in the media
 * library. Without --uploads it is registered by its address on the old site
 * (nothing is downloaded); with --uploads DIR (a local copy of the old site's
 * wp-content/uploads) the file found there is processed like an upload and
 * stored here, and bodies that show it are pointed at the copy. Alt text
 * comes from WordPress's alt field, else the title, else the file name; the
 * caption from the attachment's caption.
 */

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};
const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);

/** The image type of an address, from its file name; undefined when it is no image. */
export function imageMime(url: string): string | undefined {
  const ext = /\.([a-z0-9]{2,5})$/i.exec(url.split(/[?#]/)[0] ?? '')?.[1]?.toLowerCase();
  return ext ? MIME[ext] : undefined;
}

/** An address that still works from here: absolute, or made so from the old site's. */
function absolute(ctx: RunContext, url: string): string | null {
  try {
    const base = ctx.survey.channel.baseBlogUrl || ctx.survey.channel.baseSiteUrl || undefined;
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The attachment's file in the local copy of the uploads, if it is there (never outside it). */
async function localFile(ctx: RunContext, url: string): Promise<{ file: string; data: Buffer } | null> {
  const rel = ctx.options.uploads ? uploadsPath(url) : null;
  if (!ctx.options.uploads || !rel) return null;
  const root = path.resolve(ctx.options.uploads);
  const file = path.resolve(root, ...rel.split('/'));
  if (!file.startsWith(root + path.sep)) return null;
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? { file, data: await fs.readFile(file) } : null;
  } catch {
    return null;
  }
}

/**
 * The media id of an attachment, registering or storing it on first use (a
 * post may come before the image it shows); null when it is not in the
 * export or not an image. `subject` and `line` say where it was asked for.
 */
export async function imageFor(ctx: RunContext, attachmentId: number, subject: string, line: number): Promise<number | null> {
  const key = `attachment:${attachmentId}`;
  const cached = ctx.cache.id(key);
  if (cached !== undefined) return cached;
  const a = ctx.survey.attachments.get(attachmentId);
  if (!a) {
    ctx.report.note(subject, line, `image ${attachmentId} is not in the export`);
    return null;
  }
  const url = absolute(ctx, a.url);
  const mime = url ? imageMime(url) : undefined;
  if (!url || !mime || url.length > 1000) {
    ctx.report.skip('image', !url ? 'attachment without a usable address' : !mime ? 'attachment that is not an image (left at its address)' : 'attachment address longer than 1000 characters', {
      subject: `attachment ${a.id}`,
      line: a.line,
    });
    ctx.cache.set(key, null);
    return null;
  }
  const alt = clip(withoutBidi(htmlToLine(a.alt)) || 'Image', 500);
  const caption = clip(htmlToLine(a.caption), 1000);
  const image = { url, mime, width: a.width, height: a.height, alt, caption, credit: '' };
  const local = await localFile(ctx, url);
  if (ctx.options.uploads && !local) ctx.report.note(`attachment ${a.id}`, a.line, `not in --uploads (${uploadsPath(url) ?? url}): registered by its address on the old site`);
  const copy = local && { data: local.data, originalName: path.basename(local.file), alt, caption };
  const { trx, deps } = ctx;
  const wrote = (file: string) => ctx.cache.wrote(file);
  const result = await linked(ctx, {
    kind: 'attachment',
    id: String(a.id),
    targetKind: 'media',
    hash: hashOf([MAPPING_VERSION, image, copy ? crypto.createHash('sha256').update(copy.data).digest('hex') : null]),
    exists: (q, id) => deps.media.exists(q, id),
    create: async () => ({ id: copy ? (await deps.media.storeLocal(trx, copy, wrote)).id : await deps.media.register(trx, image) }),
    update: async (id) => {
      if (copy) await deps.media.replaceWithLocal(trx, id, copy, wrote);
      else await deps.media.update(trx, id, image);
      return { outcome: 'updated' };
    },
    match: async () => (copy ? undefined : deps.media.idByUrl(trx, url)),
  });
  ctx.report.count('image', result.outcome);
  if (result.id === null) ctx.report.note(`attachment ${a.id}`, a.line, 'deleted here since the last import: not created again');
  ctx.cache.set(key, result.id);
  return result.id;
}

/**
 * For --uploads: the addresses here of the images a body shows, by their
 * address in the body (any size WordPress made of an attachment leads to
 * its stored copy). Images that are not attachments stay as they are.
 */
export async function localImageAddresses(ctx: RunContext, sources: string[], subject: string, line: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!ctx.options.uploads) return out;
  for (const src of new Set(sources)) {
    const k = uploadsKey(src);
    const attachment = k ? ctx.survey.attachmentsByPath.get(k) : undefined;
    if (attachment === undefined) continue;
    let id: number | null;
    try {
      id = await atomically(ctx, () => imageFor(ctx, attachment, subject, line));
    } catch (err) {
      if (!isItemError(err)) throw err;
      ctx.report.note(subject, line, `image ${attachment} could not be stored (${err.message}); the body keeps its old address`);
      continue;
    }
    const url = id === null ? undefined : await ctx.deps.media.urlOf(ctx.trx, id);
    if (url && url !== src) out.set(src, url);
  }
  return out;
}
