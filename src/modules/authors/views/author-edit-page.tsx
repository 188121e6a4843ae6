import { authorPath } from '../../../platform/urls.js';
import type { Author } from '../authors.service.js';
import { AUTHOR_LIMITS } from '../authors.service.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';
import { Notice } from '../../sections/views/sections-page.js';

/** One label/URL row of the links form, as typed. */
export interface LinkRow {
  label: string;
  url: string;
}

export interface AuthorValues {
  name: string;
  slug: string;
  bio: string;
  /** The photo's media number as typed ('' for none). */
  photoId: string;
  links: LinkRow[];
}

/** The photo upload form's text fields, as typed. */
export interface PhotoUploadValues {
  alt?: string;
  credit?: string;
}

/** Image types the upload pipeline accepts (it checks the bytes, whatever the browser says). */
const ACCEPTED_IMAGES = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

/** Empty rows offered after the existing links, for adding new ones. */
export const BLANK_LINK_ROWS = 3;

export const authorValues = (a: Author): AuthorValues => ({
  name: a.name,
  slug: a.slug,
  bio: a.bio,
  photoId: a.photo ? String(a.photo.id) : '',
  links: a.links.map((l) => ({ label: l.label, url: l.url })),
});

export interface AuthorEditPageProps {
  chrome: AdminChrome;
  author: Author;
  notice?: string;
  error?: string;
  /** What the form shows: the author as stored, or what was typed when it was refused. */
  values?: AuthorValues;
  /** Why a photo upload was refused, shown in the upload panel. */
  photoError?: string;
  photoValues?: PhotoUploadValues;
}

/** /admin/authors/:id: an author's profile — name, slug, bio, photo and links. */
export function AuthorEditPage({ chrome, author, notice, error, values, photoError, photoValues }: AuthorEditPageProps) {
  const v = values ?? authorValues(author);
  const rows: LinkRow[] = [...v.links, ...Array.from({ length: BLANK_LINK_ROWS }, () => ({ label: '', url: '' }))];
  return (
    <AdminLayout chrome={chrome} title={`Author ${author.name}`}>
      <p class="back-link">
        <a href="/admin/authors">All authors</a>
      </p>
      <h1>Author “{author.name}”</h1>
      <Notice message={notice} />
      <p>
        <a href={authorPath(author.slug)}>View the public profile</a>
      </p>
      <FormError message={error} />
      <form method="post" action={`/admin/authors/${author.id}`} class="admin-form admin-form--wide">
        <CsrfField token={chrome.csrf} />
        <label for="author-name">Name</label>
        <input id="author-name" name="name" required maxLength={AUTHOR_LIMITS.name} autocomplete="off" value={v.name} />
        <label for="author-slug">Slug</label>
        <input id="author-slug" name="slug" maxLength={200} pattern="[a-z0-9]+(-[a-z0-9]+)*" value={v.slug} aria-describedby="author-slug-help" />
        <p id="author-slug-help" class="field-help">
          The profile's address: /author/slug. Changing it moves the page: the old address stops working.
        </p>
        <label for="author-bio">Bio</label>
        <textarea id="author-bio" name="bio" rows={5} maxLength={AUTHOR_LIMITS.bio}>
          {v.bio}
        </textarea>

        <fieldset class="admin-fieldset">
          <legend>Photo</legend>
          {author.photo ? (
            <figure class="author-photo">
              <img src={author.photo.url} alt={author.photo.alt} width={96} height={96} />
              <figcaption>Current photo: image number {author.photo.id}</figcaption>
            </figure>
          ) : (
            <p class="field-help">No photo yet.</p>
          )}
          <label for="author-photo">Image number in the media library</label>
          <input id="author-photo" name="photo_id" type="number" min={1} step={1} value={v.photoId} aria-describedby="author-photo-help" class="input-short" />
          <p id="author-photo-help" class="field-help">
            To use another image from the media library, enter its number; leave it empty for no photo. To upload a new photo, use the form below.
          </p>
        </fieldset>

        <fieldset class="admin-fieldset">
          <legend>Links</legend>
          <p class="field-help">Shown on the profile, in this order. Use absolute http(s) or mailto: addresses. Empty rows are ignored.</p>
          {rows.map((row, i) => (
            <fieldset class="link-row" key={i}>
              <legend>Link {i + 1}</legend>
              <div class="link-row__field">
                <label for={`link-label-${i}`}>Label</label>
                <input id={`link-label-${i}`} name={`link_label_${i}`} maxLength={AUTHOR_LIMITS.linkLabel} value={row.label} />
              </div>
              <div class="link-row__field">
                <label for={`link-url-${i}`}>URL</label>
                <input id={`link-url-${i}`} name={`link_url_${i}`} type="url" maxLength={AUTHOR_LIMITS.linkUrl} value={row.url} />
              </div>
            </fieldset>
          ))}
        </fieldset>
        <button type="submit">Save changes</button>
      </form>

      <section class="admin-panel" aria-labelledby="upload-photo">
        <h2 id="upload-photo">Upload a new photo</h2>
        <FormError message={photoError} />
        <form method="post" action={`/admin/authors/${author.id}/photo`} enctype="multipart/form-data" class="admin-form">
          <CsrfField token={chrome.csrf} />
          <label for="photo-alt">Alt text</label>
          <input id="photo-alt" name="alt" required maxLength={500} value={photoValues?.alt ?? `Portrait of ${author.name}`} aria-describedby="photo-alt-help" />
          <p id="photo-alt-help" class="field-help">
            What the photo shows, for readers who cannot see it.
          </p>
          <label for="photo-credit">Credit</label>
          <input id="photo-credit" name="credit" maxLength={200} value={photoValues?.credit ?? ''} />
          <label for="photo-file">Photo</label>
          <input id="photo-file" name="photo" type="file" required accept={ACCEPTED_IMAGES} aria-describedby="photo-file-help" />
          <p id="photo-file-help" class="field-help">
            JPEG, PNG, WebP, AVIF or GIF. It replaces the current photo, which stays in the media library.
          </p>
          <button type="submit">Upload photo</button>
        </form>
      </section>
    </AdminLayout>
  );
}
