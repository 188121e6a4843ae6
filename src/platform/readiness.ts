import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { type Db, ping } from './db/database.js';
import { migrations } from './db/migrations/index.js';

/*
 * Whether this process can serve the site: the checks behind /readyz
 * (docs/operations.md). Each check says what is wrong in words an operator
 * acts on, never a stack, a path or a connection string; the full errors go
 * to the log when readiness changes.
 */

/** The checks, in the order they are reported. */
export const CHECKS = ['database', 'migrations', 'data_directory', 'free_space'] as const;
export type CheckName = (typeof CHECKS)[number];

export type CheckState = 'ok' | 'failed' | 'skipped';

export interface ReadinessReport {
  ready: boolean;
  /** Every check and how it went; 'skipped' when a failed check it needs made it pointless (migrations without a database). */
  checks: Record<CheckName, CheckState>;
  /** Each failed check with why, in a sentence. */
  failed: { check: CheckName; reason: string }[];
}

export interface ReadinessOptions {
  db: Db;
  /** The PostgreSQL schema the tables live in, if not the default one. */
  schema?: string | undefined;
  dataDir: string;
  /** Fail when the data directory's disk has fewer free megabytes than this. */
  minFreeMb: number;
  /** How long one result is reused, so a load balancer polling hard costs at most one round of checks a second. */
  cacheMs?: number;
  /** A check still running after this long counts as failed. */
  timeoutMs?: number;
  /** The migrations this build expects applied; every known one by default. */
  expectedMigrations?: string[];
  /** Monotonic milliseconds; injectable for tests. */
  now?: () => number;
  /** Told when the process becomes ready or not ready (and at the first report), with the errors behind failed checks. */
  onChange?: (report: ReadinessReport, errors: Partial<Record<CheckName, unknown>>) => void;
}

export interface Readiness {
  report(): Promise<ReadinessReport>;
}

/** A check failed: `reason` is for anyone, `cause` only for the log. */
class CheckFailure extends Error {
  constructor(
    readonly reason: string,
    override readonly cause?: unknown,
  ) {
    super(reason);
  }
}

const MB = 1024 * 1024;

const errorCode = (err: unknown): string => {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  // node-postgres reports a connection cut under it without a code.
  if (/^Connection terminated/.test((err as Error | undefined)?.message ?? '')) return 'connection lost';
  return 'no error code';
};

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailure(`${what} did not answer within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function checkDatabase(db: Db): Promise<void> {
  try {
    await ping(db);
  } catch (err) {
    throw new CheckFailure(`the database did not answer a query (${errorCode(err)})`, err);
  }
}

/** Every migration this build knows is applied (more, from a newer build mid-upgrade, is fine). */
async function checkMigrations(db: Db, schema: string | undefined, expected: string[]): Promise<void> {
  let applied: Set<string>;
  try {
    const table = sql.table(schema ? `${schema}.kysely_migration` : 'kysely_migration');
    const rows = await sql<{ name: string }>`select name from ${table}`.execute(db);
    applied = new Set(rows.rows.map((r) => r.name));
  } catch (err) {
    const code = errorCode(err);
    const missingTable = code === '42P01' || code === '3F000' || /no such table/.test((err as Error).message ?? '');
    if (missingTable) throw new CheckFailure('schema not migrated: no migrations are applied; run `broadsheet migrate`', err);
    throw new CheckFailure(`the applied migrations could not be read (${code})`, err);
  }
  const missing = expected.filter((name) => !applied.has(name));
  if (missing.length === 0) return;
  const newest = [...expected].sort().at(-1);
  throw new CheckFailure(`schema not migrated: ${missing.length} of ${expected.length} migrations are not applied (the newest, ${newest}, is needed); run \`broadsheet migrate\``);
}

