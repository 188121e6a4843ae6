import crypto from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import { invalidInput } from '../../platform/errors.js';
import { singleLine } from '../../platform/text-rules.js';
import type { ContentEvents } from '../../platform/events.js';
import type { ModerationMode } from '../../platform/db/schema.js';
import * as repo from './settings.repository.js';
import {
  type BrandIcon,
  type BrandLogo,
  isBrandIcon,
  isBrandLogo,
  type LabelledLink,
  type MenuItem,
  type SocialProfile,
  validateFooterLinks,
  validateMenu,
  validateSocialProfiles,
} from './branding.js';
import { checkAccentColour } from './branding.colour.js';

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
  /** Whether visitors without an account may comment with a name and email. */
  guestComments: boolean;
  /** none: publish at once; first_time: hold comments from readers not yet trusted; all: hold everything. */
  moderationMode: ModerationMode;
  /** Comments containing any of these are refused with a message. */
  bannedWords: string[];
  /** Comments containing any of these are held for a moderator. */
  suspectWords: string[];
  /** Comments with more links than this are held. */
  maxLinks: number;
  /** After this many approved comments a reader's comments skip the queue (0: never). */
  trustAfter: number;
  /** Minutes during which a commenter may edit a comment. */
  editWindowMinutes: number;
  /** How deep replies nest; deeper replies attach under the deepest allowed ancestor. */
  maxCommentDepth: number;
  /** Characters allowed in one comment. */
  maxCommentLength: number;
  /** Open reports that hold a published comment for review. */
  reportsToHold: number;
  /** Comments one address may post per window. */
  commentLimitPerIp: number;
  /** Comments one reader may post per window. */
  commentLimitPerReader: number;
  /** The rate-limit window, in minutes. */
  commentLimitWindowMinutes: number;
  /** A form sent sooner than this after it was shown is refused as automated. */
  minSubmitSeconds: number;
  /** Classifier spam probability at or above which a comment is held. */
  spamHoldScore: number;
  /** …and at or above which it is refused outright. */
  spamRejectScore: number;
  /** Where to email moderators about reports and held comments ('' for nobody). */
  moderatorEmail: string;
  /** Whether the site's feeds carry each story's full text; otherwise only its excerpt. */
  feedFullText: boolean;
  /** What becomes of a reader's comments when they delete their account: kept as "Deleted reader", or removed (docs/accounts.md). */
  deletedAccountComments: DeletedAccountComments;
  /** Which staff must sign in with a second step (docs/accounts.md). */
  twoFactorRequiredFor: TwoFactorRequirement;
  /** Links, kickers and markers in this hex colour ('' for the site's own); docs/branding.md. */
  accentColor: string;
  /** The header's menu, in order; empty shows every section in the sections' own order. */
  menu: MenuItem[];
  footerLinks: LabelledLink[];
  socialProfiles: SocialProfile[];
  /** The uploaded logo and its renditions (null: the site's name alone). */
  logo: BrandLogo | null;
  /** The uploaded square icon (null: icons drawn from the logo, or the built-in mark). */
  icon: BrandIcon | null;
}

/** What becomes of a reader's comments when they delete their account. */
export type DeletedAccountComments = 'keep' | 'remove';
export const DELETED_ACCOUNT_COMMENTS: readonly DeletedAccountComments[] = ['keep', 'remove'];
export const isDeletedAccountComments = (v: unknown): v is DeletedAccountComments => DELETED_ACCOUNT_COMMENTS.includes(v as DeletedAccountComments);

/** Who must use two-step sign-in: nobody, admins, or admins and editors. */
export type TwoFactorRequirement = 'nobody' | 'admins' | 'admins-and-editors';
export const TWO_FACTOR_REQUIREMENTS: readonly TwoFactorRequirement[] = ['nobody', 'admins', 'admins-and-editors'];
export const isTwoFactorRequirement = (v: unknown): v is TwoFactorRequirement => TWO_FACTOR_REQUIREMENTS.includes(v as TwoFactorRequirement);

