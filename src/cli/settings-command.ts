import { DEFAULT_SETTINGS, type SettingsService, type SiteSettings } from '../modules/settings/settings.service.js';
import { accentFrom } from '../modules/settings/branding.form.js';

/** A mistake in how the command was called: one line saying what to fix (exit code 2; refused values exit 1). */
export class UsageError extends Error {}

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof SiteSettings)[];

const BRANDING_EXAMPLES = {
  menu: '[{"sectionId":1},{"label":"About","url":"/about"}]',
  footerLinks: '[{"label":"Contact","url":"/contact"}]',
  socialProfiles: '[{"network":"bluesky","url":"https://bsky.app/profile/example.org"}]',
};

/** A value as printed: text and numbers as they are, lists and records as JSON. */
const shown = (v: unknown): string => ((v !== null && typeof v === 'object') || v === null ? JSON.stringify(v) : String(v));

/**
 * Read a value typed on the command line as the setting's type: numbers and
 * true/false as such, lists as comma-separated words (or a JSON array), text as is.
 */
export function parseSettingValue(key: keyof SiteSettings, raw: string): unknown {
  const like = DEFAULT_SETTINGS[key];
  if (key === 'logo' || key === 'icon') {
    // Images are uploaded on the admin's Branding page; here they can only be removed.
    if (raw === 'none' || raw === '') return null;
    throw new UsageError(`${key} is uploaded on /admin/settings/branding; here only ${key}=none removes it`);
  }
  if (key === 'accentColor') return accentFrom(raw);
  if (key === 'menu' || key === 'footerLinks' || key === 'socialProfiles') {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new UsageError(`${key} takes a JSON list, e.g. ${key}='${BRANDING_EXAMPLES[key]}'`);
    }
  }
  if (typeof like === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${key} takes a number, not "${raw}"`);
    return n;
  }
  if (typeof like === 'boolean') {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new UsageError(`${key} takes true or false, not "${raw}"`);
  }
  if (Array.isArray(like)) {
    if (raw.trim().startsWith('[')) {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        throw new UsageError(`${key}: "${raw}" is not a JSON list`);
      }
    }
    return raw
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
  }
  return raw;
}

/**
 * `broadsheet settings` prints every site setting; `broadsheet settings set
 * key=value …` changes some, all at once or none (the same rules as the
 * admin's settings page). Returns the lines to print.
 */
export async function runSettingsCommand(args: string[], settings: SettingsService): Promise<string[]> {
  const [sub, ...pairs] = args;
  if (sub === undefined) {
    const current = await settings.get();
    return KEYS.map((k) => `${k}=${shown(current[k])}`);
  }
  if (sub !== 'set') throw new UsageError(`unknown settings command "${sub}"; use "broadsheet settings" or "broadsheet settings set key=value …"`);
  if (pairs.length === 0) throw new UsageError('settings set needs at least one key=value, e.g. broadsheet settings set guestComments=true');
  const patch: Partial<Record<keyof SiteSettings, unknown>> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = (eq > 0 ? pair.slice(0, eq) : pair) as keyof SiteSettings;
    if (eq <= 0) throw new UsageError(`"${pair}" is not key=value`);
    if (!KEYS.includes(key)) throw new UsageError(`"${key}" is not a setting; run "broadsheet settings" for the list`);
    patch[key] = parseSettingValue(key, pair.slice(eq + 1));
  }
  // A value the settings refuse is an AppError with the same message the admin page shows.
  const updated = await settings.update(patch as Partial<SiteSettings>);
  return Object.keys(patch).map((k) => `${k}=${JSON.stringify(updated[k as keyof SiteSettings])}`);
}
