import type { MediaRow } from '../../platform/db/schema.js';
import { PREVIEW_SHAPE_NAMES, PREVIEW_SHAPES, type PreviewShapeName } from './media.preview-render.js';
import { isSafeStorageKey } from './media.storage.js';

/** A link-preview rendition of an image: a JPEG of a known size, made when first asked for. */
export interface ImagePreview {
  url: string;
  width: number;
  height: number;
  mime: 'image/jpeg';
}

/** Where a preview is served: `/media/preview/42.jpg` (wide), `/media/preview/42-1x1.jpg` and so on. */
export function previewPath(id: number, shape: PreviewShapeName): string {
  return `/media/preview/${id}${shape === 'wide' ? '' : `-${shape}`}.jpg`;
}

/** The file name a preview URL ends in: the image's id and the shape. */
export const PREVIEW_FILE = /^([1-9]\d{0,9})(?:-(16x9|4x3|1x1))?\.jpg$/;

const MEDIA_PREFIX = '/media/';

/**
 * The storage key of an image's file in this site's media directory: its
 * upload's key, or the path of a registered `/media/…` URL (the demo's
 * drawings). Null for an image stored elsewhere (an external URL), which
 * has no preview.
 */
export function localSourceKey(row: Pick<MediaRow, 'url' | 'storage_key'>): string | null {
  if (row.storage_key) return isSafeStorageKey(row.storage_key) ? row.storage_key : null;
  if (!row.url.startsWith(MEDIA_PREFIX)) return null;
  let key: string;
  try {
    key = decodeURIComponent(row.url.slice(MEDIA_PREFIX.length));
  } catch {
    return null;
  }
  return isSafeStorageKey(key) && !key.startsWith('previews/') ? key : null;
}

/** Every preview of an image whose file is stored here, by shape; null otherwise. */
export function previewsOf(row: Pick<MediaRow, 'id' | 'url' | 'storage_key'>): Record<PreviewShapeName, ImagePreview> | null {
  if (localSourceKey(row) === null) return null;
  const out = {} as Record<PreviewShapeName, ImagePreview>;
  for (const shape of PREVIEW_SHAPE_NAMES) out[shape] = { url: previewPath(row.id, shape), ...PREVIEW_SHAPES[shape], mime: 'image/jpeg' };
  return out;
}