export const DEFAULT_SETTINGS: SiteSettings = {
  name: 'Broadsheet',
  tagline: 'News, published well',
  timezone: 'UTC',
  locale: 'en-US',
  commentsCloseAfterDays: 0,
  commentsPerPage: 50,
  guestComments: false,
  moderationMode: 'first_time',
  bannedWords: [],
  suspectWords: [],
  maxLinks: 2,
  trustAfter: 3,
  editWindowMinutes: 15,
  maxCommentDepth: 5,
  maxCommentLength: 3000,
  reportsToHold: 3,
  commentLimitPerIp: 10,
  commentLimitPerReader: 5,
  commentLimitWindowMinutes: 10,
  minSubmitSeconds: 3,
  spamHoldScore: 0.7,
  spamRejectScore: 0.98,
  moderatorEmail: '',
  feedFullText: true,
  deletedAccountComments: 'keep',
  twoFactorRequiredFor: 'nobody',
  accentColor: '',
  menu: [],
  footerLinks: [],
  socialProfiles: [],
  logo: null,
  icon: null,
};

/** Bounds for the whole-number settings. */
export const NUMBER_BOUNDS: Partial<Record<keyof SiteSettings, { min: number; max: number }>> = {
  commentsCloseAfterDays: { min: 0, max: 3650 },
  commentsPerPage: { min: 5, max: 3650 },
  maxLinks: { min: 0, max: 100 },
  trustAfter: { min: 0, max: 1000 },
  editWindowMinutes: { min: 0, max: 1440 },
  maxCommentDepth: { min: 1, max: 10 },
  maxCommentLength: { min: 100, max: 20000 },
  reportsToHold: { min: 1, max: 100 },
  commentLimitPerIp: { min: 1, max: 10000 },
  commentLimitPerReader: { min: 1, max: 10000 },
  commentLimitWindowMinutes: { min: 1, max: 1440 },
  minSubmitSeconds: { min: 0, max: 600 },
};

const MODERATION_MODES: ModerationMode[] = ['none', 'first_time', 'all'];
export const isModerationMode = (v: unknown): v is ModerationMode => MODERATION_MODES.includes(v as ModerationMode);

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
  // Both are shown on one line in every page's header.
  if (patch.name !== undefined) singleLine('The site name', patch.name);
  if (patch.tagline !== undefined) singleLine('The tagline', patch.tagline);
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
  for (const [k, bounds] of Object.entries(NUMBER_BOUNDS) as [keyof SiteSettings, { min: number; max: number }][]) {
    const v = patch[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < bounds.min || v > bounds.max)) {
      throw invalidInput(`${k} must be a whole number from ${bounds.min} to ${bounds.max}.`);
    }
  }
  if (patch.guestComments !== undefined && typeof patch.guestComments !== 'boolean') throw invalidInput('guestComments must be true or false.');
  if (patch.feedFullText !== undefined && typeof patch.feedFullText !== 'boolean') throw invalidInput('feedFullText must be true or false.');
  if (patch.twoFactorRequiredFor !== undefined && !isTwoFactorRequirement(patch.twoFactorRequiredFor)) {
    throw invalidInput(`"${String(patch.twoFactorRequiredFor)}" is not a choice for twoFactorRequiredFor; use nobody, admins or admins-and-editors.`);
  }
  if (patch.deletedAccountComments !== undefined && !isDeletedAccountComments(patch.deletedAccountComments)) {
    throw invalidInput(`"${String(patch.deletedAccountComments)}" is not a choice for deletedAccountComments; use keep or remove.`);
  }
  if (patch.moderationMode !== undefined && !isModerationMode(patch.moderationMode)) {
    throw invalidInput(`"${String(patch.moderationMode)}" is not a moderation mode; use none, first_time or all.`);
  }
  for (const k of ['bannedWords', 'suspectWords'] as const) {
    const v = patch[k];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.length > 1000 || v.some((w) => typeof w !== 'string' || !w.trim() || w.length > 100)) {
      throw invalidInput(`${k} must be a list of at most 1,000 words or phrases, each 1 to 100 characters.`);
    }
  }
  for (const k of ['spamHoldScore', 'spamRejectScore'] as const) {
    const v = patch[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1)) throw invalidInput(`${k} must be a number above 0 and at most 1.`);
  }
  const hold = patch.spamHoldScore;
  const reject = patch.spamRejectScore;
  if (hold !== undefined && reject !== undefined && hold > reject) throw invalidInput('spamHoldScore must not be above spamRejectScore.');
  if (patch.moderatorEmail !== undefined && (typeof patch.moderatorEmail !== 'string' || (patch.moderatorEmail !== '' && !/^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/.test(patch.moderatorEmail)))) {
    throw invalidInput('moderatorEmail must be an email address, or empty for none.');
  }
  if (patch.accentColor !== undefined) checkAccentColour(patch.accentColor);
  if (patch.menu !== undefined) validateMenu(patch.menu);
  if (patch.footerLinks !== undefined) validateFooterLinks(patch.footerLinks);
  if (patch.socialProfiles !== undefined) validateSocialProfiles(patch.socialProfiles);
  // The images are made by an upload (branding.images.ts), never typed in.
  if (patch.logo !== undefined && patch.logo !== null && !isBrandLogo(patch.logo)) throw invalidInput('The logo is set by uploading an image on the Branding page; it can only be removed here.');
  if (patch.icon !== undefined && patch.icon !== null && !isBrandIcon(patch.icon)) throw invalidInput('The icon is set by uploading an image on the Branding page; it can only be removed here.');
}

