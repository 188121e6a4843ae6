import path from 'node:path';
import { parseTrustProxy, type TrustProxy } from './platform/client-address.js';
import { DEFAULT_HEAP_GROWTH_PERCENT } from './platform/heap-tuning.js';
import { DEFAULT_SHEDDING, type SheddingConfig } from './platform/load-shedding.js';

/** Which database engine a DATABASE_URL points at. */
export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseConfig {
  dialect: Dialect;
  /** File path for SQLite (or ":memory:"), connection string for PostgreSQL. */
  url: string;
  /** PostgreSQL schema to use (tests run each suite in its own schema). */
  schema?: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  siteUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Trust X-Forwarded-* headers (set when behind a reverse proxy). */
  /** Which proxies' X-Forwarded-* headers are believed (see client-address.ts). */
  trustProxy: TrustProxy;
  /** How long rendered public pages are kept in memory; 0 turns the page cache off. */
  pageCacheSeconds: number;
  /** Where email goes: an smtp:// or smtps:// URL, or null to write messages to DATA_DIR/outbox. */
  smtpUrl: string | null;
  /** The From of every email, e.g. "Broadsheet <no-reply@news.example.org>". */
  mailFrom: string;
  /** Where the surrogate keys of changed pages are POSTed for a CDN in front to drop (PURGE_URL); null for none. */
  purgeUrl?: string | null;
  /** Warn in the log when the event loop was held longer than this many ms in an interval (EVENT_LOOP_WARN_MS); 0 reports every interval. */
  eventLoopWarnMs?: number;
  /** Bounds on image decoding (MEDIA_*); defaults as in loadConfig when absent. */
  media?: MediaConfig;
  /** /readyz fails when the data directory's disk has fewer free megabytes than this (READY_MIN_FREE_MB). */
  readyMinFreeMb: number;
  /** /metrics on the site's port answers requests bearing this (METRICS_TOKEN); null: it is not served there. */
  metricsToken?: string | null;
  /** A listener of its own for /metrics (METRICS_ADDRESS, host:port), without a token; null for none. */
  metricsAddress?: { host: string; port: number } | null;
  /** When requests are answered 503 at once rather than queued (SHED_*, docs/operations.md#under-overload); defaults when absent. */
  shedding?: SheddingConfig;
  /** How far a serving process's heap grows past what its last full collection kept, in per cent (HEAP_GROWTH_PERCENT); 0 leaves it to V8. */
  heapGrowthPercent?: number;
}

/** How much work one image may cost, and how many are decoded at once (docs/media.md). */
export interface MediaConfig {
  /** Most pixels in an image, or over all the frames of an animation (MEDIA_MAX_MEGAPIXELS × 1,000,000). */
  maxPixels: number;
  /** Most frames in an animation (MEDIA_MAX_FRAMES). */
  maxFrames: number;
  /** Longest one decode may run (MEDIA_TIMEOUT_SECONDS). */
  timeoutSeconds: number;
  /** Images decoded at once in a process (MEDIA_CONCURRENCY). */
  concurrency: number;
  /** Images waiting for a slot before more are refused with 503 (MEDIA_QUEUE). */
  queue: number;
}

export const DEFAULT_MEDIA_CONFIG: Readonly<MediaConfig> = Object.freeze({ maxPixels: 40_000_000, maxFrames: 300, timeoutSeconds: 30, concurrency: 2, queue: 8 });

