import type { Db } from '../../platform/db/database.js';
import type { CommentRow } from '../../platform/db/schema.js';
import { invalidInput } from '../../platform/errors.js';
import { type NewComment, storedComment } from './comments.rows.js';
import * as repo from './comments.repository.js';

/*
 * Comments an import brings over with their original authors, times and
 * statuses, inside the importer's transaction, checked as `create` checks
 * stored comments. They were moderated where they came from, so no posting
 * rule (holds, rate limits, the classifier) applies, and nobody is notified.
 */

/** Imported comments may be as long as the longest the site's settings allow. */
export const IMPORTED_COMMENT_MAX = 20_000;

export type CommentImports = ReturnType<typeof createCommentImports>;

export function createCommentImports(clock: { now(): Date }) {
  async function checkParent(trx: Db, input: NewComment): Promise<void> {
    if (input.parentId == null) return;
    const parent = await repo.findById(trx, input.parentId);
    if (!parent) throw invalidInput('The comment being replied to does not exist.');
    if (parent.article_id !== input.articleId) throw invalidInput('The comment being replied to belongs to another article.');
  }

  return {
    async byId(trx: Db, id: number): Promise<Pick<CommentRow, 'id' | 'article_id' | 'moderated_by'> | undefined> {
      return trx.selectFrom('comments').select(['id', 'article_id', 'moderated_by']).where('id', '=', id).executeTakeFirst();
    },
    async create(trx: Db, input: NewComment): Promise<number> {
      const row = storedComment(input, IMPORTED_COMMENT_MAX, clock.now().toISOString());
      await checkParent(trx, input);
      return (await repo.insertComment(trx, row)).id;
    },
    /** Bring an imported comment up to date with its source: text, author, time, status and place in the thread. */
    async update(trx: Db, id: number, input: NewComment): Promise<void> {
      const { reader_id: _reader, account_id: _account, ...row } = storedComment(input, IMPORTED_COMMENT_MAX, clock.now().toISOString());
      await checkParent(trx, input);
      await repo.replaceComment(trx, id, row);
    },
  };
}
