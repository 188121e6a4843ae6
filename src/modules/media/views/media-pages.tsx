import { mediumDate, type Zone } from '../../../platform/time.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError, Notice } from '../../admin/views/admin-layout.js';
import type { ImageUse, LibraryImage, LibraryPage } from '../media.library.js';
import { TEXT_LIMITS } from '../media.upload.js';

/*
 * The media library's pages: every image with where it is used, one image
 * to describe anew or delete, and the library as a picker for a story's
 * featured image (the editor's dialog does the same with scripts).
 */

/** The picker mode: choosing the featured image of a story. */
export interface PickFor {
  articleId: number;
  headline: string;
}

const ACCEPTED = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

/** "2.4 MB", "310 KB", "900 bytes". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'size unknown';
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

const pixels = (i: LibraryImage) => (i.width && i.height ? `${i.width.toLocaleString('en-US')} × ${i.height.toLocaleString('en-US')} px` : 'pixels unknown');

function Thumb({ image }: { image: LibraryImage }) {
  const { thumbnail: t } = image;
  return <img class="media-thumb" src={t.url} alt={image.alt} width={t.width ?? undefined} height={t.height ?? undefined} loading="lazy" decoding="async" />;
}

function Uses({ uses }: { uses: ImageUse[] }) {
  if (uses.length === 0) return <p class="media-uses">Not used in any story.</p>;
  return (
    <ul class="media-uses">
      {uses.map((u) => (
        <li key={u.articleId}>
          <a href={`/admin/articles/${u.articleId}`}>{u.headline || `Story ${u.articleId}`}</a> ({[u.featured ? 'featured image' : '', u.inBody ? 'in the body' : ''].filter(Boolean).join(', ')})
        </li>
      ))}
    </ul>
  );
}

function libraryHref(params: { q?: string; before?: number; pick?: PickFor | undefined }) {
  const search = new URLSearchParams();
  if (params.pick) {
    search.set('pick', 'featured');
    search.set('article', String(params.pick.articleId));
  }
  if (params.q) search.set('q', params.q);
  if (params.before !== undefined) search.set('before', String(params.before));
  const s = search.toString();
  return `/admin/media${s ? `?${s}` : ''}`;
}

export interface UploadValues {
  alt: string;
  caption: string;
  credit: string;
}

function UploadForm({ chrome, values, error }: { chrome: AdminChrome; values?: UploadValues | undefined; error?: string | undefined }) {
  return (
    <details class="media-upload" open={error ? true : undefined}>
      <summary>Upload an image</summary>
      <FormError message={error} />
      <form method="post" action="/admin/media" enctype="multipart/form-data" class="admin-form">
        <CsrfField token={chrome.csrf} />
        <label for="upload-alt">Alt text</label>
        <input id="upload-alt" name="alt" required maxLength={TEXT_LIMITS.alt} value={values?.alt ?? ''} aria-describedby="upload-alt-help" />
        <p id="upload-alt-help" class="field-help">
          What the image shows, for readers who cannot see it.
        </p>
        <label for="upload-caption">Caption</label>
        <input id="upload-caption" name="caption" maxLength={TEXT_LIMITS.caption} value={values?.caption ?? ''} />
        <label for="upload-credit">Credit</label>
        <input id="upload-credit" name="credit" maxLength={TEXT_LIMITS.credit} value={values?.credit ?? ''} />
        <label for="upload-file">Image</label>
        <input id="upload-file" name="image" type="file" required accept={ACCEPTED} aria-describedby="upload-file-help" />
        <p id="upload-file-help" class="field-help">
          JPEG, PNG, WebP, AVIF or GIF.
        </p>
        <button type="submit">Upload</button>
      </form>
    </details>
  );
}

export interface MediaLibraryPageProps {
  chrome: AdminChrome;
  zone: Zone;
  page: LibraryPage;
  q: string;
  before?: number | undefined;
  pick?: PickFor | undefined;
  canUpload: boolean;
  notice?: string | undefined;
  error?: string | undefined;
  uploadValues?: UploadValues | undefined;
}

/** /admin/media: every image, newest first, searchable; in picker mode, each with "Use as featured image". */
export function MediaLibraryPage({ chrome, zone, page, q, before, pick, canUpload, notice, error, uploadValues }: MediaLibraryPageProps) {
  return (
    <AdminLayout chrome={chrome} title={pick ? 'Choose a featured image' : 'Media library'}>
      <h1>{pick ? 'Choose a featured image' : 'Media library'}</h1>
      <Notice message={notice} />
      {pick ? (
        <div class="media-pick-for">
          <p>
            For <a href={`/admin/articles/${pick.articleId}`}>{pick.headline || `story ${pick.articleId}`}</a>. Choosing one saves it as the story’s featured image and takes you back to the editor;
            changes not yet saved in the editor are not kept.
          </p>
          <form method="post" action="/admin/media/featured" class="inline-form">
            <CsrfField token={chrome.csrf} />
            <input type="hidden" name="article" value={String(pick.articleId)} />
            <input type="hidden" name="image" value="" />
            <button type="submit" class="button--secondary">
              No featured image
            </button>
          </form>
        </div>
      ) : null}
      {canUpload && !pick ? <UploadForm chrome={chrome} values={uploadValues} error={error} /> : <FormError message={error} />}
      <form method="get" action="/admin/media" class="media-search" role="search">
        {pick ? (
          <>
            <input type="hidden" name="pick" value="featured" />
            <input type="hidden" name="article" value={String(pick.articleId)} />
          </>
        ) : null}
        <label for="media-q">Search images</label>
        <input id="media-q" name="q" type="search" value={q} maxLength={200} aria-describedby="media-q-help" />
        <p id="media-q-help" class="field-help">
          Alt text, caption, credit or file name.
        </p>
        <button type="submit">Search</button>
      </form>
      {page.images.length === 0 ? (
        <p>{q ? `No image matches “${q}”.` : 'No images yet.'}</p>
      ) : (
        <ul class="media-grid" aria-label={q ? `Images matching “${q}”` : 'Images, newest first'}>
          {page.images.map((image) => (
            <li key={image.id} class="media-card">
              <Thumb image={image} />
              <div class="media-card__text">
                <p class="media-card__alt">
                  <a href={`/admin/media/${image.id}`}>{image.alt}</a>
                </p>
                {image.caption ? <p class="media-card__caption">{image.caption}</p> : null}
                {image.credit ? <p class="media-card__credit">{image.credit}</p> : null}
                <p class="field-help">
                  {pixels(image)}, {formatBytes(image.bytes)}. Uploaded <time dateTime={image.createdAt}>{mediumDate(image.createdAt, zone)}</time>.{image.originalName ? ` ${image.originalName}` : ''}
                </p>
                <Uses uses={image.uses} />
                {pick ? (
                  <form method="post" action="/admin/media/featured">
                    <CsrfField token={chrome.csrf} />
                    <input type="hidden" name="article" value={String(pick.articleId)} />
                    <input type="hidden" name="image" value={String(image.id)} />
                    <button type="submit" aria-label={`Use as featured image: ${image.alt}`}>
                      Use as featured image
                    </button>
                  </form>
                ) : null}
                <details class="media-card__markdown">
                  <summary>Markdown for a story’s body</summary>
                  <code>{image.markdown}</code>
                </details>
              </div>
            </li>
          ))}
        </ul>
      )}
      <nav class="media-paging" aria-label="Pages of images">
        {before !== undefined ? <a href={libraryHref({ q, pick })}>Newest images</a> : null}
        {page.next !== null ? (
          <a href={libraryHref({ q, before: page.next, pick })} rel="next">
            Older images
          </a>
        ) : null}
      </nav>
    </AdminLayout>
  );
}