/** A small file can be written to the data directory and removed again. */
async function checkDataDirectory(dataDir: string): Promise<void> {
  const probe = path.join(dataDir, `.ready-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    await fs.writeFile(probe, 'ready\n', { flag: 'wx' });
  } catch (err) {
    throw new CheckFailure(`DATA_DIR is not writable (${errorCode(err)})`, err);
  }
  try {
    await fs.unlink(probe);
  } catch (err) {
    throw new CheckFailure(`a file written to DATA_DIR could not be removed (${errorCode(err)})`, err);
  }
}

async function checkFreeSpace(dataDir: string, minFreeMb: number): Promise<void> {
  let freeMb: number;
  try {
    const stats = await fs.statfs(dataDir);
    freeMb = Math.floor((stats.bavail * stats.bsize) / MB);
  } catch (err) {
    throw new CheckFailure(`the free space of DATA_DIR's disk could not be read (${errorCode(err)})`, err);
  }
  if (freeMb < minFreeMb) throw new CheckFailure(`${freeMb} MB free on DATA_DIR's disk, below READY_MIN_FREE_MB (${minFreeMb} MB)`);
}

/** Run every check once; the database checks and the disk checks run side by side. */
async function runChecks(options: ReadinessOptions): Promise<{ report: ReadinessReport; errors: Partial<Record<CheckName, unknown>> }> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const expected = options.expectedMigrations ?? Object.keys(migrations);
  const checks = {} as Record<CheckName, CheckState>;
  const failed: ReadinessReport['failed'] = [];
  const errors: Partial<Record<CheckName, unknown>> = {};
  const run = async (name: CheckName, work: () => Promise<void>): Promise<boolean> => {
    try {
      await withTimeout(work(), timeoutMs, name === 'database' || name === 'migrations' ? 'the database' : 'the disk');
      checks[name] = 'ok';
      return true;
    } catch (err) {
      checks[name] = 'failed';
      failed.push({ check: name, reason: err instanceof CheckFailure ? err.reason : `failed (${errorCode(err)})` });
      errors[name] = err instanceof CheckFailure ? (err.cause ?? err.reason) : err;
      return false;
    }
  };
  await Promise.all([
    (async () => {
      if (await run('database', () => checkDatabase(options.db))) await run('migrations', () => checkMigrations(options.db, options.schema, expected));
      else checks.migrations = 'skipped';
    })(),
    (async () => {
      await run('data_directory', () => checkDataDirectory(options.dataDir));
      await run('free_space', () => checkFreeSpace(options.dataDir, options.minFreeMb));
    })(),
  ]);
  failed.sort((a, b) => CHECKS.indexOf(a.check) - CHECKS.indexOf(b.check));
  const ordered = Object.fromEntries(CHECKS.map((name) => [name, checks[name]])) as Record<CheckName, CheckState>;
  return { report: { ready: failed.length === 0, checks: ordered, failed }, errors };
}

/**
 * Readiness with its result kept for `cacheMs` after each round finishes;
 * requests during a round share it, so however many arrive, one round runs at a time.
 */
export function createReadiness(options: ReadinessOptions): Readiness {
  const cacheMs = options.cacheMs ?? 1000;
  const now = options.now ?? (() => performance.now());
  let kept: { report: Promise<ReadinessReport>; doneAt: number | null } | null = null;
  let lastReady: boolean | null = null;
  return {
    report() {
      if (kept && (kept.doneAt === null || now() - kept.doneAt < cacheMs)) return kept.report;
      const entry: { report: Promise<ReadinessReport>; doneAt: number | null } = {
        report: runChecks(options).then(({ report, errors }) => {
          entry.doneAt = now();
          if (report.ready !== lastReady) options.onChange?.(report, errors);
          lastReady = report.ready;
          return report;
        }),
        doneAt: null,
      };
      kept = entry;
      // Every check catches its own failures; should a round still throw, the next request starts afresh.
      entry.report.catch(() => {
        if (kept === entry) kept = null;
      });
      return entry.report;
    },
  };
}
