import type { Kysely } from 'kysely';

/*
 * The media library says where each image is used and refuses to delete one
 * a story still shows: the stories whose featured image an image is are
 * found by this index rather than by reading every story. The library's own
 * pages walk media by id (newest first), which the primary key serves.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('articles_featured_image_idx').on('articles').column('featured_image_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_featured_image_idx').execute();
}