export function createSettingsService(db: Db, events: ContentEvents): SettingsService {
  let cached: { value: SiteSettings; at: number } | undefined;
  /** Advances with every change: settings read before a change must not be kept after it. */
  let generation = 0;
  // This or another process changed them (or this one may have missed that another did): read them again.
  events.onChange((change) => {
    if (change.kind !== 'settings') return;
    cached = undefined;
    generation++;
  });

  /** The stored settings over the defaults (a stored value of the wrong type is ignored). */
  async function read(executor: Db): Promise<SiteSettings> {
    const stored = await repo.readAll(executor);
    const value = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof SiteSettings)[]) {
      const v = stored[key];
      if (v !== undefined && typeof v === typeof DEFAULT_SETTINGS[key] && Array.isArray(v) === Array.isArray(DEFAULT_SETTINGS[key])) (value as Record<string, unknown>)[key] = v;
    }
    // Branding shown on every page: a stored value of the wrong shape is dropped, never shown.
    if (value.logo !== null && !isBrandLogo(value.logo)) value.logo = null;
    if (value.icon !== null && !isBrandIcon(value.icon)) value.icon = null;
    for (const [key, check] of [
      ['menu', validateMenu],
      ['footerLinks', validateFooterLinks],
      ['socialProfiles', validateSocialProfiles],
    ] as const) {
      try {
        check(value[key]);
      } catch {
        value[key] = [];
      }
    }
    try {
      checkAccentColour(value.accentColor);
    } catch {
      value.accentColor = '';
    }
    return value;
  }

  async function get(): Promise<SiteSettings> {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
    const began = generation;
    const value = await read(db);
    if (began === generation) cached = { value, at: Date.now() };
    return value;
  }

  async function update(patch: Partial<SiteSettings>): Promise<SiteSettings> {
    validateSettings(patch);
    await db.transaction().execute(async (trx) => {
      if ((patch.spamHoldScore === undefined) !== (patch.spamRejectScore === undefined)) {
        // One score changed alone must still sit on the right side of the other, as stored.
        const stored = await read(trx);
        const hold = patch.spamHoldScore ?? stored.spamHoldScore;
        const reject = patch.spamRejectScore ?? stored.spamRejectScore;
        if (hold > reject) {
          throw invalidInput(
            patch.spamHoldScore !== undefined
              ? `spamHoldScore ${hold} would be above spamRejectScore, which is ${reject}; change both together.`
              : `spamRejectScore ${reject} would be below spamHoldScore, which is ${hold}; change both together.`,
          );
        }
      }
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
      await repo.writeIfAbsent(db, SECRET_KEY, fresh);
      return Buffer.from((await repo.readOne(db, SECRET_KEY)) as string, 'hex');
    })().catch((err) => {
      secretPromise = undefined;
      throw err;
    });
    return secretPromise;
  }

  return { get, update, secret };
}
