import { forbidden } from '../../platform/errors.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { ContentEvents } from '../../platform/events.js';
import { pageOf } from '../../platform/pagination.js';
import { can } from '../accounts/permissions.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthorsService } from '../authors/authors.service.js';
import type { MediaService } from '../media/media.service.js';
import type { SectionsService } from '../sections/sections.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as articlesRepo from './articles.repository.js';
import type { ArticlesService } from './articles.service.js';
import { articlePath } from '../../platform/urls.js';
import { PUBLISH_AT, publicationTime } from './articles.dates.js';
import { createArticleWriter } from './articles.writing.js';
import { createEditorialChecks } from './editorial.checks.js';
import { createEditorialAccess, effectiveStatus } from './editorial.permissions.js';
import { createEditorialPresenter } from './editorial.present.js';
import * as repo from './editorial.repository.js';
import { createEditorialRevisions } from './editorial.revisions.js';
import { createEditorialSaving } from './editorial.saving.js';
import type { ArticleListItem, EditorialService } from './editorial.types.js';
import { createEditorialWorkflow } from './editorial.workflow.js';

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

/** The newsroom's operations on articles: drafting, saving, workflow, revisions, checks. */
export function createEditorialService(deps: Deps): EditorialService {
  const { db, clock, settings, sections, authors, articles, audit } = deps;
  const writer = createArticleWriter(deps);
  const access = createEditorialAccess(deps);
  const presenter = createEditorialPresenter({ ...deps, access });
  const checks = createEditorialChecks(deps);
  const saving = createEditorialSaving({ ...deps, writer, access, presenter });
  const workflow = createEditorialWorkflow({ ...deps, access, presenter, checklistFor: checks.checklistFor, keepRevision: writer.keepRevision });
  const history = createEditorialRevisions({ ...deps, lookups: writer.lookups, access, presenter, saving });

  return {
    async list(actor, filter) {
      access.need(actor, 'admin.enter');
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
      const now = clock.now().toISOString();
      const items: ArticleListItem[] = rows.map((r) => {
        const status = effectiveStatus(r, now);
        return {
          id: r.id,
          headline: r.headline,
          slug: r.slug,
          status,
          sectionName: (r.section_id !== null && sectionMap.get(r.section_id)?.name) || null,
          authorNames: bylines
            .filter((b) => b.article_id === r.id)
            .map((b) => authorMap.get(b.author_id)?.name ?? '')
            .filter(Boolean),
          publishedAt: r.published_at,
          modifiedAt: r.modified_at,
          path: status === 'published' && r.published_at ? articlePath(r.slug, r.published_at, site.timezone) : null,
        };
      });
      return pageOf(items, page, perPage, total);
    },

    async get(actor, id) {
      return presenter.present(actor, await presenter.open(actor, id));
    },

    create: saving.create,
    update: saving.update,
    transition: workflow.transition,
    revisions: history.revisions,
    diff: history.diff,
    restore: history.restore,

    async addLiveUpdate(actor, id, body) {
      const row = await presenter.load(id);
      if (!(await access.permissions(actor, row)).liveUpdate) throw forbidden();
      const update = await articles.addLiveUpdate(id, body);
      await audit.record({ accountId: actor.accountId, action: 'article.live-update', subjectType: 'article', subjectId: id, details: { by: actor.name } });
      return { id: update.id, createdAt: update.createdAt };
    },

    async addCorrection(actor, id, body) {
      const row = await presenter.load(id);
      if (!(await access.permissions(actor, row)).correct) throw forbidden();
      const correction = await articles.addCorrection(id, body);
      await audit.record({ accountId: actor.accountId, action: 'article.correct', subjectType: 'article', subjectId: id, details: { by: actor.name } });
      return { id: correction.id, createdAt: correction.createdAt };
    },

    async checklist(actor, id, options = {}) {
      const row = await presenter.open(actor, id);
      const at = options.publishAt === undefined ? undefined : publicationTime(options.publishAt, PUBLISH_AT, clock.now().toISOString());
      return checks.checklistFor(row, at);
    },
  };
}
