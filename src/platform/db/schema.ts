import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/*
 * The database as the application sees it. Times are ISO-8601 UTC strings
 * ("2024-03-29T14:05:00.000Z") on both dialects: they sort and compare as text,
 * so query-time rules (scheduled visibility, comment closing) are portable.
 * Booleans are stored as 0/1 integers for the same reason.
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
}

export type ArticleStatus = 'draft' | 'in_review' | 'scheduled' | 'published' | 'unpublished';
export type CommentStatusSetting = 'open' | 'closed';

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

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'rejected' | 'deleted';

export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  parent_id: number | null;
  author_name: string;
  author_email: string;
  body: string;
  status: CommentStatus;
  created_at: string;
  updated_at: string;
}

export interface Database {
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
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type SectionRow = Selectable<SectionsTable>;
export type TagRow = Selectable<TagsTable>;
export type AuthorRow = Selectable<AuthorsTable>;
export type MediaRow = Selectable<MediaTable>;
export type CommentRow = Selectable<CommentsTable>;
export type LiveUpdateRow = Selectable<LiveUpdatesTable>;
export type CorrectionRow = Selectable<CorrectionsTable>;
