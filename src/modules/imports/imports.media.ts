import { hashOf, linked, type RunContext } from './imports.context.js';
import { MAPPING_VERSION } from './imports.taxonomy.js';
import { withoutBidi } from './wxr.mapping.js';
import { htmlToLine } from './wxr.text.js';

/*
 * Attachments: each image the export lists becomes an image in the media
 * library, registered by its address on the old site (nothing is
 * downloaded). Alt text comes from WordPress's alt field, else the title,
 * else the file name; the caption from the attachment's caption.
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

/**
 * The media id of an attachment, registering it on first use (a post may
 * come before the image it shows); null when it is not in the export or not
 * an image. `subject` and `line` say where it was asked for.
 */
export async function imageFor(ctx: RunContext, attachmentId: number, subject: string, line: number): Promise<number | null> {
  const key = `attachment:${attachmentId}`;
  const cached = ctx.cache.get(key);
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
  const { trx, deps } = ctx;
  const result = await linked(ctx, {
    kind: 'attachment',
    id: String(a.id),
    targetKind: 'media',
    hash: hashOf([MAPPING_VERSION, image]),
    exists: (q, id) => deps.media.exists(q, id),
    create: async () => ({ id: await deps.media.register(trx, image) }),
    update: async (id) => {
      await deps.media.update(trx, id, image);
      return { outcome: 'updated' };
    },
    match: () => deps.media.idByUrl(trx, url),
  });
  ctx.report.count('image', result.outcome);
  if (result.id === null) ctx.report.note(`attachment ${a.id}`, a.line, 'deleted here since the last import: not created again');
  ctx.cache.set(key, result.id);
  return result.id;
}
