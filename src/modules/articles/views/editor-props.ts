import type { Zone } from '../../../platform/time.js';
import type { Author } from '../../authors/authors.service.js';
import type { CheckResult } from '../../checks/checks.types.js';
import type { Image } from '../../media/media.service.js';
import type { Section } from '../../sections/sections.service.js';
import type { AdminChrome } from '../../admin/views/admin-layout.js';
import type { ArticleFields, EditableArticle, Transition } from '../editorial.types.js';

/** What the editor offers as READ NEXT: recent published stories. */
export interface ReadNextOption {
  id: number;
  headline: string;
}

/** A save refused because someone saved first: what the page tells the editor. */
export interface ConflictInfo {
  /** The version now stored, which a second Save replaces. */
  currentVersion: number;
  /** When the stored version was saved. */
  savedAt: string;
  /** Fields the other save changed (labels), when the revisions say. */
  changed: string[];
  /** The diff from the version the editor started from to the stored one. */
  diffHref: string | null;
}

/** What was typed in the "Add an image" form, kept when the upload is refused. */
export interface ImageUploadValues {
  alt: string;
  caption: string;
  credit: string;
  featured: boolean;
}

/** An image just uploaded from the editor: the Markdown that shows it inside the body. */
export interface UploadedImageNotice {
  id: number;
  /** Whether it is now the featured image. */
  featured: boolean;
  markdown: string;
}

/** The image types the upload form offers (the media pipeline decides). */
export const ACCEPTED_IMAGES = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

/** Workflow steps the page offers, decided by the route from `allowed` and the status. */
export type OfferedSteps = Partial<Record<Transition, boolean>>;

/** A publication time the checklist was asked to read the story for. */
export interface ChecklistTime {
  /** As typed, for the field. */
  value: string;
  /** The instant it names; null when it could not be used. */
  iso: string | null;
  error?: string;
}

export interface ArticleEditorPageProps {
  chrome: AdminChrome;
  zone: Zone;
  /** The article as stored. */
  article: EditableArticle;
  /** What the form shows: the stored fields, or what the editor typed when a save was refused. */
  values: ArticleFields;
  /** The version the form's Save builds on. */
  baseVersion: number;
  checklist: CheckResult[];
  sections: Section[];
  authors: Author[];
  readNextOptions: ReadNextOption[];
  featuredImage: Image | null;
  /** Whether to offer the "Add an image" form (the article is editable and the role may upload). */
  canUploadImage: boolean;
  steps: OfferedSteps;
  /** The excerpt the body would give, so an automatic excerpt shows as empty. */
  autoExcerpt: string;
  notice?: string;
  error?: string;
  /** Which form the error belongs to, so it shows next to it. */
  errorAt?: 'save' | 'status' | 'live-update' | 'correction' | 'image';
  /** What was typed in the "Add an image" form, kept when the upload was refused. */
  imageValues?: ImageUploadValues;
  /** An image just uploaded, with the Markdown to paste. */
  uploaded?: UploadedImageNotice;
  conflict?: ConflictInfo;
  /** The checklist's own publication time (`?publishAt=`, in the site's zone): as typed, as read, or why it could not be used. */
  checkAt?: ChecklistTime;
  /** What was typed in the schedule, live update and correction forms, kept on error. */
  scheduleValue?: string;
  liveUpdateText?: string;
  correctionText?: string;
  /** The editor script's URL (with its version). */
  scriptSrc: string;
}

/** Labels of the editable fields, for messages and the diff. */
export const FIELD_LABEL: Record<keyof ArticleFields, string> = {
  headline: 'Headline',
  slug: 'Slug',
  dek: 'Dek',
  body: 'Body',
  excerpt: 'Excerpt',
  sectionId: 'Section',
  tags: 'Tags',
  authorIds: 'Byline',
  featuredImageId: 'Featured image',
  developing: 'Developing',
  readNextId: 'READ NEXT',
  commentPrompt: 'Comment prompt',
  commentStatus: 'Comments',
  commentsCloseAt: 'Comments close at',
  commentModeration: 'Moderation',
  publishedAt: 'Publication date',
};

/** The per-article moderation choices by stored value ('null' for the site's default, as a diff shows it). */
export const MODERATION_LABEL: Record<string, string> = {
  null: 'Site default',
  none: 'None',
  first_time: 'First-time commenters',
  all: 'Everything',
};
