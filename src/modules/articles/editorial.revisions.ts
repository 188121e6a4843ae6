import type { Db } from '../../platform/db/database.js';
import { diffLines } from '../../platform/diff.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { ArticleLookups } from './articles.rules.js';
import type { EditorialAccess } from './editorial.permissions.js';
import type { EditorialPresenter } from './editorial.present.js';
import * as repo from './editorial.repository.js';
import type { EditorialSaving } from './editorial.saving.js';
import type { ArticleFields, EditorialService, Revision, RevisionDiff, RevisionKind } from './editorial.types.js';

interface RevisionsDeps {
  db: Db;
  /** Who made each revision. */
  accounts: Pick<AccountsService, 'namesOf'>;
  lookups: ArticleLookups;
  access: EditorialAccess;
  presenter: EditorialPresenter;
  saving: EditorialSaving;
}

/** Settings a revision keeps beside headline, dek and body, which a restore brings back. */
const KEPT_FIELDS = ['excerpt', 'sectionId', 'tags', 'authorIds', 'featuredImageId', 'developing', 'readNextId', 'commentPrompt', 'commentStatus', 'commentsCloseAt', 'commentModeration'] as const;

/** What one kept version holds, for telling what the next one changed. */
type Kept = { headline: string; dek: string; body: string; fields: string };

/** The fields `b` changed from `a`: headline, dek and body first, then the settings by name. */
export function changedFields(a: Kept, b: Kept): string[] {
  const out = (['headline', 'dek', 'body'] as const).filter((k) => a[k] !== b[k]) as string[];
  const parse = (json: string): Record<string, unknown> => {
    try {
      return JSON.parse(json) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const fa = parse(a.fields);
  const fb = parse(b.fields);
  for (const key of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
    if (JSON.stringify(fa[key] ?? null) !== JSON.stringify(fb[key] ?? null)) out.push(key);
  }
  return out;
}

/** An article's history: its revisions, what changed between two, and bringing an old one back. */
export function createEditorialRevisions({ db, accounts, lookups, access, presenter, saving }: RevisionsDeps) {
  /** The fields of a revision, less what no longer exists (a deleted section or image), which is dropped rather than blocking the restore. */
  async function restorable(rev: repo.RevisionRow): Promise<Partial<ArticleFields>> {
    const f = JSON.parse(rev.fields) as Partial<ArticleFields>;
    const fields: Partial<ArticleFields> = { headline: rev.headline, dek: rev.dek, body: rev.body };
    for (const key of KEPT_FIELDS) {
      if (f[key] !== undefined) (fields as Record<string, unknown>)[key] = f[key];
    }
    if (fields.sectionId != null && !(await lookups.sectionExists(fields.sectionId))) fields.sectionId = null;
    if (fields.featuredImageId != null && !(await lookups.imageExists(fields.featuredImageId))) fields.featuredImageId = null;
    if (fields.readNextId != null && !(await lookups.articleExists(fields.readNextId))) fields.readNextId = null;
    if (fields.authorIds) {
      const missing = await lookups.missingAuthors(fields.authorIds);
      fields.authorIds = fields.authorIds.filter((x) => !missing.includes(x));
    }
    return fields;
  }

  const revisions: EditorialService['revisions'] = async (actor, id) => {
    await presenter.open(actor, id);
    const rows = await repo.listRevisions(db, id);
    const names = await accounts.namesOf(rows.map((r) => r.account_id).filter((a): a is number => a !== null));
    // Newest first: each is compared with the one after it in the list, the version before it.
    return rows.map<Revision>((r, i) => ({
      version: r.version,
      createdAt: r.created_at,
      accountId: r.account_id,
      accountName: (r.account_id !== null && names.get(r.account_id)) || null,
      headline: r.headline,
      kind: r.kind as RevisionKind,
      changed: rows[i + 1] ? changedFields(rows[i + 1]!, r) : [],
    }));
  };

  const diff: EditorialService['diff'] = async (actor, id, from, to) => {
    await presenter.open(actor, id);
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
  };

  const restore: EditorialService['restore'] = async (actor, id, version, baseVersion) => {
    const row = await presenter.load(id);
    await access.requireEdit(actor, row);
    const rev = await repo.getRevision(db, id, version);
    if (!rev) throw notFound('revision');
    if (row.version !== baseVersion) throw conflict('Someone saved a newer version of this article. Reload it before restoring an older one.');
    return saving.save(actor, row, await restorable(rev), baseVersion, 'article.restore', 'restore');
  };

  return { revisions, diff, restore };
}
