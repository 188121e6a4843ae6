import type { Role } from '../../platform/db/schema.js';

/**
 * Who may do what. The services ask `can()`; the admin UI only hides what
 * the services would refuse anyway. docs/roles.md states the same matrix, and
 * a test walks every cell of it.
 */

export const ROLES: Role[] = ['admin', 'editor', 'author', 'contributor', 'moderator'];

export type Action =
  | 'article.create'
  | 'article.edit-own'
  | 'article.edit-any'
  | 'article.submit'
  | 'article.publish-own'
  | 'article.publish-any'
  | 'article.schedule'
  | 'article.date'
  | 'article.unpublish'
  | 'article.live-update'
  | 'article.correct'
  | 'media.upload'
  | 'media.manage'
  | 'taxonomy.manage'
  | 'authors.manage'
  | 'comments.moderate'
  | 'accounts.manage'
  | 'tokens.manage'
  | 'settings.manage'
  | 'admin.enter';

const ALL: Action[] = [
  'article.create',
  'article.edit-own',
  'article.edit-any',
  'article.submit',
  'article.publish-own',
  'article.publish-any',
  'article.schedule',
  'article.date',
  'article.unpublish',
  'article.live-update',
  'article.correct',
  'media.upload',
  'media.manage',
  'taxonomy.manage',
  'authors.manage',
  'comments.moderate',
  'accounts.manage',
  'tokens.manage',
  'settings.manage',
  'admin.enter',
];

const GRANTS: Record<Role, ReadonlySet<Action>> = {
  admin: new Set(ALL),
  // Editors do everything but run the installation: accounts, tokens, settings.
  editor: new Set(ALL.filter((a) => !['accounts.manage', 'tokens.manage', 'settings.manage'].includes(a))),
  author: new Set<Action>(['article.create', 'article.edit-own', 'article.submit', 'article.publish-own', 'article.live-update', 'media.upload', 'admin.enter']),
  contributor: new Set<Action>(['article.create', 'article.edit-own', 'article.submit', 'media.upload', 'admin.enter']),
  moderator: new Set<Action>(['comments.moderate', 'admin.enter']),
};

export const ALL_ACTIONS: readonly Action[] = ALL;

/** Whether a role may perform an action. */
export function can(role: Role, action: Action): boolean {
  return GRANTS[role].has(action);
}

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as string[]).includes(value);
