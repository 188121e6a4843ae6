import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { ArticleRow, ArticleStatus } from '../../platform/db/schema.js';
import { AppError, conflict, forbidden, invalidInput } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CheckResult } from '../checks/checks.types.js';
import { can } from '../accounts/permissions.js';
import { PUBLISH_AT, publicationTime, sameSecond } from './articles.dates.js';
import { mayNotDate } from './editorial.dating.js';
import { type EditorialAccess, effectiveStatus } from './editorial.permissions.js';
import type { EditorialPresenter } from './editorial.present.js';
import * as repo from './editorial.repository.js';
import type { Actor, EditableArticle, EditorialService, RevisionKind } from './editorial.types.js';

/** The revision each step's audit action keeps. */
const KIND_OF: Record<string, RevisionKind> = {
  'article.submit': 'submit',
  'article.return': 'return-to-draft',
  'article.publish': 'publish',
  'article.schedule': 'schedule',
  'article.unschedule': 'unschedule',
  'article.unpublish': 'unpublish',
};

const STATUS_WORDS: Record<ArticleStatus, string> = {
  draft: 'a draft',
  in_review: 'in review',
  scheduled: 'scheduled',
  published: 'published',
  unpublished: 'unpublished',
};

interface WorkflowDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  audit: AuditService;
  access: EditorialAccess;
  presenter: EditorialPresenter;
  /** Keeps the state a step leaves as a revision of its own, so every version has one. */
  keepRevision: (trx: Db, id: number, accountId: number | null, kind: RevisionKind) => Promise<void>;
  /** The pre-publish checklist for a publication at `at`, whose blockers stop publishing and scheduling. */
  checklistFor: (row: ArticleRow, at?: string) => Promise<CheckResult[]>;
}

/** The workflow: draft → in review → scheduled or published → unpublished, and back. */
export function createEditorialWorkflow({ db, clock, events, audit, access, presenter, checklistFor, keepRevision }: WorkflowDeps) {
  const nowIso = () => clock.now().toISOString();

  async function setStatus(actor: Actor, row: ArticleRow, status: ArticleStatus, publishedAt: string | null, action: string, baseVersion?: number): Promise<EditableArticle> {
    const at = nowIso();
    // A step that moves the story's date records the date it had.
    const moved = publishedAt !== row.published_at ? { previousPublishedAt: row.published_at } : {};
    const applied = await db.transaction().execute(async (trx) => {
      const ok = await repo.updateIfVersion(trx, row.id, baseVersion ?? row.version, {
        status,
        published_at: publishedAt,
        status_changed_at: at,
        status_changed_by: actor.accountId,
        modified_at: at,
      });
      if (!ok) return false;
      await keepRevision(trx, row.id, actor.accountId, KIND_OF[action] ?? 'workflow');
      await audit.record({ accountId: actor.accountId, action, subjectType: 'article', subjectId: row.id, details: { by: actor.name, status, publishedAt, ...moved } }, trx);
      return true;
    });
    if (!applied) throw conflict('Someone changed this article a moment ago. Reload it and try again.');
    events.changed({ kind: 'article', id: row.id });
    return presenter.present(actor, await presenter.load(row.id));
  }

  const transition: EditorialService['transition'] = async (actor, id, transition, options = {}) => {
    const row = await presenter.load(id);
    const perms = await access.permissions(actor, row);
    const now = nowIso();
    const status = effectiveStatus(row, now);
    const refuse = (what: string) => new AppError('invalid_transition', 409, `This article is ${STATUS_WORDS[status]}, so it cannot be ${what}.`);
    /** Refuse while the checklist, read for a publication at `at`, has blockers. */
    const blockers = async (at: string) => {
      const found = (await checklistFor(row, at)).filter((c) => c.severity === 'blocker');
      if (found.length > 0) {
        throw new AppError('checklist_blockers', 409, `Fix the checklist's blockers first: ${found.map((b) => b.message).join(' ')}`);
      }
    };
    const offerable = ['draft', 'in_review', 'unpublished'].includes(status);
    /** Schedule for `at`, a future time already read. */
    const schedule = async (when: string) => {
      if (!offerable) throw refuse('scheduled');
      if (!perms.schedule) throw forbidden('Your role does not allow scheduling. Ask an editor.');
      if (when <= now) throw invalidInput('That time has already passed; publish now instead, or choose a later time.');
      // Before its first publication, a story's date is an original publication date, which a schedule would replace.
      if (status !== 'unpublished' && row.published_at !== null) {
        throw new AppError(
          'invalid_transition',
          409,
          `This story carries an original publication date (${row.published_at}), which scheduling would replace. Publish it now to keep that date, or empty publishedAt (the original publication date) first.`,
        );
      }
      await blockers(when);
      return setStatus(actor, row, 'scheduled', when, 'article.schedule', options.baseVersion);
    };
    if (options.publishAt !== undefined && transition !== 'publish' && transition !== 'schedule') {
      throw invalidInput(`publishAt goes with publish or schedule only, not with ${String(transition)}: leave it out.`);
    }
    switch (transition) {
      case 'submit':
        if (status !== 'draft') throw refuse('submitted for review');
        if (!perms.submit) throw forbidden();
        return setStatus(actor, row, 'in_review', row.published_at, 'article.submit', options.baseVersion);
      case 'return-to-draft':
        if (status !== 'in_review') throw refuse('returned to draft');
        if (!perms.returnToDraft) throw forbidden();
        return setStatus(actor, row, 'draft', row.published_at, 'article.return', options.baseVersion);
      case 'publish': {
        if (!offerable) throw refuse('published');
        if (!perms.publish) throw forbidden('Your role does not allow publishing this story. Submit it for review instead.');
        const chosen = options.publishAt === undefined ? undefined : publicationTime(options.publishAt, PUBLISH_AT, now);
        // A time still to come schedules the story, as the schedule step would.
        if (chosen !== undefined && chosen > now) return schedule(chosen);
        if (chosen !== undefined && !sameSecond(chosen, row.published_at) && !can(actor.role, 'article.date')) throw mayNotDate(PUBLISH_AT.name);
        // A time given is honoured; else the story's own date (an original publication date, or the first publication's when republished); else now.
        const publishedAt = chosen ?? (row.published_at && row.published_at <= now ? row.published_at : now);
        await blockers(publishedAt);
        return setStatus(actor, row, 'published', publishedAt, 'article.publish', options.baseVersion);
      }
      case 'schedule': {
        if (!offerable) throw refuse('scheduled');
        if (!perms.schedule) throw forbidden('Your role does not allow scheduling. Ask an editor.');
        if (!options.publishAt) throw invalidInput('Scheduling needs a publication date and time.');
        return schedule(publicationTime(options.publishAt, PUBLISH_AT, now));
      }
      case 'unschedule':
        if (status !== 'scheduled') throw refuse('unscheduled');
        if (!perms.unschedule) throw forbidden();
        return setStatus(actor, row, 'draft', null, 'article.unschedule', options.baseVersion);
      case 'unpublish':
        if (status !== 'published') throw refuse('unpublished');
        if (!perms.unpublish) throw forbidden('Your role does not allow taking stories down. Ask an editor.');
        return setStatus(actor, row, 'unpublished', row.published_at, 'article.unpublish', options.baseVersion);
      default:
        throw invalidInput(`"${String(transition)}" is not a workflow step.`);
    }
  };

  return { transition };
}
