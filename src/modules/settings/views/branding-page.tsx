import { AdminLayout, type AdminChrome, CsrfField, FormError, Notice } from '../../admin/views/admin-layout.js';
import { BRANDING_LIMITS, networkList } from '../branding.js';
import type { BrandingValues } from '../branding.form.js';
import { ICON_MIN_SIDE } from '../branding.images.js';

export interface BrandingPageProps {
  chrome: AdminChrome;
  values: BrandingValues;
  /** The sections a menu line may name, by slug. */
  sections: { slug: string; name: string }[];
  logo: { url: string; width: number; height: number } | null;
  /** The uploaded icon's largest rendition (the logo's icons are not listed apart). */
  icon: string | null;
  notice?: string | undefined;
  error?: string | undefined;
}

/** A textarea's content as given: a leading line break would otherwise be eaten by the HTML parser. */
const ta = (v: string) => (v.startsWith('\n') ? `\n${v}` : v);

/** One image upload (logo or icon): what is there now, a file field, and a way to remove it. */
function ImageUpload(props: { csrf: string; kind: 'logo' | 'icon'; label: string; help: string; current: { url: string; width: number; height: number } | null }) {
  const { csrf, kind, label, help, current } = props;
  const id = `branding-${kind}`;
  // Shown small: at most 320 × 80 pixels, in proportion.
  const scale = current ? Math.min(1, 320 / current.width, 80 / current.height) : 1;
  return (
    <fieldset class="admin-fieldset">
      <legend>{label}</legend>
      {current ? <img src={current.url} width={Math.round(current.width * scale)} height={Math.round(current.height * scale)} alt={`The current ${kind}`} /> : <p>None uploaded.</p>}
      <form method="post" action={`/admin/settings/branding/${kind}`} enctype="multipart/form-data" class="admin-form">
        <CsrfField token={csrf} />
        <label for={id}>{current ? `Replace the ${kind}` : `Upload ${kind === 'icon' ? 'an' : 'a'} ${kind}`}</label>
        <input id={id} name="image" type="file" required accept="image/png,image/jpeg,image/webp,image/avif,image/gif" aria-describedby={`${id}-help`} />
        <p id={`${id}-help`} class="field-help">
          {help}
        </p>
        <button type="submit">Upload {kind}</button>
      </form>
      {current ? (
        <form method="post" action={`/admin/settings/branding/${kind}/remove`} class="admin-form">
          <CsrfField token={csrf} />
          <button type="submit" class="button--danger">
            Remove the {kind}
          </button>
        </form>
      ) : null}
    </fieldset>
  );
}

/** /admin/settings/branding: logo, icon, accent colour, menu, footer links and social profiles. */
export function BrandingPage({ chrome, values: v, sections, logo, icon, notice, error }: BrandingPageProps) {
  return (
    <AdminLayout chrome={chrome} title="Branding and navigation">
      <p class="admin-breadcrumb">
        <a href="/admin/settings">Site settings</a>
      </p>
      <h1>Branding and navigation</h1>
      <Notice message={notice} />
      <FormError message={error} />
      <ImageUpload
        csrf={chrome.csrf}
        kind="logo"
        label="Logo"
        help="A PNG, JPEG, WebP, AVIF or GIF of at most 5 MB (SVG is not accepted). It is shown in the header instead of the site’s name, on link previews of pages without a picture, and as the icon unless you upload one."
        current={logo}
      />
      <ImageUpload
        csrf={chrome.csrf}
        kind="icon"
        label="Icon"
        help={`A square PNG, JPEG, WebP, AVIF or GIF of at least ${ICON_MIN_SIDE} × ${ICON_MIN_SIDE} pixels: the browser tab’s icon and the home-screen icon.`}
        current={icon ? { url: icon, width: 96, height: 96 } : null}
      />
      <form method="post" action="/admin/settings/branding" class="admin-form admin-form--wide">
        <CsrfField token={chrome.csrf} />
        <fieldset class="admin-fieldset">
          <legend>Colour</legend>
          <label for="branding-accent">Accent colour</label>
          <input id="branding-accent" name="accentColor" maxLength={7} value={v.accentColor} placeholder="#1f4f8f" class="input-short" aria-describedby="branding-accent-help" />
          <p id="branding-accent-help" class="field-help">
            A hex colour for links, labels and the current section’s marker; empty for the site’s own colours. It must be readable on the light background (contrast of at least 4.5:1); in dark mode a
            lighter shade of it is used.
          </p>
        </fieldset>
        <fieldset class="admin-fieldset">
          <legend>Menu</legend>
          <label for="branding-menu">Menu entries, one a line</label>
          <textarea id="branding-menu" name="menu" rows={8} aria-describedby="branding-menu-help">
            {ta(v.menu)}
          </textarea>
          <p id="branding-menu-help" class="field-help">
            In the order shown in the header, at most {BRANDING_LIMITS.menu}: a section’s slug ({sections.map((s) => s.slug).join(', ') || 'no sections yet'}), or a link as “Label | address”, the
            address starting with https:// or / for a page on this site. Empty shows every section.
          </p>
        </fieldset>
        <fieldset class="admin-fieldset">
          <legend>Footer</legend>
          <label for="branding-footer">Footer links, one a line</label>
          <textarea id="branding-footer" name="footerLinks" rows={5} aria-describedby="branding-footer-help">
            {ta(v.footerLinks)}
          </textarea>
          <p id="branding-footer-help" class="field-help">
            “Label | address”, such as “About us | /about” or “Jobs | https://jobs.example.org”.
          </p>
          <label for="branding-social">Social profiles, one a line</label>
          <textarea id="branding-social" name="socialProfiles" rows={5} aria-describedby="branding-social-help">
            {ta(v.socialProfiles)}
          </textarea>
          <p id="branding-social-help" class="field-help">
            The profile’s address, such as https://bsky.app/profile/example.org; for Mastodon, “Mastodon | https://server/@name”. Known networks: {networkList()}.
          </p>
        </fieldset>
        <button type="submit">Save branding</button>
      </form>
    </AdminLayout>
  );
}
