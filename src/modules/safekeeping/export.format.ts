import type { Selectable } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

/*
 * The Broadsheet export format, version 1 (docs/export-format.md describes it
 * for people). One JSON document: a header, the site settings, the id
 * counters, then every entity's rows in the order below, each row on a line of
 * its own, rows in primary-key order. Field names are the database's column
 * names; rows carry their ids and refer to each other by id.
 *
 * Every table in the database must be classified here: exported (an entity of
 * the format), the site settings, ephemeral (sessions, links and attempts that
 * expire on their own), derived (rebuilt from the exported data after an
 * import) or the migrator's bookkeeping. A table that is not is a table a
 * backup would silently lose, so the export refuses to run (see
 * assertClassified in export.writer.ts).
 */

export const EXPORT_FORMAT = 'broadsheet-export';
export const EXPORT_VERSION = 1;

/**
 * Columns computed from other rows, left out like the derived tables and
 * rebuilt after an import: each comment's count of the visible comments
 * beneath it (broadsheet repair-counts).
 */
export const DERIVED_COLUMNS = { comments: ['visible_replies'] } as const;

type Derived<T> = T extends keyof typeof DERIVED_COLUMNS ? (typeof DERIVED_COLUMNS)[T][number] : never;
type Columns<T extends keyof Database> = Exclude<keyof Database[T] & string, Derived<T>>;

/** K when it names every column of T; otherwise a type that says which are missing (and fails `fields: readonly string[]`). */
type Exhaustive<T extends keyof Database, K extends readonly Columns<T>[]> = [Exclude<Columns<T>, K[number]>] extends [never] ? K : { missingFields: Exclude<Columns<T>, K[number]> };

/** The columns of a table, checked against the schema's type: leaving one out fails to compile. */
function fieldsOf<T extends keyof Database>() {
  return <const K extends readonly Columns<T>[]>(...fields: K): Exhaustive<T, K> => fields as unknown as Exhaustive<T, K>;
}

/** An exported entity: its fields in the order they are written, and which of them are secrets. */
export interface EntityFormat {
  fields: readonly string[];
  /** Fields that are credentials: written only with --with-secrets; without, an import stores the value given here. */
  secretFields?: Readonly<Record<string, string | null>>;
  /** The whole entity is credentials (API tokens): written only with --with-secrets. */
  secret?: boolean;
}

/**
 * The exported entities in the order they are written and imported: each one
 * after every entity it refers to (a row may refer to a later row of its own
 * entity, e.g. an article's read_next_id).
 */
