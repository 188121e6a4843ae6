import { Fragment } from 'preact';
import type { ModerationMode } from '../../../platform/db/schema.js';
import { NUMBER_BOUNDS, type SiteSettings, TWO_FACTOR_REQUIREMENTS, type TwoFactorRequirement } from '../settings.service.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';
import { Notice } from '../../sections/views/sections-page.js';

/** The comment policy's whole-number settings, in the order the form shows them. */
export const POLICY_NUMBERS = [
  'maxLinks',
  'trustAfter',
  'editWindowMinutes',
  'maxCommentDepth',
  'maxCommentLength',
  'reportsToHold',
  'commentLimitPerIp',
  'commentLimitPerReader',
  'commentLimitWindowMinutes',
  'minSubmitSeconds',
] as const satisfies readonly (keyof SiteSettings)[];

export type PolicyNumber = (typeof POLICY_NUMBERS)[number];

/** Each policy number's label and help, as the form shows them (messages name fields by these labels). */
export const POLICY_NUMBER_FIELDS: Record<PolicyNumber, { id: string; label: string; help: string }> = {
  maxLinks: { id: 'settings-max-links', label: 'Links allowed before holding', help: 'A comment with more links than this waits for a moderator.' },
  trustAfter: {
    id: 'settings-trust-after',
    label: 'Trust readers after (approved comments)',
    help: 'With “Hold first comments”, a reader with this many approved comments skips the queue; 0 never trusts.',
  },
  editWindowMinutes: { id: 'settings-edit-window', label: 'Edit window (minutes)', help: 'How long commenters may edit a comment after posting it; 0 turns editing off.' },
  maxCommentDepth: { id: 'settings-max-depth', label: 'Deepest reply level', help: 'Replies nest this deep; deeper replies attach to the deepest allowed comment.' },
  maxCommentLength: { id: 'settings-max-length', label: 'Longest comment (characters)', help: 'Longer comments are refused with a message saying so.' },
  reportsToHold: { id: 'settings-reports-to-hold', label: 'Reports that hold a comment', help: 'A published comment with this many open reports goes back to the queue.' },
  commentLimitPerIp: { id: 'settings-limit-ip', label: 'Comments per address per window', help: 'More from one address inside the window are refused until it passes.' },
  commentLimitPerReader: { id: 'settings-limit-reader', label: 'Comments per reader per window', help: 'The same limit for each signed-in reader.' },
  commentLimitWindowMinutes: { id: 'settings-limit-window', label: 'Rate-limit window (minutes)', help: 'The window the two limits above count in.' },
  minSubmitSeconds: { id: 'settings-min-submit', label: 'Quickest human post (seconds)', help: 'A comment form sent sooner than this after it was shown is refused as automated.' },
};

export const MODERATION_MODE_LABEL: Record<ModerationMode, string> = {
  none: 'Publish at once (moderate afterwards)',
  first_time: 'Hold first comments from guests and new readers',
  all: 'Hold every comment for a moderator',
};

export const TWO_FACTOR_REQUIREMENT_LABEL: Record<TwoFactorRequirement, string> = {
  nobody: 'Nobody (each person chooses)',
  admins: 'Admins',
  'admins-and-editors': 'Admins and editors',
};

/** Who must sign in with two steps. */
function SignInPolicy({ v }: { v: SettingsValues }) {
  return (
    <fieldset class="admin-fieldset">
      <legend>Signing in</legend>
      <label for="settings-two-factor">Two-step sign-in required for</label>
      <select id="settings-two-factor" name="twoFactorRequiredFor" aria-describedby="settings-two-factor-help">
        {TWO_FACTOR_REQUIREMENTS.map((r) => (
          <option key={r} value={r} selected={r === v.twoFactorRequiredFor}>
            {TWO_FACTOR_REQUIREMENT_LABEL[r]}
          </option>
        ))}
      </select>
      <p id="settings-two-factor-help" class="field-help">
        Those it is required for and who have not set it up can only reach their account page, to set it up, until they do.
      </p>
    </fieldset>
  );
}

export const SCORE_FIELDS = {
  spamHoldScore: { id: 'settings-hold-score', label: 'Hold from spam score' },
  spamRejectScore: { id: 'settings-reject-score', label: 'File as spam from spam score' },
} as const;

