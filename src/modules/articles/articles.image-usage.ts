import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ArticleStatus } from '../../platform/db/schema.js';

/** A story that shows an image: as its featured image, inside its body, or both. */
export interface ArticleImageUse {
  articleId: number;
  headline: string;
  status: ArticleStatus;
  featured: boolean;
  inBody: boolean;
}

/** An image to look for: its id (featured images) and the text every address of its files starts with (bodies). */
export interface ImageNeedle {
  id: number;
  needle: string;
}

/** Most stories read for one question; an image in more stories than this is reported as used by these. */
const MAX_STORIES = 200;

/** `%`, `_` and the escape character itself, escaped for LIKE … ESCAPE '!'. */
const likeEscape = (s: string) => s.replace(/[!%_]/g, '!$&');

/**
 * The stories (every status, drafts included) that show these images: one
 * query, the featured image by its index and the bodies by the addresses of
 * the image's files. Read by the media library, which refuses to delete an
 * image in use.
 */
export function createArticleImageUsage(db: Db) {
  return {
    /** Pass the caller's transaction to read inside it. */
    async usesOf(images: ImageNeedle[], trx: Db = db): Promise<Map<number, ArticleImageUse[]>> {
      const out = new Map<number, ArticleImageUse[]>(images.map((i) => [i.id, []]));
      const needles = images.filter((i) => i.needle.length > 0);
      if (images.length === 0) return out;
      const rows = await trx
        .selectFrom('articles')
        .select(['id', 'headline', 'status', 'featured_image_id', 'body'])
        .where((eb) =>
          eb.or([
            eb(
              'featured_image_id',
              'in',
              images.map((i) => i.id),
            ),
            ...needles.map((i) => eb(sql`${sql.ref('body')}`, 'like', sql<string>`${`%${likeEscape(i.needle)}%`} escape '!'`)),
          ]),
        )
        .orderBy('id', 'desc')
        .limit(MAX_STORIES)
        .execute();
      for (const row of rows) {
        for (const image of images) {
          const featured = row.featured_image_id === image.id;
          const inBody = image.needle.length > 0 && row.body.includes(image.needle);
          if (featured || inBody) out.get(image.id)!.push({ articleId: row.id, headline: row.headline, status: row.status, featured, inBody });
        }
      }
      return out;
    },
  };
}

export type ArticleImageUsage = ReturnType<typeof createArticleImageUsage>;