export const ENTITIES = {
  media: { fields: fieldsOf<'media'>()('id', 'url', 'mime', 'width', 'height', 'alt', 'caption', 'credit', 'created_at', 'variants', 'bytes', 'storage_key', 'original_name') },
  authors: { fields: fieldsOf<'authors'>()('id', 'slug', 'name', 'bio', 'photo_id', 'links', 'created_at', 'updated_at') },
  sections: { fields: fieldsOf<'sections'>()('id', 'slug', 'name', 'description', 'position', 'created_at') },
  tags: { fields: fieldsOf<'tags'>()('id', 'slug', 'name', 'created_at') },
  accounts: {
    fields: fieldsOf<'accounts'>()('id', 'email', 'name', 'role', 'password_hash', 'author_id', 'disabled', 'created_at', 'updated_at', 'password_changed_at', 'disabled_at', 'last_sign_in_at'),
    // No hash: no password signs in until the person resets theirs.
    secretFields: { password_hash: '' },
  },
  // Two-step sign-in: credentials, so only with --with-secrets; without, people sign in with a password alone until they set it up again.
  staff_two_factor: { fields: fieldsOf<'staff_two_factor'>()('account_id', 'secret', 'pending_secret', 'last_used_step', 'enabled_at', 'updated_at'), secret: true },
  staff_recovery_codes: { fields: fieldsOf<'staff_recovery_codes'>()('account_id', 'code_hash', 'created_at', 'used_at'), secret: true },
  // Credentials (their public keys are of use only with the authenticators that hold the private ones): only with --with-secrets.
  staff_passkeys: {
    fields: fieldsOf<'staff_passkeys'>()('id', 'account_id', 'credential_id', 'public_key', 'counter', 'transports', 'user_handle', 'name', 'backed_up', 'created_at', 'last_used_at'),
    secret: true,
  },
  readers: {
    fields: fieldsOf<'readers'>()('id', 'email', 'display_name', 'password_hash', 'email_verified_at', 'notify_replies', 'banned_until', 'ban_reason', 'created_at', 'updated_at'),
    // No hash: the reader signs in by emailed link, or sets a password again.
    secretFields: { password_hash: null },
  },
  articles: {
    fields: fieldsOf<'articles'>()(
      'id',
      'slug',
      'headline',
      'dek',
      'body',
      'excerpt',
      'section_id',
      'status',
      'published_at',
      'updated_at',
      'created_at',
      'modified_at',
      'featured_image_id',
      'developing',
      'read_next_id',
      'comment_prompt',
      'comment_status',
      'comments_close_at',
      'version',
      'created_by',
      'status_changed_at',
      'status_changed_by',
      'comment_moderation',
    ),
  },
  article_authors: { fields: fieldsOf<'article_authors'>()('article_id', 'author_id', 'position') },
  article_tags: { fields: fieldsOf<'article_tags'>()('article_id', 'tag_id') },
  article_slugs: { fields: fieldsOf<'article_slugs'>()('slug', 'article_id', 'created_at') },
  article_revisions: { fields: fieldsOf<'article_revisions'>()('id', 'article_id', 'version', 'headline', 'dek', 'body', 'fields', 'account_id', 'created_at', 'kind') },
  live_updates: { fields: fieldsOf<'live_updates'>()('id', 'article_id', 'body', 'created_at') },
  corrections: { fields: fieldsOf<'corrections'>()('id', 'article_id', 'body', 'created_at') },
  comments: {
    fields: fieldsOf<'comments'>()(
      'id',
      'article_id',
      'parent_id',
      'author_name',
      'author_email',
      'body',
      'status',
      'created_at',
      'updated_at',
      'reader_id',
      'account_id',
      'ip_hash',
      'body_hash',
      'edited_at',
      'featured',
      'spam_score',
      'score_reasons',
      'held_reason',
      'report_count',
      'reaction_count',
      'trained_as',
      'moderated_by',
      'moderated_at',
    ),
  },
  comment_reports: { fields: fieldsOf<'comment_reports'>()('id', 'comment_id', 'reader_id', 'ip_hash', 'reason', 'note', 'created_at', 'resolved_at', 'resolved_by') },
  comment_reactions: { fields: fieldsOf<'comment_reactions'>()('comment_id', 'reader_id', 'created_at') },
  classifier_tokens: { fields: fieldsOf<'classifier_tokens'>()('token', 'spam', 'ham') },
  api_tokens: { fields: fieldsOf<'api_tokens'>()('id', 'name', 'token_hash', 'role', 'created_by', 'created_at', 'last_used_at', 'revoked_at'), secret: true },
  audit_log: { fields: fieldsOf<'audit_log'>()('id', 'account_id', 'action', 'subject_type', 'subject_id', 'details', 'created_at') },
  import_links: { fields: fieldsOf<'import_links'>()('id', 'source', 'source_kind', 'source_id', 'target_kind', 'target_id', 'content_hash', 'target_version', 'details', 'imported_at') },
  redirects: { fields: fieldsOf<'redirects'>()('path', 'target_kind', 'target_id', 'created_at') },
} satisfies Record<string, EntityFormat> as Record<ExportedTable, EntityFormat>;

/** The tables whose rows are entities of the format, in export order. */
export type ExportedTable =
  | 'media'
  | 'authors'
  | 'sections'
  | 'tags'
  | 'accounts'
  | 'staff_two_factor'
  | 'staff_recovery_codes'
  | 'staff_passkeys'
  | 'readers'
  | 'articles'
  | 'article_authors'
  | 'article_tags'
  | 'article_slugs'
  | 'article_revisions'
  | 'live_updates'
  | 'corrections'
  | 'comments'
  | 'comment_reports'
  | 'comment_reactions'
  | 'classifier_tokens'
  | 'api_tokens'
  | 'audit_log'
  | 'import_links'
  | 'redirects';

