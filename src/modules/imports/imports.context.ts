import crypto from 'node:crypto';
import type { ControlledTransaction } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { isAppError } from '../../platform/errors.js';
import type { ArticleImports } from '../articles/articles.import.js';
import type { AuthorImports } from '../authors/authors.import.js';
import type { CommentImports } from '../comments/comments.import.js';
import type { MediaImports } from '../media/media.import.js';
import type { RedirectsService } from '../redirects/redirects.service.js';
import type { SectionImports } from '../sections/sections.import.js';
import * as links from './imports.repository.js';
import type { Outcome, ReportBuilder } from './imports.report.js';
import type { Survey } from './imports.survey.js';

/*
 * What every step of an import shares: the transaction, the other modules'
 * import functions, what the first pass learnt, the report, the options; and
 * the one way a thing is brought over (`linked`), which finds what an
 * earlier import made of it and decides between creating, updating and
 * leaving it.
 */

/** The other modules' functions an import writes through (each module keeps its own tables). */
export interface ImportDeps {
  articles: ArticleImports;
  sections: SectionImports;
  authors: AuthorImports;
  media: MediaImports;
  comments: CommentImports;
  redirects: Pick<RedirectsService, 'record'>;
}

export interface RunOptions {
  pages: boolean;
  pingbacks: boolean;
  /** The export site's time zone, for its local dates. */
  timezone: string;
  /** The site's deepest reply level (settings.maxCommentDepth). */
  maxCommentDepth: number;
  /** A local copy of the old site's wp-content/uploads, whose images are stored here; null to register them by address. */
  uploads: string | null;
}

export interface RunContext {
  trx: ControlledTransaction<Database>;
  deps: ImportDeps;
  survey: Survey;
  report: ReportBuilder;
  options: RunOptions;
  now: () => Date;
  /** Ids already settled in this run, by "kind:source id" (undone with the savepoint that made them). */
  cache: RollbackCache;
}

/**
 * What a run has settled (ids by "kind:source id", image addresses) and the
 * files it wrote: what was made since `mark()` is forgotten again by
 * `undo()` when its savepoint is rolled back, and its files deleted.
 */
export class RollbackCache {
  #values = new Map<string, number | string | null>();
  #journal: { keys: string[]; files: string[] }[] = [];
  /** Every file written and not undone, for a run that is rolled back as a whole. */
  readonly files: string[] = [];

  constructor(private readonly deleteFiles: (keys: string[]) => Promise<void> = async () => {}) {}

  /** An id settled in this run: a number, null for "nothing", undefined when not settled yet. */
  id(key: string): number | null | undefined {
    const v = this.#values.get(key);
    return typeof v === 'string' ? undefined : v;
  }
  /** A text settled in this run (an image's address). */
  text(key: string): string | undefined {
    const v = this.#values.get(key);
    return typeof v === 'string' ? v : undefined;
  }
  set(key: string, value: number | string | null): void {
    this.#values.set(key, value);
    this.#journal.at(-1)?.keys.push(key);
  }
  wrote(file: string): void {
    this.files.push(file);
    this.#journal.at(-1)?.files.push(file);
  }
  mark(): void {
    this.#journal.push({ keys: [], files: [] });
  }
  keep(): void {
    const done = this.#journal.pop();
    const outer = this.#journal.at(-1);
    if (done && outer) {
      outer.keys.push(...done.keys);
      outer.files.push(...done.files);
    }
  }
  async undo(): Promise<void> {
    const undone = this.#journal.pop();
    if (!undone) return;
    for (const key of undone.keys) this.#values.delete(key);
    const gone = new Set(undone.files);
    this.files.splice(0, this.files.length, ...this.files.filter((f) => !gone.has(f)));
    await this.deleteFiles(undone.files);
  }
}

/**
 * Whether an error belongs to one item and leaves the others to go on: a
 * rule refused it (an AppError), or the database refused its data (a
 * constraint or a value it cannot hold). Anything else stops the import.
 */
export function isItemError(err: unknown): err is Error {
  if (isAppError(err)) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(?:22\d{3}|23\d{3}|SQLITE_CONSTRAINT|SQLITE_TOOBIG|SQLITE_MISMATCH)/.test(code);
}

