import { Fragment } from 'preact';
import { authorPath, sectionPath } from '../platform/urls.js';
import { mediumDate, type Zone } from '../platform/time.js';
import type { NamedLink, PictureData, TeaserData } from './view-data.js';

/** A <time> element showing a date in the site's zone. */
export function Time({ iso, zone, format = mediumDate, class: cls }: { iso: string; zone: Zone; format?: (iso: string, z: Zone) => string; class?: string }) {
  return (
    <time class={cls} dateTime={iso}>
      {format(iso, zone)}
    </time>
  );
}

/** "By A, B and C", each name linking to the author's page. */
export function Byline({ authors, label = 'By' }: { authors: NamedLink[]; label?: string }) {
  if (authors.length === 0) return null;
  return (
    <span class="byline">
      {label}{' '}
      {authors.map((a, i) => (
        <Fragment key={a.id}>
          {i > 0 ? (i === authors.length - 1 ? ' and ' : ', ') : null}
          <a href={authorPath(a.slug)} rel="author">
            {a.name}
          </a>
        </Fragment>
      ))}
    </span>
  );
}

/**
 * A responsive image with its intrinsic size so the page does not jump.
 * Uploaded images carry WebP renditions by width (offered through <source>,
 * with `sizes`) and a fallback for browsers without WebP. `sizes` goes only
 * where there is a `srcset` for it to choose from: the fallback <img> has a
 * single address, and HTML does not allow `sizes` without `srcset`.
 */
export function Picture({ image, sizes, eager, class: cls }: { image: PictureData; sizes?: string; eager?: boolean; class?: string }) {
  const webp = image.variants.filter((v) => v.mime === 'image/webp');
  const fallback = image.variants.find((v) => v.mime !== 'image/webp');
  const img = (
    <img class={cls} src={fallback?.url ?? image.url} alt={image.alt} width={image.width ?? undefined} height={image.height ?? undefined} loading={eager ? 'eager' : 'lazy'} decoding="async" />
  );
  if (webp.length === 0) return img;
  return (
    <picture>
      <source type="image/webp" srcset={webp.map((v) => `${v.url} ${v.width}w`).join(', ')} sizes={sizes ?? '100vw'} />
      {img}
    </picture>
  );
}

export interface TeaserProps {
  article: TeaserData;
  zone: Zone;
  commentCount?: number;
  showImage?: boolean;
  showSection?: boolean;
  headingLevel?: 2 | 3;
  variant?: 'lead' | 'default' | 'compact';
}

/** An article in a listing: headline link, dek, byline, date. */
export function Teaser({ article, zone, commentCount, showImage = true, showSection = true, headingLevel = 3, variant = 'default' }: TeaserProps) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class={`teaser teaser--${variant}`}>
      {showImage && article.image && variant !== 'compact' ? (
        <a class="teaser__image" href={article.path} tabIndex={-1} aria-hidden="true">
          <Picture image={article.image} eager={variant === 'lead'} />
        </a>
      ) : null}
      <div class="teaser__text">
        {showSection && article.section ? (
          <p class="kicker">
            <a href={sectionPath(article.section.slug)}>{article.section.name}</a>
            {article.developing ? <span class="kicker__flag"> · Developing</span> : null}
          </p>
        ) : null}
        <H class="teaser__headline">
          <a href={article.path}>{article.headline}</a>
        </H>
        {variant !== 'compact' && article.dek ? <p class="teaser__dek">{article.dek}</p> : null}
        <p class="teaser__meta">
          {variant !== 'compact' ? <Byline authors={article.authors} /> : null}
          {variant !== 'compact' && article.authors.length > 0 ? ' · ' : null}
          <Time iso={article.publishedAt} zone={zone} />
          {commentCount !== undefined && commentCount > 0 ? (
            <>
              {' · '}
              <a href={`${article.path}#comments`} class="teaser__comments">
                {commentCount === 1 ? '1 comment' : `${commentCount.toLocaleString(zone.locale)} comments`}
              </a>
            </>
          ) : null}
        </p>
      </div>
    </article>
  );
}

/** Previous/next links and the position, for paged listings. */
export function Pagination({
  page,
  pageCount,
  hrefFor,
  label = 'Pages',
  prevLabel = '← Newer',
  nextLabel = 'Older →',
}: {
  page: number;
  pageCount: number;
  hrefFor: (p: number) => string;
  label?: string;
  prevLabel?: string;
  nextLabel?: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label={label}>
      {page > 1 ? (
        <a rel="prev" href={hrefFor(page - 1)}>
          {prevLabel}
        </a>
      ) : (
        <span aria-hidden="true" />
      )}
      <span class="pagination__position">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a rel="next" href={hrefFor(page + 1)}>
          {nextLabel}
        </a>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}
