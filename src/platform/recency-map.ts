/**
 * A bounded map that keeps the entries in use: when it grows past its limit,
 * it drops an entry no one has asked for lately (second-chance eviction, the
 * "clock" of operating systems' page caches).
 *
 * A hit only marks its entry used, a field written on an object that already
 * exists. The obvious way to keep recency in a JavaScript Map, deleting the
 * key and setting it again on every hit, makes V8 rebuild the map's table
 * every few dozen hits; those tables are garbage that only a full collection
 * frees, and under 15,000 cache hits a second they grew the heap by about
 * 2 MB a second (measured with --trace-gc on a cached page).
 *
 * Eviction walks from the oldest insertion: an entry used since it was last
 * passed gets a second chance (its mark cleared, moved to the newest end),
 * and the first one not used is dropped. So an entry asked for since the
 * last eviction outlives every one that was not, as with exact LRU, and the
 * cost of keeping order is paid when something is stored, not on each hit.
 */
interface Slot<V> {
  value: V;
  used: boolean;
}

export class RecencyMap<K, V> {
  readonly #slots = new Map<K, Slot<V>>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`maxEntries must be a whole number of at least 1, not ${maxEntries}`);
  }

  get size(): number {
    return this.#slots.size;
  }

  /** The value, marked as used. */
  get(key: K): V | undefined {
    const slot = this.#slots.get(key);
    if (!slot) return undefined;
    slot.used = true;
    return slot.value;
  }

  /** The value, without marking it used (for checks that are not reads). */
  peek(key: K): V | undefined {
    return this.#slots.get(key)?.value;
  }

  /**
   * Store a value as the newest, then drop entries until the map is within
   * its limit. The entry just stored is never the one dropped.
   */
  set(key: K, value: V): void {
    this.#slots.delete(key);
    this.#slots.set(key, { value, used: false });
    this.#evict(key);
  }

  delete(key: K): boolean {
    return this.#slots.delete(key);
  }

  clear(): void {
    this.#slots.clear();
  }

  #evict(stored: K): void {
    // Each pass over a used entry clears its mark, and the map holds more than the entry just stored: this ends within two rounds.
    while (this.#slots.size > this.maxEntries) {
      const [key, slot] = this.#slots.entries().next().value as [K, Slot<V>];
      this.#slots.delete(key);
      if (slot.used || key === stored) {
        slot.used = false;
        this.#slots.set(key, slot);
      }
    }
  }
}