/** A configuration problem, with one line per bad value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Parse and validate configuration from environment variables. Throws a
 * ConfigError listing every problem, so an operator fixes them in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV: "${nodeEnv}" is not one of development, production, test`);
  }

  const port = parsePort(env.PORT, problems);
  const host = (env.HOST ?? 'localhost').trim();
  if (host === '') problems.push('HOST: must not be empty (use 0.0.0.0 to listen on every interface)');

  const dataDir = path.resolve(env.DATA_DIR?.trim() || './data');

  let siteUrl = env.SITE_URL?.trim() || `http://localhost:${port}`;
  try {
    const u = new URL(siteUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    if (u.search || u.hash) throw new Error('query');
    siteUrl = u.toString().replace(/\/$/, '');
  } catch {
    problems.push(`SITE_URL: "${siteUrl}" is not an absolute http(s) URL without query, e.g. https://news.example.org`);
  }

  const database = parseDatabaseUrl(env.DATABASE_URL, dataDir, problems);

  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')) as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }

  const trust = parseTrustProxy(env.TRUST_PROXY);
  if ('problem' in trust) problems.push(`TRUST_PROXY: ${trust.problem}`);
  const trustProxy = 'value' in trust ? trust.value : false;

  let pageCacheSeconds = 60;
  if (env.PAGE_CACHE_SECONDS !== undefined && env.PAGE_CACHE_SECONDS !== '') {
    const n = Number(env.PAGE_CACHE_SECONDS);
    if (!Number.isInteger(n) || n < 0 || n > 86_400) problems.push(`PAGE_CACHE_SECONDS: "${env.PAGE_CACHE_SECONDS}" is not a whole number of seconds from 0 to 86400`);
    else pageCacheSeconds = n;
  }

  const smtpUrl = parseSmtpUrl(env.SMTP_URL, problems);
  const mailFrom = parseMailFrom(env.MAIL_FROM, siteUrl, problems);
  const purgeUrl = parsePurgeUrl(env.PURGE_URL, problems);

  let eventLoopWarnMs = 20;
  if (env.EVENT_LOOP_WARN_MS !== undefined && env.EVENT_LOOP_WARN_MS !== '') {
    const n = Number(env.EVENT_LOOP_WARN_MS);
    if (!Number.isInteger(n) || n < 0 || n > 60_000) problems.push(`EVENT_LOOP_WARN_MS: "${env.EVENT_LOOP_WARN_MS}" is not a whole number of milliseconds from 0 to 60000`);
    else eventLoopWarnMs = n;
  }

  const media = parseMediaConfig(env, problems);
  const readyMinFreeMb = parseReadyMinFreeMb(env.READY_MIN_FREE_MB, problems);
  const metricsToken = parseMetricsToken(env.METRICS_TOKEN, problems);
  const metricsAddress = parseMetricsAddress(env.METRICS_ADDRESS, problems);
  const shedding = parseShedding(env, nodeEnv === 'test', problems);
  const heapGrowthPercent = parseHeapGrowthPercent(env.HEAP_GROWTH_PERCENT, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: nodeEnv as Config['env'],
    host,
    port,
    siteUrl,
    dataDir,
    database,
    logLevel,
    trustProxy,
    pageCacheSeconds,
    smtpUrl,
    mailFrom,
    purgeUrl,
    eventLoopWarnMs,
    media,
    readyMinFreeMb,
    metricsToken,
    metricsAddress,
    shedding,
    heapGrowthPercent,
  };
}

/** HEAP_GROWTH_PERCENT: a whole number from 0 (V8 decides) to 400. */
function parseHeapGrowthPercent(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_HEAP_GROWTH_PERCENT;
  if (/^\d{1,3}$/.test(raw.trim()) && Number(raw.trim()) <= 400) return Number(raw.trim());
  problems.push(`HEAP_GROWTH_PERCENT: "${raw}" is not a whole number of per cent from 0 (V8 decides) to 400`);
  return DEFAULT_HEAP_GROWTH_PERCENT;
}

/**
 * SHED_MAX_EVENT_LOOP_DELAY_MS, SHED_MAX_RSS_MB, SHED_MAX_HEAP_MB, SHED_MAX_IN_FLIGHT: whole numbers, 0 for off.
 * Under NODE_ENV=test the event-loop limit is off unless set: a test process builds many apps, and its pauses are not load.
 */
