import type { Db } from '../../src/platform/db/database.js';
import type { Database } from '../../src/platform/db/schema.js';

/** Every table of the schema, for comparing a whole database before and after. */
export const ALL_TABLES: (keyof Database)[] = [
  'settings',
  'sections',
  'tags',
  'authors',
  'media',
  'articles',
  'article_authors',
  'article_tags',
  'article_slugs',
  'live_updates',
  'corrections',
  'comments',
  'accounts',
  'sessions',
  'sign_in_attempts',
  'password_resets',
  'staff_passkeys',
  'api_tokens',
  'article_revisions',
  'audit_log',
  'readers',
  'reader_sessions',
  'reader_links',
  'comment_reports',
  'comment_decisions',
  'comment_reactions',
  'classifier_tokens',
  'import_links',
  'redirects',
];

/** Every row of every table, each as JSON, in a stable order: equal dumps mean an unchanged database. */
export async function dumpDatabase(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ALL_TABLES) {
    const rows = await db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}
