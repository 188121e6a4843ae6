import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { ArticleRow, ArticleStatus } from '../../platform/db/schema.js';
import { diffLines } from '../../platform/diff.js';
import { AppError, conflict, invalidInput, notFound } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { pageOf } from '../../platform/pagination.js';
import { type Action, can } from '../accounts/permissions.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthorsService } from '../authors/authors.service.js';
import type { MediaService } from '../media/media.service.js';
import { runChecks } from '../checks/checks.js';
import type { CheckResult } from '../checks/checks.types.js';
import type { SectionsService } from '../sections/sections.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as articlesRepo from './articles.repository.js';
import { settingsOf } from './articles.rules.js';
import type { ArticlesService } from './articles.service.js';
import { articlePath } from './articles.urls.js';
import { createArticleWriter } from './articles.writing.js';
import * as repo from './editorial.repository.js';
import type { Actor, ArticleFields, ArticleListItem, EditableArticle, EditorialService, Revision, RevisionDiff, Transition } from './editorial.types.js';
import { excerptFrom } from './markdown.js';

const forbidden = (message = 'Your role does not allow this. Ask an editor or an admin.') => new AppError('forbidden', 403, message);

const STATUS_WORDS: Record<ArticleStatus, string> = {
  draft: 'a draft',
  in_review: 'in review',
  scheduled: 'scheduled',
  published: 'published',
  unpublished: 'unpublished',
};

interface Deps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  settings: SettingsService;
  sections: SectionsService;
  authors: AuthorsService;
  articles: ArticlesService;
  audit: AuditService;
  media: MediaService;
  /** Who made each revision. */
  accounts: Pick<AccountsService, 'namesOf'>;
}

/** The status a reader would see: a scheduled story whose time has come is published. */
export function effectiveStatus(row: Pick<ArticleRow, 'status' | 'published_at'>, now: string): ArticleStatus {
  return row.status === 'scheduled' && row.published_at !== null && row.published_at <= now ? 'published' : row.status;
}

