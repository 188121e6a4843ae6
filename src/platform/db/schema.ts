import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { PlatformTables } from './schema.platform.js';
import type { PasskeyTables } from './schema.passkeys.js';
import type { TwoFactorTables } from './schema.two-factor.js';
/*
 * The database as the application sees it. Times are ISO-8601 UTC strings
 * ("2024-03-29T14:05:00.000Z") on both dialects: they sort and compare as text,
 * so query-time rules (scheduled visibility, comment closing) are portable. Booleans are stored as 0/1 integers for the same reason.
 */

export interface SettingsTable {
  key: string;
  value: string; // JSON
}

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  position: number;
  created_at: string;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: string;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string;
  photo_id: number | null;
  links: string; // JSON array of { label, url }
  created_at: string;
  updated_at: string;
}

export interface MediaTable {
  id: Generated<number>;
  url: string;
  mime: string;
  width: number | null;
  height: number | null;
  alt: string;
  caption: string;
  credit: string;
  created_at: string;
  /** JSON array of { url, width, height, mime } for responsive variants. */
  variants: Generated<string>;
  bytes: number | null;
  storage_key: string | null;
  original_name: Generated<string>;
}

export type ArticleStatus = 'draft' | 'in_review' | 'scheduled' | 'published' | 'unpublished';
export type CommentStatusSetting = 'open' | 'closed';
/** none: publish at once (post-moderation); first_time: hold a reader's first comments; all: hold everything. */
export type ModerationMode = 'none' | 'first_time' | 'all';

export interface ArticlesTable {
  id: Generated<number>;
  slug: string;
  headline: string;
  dek: string;
  body: string;
  excerpt: string;
  section_id: number | null;
  status: ArticleStatus;
  published_at: string | null;
  /** Last change a reader should be told about ("Updated …"). */
  updated_at: string | null;
  created_at: string;
  modified_at: string;
  featured_image_id: number | null;
  developing: number;
  read_next_id: number | null;
  comment_prompt: string;
  comment_status: CommentStatusSetting;
  comments_close_at: string | null;
  /** Bumped on every save; an edit based on an older version is refused. */
  version: Generated<number>;
  created_by: number | null;
  status_changed_at: string | null;
  status_changed_by: number | null;
  /** Overrides the site's moderation mode for this article; null follows the site. */
  comment_moderation: Generated<ModerationMode | null>;
}

export interface ArticleAuthorsTable {
  article_id: number;
  author_id: number;
  position: number;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
}

export interface ArticleSlugsTable {
  slug: string;
  article_id: number;
  created_at: string;
}

export interface LiveUpdatesTable {
  id: Generated<number>;
  article_id: number;
  body: string;
  created_at: string;
}

export interface CorrectionsTable {
  id: Generated<number>;
  article_id: number;
  body: string;
  created_at: string;
}

export type { CommentStatus, CommentsTable } from './schema.comments.js';
import type { CommentDecisionsTable, CommentsTable } from './schema.comments.js';

