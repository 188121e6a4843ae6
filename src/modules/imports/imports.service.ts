import fs from 'node:fs/promises';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { invalidInput } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { isTimeZone } from '../../platform/zoned-time.js';
import type { SettingsService } from '../settings/settings.service.js';
import { atomically, type ImportDeps, isItemError, RollbackCache, type RunContext } from './imports.context.js';
import { importStory, postSubject } from './imports.posts.js';
import { createReport, type ImportReport } from './imports.report.js';
import { imageFor } from './imports.media.js';
import { type Survey, surveyWxr } from './imports.survey.js';
import { importAuthor, importCategory, importTag } from './imports.taxonomy.js';
import { readWxr } from './wxr.reader.js';
import type { WxrEntry } from './wxr.types.js';

/*
 * Importing a WordPress export, in two passes. The first reads the whole
 * file and refuses it (a WxrError with the line and the reason) before
 * anything is written. The second brings everything over inside ONE
 * transaction, each item in a savepoint of its own: an item the rules refuse
 * is skipped and reported, and anything unexpected rolls the whole import
 * back, so the database is either as it was or holds the whole import.
 * A dry run does all of it and rolls back at the end, so its report is
 * exactly what a real run would do. Running the same file again finds what
 * the last run made (import_links) and changes nothing.
 */

export interface ImportOptions {
  dryRun?: boolean;
  /** Import pages as stories too (they are skipped and counted otherwise). */
  pages?: boolean;
  /** Import pingbacks and trackbacks as comments. */
  pingbacks?: boolean;
  /** The export site's time zone, for dates without GMT; defaults to this site's. */
  timezone?: string;
  /** A local copy of the old site's wp-content/uploads: its images are stored here instead of registered by their old address. */
  uploads?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  phase: 'checking' | 'importing';
  /** Bytes read while checking, items brought over while importing. */
  done: number;
  total: number;
}

interface Deps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  settings: SettingsService;
  imports: ImportDeps;
}

/** Item types that are never stories, with the reason a report gives. */
const NOT_STORIES: Record<string, string> = {
  nav_menu_item: 'menu item (menus are not imported)',
  revision: 'revision (only the current version is imported)',
  wp_block: 'reusable block (a block-editor pattern, not a story)',
  wp_template: 'block theme template',
  wp_template_part: 'block theme template part',
  wp_global_styles: 'theme styles',
  wp_navigation: 'navigation menu',
  custom_css: 'theme CSS',
  customize_changeset: 'theme customizer change set',
  oembed_cache: 'embed cache entry',
  user_request: 'privacy request',
};

async function importEntry(ctx: RunContext, entry: WxrEntry): Promise<void> {
  if (entry.kind === 'author') await importAuthor(ctx, entry.author);
  else if (entry.kind === 'term') {
    const { term } = entry;
    if (!term.slug) ctx.report.skip('tag', `${term.taxonomy || 'term'} without a slug`, { subject: `term “${term.name}”`, line: term.line });
    else if (term.taxonomy === 'category') await importCategory(ctx, term);
    else if (term.taxonomy === 'post_tag') await importTag(ctx, term);
    else ctx.report.skip('tag', `term of the “${term.taxonomy.slice(0, 40)}” taxonomy (only categories and tags are imported)`);
  } else if (entry.kind === 'item') {
    const { item } = entry;
    if (item.postId === null) return ctx.report.skip('story', 'item without a wp:post_id', { subject: postSubject(item), line: item.line });
    if (item.oversized) return ctx.report.skip('story', 'item larger than the reader keeps (32 MB of text)', { subject: postSubject(item), line: item.line });
    const withId = { ...item, postId: item.postId };
    if (item.postType === 'attachment') await imageFor(ctx, item.postId, postSubject(item), item.line);
    else if (item.postType === 'post' || (item.postType === 'page' && ctx.options.pages)) await importStory(ctx, withId);
    else if (item.postType === 'page') ctx.report.skip('story', 'page (import pages with --pages)');
    else ctx.report.skip('story', NOT_STORIES[item.postType] ?? `post type “${item.postType.slice(0, 40) || 'none'}” (only posts and pages are imported)`);
  }
}

const subjectOf = (entry: WxrEntry): { kind: 'author' | 'tag' | 'story'; subject: string; line: number } =>
  entry.kind === 'author'
    ? { kind: 'author', subject: `author “${entry.author.login}”`, line: entry.author.line }
    : entry.kind === 'term'
      ? { kind: 'tag', subject: `${entry.term.taxonomy} “${entry.term.slug}”`, line: entry.term.line }
      : entry.kind === 'item'
        ? { kind: 'story', subject: postSubject(entry.item), line: entry.item.line }
        : { kind: 'story', subject: 'channel', line: 1 };

/** The second pass: every record, each in its own savepoint. */
async function importAll(ctx: RunContext, file: string, onItem: () => void): Promise<void> {
  for await (const entry of readWxr(file)) {
    if (entry.kind === 'channel') continue;
    try {
      await atomically(ctx, () => importEntry(ctx, entry));
    } catch (err) {
      if (!isItemError(err)) throw err;
      const { kind, subject, line } = subjectOf(entry);
      ctx.report.skip(kind, 'refused by the rules (see the note)', { subject, line });
      ctx.report.note(subject, line, err.message);
    }
    if (entry.kind === 'item') onItem();
  }
}

export type ImportsService = ReturnType<typeof createImportsService>;

export function createImportsService({ db, clock, events, settings, imports }: Deps) {
  return {
    /**
     * Import a WordPress export file (see the top of this file). Throws a
     * WxrError when the file is refused, an AppError for a bad option.
     */
    async importWordPress(file: string, options: ImportOptions = {}): Promise<ImportReport> {
      const site = await settings.get();
      const timezone = options.timezone ?? site.timezone;
      if (!isTimeZone(timezone)) throw invalidInput(`"${timezone}" is not a time zone; use a name such as Europe/Paris or America/Chicago.`);
      if (options.uploads !== undefined && !(await fs.stat(options.uploads).catch(() => null))?.isDirectory()) throw invalidInput(`--uploads: ${options.uploads} is not a folder.`);
      const progress = options.onProgress ?? (() => {});
      const { size } = await fs.stat(file);
      const survey: Survey = await surveyWxr(file, (bytes) => progress({ phase: 'checking', done: bytes, total: size }));
      const builder = createReport({ file, source: survey.source, wxrVersion: survey.channel.wxrVersion, dryRun: options.dryRun === true });
      const totalItems = survey.items;
      let done = 0;
      const trx = await db.startTransaction().execute();
      const cache = new RollbackCache((keys) => imports.media.deleteFiles(keys));
      try {
        const ctx: RunContext = {
          trx,
          deps: imports,
          survey,
          report: builder,
          options: { pages: options.pages === true, pingbacks: options.pingbacks === true, timezone, maxCommentDepth: site.maxCommentDepth, uploads: options.uploads ?? null },
          now: () => clock.now(),
          cache,
        };
        progress({ phase: 'importing', done, total: totalItems });
        await importAll(ctx, file, () => progress({ phase: 'importing', done: ++done, total: totalItems }));
        if (options.dryRun) {
          await trx.rollback().execute();
          await imports.media.deleteFiles(cache.files);
        } else await trx.commit().execute();
      } catch (err) {
        if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
        // Images stored for records that are not kept go too.
        await imports.media.deleteFiles(cache.files);
        throw err;
      }
      if (!options.dryRun) for (const kind of ['article', 'comment', 'section', 'tag', 'author', 'media']) events.changed({ kind });
      return builder.report;
    },
  };
}
