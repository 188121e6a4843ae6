import type { Image } from '../media.service.js';

/** The smallest rendition of an image, for a thumbnail. */
function thumbnailOf(image: Image): { url: string; width: number | null; height: number | null } {
  const smallest = [...image.variants].sort((a, b) => a.width - b.width)[0];
  return smallest ?? { url: image.url, width: image.width, height: image.height };
}

/**
 * The editor's featured image: a thumbnail of the chosen one, "Choose image"
 * (the media library as a picker; client/media-picker.ts opens it in a
 * dialog instead) and "Remove" (with scripts). The id travels in a hidden
 * field with the rest of the editor form.
 */
export function FeaturedImageField({ articleId, imageId, image }: { articleId: number; imageId: number | null; image: Image | null }) {
  const thumb = image ? thumbnailOf(image) : null;
  return (
    <div class="featured-image" role="group" aria-labelledby="featured-image-label" data-media-picker data-article={String(articleId)}>
      <p id="featured-image-label" class="featured-image__label">
        Featured image
      </p>
      <input type="hidden" id="featuredImageId" name="featuredImageId" value={imageId === null ? '' : String(imageId)} />
      <div class="featured-image__preview" data-preview aria-live="polite">
        {image && thumb ? (
          <figure class="editor-image">
            <img src={thumb.url} alt={image.alt} width={thumb.width ?? undefined} height={thumb.height ?? undefined} decoding="async" />
            <figcaption>
              Image {image.id}. Alt text: {image.alt}
            </figcaption>
          </figure>
        ) : imageId !== null ? (
          <p class="field-help">Image {imageId} is not in the media library.</p>
        ) : (
          <p class="field-help">No featured image.</p>
        )}
      </div>
      <p class="featured-image__actions">
        <a class="button-link" href={`/admin/media?pick=featured&article=${articleId}`} data-choose aria-describedby="featured-image-help">
          Choose image
        </a>{' '}
        <button type="button" class="button--secondary" data-remove hidden>
          Remove
        </button>
      </p>
      <p id="featured-image-help" class="field-help">
        Shown above the story and in listings. Without scripts, choosing an image in the library saves it as the featured image at once: save your changes first.
      </p>
    </div>
  );
}
