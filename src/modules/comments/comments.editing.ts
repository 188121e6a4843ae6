import type { CommentRow, CommentStatus } from '../../platform/db/schema.js';
import { AppError, conflict, invalidInput, notFound } from '../../platform/errors.js';
import { bodyHash, cleanBody, countLinks, decide, findWord } from './comments.policy.js';
import * as repo from './comments.repository.js';
import type { CommentsDeps, CommentsShared } from './comments.shared.js';
import { isMine } from './comments.thread.js';
import type { ThreadComment, Viewer } from './comments.types.js';

/** One's own comments: editing within the window, deleting, and finding them wherever they are. */
export function createEditingOps({ db, signals, settings, readers, classifier }: CommentsDeps, { now, banOf, requireVisibleArticle, announce, viewOf }: CommentsShared) {
  async function loadOwn(id: number, viewer: Viewer): Promise<CommentRow> {
    const row = await repo.findById(db, id);
    if (!row || row.status === 'deleted' || !isMine(row, viewer)) throw notFound('comment');
    return row;
  }

  return {
    /** Change one's own comment within the edit window; the edit is marked, and held again if it now looks doubtful. */
    async edit(id: number, viewer: Viewer, text: string): Promise<ThreadComment> {
      const row = await loadOwn(id, viewer);
      await requireVisibleArticle(row.article_id);
      const site = await settings.get();
      if (row.reader_id !== null) {
        const author = await readers.byId(row.reader_id);
        const ban = author && banOf(author, site);
        if (ban) throw ban;
      }
      if (row.status !== 'approved' && row.status !== 'pending') throw conflict('This comment can no longer be edited.');
      // Editable until created + window, exclusive (as `editableUntil` tells the page); a window of 0 means never.
      if (now().getTime() - Date.parse(row.created_at) >= site.editWindowMinutes * 60_000) {
        throw new AppError('edit_window_closed', 403, `Comments can be edited for ${site.editWindowMinutes} minutes after posting; this one can no longer be changed.`);
      }
      const body = cleanBody(text, site.maxCommentLength);
      const banned = findWord(body, site.bannedWords);
      if (banned) throw invalidInput(`Your comment contains "${banned}", which this site does not allow. Please rephrase it.`, { word: banned });
      const staff = row.account_id !== null;
      const verdict = staff ? { score: 0, reasons: [], trusted: false } : await classifier.score(body);
      const decision = decide({
        mode: 'none',
        staff,
        trusted: true,
        guest: false,
        suspectWord: findWord(body, site.suspectWords),
        links: countLinks(body),
        maxLinks: site.maxLinks,
        score: verdict.score,
        scoreTrusted: verdict.trusted,
        holdScore: site.spamHoldScore,
        // An edit is never filed as spam outright: a moderator looks at it.
        rejectScore: Number.POSITIVE_INFINITY,
      });
      const at = now().toISOString();
      const status: CommentStatus = decision.status === 'approved' ? row.status : 'pending';
      const learnt = row.trained_as === 'spam' || row.trained_as === 'ham' ? row.trained_as : null;
      const updated = await db.transaction().execute(async (trx) => {
        // A moderator's decision was about the old words: the classifier forgets it with them.
        if (learnt) await classifier.forget(row.body, learnt, trx);
        return repo.updateComment(trx, id, {
          body,
          body_hash: bodyHash(body),
          edited_at: at,
          updated_at: at,
          status,
          spam_score: staff ? null : verdict.score,
          score_reasons: JSON.stringify(verdict.reasons),
          held_reason: status === 'pending' && decision.reason ? decision.reason : row.held_reason,
          trained_as: null,
        });
      });
      announce(row.status, updated, decision.reason);
      if (updated.status === 'approved') signals.emit('edited', updated);
      return viewOf(viewer)(updated, (await repo.chain(db, id)).length - 1);
    },

    /** Delete one's own comment. Its text goes; the thread keeps a placeholder while replies hang from it. */
    async remove(id: number, viewer: Viewer): Promise<void> {
      const row = await loadOwn(id, viewer);
      const at = now().toISOString();
      const updated = await repo.updateComment(db, id, { status: 'deleted', body: '', author_email: '', featured: 0, updated_at: at });
      announce(row.status, updated);
    },

    /** One's own comment (not deleted), wherever it is and whoever else can see it; 404 otherwise. */
    owned(id: number, viewer: Viewer): Promise<CommentRow> {
      return loadOwn(id, viewer);
    },
  };
}
