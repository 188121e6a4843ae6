import type { Db } from '../../platform/db/database.js';
import { insertMedia } from './media.repository.js';
import { mediaRow, type NewMedia } from './media.service.js';

/*
 * Images an import registers by their address (a WordPress site's uploads),
 * inside the importer's transaction, under the same checks as `register`.
 */

export type MediaImports = ReturnType<typeof createMediaImports>;

export function createMediaImports(clock: { now(): Date }) {
  return {
    async exists(trx: Db, id: number): Promise<boolean> {
      return !!(await trx.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst());
    },
    /** The image already registered at an address (addresses are unique), if any. */
    async idByUrl(trx: Db, url: string): Promise<number | undefined> {
      return (await trx.selectFrom('media').select('id').where('url', '=', url).executeTakeFirst())?.id;
    },
    async register(trx: Db, input: NewMedia): Promise<number> {
      return (await insertMedia(trx, mediaRow(input, clock.now().toISOString()))).id;
    },
    /** Bring an imported image's record up to date with its source (its address, size and descriptions). */
    async update(trx: Db, id: number, input: NewMedia): Promise<void> {
      const { created_at: _created, ...row } = mediaRow(input, clock.now().toISOString());
      await trx.updateTable('media').set(row).where('id', '=', id).execute();
    },
  };
}
