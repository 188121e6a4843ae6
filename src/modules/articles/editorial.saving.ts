import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { ArticleRow } from '../../platform/db/schema.js';
import { conflict, invalidInput } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SectionsService } from '../sections/sections.service.js';
import * as articlesRepo from './articles.repository.js';
import type { ArticleWriter } from './articles.writing.js';
import { dateChange } from './editorial.dating.js';
import type { EditorialAccess } from './editorial.permissions.js';
import type { EditorialPresenter } from './editorial.present.js';
import * as repo from './editorial.repository.js';
import type { Actor, ArticleFields, EditableArticle, EditorialService, RevisionKind } from './editorial.types.js';
import { excerptFrom } from '../markdown/markdown.text.js';

interface SavingDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  sections: SectionsService;
  audit: AuditService;
  writer: ArticleWriter;
  access: EditorialAccess;
  presenter: EditorialPresenter;
}

export type EditorialSaving = ReturnType<typeof createEditorialSaving>;

/** Drafting and saving: every save is a compare-and-set on the version, and keeps a revision. */
export function createEditorialSaving({ db, clock, events, sections, audit, writer, access, presenter }: SavingDeps) {
  const nowIso = () => clock.now().toISOString();

  /** Whether readers have been able to see it, so its old address must keep working. */
  const hasBeenPublic = (row: ArticleRow) => row.published_at !== null && row.published_at <= nowIso() && ['published', 'scheduled', 'unpublished'].includes(row.status);

  /** Save fields on top of `baseVersion`, with their byline, tags, revision and audit entry, in one transaction. */
  async function save(actor: Actor, row: ArticleRow, fields: Partial<ArticleFields>, baseVersion: number, action: string, kind: RevisionKind = 'save'): Promise<EditableArticle> {
    const at = nowIso();
    const redated = dateChange(actor, row, fields.publishedAt, at);
    const columns = await writer.columns(fields, row.id);
    if (columns.body !== undefined && fields.excerpt === undefined && row.excerpt === excerptFrom(row.body)) {
      // An excerpt nobody wrote follows the body.
      columns.excerpt = excerptFrom(columns.body);
    }
    if (redated) columns.published_at = redated.to;
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
        await articlesRepo.replaceTags(
          trx,
          row.id,
          tags.map((t) => t.id),
        );
      }
      await writer.keepRevision(trx, row.id, actor.accountId, kind);
      await audit.record({ accountId: actor.accountId, action, subjectType: 'article', subjectId: row.id, details: { by: actor.name, ...(redated ? { publishedAt: redated } : {}) } }, trx);
    });
    events.changed({ kind: 'article', id: row.id });
    return presenter.present(actor, await presenter.load(row.id));
  }

  const create: EditorialService['create'] = async (actor, fields) => {
    access.need(actor, 'article.create');
    const redated = dateChange(actor, null, fields.publishedAt, nowIso());
    const authorIds = fields.authorIds ?? (actor.authorId !== null ? [actor.authorId] : []);
    // A new story is a draft, whatever else was sent: the workflow moves it on, keeping an original publication date.
    const row = await writer.create(
      { ...fields, authorIds, status: 'draft', publishedAt: redated?.to ?? null, updatedAt: null },
      {
        accountId: actor.accountId,
        record: (trx, id) =>
          audit.record({ accountId: actor.accountId, action: 'article.create', subjectType: 'article', subjectId: id, details: { by: actor.name, ...(redated ? { publishedAt: redated } : {}) } }, trx),
      },
    );
    return presenter.present(actor, await presenter.load(row.id));
  };

  const update: EditorialService['update'] = async (actor, id, fields, baseVersion, options = {}) => {
    const row = await presenter.load(id);
    await access.requireEdit(actor, row);
    if (!Number.isInteger(baseVersion)) throw invalidInput('Saving needs the version you started from (baseVersion).');
    if (row.version !== baseVersion) {
      throw conflict(`Someone saved a newer version of this article at ${row.modified_at}. Your changes were not saved; copy them, reload, and apply them to the new version.`);
    }
    return save(actor, row, fields, baseVersion, 'article.update', options.autosave ? 'autosave' : 'save');
  };

  return { save, create, update };
}
