import type { FastifyRateLimitStore } from '@fastify/rate-limit';

/*
 * Where the rate limiter's counts are kept. @fastify/rate-limit asks its
 * store to count one more request for a key and answer the count so far in
 * the key's window and how long the window has left. One process counts in
 * its memory; several must share their counts, or N processes would let N
 * times the limit through:
 *
 * - workers of one `broadsheet serve --workers N` on SQLite ask the primary
 *   process, which keeps the counts (cluster.ipc.ts);
 * - on PostgreSQL, every process on every machine counts in the database
 *   (rate-limit.database.ts).
 *
 * Each route counts apart (as the library's own stores do): the key is
 * prefixed with the route's method and path.
 */

/** A key's count in its current window and the milliseconds that window has left. */
export interface Count {
  current: number;
  ttl: number;
}

/** Counts requests per key in fixed windows. */
export interface RateCounter {
  hit(key: string, windowMs: number): Promise<Count>;
}

/** A window longer than this is cut to it (a day is the longest preset by far). */
const LONGEST_WINDOW_MS = 7 * 24 * 3600_000;

/** The counts of one process, in memory; expired windows are forgotten as more keys arrive. */
export class WindowCounters implements RateCounter {
  readonly #windows = new Map<string, { count: number; resetsAt: number }>();
  #nextSweep = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  hit(key: string, windowMs: number): Promise<Count> {
    return Promise.resolve(this.hitNow(key, windowMs));
  }

  hitNow(key: string, windowMs: number): Count {
    const now = this.now();
    this.#sweep(now);
    const window = Math.min(Math.max(1, windowMs), LONGEST_WINDOW_MS);
    let entry = this.#windows.get(key);
    if (!entry || entry.resetsAt <= now) {
      entry = { count: 0, resetsAt: now + window };
      this.#windows.delete(key);
      this.#windows.set(key, entry);
    }
    entry.count += 1;
    return { current: entry.count, ttl: entry.resetsAt - now };
  }

  get size(): number {
    return this.#windows.size;
  }

  /** Once a second at most: drop expired windows; past maxKeys, the oldest-started go first. */
  #sweep(now: number): void {
    if (now < this.#nextSweep && this.#windows.size < this.maxKeys) return;
    this.#nextSweep = now + 1000;
    for (const [key, entry] of this.#windows) if (entry.resetsAt <= now) this.#windows.delete(key);
    for (const key of this.#windows.keys()) {
      if (this.#windows.size < this.maxKeys) break;
      this.#windows.delete(key);
    }
  }
}

interface RouteOptions {
  routeInfo?: { method?: string | string[]; url?: string };
}

/** A store class for @fastify/rate-limit's `store` option that counts through `counter`. */
export function storeCountingWith(counter: RateCounter): new (options: unknown) => FastifyRateLimitStore {
  class SharedStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: Count) => void, timeWindow?: number): void {
      counter.hit(this.prefix + key, timeWindow ?? 60_000).then(
        (count) => callback(null, count),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      const info = (routeOptions as RouteOptions).routeInfo ?? {};
      const method = Array.isArray(info.method) ? info.method.join(',') : (info.method ?? '');
      return new SharedStore(undefined, `${method} ${info.url ?? ''} `);
    }
  }
  return SharedStore as unknown as new (options: unknown) => FastifyRateLimitStore;
}