export interface MediaImagePageProps {
  chrome: AdminChrome;
  zone: Zone;
  image: LibraryImage;
  canManage: boolean;
  notice?: string | undefined;
  error?: string | undefined;
  values?: UploadValues | undefined;
}

/** /admin/media/:id: one image, where it is used, its descriptions to edit, and deleting it. */
export function MediaImagePage({ chrome, zone, image, canManage, notice, error, values }: MediaImagePageProps) {
  const v = values ?? { alt: image.alt, caption: image.caption, credit: image.credit };
  return (
    <AdminLayout chrome={chrome} title={`Image ${image.id}`}>
      <p>
        <a href="/admin/media">← Media library</a>
      </p>
      <h1>Image {image.id}</h1>
      <Notice message={notice} />
      <div class="media-detail">
        <figure class="media-detail__image">
          <img src={image.url} alt={image.alt} width={image.width ?? undefined} height={image.height ?? undefined} />
          <figcaption class="field-help">
            {pixels(image)}, {formatBytes(image.bytes)}, {image.mime}. Uploaded <time dateTime={image.createdAt}>{mediumDate(image.createdAt, zone)}</time>
            {image.originalName ? ` as ${image.originalName}` : ''}.
          </figcaption>
        </figure>
        <div class="media-detail__text">
          <h2>Used in</h2>
          <Uses uses={image.uses} />
          <h2>In a story’s body</h2>
          <p class="field-help">Paste this into the body, in a paragraph of its own:</p>
          <p>
            <code class="uploaded-image__markdown">{image.markdown}</code>
          </p>
          {canManage ? (
            <>
              <h2>Description</h2>
              <FormError message={error} />
              <form method="post" action={`/admin/media/${image.id}`} class="admin-form">
                <CsrfField token={chrome.csrf} />
                <label for="alt">Alt text</label>
                <textarea id="alt" name="alt" rows={3} required maxLength={TEXT_LIMITS.alt} aria-describedby="alt-help">
                  {v.alt}
                </textarea>
                <p id="alt-help" class="field-help">
                  What the image shows, for readers who cannot see it. Every story that shows it uses this text.
                </p>
                <label for="caption">Caption</label>
                <textarea id="caption" name="caption" rows={2} maxLength={TEXT_LIMITS.caption}>
                  {v.caption}
                </textarea>
                <label for="credit">Credit</label>
                <input id="credit" name="credit" maxLength={TEXT_LIMITS.credit} value={v.credit} />
                <button type="submit">Save</button>
              </form>
              <h2>Delete</h2>
              {image.uses.length > 0 ? (
                <p class="field-help">An image a story shows cannot be deleted: remove it from the stories above first.</p>
              ) : (
                <p>
                  <a href={`/admin/media/${image.id}/delete`} class="button-link button--danger">
                    Delete this image…
                  </a>
                </p>
              )}
            </>
          ) : (
            <p class="field-help">Only editors and admins may change an image’s description or delete it.</p>
          )}
        </div>
      </div>
    </AdminLayout>
  );
}

/** /admin/media/:id/delete: the confirmation, or (409) the stories that still show it. */
export function MediaDeletePage({ chrome, image, error }: { chrome: AdminChrome; image: LibraryImage; error?: string | undefined }) {
  const inUse = image.uses.length > 0;
  return (
    <AdminLayout chrome={chrome} title={`Delete image ${image.id}`}>
      <p>
        <a href={`/admin/media/${image.id}`}>← Image {image.id}</a>
      </p>
      <h1>Delete image {image.id}?</h1>
      <FormError message={error} />
      <img class="media-thumb" src={image.thumbnail.url} alt={image.alt} width={image.thumbnail.width ?? undefined} height={image.thumbnail.height ?? undefined} />
      {inUse ? (
        <>
          <p>It cannot be deleted while these stories show it:</p>
          <Uses uses={image.uses} />
        </>
      ) : (
        <form method="post" action={`/admin/media/${image.id}/delete`}>
          <CsrfField token={chrome.csrf} />
          <p>The image and all its files are removed. This cannot be undone.</p>
          <button type="submit" class="button--danger">
            Delete image
          </button>
        </form>
      )}
    </AdminLayout>
  );
}
