import crypto from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import { invalidInput } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import * as repo from './settings.repository.js';

/** Site-wide settings an editor controls. */
export interface SiteSettings {
  name: string;
  tagline: string;
  /** IANA time zone the site's dates are shown in. */
  timezone: string;
  /** BCP-47 locale for dates and numbers. */
  locale: string;
  /** Close comments this many days after publication; 0 keeps them open. */
  commentsCloseAfterDays: number;
  /** Top-level comments per page of a thread. */
  commentsPerPage: number;
}

export const DEFAULT_SETTINGS: SiteSettings = {
  name: 'Broadsheet',
  tagline: 'News, published well',
  timezone: 'UTC',
  locale: 'en-US',
  commentsCloseAfterDays: 0,
  commentsPerPage: 50,
};

const CACHE_MS = 30_000;

export interface SettingsService {
  get(): Promise<SiteSettings>;
  update(patch: Partial<SiteSettings>): Promise<SiteSettings>;
  /**
   * This installation's secret (for signing CSRF tokens and salting IP
   * hashes): made once, kept in the database, so every process shares it.
   */
  secret(): Promise<Buffer>;
}

const SECRET_KEY = 'install.secret';

/** Validate a settings patch; throws a 422 naming the bad field. */
export function validateSettings(patch: Partial<SiteSettings>): void {
  if (patch.name !== undefined && (typeof patch.name !== 'string' || !patch.name.trim() || patch.name.length > 120)) {
    throw invalidInput('The site name must be 1 to 120 characters.');
  }
  if (patch.tagline !== undefined && (typeof patch.tagline !== 'string' || patch.tagline.length > 200)) {
    throw invalidInput('The tagline must be at most 200 characters.');
  }
  if (patch.timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: patch.timezone });
    } catch {
      throw invalidInput(`"${patch.timezone}" is not a time zone; use an IANA name such as Europe/London.`);
    }
  }
  if (patch.locale !== undefined) {
    try {
      if (Intl.DateTimeFormat.supportedLocalesOf([patch.locale]).length === 0) throw new Error('unsupported');
    } catch {
      throw invalidInput(`"${patch.locale}" is not a supported locale; use a tag such as en-GB.`);
    }
  }
  for (const k of ['commentsCloseAfterDays', 'commentsPerPage'] as const) {
    const v = patch[k];
    if (v !== undefined && (!Number.isInteger(v) || v < (k === 'commentsPerPage' ? 5 : 0) || v > 3650)) {
      throw invalidInput(`${k} must be a whole number in range.`);
    }
  }
}

export function createSettingsService(db: Db, events: ContentEvents): SettingsService {
  let cached: { value: SiteSettings; at: number } | undefined;

  async function get(): Promise<SiteSettings> {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
    const stored = await repo.readAll(db);
    const value = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof SiteSettings)[]) {
      const v = stored[key];
      if (v !== undefined && typeof v === typeof DEFAULT_SETTINGS[key]) (value as Record<string, unknown>)[key] = v;
    }
    cached = { value, at: Date.now() };
    return value;
  }

  async function update(patch: Partial<SiteSettings>): Promise<SiteSettings> {
    validateSettings(patch);
    await db.transaction().execute(async (trx) => {
      for (const [k, v] of Object.entries(patch)) {
        if (k in DEFAULT_SETTINGS && v !== undefined) await repo.write(trx, k, v);
      }
    });
    cached = undefined;
    events.changed({ kind: 'settings' });
    return get();
  }

  let secretPromise: Promise<Buffer> | undefined;
  function secret(): Promise<Buffer> {
    secretPromise ??= (async () => {
      const fresh = crypto.randomBytes(32).toString('hex');
      // Insert-if-absent, then read back: concurrent first starts agree on one value.
      await db.insertInto('settings').values({ key: SECRET_KEY, value: JSON.stringify(fresh) }).onConflict((oc) => oc.column('key').doNothing()).execute();
      const row = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
      return Buffer.from(JSON.parse(row.value) as string, 'hex');
    })().catch((err) => {
      secretPromise = undefined;
      throw err;
    });
    return secretPromise;
  }

  return { get, update, secret };
}
