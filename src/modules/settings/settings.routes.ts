import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { settingsChanges } from './settings.audit.js';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { invalidInput } from '../../platform/errors.js';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import { isDeletedAccountComments, isModerationMode, isTwoFactorRequirement, NUMBER_BOUNDS, type SiteSettings, validateSettings } from './settings.service.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { type SubmittedForm, value } from '../articles/editor.form.js';
import { field, logRefusal, noticeFrom } from '../admin/admin.forms.js';
import { brandingRoutes } from './branding.routes.js';
import { type PolicyNumber, POLICY_NUMBER_FIELDS, POLICY_NUMBERS, SCORE_FIELDS, SETTINGS_BOUNDS, SettingsPage, type SettingsValues } from './views/settings-page.js';

/** Every IANA zone this runtime knows, once per process. */
let zones: readonly string[] | undefined;
const timeZones = (): readonly string[] => (zones ??= Intl.supportedValuesOf('timeZone'));

const valuesOf = (s: SiteSettings): SettingsValues => ({
  name: s.name,
  tagline: s.tagline,
  timezone: s.timezone,
  locale: s.locale,
  commentsCloseAfterDays: String(s.commentsCloseAfterDays),
  commentsPerPage: String(s.commentsPerPage),
  guestComments: s.guestComments,
  moderationMode: s.moderationMode,
  bannedWords: s.bannedWords.join('\n'),
  suspectWords: s.suspectWords.join('\n'),
  ...(Object.fromEntries(POLICY_NUMBERS.map((k) => [k, String(s[k])])) as Record<PolicyNumber, string>),
  spamHoldScore: String(s.spamHoldScore),
  spamRejectScore: String(s.spamRejectScore),
  moderatorEmail: s.moderatorEmail,
  feedFullText: s.feedFullText,
  deletedAccountComments: s.deletedAccountComments,
  twoFactorRequiredFor: s.twoFactorRequiredFor,
});

/**
 * What was typed. A comment-policy field the form did not send keeps its
 * stored value, so a form from before a setting existed never blanks it.
 */
function valuesFrom(form: SubmittedForm, stored: SettingsValues): SettingsValues {
  const typed = (k: keyof SettingsValues): string | undefined => value(form, k);
  const or = (k: Exclude<keyof SettingsValues, 'guestComments' | 'feedFullText'>): string => typed(k) ?? String(stored[k]);
  const guests = typed('guestComments');
  const fullText = typed('feedFullText');
  return {
    name: field(form as Form, 'name'),
    tagline: field(form as Form, 'tagline'),
    timezone: field(form as Form, 'timezone').trim(),
    locale: field(form as Form, 'locale').trim(),
    commentsCloseAfterDays: field(form as Form, 'commentsCloseAfterDays').trim(),
    commentsPerPage: field(form as Form, 'commentsPerPage').trim(),
    // The checkbox follows a hidden "0": the last value sent wins.
    guestComments: guests === undefined ? stored.guestComments : guests === '1',
    moderationMode: or('moderationMode'),
    bannedWords: or('bannedWords').replace(/\r\n?/g, '\n'),
    suspectWords: or('suspectWords').replace(/\r\n?/g, '\n'),
    ...(Object.fromEntries(POLICY_NUMBERS.map((k) => [k, or(k).trim()])) as Record<PolicyNumber, string>),
    spamHoldScore: or('spamHoldScore').trim(),
    spamRejectScore: or('spamRejectScore').trim(),
    moderatorEmail: or('moderatorEmail').trim(),
    feedFullText: fullText === undefined ? stored.feedFullText : fullText === '1',
    deletedAccountComments: or('deletedAccountComments'),
    twoFactorRequiredFor: or('twoFactorRequiredFor'),
  };
}

/** A whole number typed into a form, within bounds; refused with a message naming the field as the page labels it. */
function wholeNumber(typed: string, message: string, { min, max }: { min: number; max: number }): number {
  const n = /^[0-9]{1,6}$/.test(typed) ? Number(typed) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw invalidInput(message);
  return n;
}

/** The zone's canonical spelling ("utc" → "UTC"), or the text as typed for the service to refuse. */
function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

/** The locale's canonical spelling ("en-gb" → "en-GB"), or the text as typed for the service to refuse. */
function canonicalLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? locale;
  } catch {
    return locale;
  }
}

/** A score typed as a decimal: above 0 and at most 1. */
function score(typed: string, label: string): number {
  const n = /^(0|1)?(\.[0-9]{1,6})?$/.test(typed) && typed !== '' && typed !== '.' ? Number(typed) : Number.NaN;
  if (!(n > 0 && n <= 1)) throw invalidInput(`“${label}” must be a number above 0 and at most 1, such as 0.7.`);
  return n;
}

/** Words typed one a line: trimmed, blank lines dropped, repeats (any case) once. */
function wordList(typed: string, label: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of typed.split('\n')) {
    const w = line.replace(/\s+/g, ' ').trim();
    if (!w || seen.has(w.toLowerCase())) continue;
    if (w.length > 100) throw invalidInput(`Each line of “${label}” can be at most 100 characters; “${w.slice(0, 30)}…” has ${w.length}.`);
    seen.add(w.toLowerCase());
    out.push(w);
  }
  if (out.length > 1000) throw invalidInput(`“${label}” can hold at most 1,000 words or phrases; this has ${out.length.toLocaleString('en-US')}.`);
  return out;
}

