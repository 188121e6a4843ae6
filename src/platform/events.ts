import { EventEmitter } from 'node:events';

/** What changed, for caches that depend on it. */
export interface ContentChange {
  /** The kind of thing that changed: "article", "comment", "settings", … */
  kind: string;
  id?: number;
}

/**
 * The in-process bus services announce changes on. Caches listen and drop
 * what they hold. (Across processes, caches fall back to their time limits.)
 */
export class ContentEvents {
  readonly #emitter = new EventEmitter();

  changed(change: ContentChange): void {
    this.#emitter.emit('changed', change);
  }

  onChange(listener: (change: ContentChange) => void): () => void {
    this.#emitter.on('changed', listener);
    return () => this.#emitter.off('changed', listener);
  }
}