export interface ReadersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  /** Null for readers who only sign in by emailed link. */
  password_hash: string | null;
  email_verified_at: string | null;
  notify_replies: Generated<number>;
  /** Banned or suspended until then (a ban is a date far ahead). */
  banned_until: Generated<string | null>;
  ban_reason: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface ReaderSessionsTable {
  /** SHA-256 of the cookie's token. */
  id: string;
  reader_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** verify and sign_in open a session; download and delete confirm a request made from the account page. */
export type ReaderLinkPurpose = 'verify' | 'sign_in' | 'download' | 'delete';

export interface ReaderLinksTable {
  token_hash: string;
  reader_id: number;
  purpose: ReaderLinkPurpose;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export type ReportReason = 'spam' | 'abuse' | 'off_topic' | 'misinformation' | 'other';

export interface CommentReportsTable {
  id: Generated<number>;
  comment_id: number;
  reader_id: number | null;
  ip_hash: string;
  reason: ReportReason;
  note: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: number | null;
}

export interface CommentReactionsTable {
  comment_id: number;
  reader_id: number;
  created_at: string;
}

/** Word counts the spam classifier learns from moderators' decisions. */
export interface ClassifierTokensTable {
  token: string;
  spam: number;
  ham: number;
}

export type Role = 'admin' | 'editor' | 'author' | 'contributor' | 'moderator';

export interface AccountsTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  author_id: number | null;
  disabled: number;
  created_at: string;
  updated_at: string;
  password_changed_at: string;
  /** When it was disabled; null while active. */
  disabled_at: Generated<string | null>;
  /** When it last opened a session (by password or passkey). */
  last_sign_in_at: Generated<string | null>;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a leaked table cannot be replayed. */
  id: string;
  account_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  user_agent: string;
  /** The address the session was opened from (shown to its owner on /admin/account). */
  ip_address: Generated<string>;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  email: string;
  ip_hash: string;
  succeeded: number;
  created_at: string;
}

export interface PasswordResetsTable {
  token_hash: string;
  account_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** 'reset' (a forgotten password) or 'invite' (a new account's first password). */
  purpose: Generated<LinkPurpose>;
}

export type LinkPurpose = 'reset' | 'invite';

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  role: Role;
  created_by: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  headline: string;
  dek: string;
  body: string;
  fields: string;
  account_id: number | null;
  created_at: string;
  /** What made it: 'autosave', 'save', 'create', 'import', 'restore', 'workflow' (kept before steps had their own), or the workflow step ('publish', 'unpublish', …). */
  kind: Generated<string>;
}

export interface AuditLogTable {
  id: Generated<number>;
  account_id: number | null;
  action: string;
  subject_type: string;
  subject_id: number | null;
  details: string;
  created_at: string;
}

/**
 * One article's searchable text and what search filters on (the search
 * module's). On PostgreSQL the table also has a `document` tsvector, and on
 * SQLite an FTS5 table `search_fts` follows it; both are reached through SQL.
 */
export interface SearchDocumentsTable {
  article_id: number;
  slug: string;
  headline: string;
  dek: string;
  /** The body as plain text. */
  body: string;
  /** Author names, in byline order, separated by ", ". */
  authors: string;
  /** Tag names, separated by ", ". */
  tags: string;
  section_id: number | null;
  /** "|3|17|": author ids in byline order. */
  author_ids: string;
  /** "|5|9|": tag ids. */
  tag_ids: string;
  status: ArticleStatus;
  published_at: string | null;
  /** published_at as fractional days since 1970, for recency. */
  published_day: number | null;
  /** The article's modified_at when it was indexed. */
  source_modified_at: string;
  indexed_at: string;
}

/** What an import brought over and what it became here (see the imports module). */
export interface ImportLinksTable {
  id: Generated<number>;
  /** The source site, e.g. a WordPress export's blog address. */
  source: string;
  /** 'author', 'category', 'tag', 'post', 'attachment', 'comment'. */
  source_kind: string;
  source_id: string;
  /** 'author', 'section', 'tag', 'article', 'media', 'comment'. */
  target_kind: string;
  target_id: number;
  /** SHA-256 of what was imported, to tell a changed source from an unchanged one. */
  content_hash: string;
  /** An article's version right after its import. */
  target_version: number | null;
  /** JSON: what the source had that no column here holds. */
  details: Generated<string>;
  imported_at: string;
}

/** An old address and what it now leads to (resolved to the current address on request). */
export interface RedirectsTable {
  /** Normalised path, with the query for WordPress's "?p=123" forms. */
  path: string;
  /** 'article', 'section', 'tag', 'author'. */
  target_kind: string;
  target_id: number;
  created_at: string;
}

export interface Database extends PlatformTables, TwoFactorTables, PasskeyTables {
  settings: SettingsTable;
  sections: SectionsTable;
  tags: TagsTable;
  authors: AuthorsTable;
  media: MediaTable;
  articles: ArticlesTable;
  article_authors: ArticleAuthorsTable;
  article_tags: ArticleTagsTable;
  article_slugs: ArticleSlugsTable;
  live_updates: LiveUpdatesTable;
  corrections: CorrectionsTable;
  comments: CommentsTable;
  comment_decisions: CommentDecisionsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  sign_in_attempts: SignInAttemptsTable;
  password_resets: PasswordResetsTable;
  api_tokens: ApiTokensTable;
  article_revisions: ArticleRevisionsTable;
  audit_log: AuditLogTable;
  readers: ReadersTable;
  reader_sessions: ReaderSessionsTable;
  reader_links: ReaderLinksTable;
  comment_reports: CommentReportsTable;
  comment_reactions: CommentReactionsTable;
  classifier_tokens: ClassifierTokensTable;
  comment_totals: { article_id: number; visible: number; visible_roots: Generated<number> }; // visible comments and top-level places per article, kept by the comments module
  search_documents: SearchDocumentsTable;
  import_links: ImportLinksTable;
  redirects: RedirectsTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type SectionRow = Selectable<SectionsTable>;
export type TagRow = Selectable<TagsTable>;
export type AuthorRow = Selectable<AuthorsTable>;
export type MediaRow = Selectable<MediaTable>;
export type CommentRow = Selectable<CommentsTable>;
export type NewCommentRow = Insertable<CommentsTable>;
export type LiveUpdateRow = Selectable<LiveUpdatesTable>;
export type CorrectionRow = Selectable<CorrectionsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type ReaderRow = Selectable<ReadersTable>;
export type CommentReportRow = Selectable<CommentReportsTable>;