function parseShedding(env: NodeJS.ProcessEnv, testing: boolean, problems: string[]): SheddingConfig {
  const read = (name: string, fallback: number, max: number, what: string): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    if (n <= max) return n;
    problems.push(`${name}: "${raw}" is not a whole number of ${what} from 0 (off) to ${max}`);
    return fallback;
  };
  const d = DEFAULT_SHEDDING;
  return {
    maxEventLoopDelayMs: read('SHED_MAX_EVENT_LOOP_DELAY_MS', testing ? 0 : d.maxEventLoopDelayMs, 60_000, 'milliseconds'),
    maxRssMb: read('SHED_MAX_RSS_MB', d.maxRssMb, 1_000_000, 'megabytes'),
    maxHeapMb: read('SHED_MAX_HEAP_MB', d.maxHeapMb, 1_000_000, 'megabytes'),
    maxInFlight: read('SHED_MAX_IN_FLIGHT', d.maxInFlight, 1_000_000, 'requests'),
  };
}

/** METRICS_TOKEN: 16 to 200 visible characters (no spaces), as a Bearer token carries; unset for none. Never echoed. */
function parseMetricsToken(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  if (/^[\x21-\x7e]{16,200}$/.test(raw)) return raw;
  problems.push('METRICS_TOKEN: must be 16 to 200 visible ASCII characters without spaces, e.g. the output of "openssl rand -hex 32"');
  return null;
}

/** METRICS_ADDRESS: host:port ([v6-address]:port for IPv6); unset for none. */
function parseMetricsAddress(raw: string | undefined, problems: string[]): { host: string; port: number } | null {
  const value = raw?.trim();
  if (!value) return null;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(value);
  const port = Number(m?.[3]);
  if (m && port <= 65535) return { host: (m[1] ?? m[2])!, port };
  problems.push(`METRICS_ADDRESS: "${value}" is not host:port, e.g. 127.0.0.1:9100 or [::1]:9100`);
  return null;
}

