import type { ComponentChildren } from 'preact';
import type { Page } from '../../../platform/pagination.js';
import type { Zone } from '../../../platform/time.js';
import type { Chrome } from '../../../views/chrome.js';
import { Pagination, Teaser } from '../../../views/components.js';
import { listingFeeds } from '../../../views/feed-links.js';
import { Layout } from '../../../views/layout.js';
import type { SocialMeta } from '../../../views/social-meta.js';
import { breadcrumbJsonLd, JsonLd, type JsonLdNode } from '../../../views/structured-data.js';
import type { ArticleCard } from '../articles.service.js';

export interface ListingPageProps {
  chrome: Chrome;
  /** "Politics", "Tag: housing", an author's name. */
  heading: string;
  kind: 'section' | 'tag' | 'author';
  basePath: string;
  description?: string;
  /** Extra content under the heading (an author's photo and bio). */
  intro?: ComponentChildren;
  articles: Page<ArticleCard>;
  commentCounts: Map<number, number>;
  currentSection?: string;
  /** What link previews show (an author's photo, og:type profile); the site's card otherwise. */
  social?: SocialMeta;
  /** The page's own structured data (an author's ProfilePage), shown before its breadcrumbs. */
  structuredData?: JsonLdNode[];
}

/** A paginated list of stories: section, tag and author pages. */
export function ListingPage({ chrome, heading, kind, basePath, description, intro, articles, commentCounts, currentSection, social, structuredData = [] }: ListingPageProps) {
  const zone: Zone = chrome.site;
  const hrefFor = (p: number) => (p === 1 ? basePath : `${basePath}?page=${p}`);
  const title = articles.page > 1 ? `${heading} (page ${articles.page})` : heading;
  return (
    <Layout
      chrome={chrome}
      title={title}
      description={description}
      canonicalPath={hrefFor(articles.page)}
      currentSection={currentSection}
      feeds={listingFeeds(basePath, `${chrome.site.name}: ${heading}`)}
      bodyClass={`page-listing page-${kind}`}
      social={social}
      head={
        <>
          <JsonLd nodes={[...structuredData, breadcrumbJsonLd(chrome, [{ name: heading, path: basePath }])]} />
          {articles.page > 1 ? <link rel="prev" href={hrefFor(articles.page - 1)} /> : null}
          {articles.page < articles.pageCount ? <link rel="next" href={hrefFor(articles.page + 1)} /> : null}
        </>
      }
    >
      <header class="listing__header">
        <p class="listing__kind">{kind === 'section' ? 'Section' : kind === 'tag' ? 'Tag' : 'Author'}</p>
        <h1 class="listing__heading">{heading}</h1>
        {description ? <p class="listing__description">{description}</p> : null}
        {intro}
      </header>
      {articles.items.length > 0 ? (
        <ol class="listing__items">
          {articles.items.map((a) => (
            <li key={a.id}>
              <Teaser article={a} zone={zone} headingLevel={2} showSection={kind !== 'section'} commentCount={commentCounts.get(a.id)} />
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">No stories here yet.</p>
      )}
      <Pagination page={articles.page} pageCount={articles.pageCount} hrefFor={hrefFor} />
    </Layout>
  );
}