/** The settings form's values, as typed. */
export interface SettingsValues extends Record<PolicyNumber, string> {
  name: string;
  tagline: string;
  timezone: string;
  locale: string;
  commentsCloseAfterDays: string;
  commentsPerPage: string;
  guestComments: boolean;
  moderationMode: string;
  /** One word or phrase a line. */
  bannedWords: string;
  suspectWords: string;
  spamHoldScore: string;
  spamRejectScore: string;
  moderatorEmail: string;
  feedFullText: boolean;
  deletedAccountComments: string;
  twoFactorRequiredFor: string;
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
  /** What the spam classifier has learnt, and whether its score holds comments yet. */
  classifier?: ClassifierState;
}

export interface ClassifierState {
  spamDocs: number;
  hamDocs: number;
  minDecisionsEach: number;
  trusted: boolean;
  /** The saved hold score. */
  holdScore: number;
}

/** "The classifier has learnt from N decisions …; it starts holding … after M" or "… is holding comments scoring above 0.7." */
export function classifierStatus(c: ClassifierState): string {
  const n = c.spamDocs + c.hamDocs;
  const learnt = `The classifier has learnt from ${n.toLocaleString('en-US')} ${n === 1 ? 'decision' : 'decisions'} (${c.spamDocs.toLocaleString('en-US')} spam, ${c.hamDocs.toLocaleString('en-US')} not spam)`;
  return c.trusted
    ? `${learnt} and is holding comments scoring above ${c.holdScore}.`
    : `${learnt}; it starts holding comments by score after ${c.minDecisionsEach} of each kind. Until then the score is shown to moderators only.`;
}

/** A textarea's content as given: a leading line break would otherwise be eaten by the HTML parser. */
const ta = (v: string) => (v.startsWith('\n') ? `\n${v}` : v);

