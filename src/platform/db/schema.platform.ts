/*
 * Tables the platform keeps for itself (no module owns them), re-exported
 * through schema.ts's Database.
 */

/** Rate-limit counts shared by every process on PostgreSQL (platform/rate-limit.database.ts). */
export interface RateLimitHitsTable {
  /** The route and the client (address, account or token) counted. */
  key: string;
  /** Requests counted in the current window. */
  hits: number;
  /** When the window ends, in milliseconds since 1970 (compared with each process's clock, as counts in memory are). */
  resets_at: number;
}

export interface PlatformTables {
  rate_limit_hits: RateLimitHitsTable;
}
