import { AdminLayout, type AdminChrome, CsrfField, FormError } from './admin-layout.js';
import { Notice } from './sections-page.js';

/** The settings form's values, as typed. */
export interface SettingsValues {
  name: string;
  tagline: string;
  timezone: string;
  locale: string;
  commentsCloseAfterDays: string;
  commentsPerPage: string;
}

export const SETTINGS_BOUNDS = Object.freeze({
  commentsCloseAfterDays: { min: 0, max: 3650 },
  commentsPerPage: { min: 5, max: 3650 },
});

export interface SettingsPageProps {
  chrome: AdminChrome;
  values: SettingsValues;
  /** IANA time zones to offer. */
  timeZones: readonly string[];
  notice?: string;
  error?: string;
}

/** /admin/settings: the site's name, dates and comment policy. */
export function SettingsPage({ chrome, values: v, timeZones, notice, error }: SettingsPageProps) {
  // UTC is not in Intl's list of zones, and a stored zone must always be shown as chosen.
  const zones = [...new Set(['UTC', v.timezone, ...timeZones])].filter(Boolean);
  return (
    <AdminLayout chrome={chrome} title="Site settings">
      <h1>Site settings</h1>
      <Notice message={notice} />
      <FormError message={error} />
      <form method="post" action="/admin/settings" class="admin-form admin-form--wide">
        <CsrfField token={chrome.csrf} />
        <fieldset class="admin-fieldset">
          <legend>The site</legend>
          <label for="settings-name">Site name</label>
          <input id="settings-name" name="name" required maxLength={120} value={v.name} />
          <label for="settings-tagline">Tagline</label>
          <input id="settings-tagline" name="tagline" maxLength={200} value={v.tagline} aria-describedby="settings-tagline-help" />
          <p id="settings-tagline-help" class="field-help">
            A line under the name on the home page. May be empty.
          </p>
        </fieldset>

        <fieldset class="admin-fieldset">
          <legend>Dates</legend>
          <label for="settings-timezone">Time zone</label>
          <select id="settings-timezone" name="timezone" aria-describedby="settings-timezone-help">
            {zones.map((z) => (
              <option key={z} value={z} selected={z === v.timezone}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          <p id="settings-timezone-help" class="field-help">
            Dates and times on the site are shown in this zone, and it decides the date in article addresses. Changing it can move the addresses of
            stories published near midnight.
          </p>
          <label for="settings-locale">Locale</label>
          <input id="settings-locale" name="locale" required maxLength={35} value={v.locale} aria-describedby="settings-locale-help" class="input-short" />
          <p id="settings-locale-help" class="field-help">
            A language tag such as en-US, en-GB or fr-FR: it sets how dates and numbers are written.
          </p>
        </fieldset>

        <fieldset class="admin-fieldset">
          <legend>Comments</legend>
          <label for="settings-close">Close comments after (days)</label>
          <input
            id="settings-close"
            name="commentsCloseAfterDays"
            type="number"
            required
            step={1}
            min={SETTINGS_BOUNDS.commentsCloseAfterDays.min}
            max={SETTINGS_BOUNDS.commentsCloseAfterDays.max}
            value={v.commentsCloseAfterDays}
            aria-describedby="settings-close-help"
            class="input-short"
          />
          <p id="settings-close-help" class="field-help">
            Comments close this many days after a story is published, on every story, older ones included; 0 keeps them open. A story closed
            earlier, or closed by hand, stays closed.
          </p>
          <label for="settings-per-page">Comments per page</label>
          <input
            id="settings-per-page"
            name="commentsPerPage"
            type="number"
            required
            step={1}
            min={SETTINGS_BOUNDS.commentsPerPage.min}
            max={SETTINGS_BOUNDS.commentsPerPage.max}
            value={v.commentsPerPage}
            aria-describedby="settings-per-page-help"
            class="input-short"
          />
          <p id="settings-per-page-help" class="field-help">
            Top-level comments on each page of a thread, from {SETTINGS_BOUNDS.commentsPerPage.min}.
          </p>
        </fieldset>
        <button type="submit">Save settings</button>
      </form>
    </AdminLayout>
  );
}