let savepoints = 0;

/**
 * Run one item's work so that it is stored whole or not at all: in a
 * savepoint, rolled back (with what it cached) when the work throws.
 */
export async function atomically<T>(ctx: RunContext, work: () => Promise<T>): Promise<T> {
  const name = `wxr_${++savepoints}`;
  await ctx.trx.savepoint(name).execute();
  ctx.cache.mark();
  try {
    const result = await work();
    await ctx.trx.releaseSavepoint(name as never).execute();
    ctx.cache.keep();
    return result;
  } catch (err) {
    await ctx.trx.rollbackToSavepoint(name as never).execute();
    await ctx.cache.undo();
    throw err;
  }
}

/** A stable hash of what was imported: the same source gives the same hash. */
export const hashOf = (value: unknown): string => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');

function matchedBefore(link: links.ImportLink): boolean {
  try {
    return (JSON.parse(link.details) as { matched?: unknown }).matched === true;
  } catch {
    return false;
  }
}

/** How to bring one thing over. */
export interface LinkSpec {
  /** The source's kind and id ("post", "1148"). */
  kind: string;
  id: string;
  targetKind: string;
  hash: string;
  details?: Record<string, unknown>;
  exists(trx: Db, targetId: number): Promise<boolean>;
  create(): Promise<{ id: number; version?: number }>;
  /** Apply a changed source; 'kept' when the thing was changed here since and is left alone. */
  update(targetId: number, link: links.ImportLink): Promise<{ outcome: 'updated' | 'kept'; version?: number }>;
  /** An existing thing to use as it is (the same slug), if any. */
  match?(): Promise<number | undefined>;
}

/**
 * Bring one thing over: find what an earlier import made of it; unchanged
 * source → nothing to do; changed → update (unless changed here since);
 * made earlier but deleted here since → left deleted; never seen → use a
 * matching existing thing, or create.
 */
/**
 * The id of what an earlier import made of a thing whose source has not
 * changed since (same hash, still there), or null: lets a step skip the
 * costly preparation (converting a body) when there is nothing to do.
 */
export async function unchangedTarget(ctx: RunContext, kind: string, id: string, hash: string, exists: (trx: Db, targetId: number) => Promise<boolean>): Promise<number | null> {
  const link = await links.findLink(ctx.trx, ctx.survey.source, kind, id);
  return link && link.content_hash === hash && (await exists(ctx.trx, link.target_id)) ? link.target_id : null;
}

/** What became of a thing: its id here, or null when it was deleted here since an earlier import (and stays deleted). */
export type Linked = { id: number; outcome: Outcome } | { id: null; outcome: 'kept'; deleted: true };

export async function linked(ctx: RunContext, spec: LinkSpec): Promise<Linked> {
  const { trx, survey } = ctx;
  const at = ctx.now().toISOString();
  const details = JSON.stringify(spec.details ?? {});
  const link = await links.findLink(trx, survey.source, spec.kind, spec.id);
  if (link && (await spec.exists(trx, link.target_id))) {
    // A thing the site already had is used as it is, whatever the source says.
    if (link.content_hash === spec.hash || matchedBefore(link)) return { id: link.target_id, outcome: 'unchanged' };
    const { outcome, version } = await spec.update(link.target_id, link);
    if (outcome === 'updated') await links.updateLink(trx, link.id, { content_hash: spec.hash, target_version: version ?? null, details, imported_at: at });
    return { id: link.target_id, outcome };
  }
  // Deleting it here was a decision made here, like an edit: it is not brought back.
  if (link) return { id: null, outcome: 'kept', deleted: true };
  const matched = await spec.match?.();
  const made = matched !== undefined ? { id: matched } : await spec.create();
  const kept = matched !== undefined ? JSON.stringify({ ...spec.details, matched: true }) : details;
  await links.insertLink(trx, {
    source: survey.source,
    source_kind: spec.kind,
    source_id: spec.id,
    target_kind: spec.targetKind,
    target_id: made.id,
    content_hash: spec.hash,
    target_version: made.version ?? null,
    details: kept,
    imported_at: at,
  });
  return { id: made.id, outcome: matched !== undefined ? 'matched' : 'created' };
}
