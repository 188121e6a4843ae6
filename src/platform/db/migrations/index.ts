import type { Migration } from 'kysely';
import * as initial from './20261126T0000_initial.js';
import * as newsroom from './20261126T0100_newsroom.js';
import * as comments from './20261127T0000_comments.js';
import * as search from './20261206T0100_search.js';
import * as imports from './20261206T0200_imports.js';
import * as commentCounts from './20261206T0300_comment_counts.js';
import * as commentSubtreeCounts from './20261206T0400_comment_subtree_counts.js';
import * as rateLimits from './20261206T0400_rate_limits.js';
import * as readIndexes from './20261207T0000_read_indexes.js';
import * as staffTwoFactor from './20261207T0100_staff_two_factor.js';
import * as staffPasskeys from './20261207T0200_staff_passkeys.js';
import * as revisionKinds from './20261208T0100_revision_kinds.js';
import * as mediaLibrary from './20261208T0200_media_library.js';
import * as staffManagement from './20261208T0300_staff_management.js';
import * as moderationUndo from './20261208T0500_moderation_undo.js';
import * as searchNarrowRows from './20261208T0600_search_narrow_rows.js';

/**
 * Every migration, by name. Listed here rather than read from disk so that a
 * bundled build carries them. Names sort in the order they must run.
 */
export const migrations: Record<string, Migration> = {
  '20261126T0000_initial': initial,
  '20261126T0100_newsroom': newsroom,
  '20261127T0000_comments': comments,
  '20261206T0100_search': search,
  '20261206T0200_imports': imports,
  '20261206T0300_comment_counts': commentCounts,
  '20261206T0400_comment_subtree_counts': commentSubtreeCounts,
  '20261206T0400_rate_limits': rateLimits,
  '20261207T0000_read_indexes': readIndexes,
  '20261207T0100_staff_two_factor': staffTwoFactor,
  '20261207T0200_staff_passkeys': staffPasskeys,
  '20261208T0100_revision_kinds': revisionKinds,
  '20261208T0200_media_library': mediaLibrary,
  '20261208T0300_staff_management': staffManagement,
  '20261208T0500_moderation_undo': moderationUndo,
  '20261208T0600_search_narrow_rows': searchNarrowRows,
};
