import { EventEmitter } from 'node:events';

/** What changed, for caches that depend on it. */
export interface ContentChange {
  /** The kind of thing that changed: "article", "comment", "settings", … */
  kind: string;
  id?: number;
  /**
   * Set when another process made the change and this one only heard of it:
   * caches of this process must drop what they hold, but stores the
   * processes share (the database, its search index) are already up to date.
   */
  remote?: true;
}

/** Carries this process's changes to the other processes sharing the database. */
export interface ChangeTransport {
  publish(change: ContentChange): void;
}

/**
 * The bus services announce changes on. Caches listen and drop what they
 * hold. With a transport connected (PostgreSQL's LISTEN/NOTIFY, see
 * pg-notify.ts), every local change is also sent to the other processes, and
 * theirs arrive through receive(); without one, caches in other processes
 * fall back to their time limits.
 */
export class ContentEvents {
  readonly #emitter = new EventEmitter();
  #transport: ChangeTransport | undefined;

  constructor() {
    // Caches, the search indexer and the live hub listen; more than ten is no leak.
    this.#emitter.setMaxListeners(0);
  }

  changed(change: ContentChange): void {
    this.#emitter.emit('changed', change);
    this.#transport?.publish({ kind: change.kind, ...(change.id !== undefined ? { id: change.id } : {}) });
  }

  /** A change another process made: told to this process's listeners, never sent on. */
  receive(change: ContentChange): void {
    this.#emitter.emit('changed', { ...change, remote: true });
  }

  /** Send every later local change through `transport` too; returns the disconnect. */
  connect(transport: ChangeTransport): () => void {
    this.#transport = transport;
    return () => {
      if (this.#transport === transport) this.#transport = undefined;
    };
  }

  onChange(listener: (change: ContentChange) => void): () => void {
    this.#emitter.on('changed', listener);
    return () => this.#emitter.off('changed', listener);
  }
}
