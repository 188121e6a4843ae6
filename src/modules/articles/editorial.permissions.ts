import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { ArticleRow, ArticleStatus } from '../../platform/db/schema.js';
import { forbidden } from '../../platform/errors.js';
import { type Action, can } from '../accounts/permissions.js';
import * as articlesRepo from './articles.repository.js';
import type { Actor, EditableArticle } from './editorial.types.js';

/** A 403 for the newsroom, saying what to do instead when there is something to say. */

/** The status a reader would see: a scheduled story whose time has come is published. */
export function effectiveStatus(row: Pick<ArticleRow, 'status' | 'published_at'>, now: string): ArticleStatus {
  return row.status === 'scheduled' && row.published_at !== null && row.published_at <= now ? 'published' : row.status;
}

export type EditorialAccess = ReturnType<typeof createEditorialAccess>;

/** Who may open, change and move an article through the workflow (docs/roles.md). */
export function createEditorialAccess({ db, clock }: { db: Db; clock: Clock }) {
  /** Stories the actor created or has a byline on are their own. */
  async function isOwn(actor: Actor, row: ArticleRow): Promise<boolean> {
    if (actor.accountId !== null && row.created_by === actor.accountId) return true;
    if (actor.authorId === null) return false;
    return (await articlesRepo.authorIdsFor(db, row.id)).includes(actor.authorId);
  }

  /** What this actor may do with this article, given its current state. */
  async function permissions(actor: Actor, row: ArticleRow): Promise<EditableArticle['allowed']> {
    const own = await isOwn(actor, row);
    const status = effectiveStatus(row, clock.now().toISOString());
    const mayPublish = can(actor.role, 'article.publish-any') || (own && can(actor.role, 'article.publish-own'));
    const mayEditText = can(actor.role, 'article.edit-any') || (own && can(actor.role, 'article.edit-own'));
    // Someone who may not publish may not change what is (or is about to be) public either.
    const live = status === 'published' || status === 'scheduled';
    const edit = mayEditText && (!live || mayPublish);
    return {
      edit,
      submit: edit && status === 'draft' && can(actor.role, 'article.submit'),
      publish: edit && mayPublish && ['draft', 'in_review', 'unpublished'].includes(status),
      schedule: edit && can(actor.role, 'article.schedule') && ['draft', 'in_review', 'unpublished'].includes(status),
      unpublish: can(actor.role, 'article.unpublish') && status === 'published',
      liveUpdate: mayEditText && can(actor.role, 'article.live-update'),
      correct: can(actor.role, 'article.correct'),
      returnToDraft: edit && status === 'in_review',
      unschedule: edit && can(actor.role, 'article.schedule') && status === 'scheduled',
      // A scheduled story's date is its scheduled time: unscheduling comes first.
      date: edit && can(actor.role, 'article.date') && status !== 'scheduled',
    };
  }

  return {
    permissions,

    /** Refuse unless the role allows this action at all. */
    need(actor: Actor, action: Action): void {
      if (!can(actor.role, action)) throw forbidden();
    },

    /** Refuse to open a story that is not the actor's, unless they may edit any. */
    async requireOpen(actor: Actor, row: ArticleRow): Promise<void> {
      const own = await isOwn(actor, row);
      if (!can(actor.role, 'article.edit-any') && !(own && can(actor.role, 'article.edit-own'))) throw forbidden('You can only open your own stories.');
    },

    /** Refuse unless the actor may change this story now; answers with what they may do. */
    async requireEdit(actor: Actor, row: ArticleRow): Promise<EditableArticle['allowed']> {
      const perms = await permissions(actor, row);
      if (!perms.edit) {
        throw forbidden(can(actor.role, 'article.edit-own') && !can(actor.role, 'article.edit-any') ? 'You can only edit your own stories, and only while they are not published.' : undefined);
      }
      return perms;
    },
  };
}
