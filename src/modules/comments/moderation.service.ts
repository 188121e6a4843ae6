import { createBanOps } from './moderation.bans.js';
import { createDecisionOps } from './moderation.decisions.js';
import { createQueueOps } from './moderation.queue.js';
import type { ModerationDeps } from './moderation.shared.js';
import { createSummaryOps } from './moderation.summary.js';
import { createUndoOps } from './moderation.undo.js';

export type ModerationService = ReturnType<typeof createModerationService>;

/**
 * The moderators' side of comments: the queues, the context of one comment,
 * decisions (which teach the spam classifier), and bans. Every method but
 * summary() asks for 'comments.moderate' (docs/roles.md).
 */
export function createModerationService(deps: ModerationDeps) {
  return {
    ...createQueueOps(deps),
    ...createDecisionOps(deps),
    ...createUndoOps(deps),
    ...createBanOps(deps),
    ...createSummaryOps(deps),
  };
}