/** MEDIA_MAX_MEGAPIXELS, MEDIA_MAX_FRAMES, MEDIA_TIMEOUT_SECONDS, MEDIA_CONCURRENCY, MEDIA_QUEUE. */
function parseMediaConfig(env: NodeJS.ProcessEnv, problems: string[]): MediaConfig {
  const read = (name: string, fallback: number, min: number, max: number, what: string, whole = true): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) {
      problems.push(`${name}: "${raw}" is not ${whole ? 'a whole number of' : 'a number of'} ${what} from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const d = DEFAULT_MEDIA_CONFIG;
  return {
    maxPixels: Math.round(read('MEDIA_MAX_MEGAPIXELS', d.maxPixels / 1e6, 0.01, 1000, 'megapixels', false) * 1e6),
    maxFrames: read('MEDIA_MAX_FRAMES', d.maxFrames, 1, 10_000, 'frames'),
    timeoutSeconds: read('MEDIA_TIMEOUT_SECONDS', d.timeoutSeconds, 1, 3600, 'seconds'),
    concurrency: read('MEDIA_CONCURRENCY', d.concurrency, 1, 64, 'images at once'),
    queue: read('MEDIA_QUEUE', d.queue, 0, 10_000, 'waiting images'),
  };
}

/** The largest READY_MIN_FREE_MB accepted: a petabyte, far above any disk the site will have. */
const MAX_READY_MIN_FREE_MB = 1_000_000_000;

/** READY_MIN_FREE_MB: whole megabytes of free disk below which the site reports itself not ready; 100 by default. */
function parseReadyMinFreeMb(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 100;
  const n = /^\d{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (n <= MAX_READY_MIN_FREE_MB) return n;
  problems.push(`READY_MIN_FREE_MB: "${raw}" is not a whole number of megabytes from 0 to ${MAX_READY_MIN_FREE_MB}`);
  return 100;
}

/** PURGE_URL: an http:// or https:// address; unset or empty for none. */
function parsePurgeUrl(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let u: URL | undefined;
  try {
    u = new URL(raw.trim());
  } catch {
    u = undefined;
  }
  if (u && (u.protocol === 'http:' || u.protocol === 'https:')) return u.toString();
  problems.push(`PURGE_URL: "${redactUrl(raw)}" is not an http:// or https:// address, e.g. https://cdn.example.org/purge`);
  return null;
}

/** SMTP_URL: smtp://… (STARTTLS when offered) or smtps://… (TLS from the start); unset writes mail to the outbox folder. */
function parseSmtpUrl(raw: string | undefined, problems: string[]): string | null {
  const value = raw?.trim();
  if (!value) return null;
  try {
    const u = new URL(value);
    if ((u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname) return value;
  } catch {
    // reported below
  }
  problems.push(`SMTP_URL: "${redactUrl(value)}" is not an smtp:// or smtps:// URL, e.g. smtps://user:password@mail.example.org:465`);
  return null;
}

const MAIL_ADDRESS = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,255}$/;

/** MAIL_FROM: "address" or "Name <address>"; by default no-reply at the site's host name. */
function parseMailFrom(raw: string | undefined, siteUrl: string, problems: string[]): string {
  const value = raw?.trim();
  if (!value) {
    let host = 'localhost';
    try {
      host = new URL(siteUrl).hostname || host;
    } catch {
      // SITE_URL's own problem is reported already.
    }
    return `Broadsheet <no-reply@${host}>`;
  }
  const m = /^([^<>]*?)\s*<([^<>]*)>$/.exec(value);
  const address = m ? (m[2] ?? '').trim() : value;
  if (/[\r\n]/.test(value) || !MAIL_ADDRESS.test(address)) {
    problems.push(`MAIL_FROM: "${value.replace(/[\r\n]/g, ' ')}" is not an email address, e.g. Broadsheet <no-reply@news.example.org>`);
  }
  return value;
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`PORT: "${raw}" is not a port number (0–65535)`);
    return 3000;
  }
  return n;
}

/**
 * DATABASE_URL accepts postgres://… / postgresql://… or sqlite:PATH (also
 * file:PATH or a bare path ending in .db). Unset means SQLite in DATA_DIR.
 */
export function parseDatabaseUrl(raw: string | undefined, dataDir: string, problems: string[]): DatabaseConfig {
  const value = raw?.trim();
  if (!value) return { dialect: 'sqlite', url: path.join(dataDir, 'broadsheet.db') };
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      const u = new URL(value);
      if (!u.hostname && !u.searchParams.get('host')) throw new Error('no host');
      const schema = u.searchParams.get('schema') ?? undefined;
      if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/i.test(schema)) {
        problems.push(`DATABASE_URL: schema "${schema}" must be letters, digits and underscores`);
      }
      u.searchParams.delete('schema');
      return { dialect: 'postgres', url: u.toString(), ...(schema ? { schema } : {}) };
    } catch {
      problems.push('DATABASE_URL: not a valid postgres:// URL, e.g. postgres://user:password@host:5432/dbname');
      return { dialect: 'postgres', url: value };
    }
  }
  const m = /^(?:sqlite|file):(.*)$/i.exec(value);
  if (m) {
    const file = (m[1] ?? '').replace(/^\/\/(?=\/)/, '');
    if (file === '') {
      problems.push('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/broadsheet.db');
    }
    return { dialect: 'sqlite', url: file === ':memory:' ? file : path.resolve(file) };
  }
  if (/\.(db|sqlite3?)$/i.test(value)) return { dialect: 'sqlite', url: path.resolve(value) };
  problems.push(`DATABASE_URL: "${redactUrl(value)}" is neither postgres://… nor sqlite:PATH`);
  return { dialect: 'sqlite', url: value };
}

/** A connection string with its password masked, safe to log or print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
