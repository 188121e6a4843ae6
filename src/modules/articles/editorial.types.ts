import type { ArticleStatus, ModerationMode, Role } from '../../platform/db/schema.js';
import type { Page } from '../../platform/pagination.js';
import type { CheckResult } from '../checks/checks.types.js';

/**
 * Who is acting: a signed-in staff member, or an API token (no account;
 * it acts with its role and owns nothing).
 */
export interface Actor {
  accountId: number | null;
  role: Role;
  /** The author profile tied to the account, which makes bylined stories "own". */
  authorId: number | null;
  /** For the record: "Ana Ruiz" or "API token “CMS sync”". */
  name: string;
}

/** Every field an editor can set. Absent fields keep their value on update. */
export interface ArticleFields {
  headline: string;
  slug: string;
  dek: string;
  body: string;
  excerpt: string;
  sectionId: number | null;
  /** Tag names or slugs; missing tags are created. */
  tags: string[];
  /** Author ids, in byline order. */
  authorIds: number[];
  featuredImageId: number | null;
  developing: boolean;
  readNextId: number | null;
  commentPrompt: string;
  commentStatus: 'open' | 'closed';
  /** ISO-8601 or null. */
  commentsCloseAt: string | null;
  /** This article's moderation mode; null follows the site's setting. */
  commentModeration: ModerationMode | null;
  /**
   * The date the story carries (ISO-8601 with an offset): set before
   * publication it is the original publication date that publishing keeps;
   * changed after, it moves the story's address. Editors and above only
   * (docs/archive-dates.md).
   */
  publishedAt: string | null;
}

/** An article as the newsroom edits it. */
export interface EditableArticle extends ArticleFields {
  id: number;
  status: ArticleStatus;
  /** Compare-and-set token: send it back with an update. */
  version: number;
  updatedAt: string | null;
  createdAt: string;
  modifiedAt: string;
  createdBy: number | null;
  statusChangedAt: string | null;
  statusChangedBy: number | null;
  /** The public address once visible; null before. */
  path: string | null;
  /** What this actor may do with it now (for the UI; the service checks again). */
  allowed: {
    edit: boolean;
    submit: boolean;
    publish: boolean;
    schedule: boolean;
    unpublish: boolean;
    liveUpdate: boolean;
    correct: boolean;
    /** Send a story in review back to draft. */
    returnToDraft: boolean;
    /** Cancel a scheduled time: the story becomes a draft again. */
    unschedule: boolean;
    /** Give the story its original publication date (`publishedAt`). */
    date: boolean;
  };
}

export interface ArticleListFilter {
  status?: ArticleStatus;
  /** Words to find in headlines (case-insensitive). */
  q?: string;
  sectionId?: number;
  /** Only stories the actor created or has a byline on. */
  mine?: boolean;
  page?: number;
  perPage?: number;
}

export interface ArticleListItem {
  id: number;
  headline: string;
  slug: string;
  status: ArticleStatus;
  sectionName: string | null;
  authorNames: string[];
  publishedAt: string | null;
  modifiedAt: string;
  path: string | null;
}

export type Transition = 'submit' | 'return-to-draft' | 'publish' | 'schedule' | 'unschedule' | 'unpublish';

/**
 * What made a revision: an autosave, a save by hand, the first draft, an
 * import, a restore, a workflow step (`Transition`), or 'workflow' for a
 * step kept before steps had their own kinds.
 */
export type RevisionKind = 'autosave' | 'save' | 'create' | 'import' | 'restore' | 'workflow' | Transition;

export interface Revision {
  version: number;
  createdAt: string;
  accountId: number | null;
  accountName: string | null;
  headline: string;
  kind: RevisionKind;
  /** The fields this revision changed from the one before (headline, dek, body, then the settings by name); empty for the first. */
  changed: string[];
}

/** One line of a diff: kept, added or removed. */
export interface DiffLine {
  op: 'same' | 'add' | 'remove';
  text: string;
}

export interface RevisionDiff {
  from: number;
  to: number;
  headline: DiffLine[];
  dek: DiffLine[];
  body: DiffLine[];
  /** Other fields that differ: name → [before, after] as display strings. */
  fields: Record<string, [string, string]>;
}

/**
 * The newsroom's operations on articles. Every method checks the actor's
 * permission (docs/roles.md) and answers with an AppError a person
 * understands: 403 not allowed, 404 missing, 409 stale version or
 * transition not possible from the current status, 422 bad input.
 */
export interface EditorialService {
  list(actor: Actor, filter: ArticleListFilter): Promise<Page<ArticleListItem>>;
  get(actor: Actor, id: number): Promise<EditableArticle>;
  /** Create a draft; the actor's author profile is the default byline. */
  create(actor: Actor, fields: Partial<ArticleFields> & { headline: string }): Promise<EditableArticle>;
  /**
   * Save changes made on top of `baseVersion`. If someone saved since, the
   * save is refused (409) and nothing changes. Every save keeps a revision,
   * marked as an autosave when `autosave` says so.
   */
  update(actor: Actor, id: number, fields: Partial<ArticleFields>, baseVersion: number, options?: { autosave?: boolean }): Promise<EditableArticle>;
  /**
   * Move through the workflow. `publishAt` (ISO-8601 with an offset) is
   * required to schedule (a future time); with publish, a past time publishes
   * the story with that date (editors and above) and a future one schedules it.
   * Any other step refuses it.
   */
  transition(actor: Actor, id: number, transition: Transition, options?: { publishAt?: string; baseVersion?: number }): Promise<EditableArticle>;
  revisions(actor: Actor, id: number): Promise<Revision[]>;
  diff(actor: Actor, id: number, from: number, to: number): Promise<RevisionDiff>;
  /** Make an old revision's content current again (as a new revision). */
  restore(actor: Actor, id: number, version: number, baseVersion: number): Promise<EditableArticle>;
  addLiveUpdate(actor: Actor, id: number, body: string): Promise<{ id: number; createdAt: string }>;
  addCorrection(actor: Actor, id: number, body: string): Promise<{ id: number; createdAt: string }>;
  /**
   * The pre-publish checklist for the article as saved, its date checks read
   * for a publication at `publishAt` (ISO-8601 with an offset) when given,
   * else at the story's own date, else now.
   */
  checklist(actor: Actor, id: number, options?: { publishAt?: string }): Promise<CheckResult[]>;
}
