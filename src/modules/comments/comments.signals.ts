import { EventEmitter } from 'node:events';
import type { CommentRow } from '../../platform/db/schema.js';

/**
 * What happens to comments, for the parts that react to it: live updates on
 * open article pages, reply notifications, moderator alerts. Emitted by the
 * comments and moderation services after the change is stored.
 */
export interface CommentSignalMap {
  /** A comment became visible to readers (posted approved, or approved later). */
  visible: [comment: CommentRow];
  /** A comment readers could see is gone (removed, rejected, held again, deleted by its author). */
  hidden: [comment: CommentRow];
  /** A visible comment's text changed (its author edited it). */
  edited: [comment: CommentRow];
  /** A new comment waits for a moderator; `reason` says why it was held. */
  held: [comment: CommentRow, reason: string];
  /** A comment's status was decided: on posting, by the site's rules and the spam filter; later, by a moderator. */
  decided: [comment: CommentRow, by: 'rules' | 'moderator'];
  /** A reader reported a comment; `held` when the report count reached the limit. */
  reported: [comment: CommentRow, reportCount: number, held: boolean];
}

export class CommentSignals {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every open article page's live stream listens; the default limit of 10 is a leak warning, not a limit we want.
    this.#emitter.setMaxListeners(0);
  }

  emit<K extends keyof CommentSignalMap>(name: K, ...args: CommentSignalMap[K]): void {
    this.#emitter.emit(name, ...args);
  }

  on<K extends keyof CommentSignalMap>(name: K, listener: (...args: CommentSignalMap[K]) => void): () => void {
    const l = listener as (...a: unknown[]) => void;
    this.#emitter.on(name, l);
    return () => this.#emitter.off(name, l);
  }
}
