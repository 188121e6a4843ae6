import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { invalidInput, isAppError } from '../../platform/errors.js';
import { sendPage } from '../../platform/http.js';
import type { SiteSettings } from '../settings/settings.service.js';
import type { Form } from './admin.context.js';
import type { AdminPlugin } from './admin.plugins.js';
import { field, logRefusal, noticeFrom } from './taxonomy.routes.js';
import { SETTINGS_BOUNDS, SettingsPage, type SettingsValues } from './views/settings-page.js';

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
});

const valuesFrom = (form: Form): SettingsValues => ({
  name: field(form, 'name'),
  tagline: field(form, 'tagline'),
  timezone: field(form, 'timezone').trim(),
  locale: field(form, 'locale').trim(),
  commentsCloseAfterDays: field(form, 'commentsCloseAfterDays').trim(),
  commentsPerPage: field(form, 'commentsPerPage').trim(),
});

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

/**
 * The settings patch from the form. The service checks everything again
 * (validateSettings); the numbers are checked here first so the messages
 * name the fields as the page does.
 */
function patchFrom(v: SettingsValues): Partial<SiteSettings> {
  if (!v.locale) throw invalidInput('Enter a locale, such as en-US or en-GB.');
  const { commentsCloseAfterDays: close, commentsPerPage: perPage } = SETTINGS_BOUNDS;
  return {
    name: v.name.trim(),
    tagline: v.tagline.trim(),
    timezone: canonicalZone(v.timezone),
    locale: canonicalLocale(v.locale),
    commentsCloseAfterDays: wholeNumber(v.commentsCloseAfterDays, `“Close comments after” must be a whole number of days from ${close.min} to ${close.max}.`, close),
    commentsPerPage: wholeNumber(v.commentsPerPage, `“Comments per page” must be a whole number from ${perPage.min} to ${perPage.max}.`, perPage),
  };
}

/** /admin/settings: the site's name, tagline, time zone, locale and comment policy. Admins only ('settings.manage'). */
export const settingsRoutes: AdminPlugin = async (app, { ctx }) => {
  const { services, chrome, checkCsrf, requireStaff } = ctx;
  const staff = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'settings.manage');

  app.get<{ Querystring: Record<string, string | undefined> }>('/settings', async (req, reply) => {
    if (!staff(req, reply)) return reply;
    const [c, site] = await Promise.all([chrome(req, reply), services.settings.get()]);
    const notice = noticeFrom(req.query, { saved: 'Saved.' });
    return sendPage(reply, SettingsPage({ chrome: c, values: valuesOf(site), timeZones: timeZones(), notice }) as VNode);
  });

  app.post<{ Body: Form }>('/settings', async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const values = valuesFrom(req.body ?? {});
    try {
      await checkCsrf(req);
      await services.settings.update(patchFrom(values));
      req.log.info({ accountId: account.id }, 'site settings changed');
      return reply.redirect('/admin/settings?saved', 303);
    } catch (err) {
      if (!isAppError(err)) throw err;
      logRefusal(req, err, 'settings change');
      return sendPage(reply, SettingsPage({ chrome: await chrome(req, reply), values, timeZones: timeZones(), error: err.message }) as VNode, err.status);
    }
  });
};