export const ENTITY_ORDER = Object.keys(ENTITIES) as ExportedTable[];

/** The settings table travels as the document's "site" object; these keys are secrets. */
export const SITE_TABLE = 'settings';
export const SECRET_SETTINGS: readonly string[] = ['install.secret'];

/** Why a table is not in the export. */
export type Omitted = { kind: 'ephemeral' | 'derived' | 'bookkeeping'; why: string };

/** Every table the format leaves out, and why. A table in neither this list nor ENTITIES stops the export. */
export const OMITTED: Readonly<Record<string, Omitted>> = {
  sessions: { kind: 'ephemeral', why: 'staff sign-in sessions: everyone signs in again after an import' },
  staff_sign_in_steps: { kind: 'ephemeral', why: 'staff sign-ins waiting for their second step, which expire within five minutes' },
  reader_sessions: { kind: 'ephemeral', why: 'reader sign-in sessions' },
  reader_links: { kind: 'ephemeral', why: 'emailed confirmation and sign-in links, which expire within a day' },
  password_resets: { kind: 'ephemeral', why: 'emailed password reset links, which expire within an hour, and invitations, within a week' },
  staff_passkey_challenges: { kind: 'ephemeral', why: 'passkey challenges handed to browsers, which expire within five minutes' },
  comment_decisions: { kind: 'ephemeral', why: 'moderation decisions kept for a minute so they can be undone, deleted after ten minutes' },
  sign_in_attempts: { kind: 'ephemeral', why: 'the sign-in throttle’s memory of the last day' },
  rate_limit_hits: { kind: 'ephemeral', why: 'rate-limit counts shared by the processes on PostgreSQL, which expire within their window' },
  search_documents: { kind: 'derived', why: 'the search index: rebuilt from the stories after an import (and by every server at start)' },
  comment_totals: { kind: 'derived', why: 'each article’s visible comment count: recounted from the comments after an import (broadsheet repair-counts)' },
  search_fts: { kind: 'derived', why: 'SQLite’s full-text index over search_documents, which follows it' },
  search_fts_data: { kind: 'bookkeeping', why: 'FTS5’s own storage for search_fts' },
  search_fts_idx: { kind: 'bookkeeping', why: 'FTS5’s own storage for search_fts' },
  search_fts_docsize: { kind: 'bookkeeping', why: 'FTS5’s own storage for search_fts' },
  search_fts_config: { kind: 'bookkeeping', why: 'FTS5’s own storage for search_fts' },
  kysely_migration: { kind: 'bookkeeping', why: 'which migrations ran; the target database has its own (schemaVersion records the source’s)' },
  kysely_migration_lock: { kind: 'bookkeeping', why: 'the migrator’s lock' },
};

/** How the format treats a table, or undefined when it does not know it. */
export function treatmentOf(table: string): 'exported' | 'site' | Omitted['kind'] | undefined {
  if (table === SITE_TABLE) return 'site';
  if (table in ENTITIES) return 'exported';
  return OMITTED[table]?.kind;
}

/** The document's top-level fields before "entities", in the order they are written. */
export const HEADER_FIELDS = ['format', 'version', 'exportedAt', 'schemaVersion', 'secrets', 'site', 'sequences'] as const;

/** An export's header: what it is, when and from which schema it was made, whether it holds secrets. */
export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** When the export was made (ISO-8601 UTC): the one field two exports of the same data differ in. */
  exportedAt: string;
  /** The last migration the source database had applied. */
  schemaVersion: string;
  /** Whether password hashes, API tokens and the installation secret are included. */
  secrets: boolean;
  /** The site settings, key → value (the settings table's JSON values, parsed). */
  site: Record<string, unknown>;
  /** For each table numbered by a sequence, the highest id ever handed out. */
  sequences: Partial<Record<ExportedTable, number>>;
}

/** A whole export document, as JSON.parse would give it. */
export interface ExportDocument extends ExportHeader {
  entities: { [T in ExportedTable]?: Selectable<Database[T]>[] };
}