/** Check one field with the service's own rule, answering with the page's words. */
function checked<K extends keyof SiteSettings>(key: K, v: SiteSettings[K], message: string): SiteSettings[K] {
  try {
    validateSettings({ [key]: v } as Partial<SiteSettings>);
  } catch {
    throw invalidInput(message);
  }
  return v;
}

/**
 * The settings patch from the form. The service checks everything again
 * (validateSettings); the fields are checked here first so the messages
 * name them as the page does.
 */
function patchFrom(v: SettingsValues): Partial<SiteSettings> {
  if (!v.locale) throw invalidInput('Enter a locale, such as en-US or en-GB.');
  const { commentsCloseAfterDays: close, commentsPerPage: perPage } = SETTINGS_BOUNDS;
  const numbers = Object.fromEntries(
    POLICY_NUMBERS.map((k) => {
      const bounds = NUMBER_BOUNDS[k]!;
      return [k, wholeNumber(v[k], `“${POLICY_NUMBER_FIELDS[k].label}” must be a whole number from ${bounds.min} to ${bounds.max}.`, bounds)];
    }),
  ) as Record<PolicyNumber, number>;
  if (!isModerationMode(v.moderationMode)) throw invalidInput('Choose one of the offered moderation modes.');
  if (!isDeletedAccountComments(v.deletedAccountComments)) throw invalidInput('Choose what happens to a deleted account’s comments from the list.');
  if (!isTwoFactorRequirement(v.twoFactorRequiredFor)) throw invalidInput('Choose who two-step sign-in is required for from the list.');
  const hold = score(v.spamHoldScore, SCORE_FIELDS.spamHoldScore.label);
  const reject = score(v.spamRejectScore, SCORE_FIELDS.spamRejectScore.label);
  if (hold > reject) throw invalidInput(`“${SCORE_FIELDS.spamHoldScore.label}” cannot be above “${SCORE_FIELDS.spamRejectScore.label}”.`);
  return {
    name: v.name.trim(),
    tagline: v.tagline.trim(),
    timezone: canonicalZone(v.timezone),
    locale: canonicalLocale(v.locale),
    commentsCloseAfterDays: wholeNumber(v.commentsCloseAfterDays, `“Close comments after” must be a whole number of days from ${close.min} to ${close.max}.`, close),
    commentsPerPage: wholeNumber(v.commentsPerPage, `“Comments per page” must be a whole number from ${perPage.min} to ${perPage.max}.`, perPage),
    guestComments: v.guestComments,
    moderationMode: v.moderationMode,
    bannedWords: wordList(v.bannedWords, 'Banned words'),
    suspectWords: wordList(v.suspectWords, 'Suspect words'),
    ...numbers,
    spamHoldScore: hold,
    spamRejectScore: reject,
    moderatorEmail: checked('moderatorEmail', v.moderatorEmail, '“Moderator email” must be an email address, or empty for nobody.'),
    feedFullText: v.feedFullText,
    deletedAccountComments: v.deletedAccountComments,
    twoFactorRequiredFor: v.twoFactorRequiredFor,
  };
}

/** The flag a save redirects with, for the page's confirmation. */
const SettingsQuery = Type.Object({ saved: Type.Optional(Type.String()) });

/** /admin/settings: the site's name, tagline, time zone, locale, feeds and comment policy. Admins only ('settings.manage'). */
export const settingsRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;
  const staff = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'settings.manage');
  // Logo, icon, colour, menu and footer: /admin/settings/branding.
  await fastify.register(brandingRoutes, { ctx });

  app.get('/settings', { schema: { querystring: SettingsQuery } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const [c, site, learnt] = await Promise.all([chrome(req, reply), services.settings.get(), services.classifier.status()]);
    const notice = noticeFrom(req.query, { saved: 'Saved.' });
    const classifier = { ...learnt, holdScore: site.spamHoldScore };
    return sendPage(reply, SettingsPage({ chrome: c, values: valuesOf(site), timeZones: timeZones(), notice, classifier }) as VNode);
  });

  app.post('/settings', async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const values = valuesFrom((req.body ?? {}) as SubmittedForm, valuesOf(await services.settings.get()));
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const before = await services.settings.get();
        await services.settings.update(patchFrom(values));
        const changes = settingsChanges(before, await services.settings.get());
        if (Object.keys(changes).length > 0) await services.audit.record({ accountId: account.id, action: 'settings.update', subjectType: 'settings', subjectId: null, details: { changes } });
        req.log.info({ accountId: account.id, keys: Object.keys(changes) }, 'site settings changed');
        return reply.redirect('/admin/settings?saved', 303);
      },
      async (err) => {
        logRefusal(req, err, 'settings change');
        const [site, learnt] = await Promise.all([services.settings.get(), services.classifier.status()]);
        const classifier = { ...learnt, holdScore: site.spamHoldScore };
        return SettingsPage({ chrome: await chrome(req, reply), values, timeZones: timeZones(), error: err.message, classifier }) as VNode;
      },
    );
  });
};
