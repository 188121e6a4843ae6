import type { Clock } from './clock.js';
import type { ContentEvents } from './events.js';
import { RecencyMap } from './recency-map.js';

export interface ReadCacheOptions {
  /** Which change kinds ("article", "section", …) drop the entries; by default every change does. */
  affectedBy?: (kind: string) => boolean;
  maxEntries?: number;
  /** A safety limit on any entry's life, whatever else holds. */
  ttlMs?: number;
  /** The next moment the data changes by itself (a scheduled story going live), if any: no entry outlives it. */
  horizon?: () => Promise<string | null>;
}

interface Held {
  value: Promise<unknown>;
  expiresAt: number;
}

/**
 * Public reads kept in memory between changes: the same story, the same
 * section list, read by every page until something they depend on changes.
 * Entries go on any change of a kind they depend on (from this process or,
 * through the change feed, another one), at the next moment the data changes
 * by itself, at a moment the loader names (a thread closing), and after a
 * minute in any case. A read that began before a change is never kept after
 * it; readers waiting for the same key share one load.
 */
export class ReadCache {
  readonly #entries: RecencyMap<string, Held>;
  #generation = 0;
  #horizon: Promise<number> | undefined;

  constructor(
    private readonly clock: Clock,
    events: Pick<ContentEvents, 'onChange'>,
    private readonly options: ReadCacheOptions = {},
  ) {
    this.#entries = new RecencyMap(options.maxEntries ?? 1000);
    const affected = options.affectedBy ?? (() => true);
    events.onChange((change) => {
      if (affected(change.kind)) this.clear();
    });
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#horizon = undefined;
    this.#generation++;
  }

  /**
   * The value for `key`, loaded on a miss. `until` names the latest moment a
   * loaded value may be served (ISO time), when it depends on the clock.
   */
  async get<T>(key: string, load: () => Promise<T>, until?: (value: T) => string | null | undefined): Promise<T> {
    const now = this.clock.now().getTime();
    const held = this.#entries.get(key);
    if (held && held.expiresAt > now) return held.value as Promise<T>;
    const generation = this.#generation;
    const value = load();
    const entry: Held = { value, expiresAt: now + (this.options.ttlMs ?? 60_000) };
    this.#entries.set(key, entry);
    try {
      const loaded = await value;
      const horizon = await this.#nextHorizon(now);
      const limit = until?.(loaded);
      entry.expiresAt = Math.min(entry.expiresAt, horizon, limit ? Date.parse(limit) : Number.POSITIVE_INFINITY);
      // Changed while loading: the value may predate the change.
      if (generation !== this.#generation || entry.expiresAt <= now) this.#forget(key, entry);
      return loaded;
    } catch (err) {
      this.#forget(key, entry);
      throw err;
    }
  }

  #forget(key: string, entry: Held): void {
    if (this.#entries.peek(key) === entry) this.#entries.delete(key);
  }

  #nextHorizon(now: number): Promise<number> {
    if (!this.options.horizon) return Promise.resolve(Number.POSITIVE_INFINITY);
    if (!this.#horizon) {
      this.#horizon = this.options.horizon().then(
        (iso) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY),
        () => now, // unknown: keep nothing rather than risk a stale read
      );
    }
    return this.#horizon.then((h) => {
      if (h <= now) this.#horizon = undefined;
      return h;
    });
  }
}