/** The newsroom's operations on articles: drafting, saving, workflow, revisions, checks. */
export function createEditorialService({ db, clock, events, settings, sections, authors, articles, audit, media, accounts }: Deps): EditorialService {
  const nowIso = () => clock.now().toISOString();
  const writer = createArticleWriter({ db, clock, events, sections, authors, media });

  async function load(id: number): Promise<ArticleRow> {
    if (!Number.isInteger(id) || id < 1) throw notFound('article');
    const row = await articlesRepo.findById(db, id);
    if (!row) throw notFound('article');
    return row;
  }

  async function isOwn(actor: Actor, row: ArticleRow): Promise<boolean> {
    if (actor.accountId !== null && row.created_by === actor.accountId) return true;
    if (actor.authorId === null) return false;
    return (await articlesRepo.authorIdsFor(db, row.id)).includes(actor.authorId);
  }

  /** What this actor may do with this article, given its current state. */
  async function permissions(actor: Actor, row: ArticleRow) {
    const own = await isOwn(actor, row);
    const status = effectiveStatus(row, nowIso());
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
    };
  }

  async function present(actor: Actor, row: ArticleRow): Promise<EditableArticle> {
    const [authorIds, tagIds, site, perms] = await Promise.all([articlesRepo.authorIdsFor(db, row.id), articlesRepo.tagIdsFor(db, row.id), settings.get(), permissions(actor, row)]);
    const tags = await sections.tagsByIds(tagIds);
    const now = nowIso();
    const status = effectiveStatus(row, now);
    return {
      id: row.id,
      headline: row.headline,
      slug: row.slug,
      dek: row.dek,
      body: row.body,
      ...settingsOf(row),
      tags: [...tags.values()].map((t) => t.name).sort((a, b) => a.localeCompare(b)),
      authorIds,
      status,
      version: row.version,
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      createdAt: row.created_at,
      modifiedAt: row.modified_at,
      createdBy: row.created_by,
      statusChangedAt: row.status_changed_at,
      statusChangedBy: row.status_changed_by,
      path: status === 'published' && row.published_at ? articlePath(row.slug, row.published_at, site.timezone) : null,
      allowed: {
        edit: perms.edit,
        submit: perms.submit,
        publish: perms.publish,
        schedule: perms.schedule,
        unpublish: perms.unpublish,
        liveUpdate: perms.liveUpdate,
        correct: perms.correct,
      },
    };
  }

  /** Whether readers have been able to see it, so its old address must keep working. */
  const hasBeenPublic = (row: ArticleRow) => row.published_at !== null && row.published_at <= nowIso() && ['published', 'scheduled', 'unpublished'].includes(row.status);

  async function save(actor: Actor, row: ArticleRow, fields: Partial<ArticleFields>, baseVersion: number, action: string): Promise<EditableArticle> {
    const columns = await writer.columns(fields, row.id);
    if (columns.body !== undefined && fields.excerpt === undefined && row.excerpt === excerptFrom(row.body)) {
      // An excerpt nobody wrote follows the body.
      columns.excerpt = excerptFrom(columns.body);
    }
    const at = nowIso();
    await db.transaction().execute(async (trx) => {
      if (columns.slug !== undefined && columns.slug !== row.slug) {
        const owner = await articlesRepo.findByOldSlug(trx, columns.slug);
        if ((owner && owner.id !== row.id) || (await articlesRepo.findBySlug(trx, columns.slug))) throw conflict(`The slug "${columns.slug}" is already used by another article.`);
        if (owner) await articlesRepo.deleteOldSlug(trx, columns.slug);
        if (hasBeenPublic(row)) await articlesRepo.insertOldSlug(trx, row.slug, row.id, at);
      }
      const applied = await repo.updateIfVersion(trx, row.id, baseVersion, { ...columns, modified_at: at });
      if (!applied) {
        const current = await articlesRepo.findById(trx, row.id);
        const by = current?.modified_at ? ` at ${current.modified_at}` : '';
        throw conflict(`Someone saved a newer version of this article${by}. Your changes were not saved; copy them, reload, and apply them to the new version.`);
      }
      if (fields.authorIds !== undefined) await articlesRepo.replaceBylines(trx, row.id, fields.authorIds);
      if (fields.tags !== undefined) {
        const tags = await sections.ensureTags(fields.tags, trx);
        await articlesRepo.replaceTags(trx, row.id, tags.map((t) => t.id));
      }
      await writer.keepRevision(trx, row.id, actor.accountId);
      await audit.record({ accountId: actor.accountId, action, subjectType: 'article', subjectId: row.id, details: { by: actor.name } }, trx);
    });
    events.changed({ kind: 'article', id: row.id });
    return present(actor, await load(row.id));
  }

  async function requireEdit(actor: Actor, row: ArticleRow) {
    const perms = await permissions(actor, row);
    if (!perms.edit) {
      throw forbidden(
        can(actor.role, 'article.edit-own') && !can(actor.role, 'article.edit-any')
          ? 'You can only edit your own stories, and only while they are not published.'
          : undefined,
      );
    }
    return perms;
  }

  async function checklistFor(row: ArticleRow): Promise<CheckResult[]> {
    const site = await settings.get();
    const image = row.featured_image_id ? ((await media.byIds([row.featured_image_id])).get(row.featured_image_id) ?? null) : null;
    return runChecks(
      {
        headline: row.headline,
        dek: row.dek,
        excerpt: row.excerpt === excerptFrom(row.body) ? '' : row.excerpt,
        body: row.body,
        publishedAt: row.published_at,
        featuredImage: image,
        siteTimezone: site.timezone,
      },
      { now: clock.now(), linkResolves: (url) => internalLinkResolves(url) },
    );
  }

  /** Internal links are checked against the site itself; others cannot be checked from here. */
  async function internalLinkResolves(url: string): Promise<boolean | 'unknown'> {
    let path: string;
    try {
      const u = new URL(url, 'http://site.invalid');
      if (u.host !== 'site.invalid') return 'unknown';
      path = u.pathname.replace(/\/+$/, '') || '/';
    } catch {
      return false;
    }
    if (path === '/') return true;
    let m = /^\/\d{4}\/\d{2}\/\d{2}\/([^/]+)$/.exec(path);
    if (m) return (await articles.findPublic(m[1]!)) !== undefined;
    m = /^\/(section|tag|author)\/([^/]+)$/.exec(path);
    if (m) {
      const slug = m[2]!;
      if (m[1] === 'section') return (await sections.bySlug(slug)) !== undefined;
      if (m[1] === 'tag') return (await sections.tagBySlug(slug)) !== undefined;
      return (await authors.bySlug(slug)) !== undefined;
    }
    if (path.startsWith('/media/') || path.startsWith('/assets/') || path.startsWith('/api/')) return 'unknown';
    return false;
  }

  async function setStatus(actor: Actor, row: ArticleRow, status: ArticleStatus, publishedAt: string | null, action: string, baseVersion?: number): Promise<EditableArticle> {
    const at = nowIso();
    const applied = await db.transaction().execute(async (trx) => {
      const ok = await repo.updateIfVersion(trx, row.id, baseVersion ?? row.version, {
        status,
        published_at: publishedAt,
        status_changed_at: at,
        status_changed_by: actor.accountId,
        modified_at: at,
      });
      if (!ok) return false;
      await audit.record({ accountId: actor.accountId, action, subjectType: 'article', subjectId: row.id, details: { by: actor.name, status, publishedAt } }, trx);
      return true;
    });
    if (!applied) throw conflict('Someone changed this article a moment ago. Reload it and try again.');
    events.changed({ kind: 'article', id: row.id });
    return present(actor, await load(row.id));
  }

  const need = (actor: Actor, action: Action) => {
    if (!can(actor.role, action)) throw forbidden();
  };

  return {
    async list(actor, filter) {
      need(actor, 'admin.enter');
      if (!can(actor.role, 'article.create') && !can(actor.role, 'article.edit-any')) throw forbidden();
      const perPage = Math.min(Math.max(filter.perPage ?? 25, 1), 100);
      const page = filter.page ?? 1;
      const f: repo.AdminListFilter = {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.q?.trim() ? { q: filter.q.trim().slice(0, 200) } : {}),
        ...(filter.sectionId !== undefined ? { sectionId: filter.sectionId } : {}),
        // Without edit-any, staff see their own stories only.
        ...(filter.mine || !can(actor.role, 'article.edit-any') ? { mine: { accountId: actor.accountId, authorId: actor.authorId } } : {}),
      };
      const [rows, total, site] = await Promise.all([repo.listForAdmin(db, f, perPage, (page - 1) * perPage), repo.countForAdmin(db, f), settings.get()]);
      const ids = rows.map((r) => r.id);
      const [bylines, sectionMap] = await Promise.all([articlesRepo.bylinesFor(db, ids), sections.byIds(rows.map((r) => r.section_id).filter((x): x is number => x !== null))]);
      const authorMap = await authors.byIds(bylines.map((b) => b.author_id));
      const now = nowIso();
      const items: ArticleListItem[] = rows.map((r) => {
        const status = effectiveStatus(r, now);
        return {
          id: r.id,
          headline: r.headline,
          slug: r.slug,
          status,
          sectionName: (r.section_id !== null && sectionMap.get(r.section_id)?.name) || null,
          authorNames: bylines.filter((b) => b.article_id === r.id).map((b) => authorMap.get(b.author_id)?.name ?? '').filter(Boolean),
          publishedAt: r.published_at,
          modifiedAt: r.modified_at,
          path: status === 'published' && r.published_at ? articlePath(r.slug, r.published_at, site.timezone) : null,
        };
      });
      return pageOf(items, page, perPage, total);
    },

    async get(actor, id) {
      const row = await load(id);
      const own = await isOwn(actor, row);
      if (!can(actor.role, 'article.edit-any') && !(own && can(actor.role, 'article.edit-own'))) throw forbidden('You can only open your own stories.');
      return present(actor, row);
    },

    async create(actor, fields) {
      need(actor, 'article.create');
      const authorIds = fields.authorIds ?? (actor.authorId !== null ? [actor.authorId] : []);
      // A new story is a draft, whatever else was sent: the workflow moves it on.
      const row = await writer.create(
        { ...fields, authorIds, status: 'draft', publishedAt: null, updatedAt: null },
        {
          accountId: actor.accountId,
          record: (trx, id) => audit.record({ accountId: actor.accountId, action: 'article.create', subjectType: 'article', subjectId: id, details: { by: actor.name } }, trx),
        },
      );
      return present(actor, await load(row.id));
    },

    async update(actor, id, fields, baseVersion) {
      const row = await load(id);
      await requireEdit(actor, row);
      if (!Number.isInteger(baseVersion)) throw invalidInput('Saving needs the version you started from (baseVersion).');
      if (row.version !== baseVersion) {
        throw conflict(`Someone saved a newer version of this article at ${row.modified_at}. Your changes were not saved; copy them, reload, and apply them to the new version.`);
      }
      return save(actor, row, fields, baseVersion, 'article.update');
    },

    async transition(actor, id, transition: Transition, options = {}) {
      const row = await load(id);
      const perms = await permissions(actor, row);
      const now = nowIso();
      const status = effectiveStatus(row, now);
      const refuse = (what: string) => new AppError('invalid_transition', 409, `This article is ${STATUS_WORDS[status]}, so it cannot be ${what}.`);
      const blockers = async () => {
        const found = (await checklistFor(row)).filter((c) => c.severity === 'blocker');
        if (found.length > 0) {
          throw new AppError('checklist_blockers', 409, `Fix the checklist's blockers first: ${found.map((b) => b.message).join(' ')}`);
        }
      };
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
          if (!['draft', 'in_review', 'unpublished'].includes(status)) throw refuse('published');
          if (!perms.publish) throw forbidden('Your role does not allow publishing this story. Submit it for review instead.');
          await blockers();
          // Republishing keeps the original date; a first publication is dated now.
          const publishedAt = row.status === 'unpublished' && row.published_at && row.published_at <= now ? row.published_at : now;
          return setStatus(actor, row, 'published', publishedAt, 'article.publish', options.baseVersion);
        }
        case 'schedule': {
          if (!['draft', 'in_review', 'unpublished'].includes(status)) throw refuse('scheduled');
          if (!perms.schedule) throw forbidden('Your role does not allow scheduling. Ask an editor.');
          const at = options.publishAt;
          if (!at || Number.isNaN(Date.parse(at))) throw invalidInput('Scheduling needs a publication date and time.');
          const when = new Date(at).toISOString();
          if (when <= now) throw invalidInput('That time has already passed; publish now instead, or choose a later time.');
          await blockers();
          return setStatus(actor, row, 'scheduled', when, 'article.schedule', options.baseVersion);
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
    },

    async revisions(actor, id) {
      await this.get(actor, id);
      const rows = await repo.listRevisions(db, id);
      const names = await accounts.namesOf(rows.map((r) => r.account_id).filter((a): a is number => a !== null));
      return rows.map<Revision>((r) => ({ version: r.version, createdAt: r.created_at, accountId: r.account_id, accountName: (r.account_id !== null && names.get(r.account_id)) || null, headline: r.headline }));
    },

    async diff(actor, id, from, to) {
      await this.get(actor, id);
      const [a, b] = await Promise.all([repo.getRevision(db, id, from), repo.getRevision(db, id, to)]);
      if (!a || !b) throw notFound('revision');
      const fa = JSON.parse(a.fields) as Record<string, unknown>;
      const fb = JSON.parse(b.fields) as Record<string, unknown>;
      const fields: RevisionDiff['fields'] = {};
      for (const key of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
        const x = JSON.stringify(fa[key] ?? null);
        const y = JSON.stringify(fb[key] ?? null);
        if (x !== y) fields[key] = [x, y];
      }
      return { from, to, headline: diffLines(a.headline, b.headline), dek: diffLines(a.dek, b.dek), body: diffLines(a.body, b.body), fields };
    },

    async restore(actor, id, version, baseVersion) {
      const row = await load(id);
      await requireEdit(actor, row);
      const rev = await repo.getRevision(db, id, version);
      if (!rev) throw notFound('revision');
      if (row.version !== baseVersion) throw conflict('Someone saved a newer version of this article. Reload it before restoring an older one.');
      const f = JSON.parse(rev.fields) as Partial<ArticleFields>;
      const fields: Partial<ArticleFields> = { headline: rev.headline, dek: rev.dek, body: rev.body };
      for (const key of ['excerpt', 'sectionId', 'tags', 'authorIds', 'featuredImageId', 'developing', 'readNextId', 'commentPrompt', 'commentStatus', 'commentsCloseAt', 'commentModeration'] as const) {
        if (f[key] !== undefined) (fields as Record<string, unknown>)[key] = f[key];
      }
      // Missing things (a deleted section or image) are dropped rather than blocking the restore.
      const { lookups } = writer;
      if (fields.sectionId != null && !(await lookups.sectionExists(fields.sectionId))) fields.sectionId = null;
      if (fields.featuredImageId != null && !(await lookups.imageExists(fields.featuredImageId))) fields.featuredImageId = null;
      if (fields.readNextId != null && !(await lookups.articleExists(fields.readNextId))) fields.readNextId = null;
      if (fields.authorIds) {
        const missing = await lookups.missingAuthors(fields.authorIds);
        fields.authorIds = fields.authorIds.filter((x) => !missing.includes(x));
      }
      return save(actor, row, fields, baseVersion, 'article.restore');
    },

    async addLiveUpdate(actor, id, body) {
      const row = await load(id);
      if (!(await permissions(actor, row)).liveUpdate) throw forbidden();
      const update = await articles.addLiveUpdate(id, body);
      await audit.record({ accountId: actor.accountId, action: 'article.live-update', subjectType: 'article', subjectId: id, details: { by: actor.name } });
      return { id: update.id, createdAt: update.createdAt };
    },

    async addCorrection(actor, id, body) {
      const row = await load(id);
      if (!(await permissions(actor, row)).correct) throw forbidden();
      const correction = await articles.addCorrection(id, body);
      await audit.record({ accountId: actor.accountId, action: 'article.correct', subjectType: 'article', subjectId: id, details: { by: actor.name } });
      return { id: correction.id, createdAt: correction.createdAt };
    },

    async checklist(actor, id) {
      await this.get(actor, id);
      return checklistFor(await load(id));
    },
  };
}