/** The comment policy: who may comment, what is held, what is refused, limits, and who is told. */
function CommentPolicy({ v, classifier }: { v: SettingsValues; classifier?: ClassifierState | undefined }) {
  return (
    <>
      <fieldset class="admin-fieldset">
        <legend>Comment moderation</legend>
        <div class="editor-check">
          <input type="hidden" name="guestComments" value="0" />
          <input id="settings-guests" name="guestComments" type="checkbox" value="1" checked={v.guestComments} aria-describedby="settings-guests-help" />
          <label for="settings-guests">Guests may comment with a name and email</label>
        </div>
        <p id="settings-guests-help" class="field-help">
          Otherwise only readers with an account (and a confirmed email) may comment.
        </p>
        <label for="settings-moderation">Moderation</label>
        <select id="settings-moderation" name="moderationMode" aria-describedby="settings-moderation-help">
          {(Object.keys(MODERATION_MODE_LABEL) as ModerationMode[]).map((m) => (
            <option key={m} value={m} selected={m === v.moderationMode}>
              {MODERATION_MODE_LABEL[m]}
            </option>
          ))}
        </select>
        <p id="settings-moderation-help" class="field-help">
          The site’s default; an article can choose otherwise in its editor. Whatever the choice, suspect words, many links and a high spam score still hold a comment.
        </p>
        <label for="settings-deleted-comments">When a reader deletes their account</label>
        <select id="settings-deleted-comments" name="deletedAccountComments" aria-describedby="settings-deleted-comments-help">
          <option value="keep" selected={v.deletedAccountComments === 'keep'}>
            Keep their comments, shown as “Deleted reader”
          </option>
          <option value="remove" selected={v.deletedAccountComments === 'remove'}>
            Remove their comments
          </option>
        </select>
        <p id="settings-deleted-comments-help" class="field-help">
          Either way their name and email address are gone. Removed comments leave a placeholder while replies hang from them.
        </p>
        <label for="settings-banned">Banned words</label>
        <textarea id="settings-banned" name="bannedWords" rows={4} aria-describedby="settings-banned-help">
          {ta(v.bannedWords)}
        </textarea>
        <p id="settings-banned-help" class="field-help">
          One word or phrase a line. A comment containing one is refused, with a message saying so.
        </p>
        <label for="settings-suspect">Suspect words</label>
        <textarea id="settings-suspect" name="suspectWords" rows={4} aria-describedby="settings-suspect-help">
          {ta(v.suspectWords)}
        </textarea>
        <p id="settings-suspect-help" class="field-help">
          One word or phrase a line. A comment containing one waits for a moderator.
        </p>
        {(['spamHoldScore', 'spamRejectScore'] as const).map((k) => (
          <Fragment key={k}>
            <label for={SCORE_FIELDS[k].id}>{SCORE_FIELDS[k].label}</label>
            <input
              id={SCORE_FIELDS[k].id}
              name={k}
              type="number"
              required
              step="0.01"
              min="0.01"
              max="1"
              inputMode="decimal"
              value={v[k]}
              aria-describedby={`${SCORE_FIELDS[k].id}-help`}
              class="input-short"
            />
            <p id={`${SCORE_FIELDS[k].id}-help`} class="field-help">
              {k === 'spamHoldScore'
                ? 'The spam filter’s score (0 to 1) from which a comment waits for a moderator, such as 0.7.'
                : 'The score from which a comment is filed as spam without being shown, such as 0.98. Not below the one above.'}
            </p>
            {k === 'spamHoldScore' && classifier ? (
              <p id="settings-classifier-status" class="field-help">
                {classifierStatus(classifier)}
              </p>
            ) : null}
          </Fragment>
        ))}
        <label for="settings-moderator-email">Moderator email</label>
        <input id="settings-moderator-email" name="moderatorEmail" type="email" maxLength={320} value={v.moderatorEmail} aria-describedby="settings-moderator-email-help" />
        <p id="settings-moderator-email-help" class="field-help">
          Told when comments are reported or wait for a moderator (at most one email every few minutes). Leave empty for nobody.
        </p>
      </fieldset>

      <fieldset class="admin-fieldset">
        <legend>Comment limits</legend>
        {POLICY_NUMBERS.map((k) => {
          const f = POLICY_NUMBER_FIELDS[k];
          const bounds = NUMBER_BOUNDS[k]!;
          return (
            <Fragment key={k}>
              <label for={f.id}>{f.label}</label>
              <input id={f.id} name={k} type="number" required step={1} min={bounds.min} max={bounds.max} value={v[k]} aria-describedby={`${f.id}-help`} class="input-short" />
              <p id={`${f.id}-help`} class="field-help">
                {f.help} From {bounds.min.toLocaleString('en-US')} to {bounds.max.toLocaleString('en-US')}.
              </p>
            </Fragment>
          );
        })}
      </fieldset>
    </>
  );
}

/** /admin/settings: the site's name, feeds, dates and comment policy. */
export function SettingsPage({ chrome, values: v, timeZones, notice, error, classifier }: SettingsPageProps) {
  // UTC is not in Intl's list of zones, and a stored zone must always be shown as chosen.
  const zones = [...new Set(['UTC', v.timezone, ...timeZones])].filter(Boolean);
  return (
    <AdminLayout chrome={chrome} title="Site settings">
      <h1>Site settings</h1>
      <p>
        The logo, icon, accent colour, menu and footer links are on <a href="/admin/settings/branding">Branding and navigation</a>.
      </p>
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
          <legend>Feeds</legend>
          <div class="editor-check">
            <input type="hidden" name="feedFullText" value="0" />
            <input id="settings-feed-full-text" name="feedFullText" type="checkbox" value="1" checked={v.feedFullText} aria-describedby="settings-feed-full-text-help" />
            <label for="settings-feed-full-text">Feeds carry each story’s full text</label>
          </div>
          <p id="settings-feed-full-text-help" class="field-help">
            Otherwise the RSS, Atom and JSON feeds carry only each story’s excerpt, and readers follow the link for the rest.
          </p>
        </fieldset>

        <SignInPolicy v={v} />

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
            Dates and times on the site are shown in this zone, and it decides the date in article addresses. Changing it can move the addresses of stories published near midnight.
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
            Comments close this many days after a story is published, on every story, older ones included; 0 keeps them open. A story closed earlier, or closed by hand, stays closed.
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
        <CommentPolicy v={v} classifier={classifier} />
        <button type="submit">Save settings</button>
      </form>
    </AdminLayout>
  );
}
