import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { MediaRow, MediaTable } from '../../platform/db/schema.js';

/** Record a media item (a registered image, or an upload with its stored files). */
export const insertMedia = (db: Db, row: Insertable<MediaTable>): Promise<MediaRow> => db.insertInto('media').values(row).returningAll().executeTakeFirstOrThrow();

export const findByIds = (db: Db, ids: number[]): Promise<MediaRow[]> => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('media').selectAll().where('id', 'in', ids).execute());

/** The records of the images at these URLs (sizes may be unknown: null). */
export const describedByUrls = (db: Db, urls: string[]): Promise<Pick<MediaRow, 'url' | 'width' | 'height' | 'alt' | 'variants'>[]> =>
  urls.length === 0 ? Promise.resolve([]) : db.selectFrom('media').select(['url', 'width', 'height', 'alt', 'variants']).where('url', 'in', urls).execute();
